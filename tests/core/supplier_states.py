"""Building SupplierStates in core tests, the way the supplier-view service does.

The service never folds events into a state: it derives each hub_id's state
from the resolver's members and the latest snapshot the store holds for each
(``SupplierViewService._state``), a snapshot being replaced only when
``merge.supersedes`` says so. These helpers do the same over a bare
``SupplierState``, so render and alert tests can set up a supplier, a merge
or a newcomer in a line, without a resolver or a store.
"""

from __future__ import annotations

from datetime import datetime

from hub.core.merge import supersedes
from hub.core.render import survivor_country
from hub.core.views import AuditSnapshot, RecordSnapshot, SupplierState
from hub.rules.survivorship import DEFAULT_SURVIVORSHIP


def _put(state: SupplierState, table: str, snap) -> tuple[SupplierState, bool]:
    current = getattr(state, table).get(snap.key)
    if current is not None and not supersedes(snap, current):
        return state, False
    new = state.copy()
    getattr(new, table)[snap.key] = snap
    new.country = survivor_country(new, DEFAULT_SURVIVORSHIP)
    return new, True


def apply_record(state: SupplierState, record: dict, received_at: datetime) -> tuple[SupplierState, bool]:
    """(the state with this decoded SupplierRecord in it, whether that changed anything)."""
    return _put(state, "records", RecordSnapshot.from_event(record, received_at))


def apply_audit(state: SupplierState, audit: dict, received_at: datetime) -> tuple[SupplierState, bool]:
    """(the state with this decoded AuditOutcome in it, whether that changed anything)."""
    return _put(state, "audits", AuditSnapshot.from_event(audit, received_at))


def _union(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, snap in b.items():
        if key not in out or (snap.occurred_at, snap.event_id) > (out[key].occurred_at, out[key].event_id):
            out[key] = snap
    return out


def merge_states(survivor: SupplierState, absorbed: SupplierState) -> tuple[SupplierState, SupplierState]:
    """(the survivor holding both hub_ids' records and audits, the absorbed one's tombstone)."""
    merged = SupplierState(
        hub_id=survivor.hub_id,
        records=_union(survivor.records, absorbed.records),
        audits=_union(survivor.audits, absorbed.audits),
        merged_from=tuple(sorted(set(survivor.merged_from) | set(absorbed.merged_from) | {absorbed.hub_id})),
        version=survivor.version,
        fingerprint=survivor.fingerprint,
    )
    merged.country = survivor_country(merged, DEFAULT_SURVIVORSHIP)
    tomb = SupplierState(hub_id=absorbed.hub_id, version=absorbed.version, fingerprint=absorbed.fingerprint,
                         merged_from=absorbed.merged_from, successor=survivor.hub_id)
    return merged, tomb
