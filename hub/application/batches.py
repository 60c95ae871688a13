"""How the supplier view walks one batch: arrival order, the hubs touched and the merges made so far.

Plain functions over the service's batch data (``hub.application.messages``),
kept apart from ``SupplierView`` so that the service reads as the event
kinds it handles.
"""

from __future__ import annotations

import heapq
from typing import Any, Iterable, Sequence

from hub.application.messages import Batch, Inbound, Touch
from hub.core.views import SupplierState


def in_time_order(events: Sequence[Inbound]) -> Iterable[Inbound]:
    """A batch's events in the order they were received, across topics and partitions.

    Kafka orders a partition, not the partitions of several topics against
    each other: a worker catching up on a backlog (a restart, a replayed
    archive) may fetch a supplier's audit before the record it refers to,
    though the partner sent the record first. Merging the batch by the
    records' timestamps restores the order they arrived in, so the same
    input yields the same hub_ids and alerts however it was fetched. Each
    partition's own order is kept as it is (``heapq.merge`` never reorders
    within one input), even if a producer's clock stepped back.
    """
    streams: dict[tuple[str, Any], list[Inbound]] = {}
    for inbound in events:
        streams.setdefault((inbound.topic, inbound.origin), []).append(inbound)
    if len(streams) < 2:
        return events
    return heapq.merge(*streams.values(), key=lambda inbound: inbound.received_at)


def with_merges(state: SupplierState, batch: Batch) -> SupplierState:
    """``state`` with the merges ``batch`` has made so far, as publishing records
    them: absorbed hub_ids in ``merged_from``; merged away, a successor and nothing else.
    So alert rules see a merge in the event that made it (``merged_from`` grew)."""
    if state.hub_id in batch.successors and not state.successor:
        state.successor = batch.successors[state.hub_id]
        state.records, state.audits = {}, {}
    absorbed = [h for h, s in batch.successors.items() if s == state.hub_id]
    state.merged_from = tuple(sorted(set(state.merged_from) | set(absorbed)))
    return state


def touch(batch: Batch, inbound: Inbound, country: str, *hub_ids: str | None) -> None:
    """Mark hubs changed by ``inbound``; each event counts once per hub.

    A view's version is the number of events that have touched its hub,
    not the number of batches: so version N is the state after the N-th
    event, whatever the batch boundaries were, and a batch re-run after a
    crash (with other boundaries) emits no version with other content.
    """
    for h in hub_ids:
        if not h:
            continue
        t = batch.touched.get(h)
        if t is None:
            batch.touched[h] = Touch(country, inbound.origin, inbound.received_at, id(inbound), 1)
        elif t.event != id(inbound):
            batch.touched[h] = Touch(country, inbound.origin, inbound.received_at, id(inbound), t.changes + 1)
        batch.views.pop(h, None)
