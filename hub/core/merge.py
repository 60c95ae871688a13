"""Which partner snapshot wins, the merged view's render, and its content fingerprint.

Pure functions over ``hub.core.views`` dataclasses: no I/O and no clocks
(the caller passes ``today``). The supplier-view service
(``hub.application.supplier_view``) keeps each partner's latest snapshot
per record and audit, derives a hub_id's ``SupplierState`` from the
resolver's members, renders it here, and publishes a new version only when
the fingerprint of the render changes.

Ordering and redelivery: the latest event per (partner, record_id) or
(partner, audit_id) wins by ``occurred_at`` (ties by event_id), so events
arriving late or twice cannot roll a supplier back. An event whose content
equals the stored snapshot (a connector's nightly resync, or one audit
pushed over HTTP and again by a connector under another event id) does not
supersede it, so nothing changes and the view's version does not move.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from dataclasses import fields
from datetime import date

from hub.core import render as _render
from hub.core.views import RiskBook, SupplierState
from hub.rules.alerts import DEFAULT_LADDER, SanctionLadder
from hub.rules.survivorship import DEFAULT_SURVIVORSHIP, SurvivorshipRules

__all__ = ["supersedes", "render", "content_fingerprint"]

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
