"""Fold partner events into per-supplier state and render the merged view.

Pure functions over ``hub.core.views`` dataclasses: no I/O, no clocks (the
caller passes ``received_at`` and ``today``), and no input is mutated: each
``apply_*`` returns a new state and whether anything changed. The stream
processor stores the state and publishes what ``publish`` returns.

Ordering and redelivery: the latest event per (partner, record_id) or
(partner, audit_id) wins by ``occurred_at`` (ties by event_id), so events
arriving late or twice cannot roll a supplier back. An event whose content
equals the stored snapshot (a connector's nightly resync) changes nothing,
so the view's version does not move.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from dataclasses import fields
from datetime import date, datetime

from hub.core import render as _render
from hub.core.views import AuditSnapshot, Key, RecordSnapshot, RiskBook, SupplierState
from hub.rules.alerts import DEFAULT_LADDER, SanctionLadder
from hub.rules.survivorship import DEFAULT_SURVIVORSHIP, SurvivorshipRules

__all__ = [
    "supersedes", "apply_record", "apply_audit", "merge_states", "split", "render", "content_fingerprint", "publish",
]

#: Fields a fingerprint ignores: the envelope and the version itself.
UNFINGERPRINTED = frozenset({"version", "event_id", "partner", "occurred_at"})


def _newer(new, old) -> bool:
    """Is ``new`` a later assertion than ``old``? Ties broken by event_id so
    that every replica picks the same winner."""
    return (new.occurred_at, new.event_id) > (old.occurred_at, old.event_id)


#: Snapshot fields that say which event carried the content and when, not what it is.
_CARRIER_FIELDS = frozenset({"event_id", "occurred_at", "received_at"})


@lru_cache(maxsize=None)
def _content_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.compare and f.name not in _CARRIER_FIELDS)


def _same_content(a, b) -> bool:
    """Equal apart from which event carried it and when.

    Field by field: the same as comparing copies with those fields blanked
    (dataclass equality), without building the copies.
    """
    if a.__class__ is not b.__class__:
        return False
    return all(getattr(a, name) == getattr(b, name) for name in _content_fields(a.__class__))


def supersedes(new, old) -> bool:
    """Should snapshot ``new`` replace ``old``? Only a later assertion with
    different content does: repeats, late arrivals and no-op resyncs don't."""
    return _newer(new, old) and not _same_content(new, old)


def _apply(state: SupplierState, table: str, snap) -> tuple[SupplierState, bool]:
    current = getattr(state, table).get(snap.key)
    if current is not None and not supersedes(snap, current):
        return state, False
    new = state.copy()
    getattr(new, table)[snap.key] = snap
    new.country = _render.survivor_country(new, DEFAULT_SURVIVORSHIP)
    return new, True


def apply_record(state: SupplierState, record: dict, received_at: datetime) -> tuple[SupplierState, bool]:
    """Fold a decoded SupplierRecord event into the state of the hub_id the
    resolver assigned it to. Returns (new state, changed)."""
    return _apply(state, "records", RecordSnapshot.from_event(record, received_at))


def apply_audit(state: SupplierState, audit: dict, received_at: datetime) -> tuple[SupplierState, bool]:
    """Fold a decoded AuditOutcome event in. Descriptions and owners are
    dropped here, before anything is stored. Returns (new state, changed)."""
    return _apply(state, "audits", AuditSnapshot.from_event(audit, received_at))


def _union(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, snap in b.items():
        if key not in out or _newer(snap, out[key]):
            out[key] = snap
    return out


def merge_states(survivor: SupplierState, absorbed: SupplierState) -> tuple[SupplierState, SupplierState]:
    """The resolver decided two hub_ids are one supplier. Returns (survivor
    with everything, absorbed emptied and pointing at its successor).

    Idempotent: merging an already-absorbed hub_id again changes nothing.
    The absorbed state keeps its version so its tombstone view still
    increments monotonically.
    """
    if absorbed.successor == survivor.hub_id and absorbed.hub_id in survivor.merged_from:
        return survivor, absorbed
    merged = SupplierState(
        hub_id=survivor.hub_id,
        records=_union(survivor.records, absorbed.records),
        audits=_union(survivor.audits, absorbed.audits),
        merged_from=tuple(sorted(set(survivor.merged_from) | set(absorbed.merged_from) | {absorbed.hub_id})),
        version=survivor.version,
        fingerprint=survivor.fingerprint,
    )
    merged.country = _render.survivor_country(merged, DEFAULT_SURVIVORSHIP)
    tomb = SupplierState(hub_id=absorbed.hub_id, version=absorbed.version, fingerprint=absorbed.fingerprint,
                         merged_from=absorbed.merged_from, successor=survivor.hub_id)
    return merged, tomb


def split(state: SupplierState, record_keys: set[Key], new_hub_id: str) -> tuple[SupplierState, SupplierState]:
    """The resolver (or a reviewer) decided some records are another supplier.

    The given (partner, record_id) records move to ``new_hub_id``, with the
    audits whose supplier reference names one of them (same partner,
    ``supplier.record_id``). Audits without a record reference stay: moving
    them would be a guess, and the resolver can re-route them. Returns
    (remaining, split off); the new state starts at version 0.
    """
    moved_records = {k: v for k, v in state.records.items() if k in record_keys}
    moved_audits = {k: v for k, v in state.audits.items() if (v.partner, v.supplier_record_id) in record_keys}
    remaining = state.copy()
    remaining.records = {k: v for k, v in state.records.items() if k not in moved_records}
    remaining.audits = {k: v for k, v in state.audits.items() if k not in moved_audits}
    remaining.country = _render.survivor_country(remaining, DEFAULT_SURVIVORSHIP)
    new = SupplierState(hub_id=new_hub_id, records=moved_records, audits=moved_audits)
    new.country = _render.survivor_country(new, DEFAULT_SURVIVORSHIP)
    return remaining, new


def render(state: SupplierState, risks: RiskBook, today: date, *,
           include_confidential: bool = False,
           rules: SurvivorshipRules = DEFAULT_SURVIVORSHIP,
           ladder: SanctionLadder = DEFAULT_LADDER) -> dict:
    """The MergedSupplier payload (without event_id, partner, occurred_at).

    ``include_confidential=False`` is the shared view published to every
    partner: findings of participants-only audits are counted in their audit
    summary but not listed in ``open_findings``. Alert evaluation needs
    ``include_confidential=True`` renders (never published); alert reasons
    for such findings then name only the severity.
    """
    return _render.render(state, risks, today, include_confidential=include_confidential, rules=rules,
                          ladder=ladder)


def content_fingerprint(rendered: dict) -> str:
    """sha256 of the rendered view without version and envelope fields: two
    renders with equal fingerprints are the same content."""
    body = {k: v for k, v in rendered.items() if k not in UNFINGERPRINTED}
    # render() already orders every list, so plain sorted-key JSON is canonical
    # here; the general canonical_json (which also sorts lists) costs 10x more.
    text = _FINGERPRINT_JSON.encode(body)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _iso(value) -> str:
    return value.isoformat()


# The text json.dumps(body, sort_keys=True, separators=(",", ":"), default=_iso)
# gives, from one encoder made once; a render has no cycles to check for.
_FINGERPRINT_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=_iso, check_circular=False)


def publish(state: SupplierState, risks: RiskBook, today: date, *,
            rules: SurvivorshipRules = DEFAULT_SURVIVORSHIP,
            ladder: SanctionLadder = DEFAULT_LADDER) -> tuple[SupplierState, dict, bool]:
    """Render the shared view and bump the version only if content changed.

    Returns (state with version/fingerprint updated, rendered view with that
    version, changed). Publish the view only when ``changed``: that keeps
    redelivered events and no-op resyncs off the compacted topic.
    """
    rendered = render(state, risks, today, rules=rules, ladder=ladder)
    fp = content_fingerprint(rendered)
    if fp == state.fingerprint:
        rendered["version"] = state.version
        return state, rendered, False
    new = state.copy()
    new.version, new.fingerprint = state.version + 1, fp
    rendered["version"] = new.version
    return new, rendered, True
