"""Persisting one country's resolver in a key/value space, one key per fact.

The resolver's snapshot is decomposable: records (seq, hub_id, ref),
clusters (created, or successor once merged away), human decisions and a
sequence counter. Each is stored under its own key, so a batch writes only
what it changed (``Resolver.drain_changes``), and a worker that takes over a
partition rebuilds the in-memory resolver from those keys without
re-matching anything (``Resolver.restore``).

Keys, all scoped by the country of registration:

    SE|r|<record key>  -> {"seq", "hub_id", "ref"}
    SE|c|<hub_id>      -> {"created"} live, {"successor"} merged away
    SE|d|<n>           -> the n-th human decision
    SE|meta            -> {"seq", "decisions"}
"""

from __future__ import annotations

from typing import Any

from hub.application.state import StateStore
from hub.core.resolution.resolver import Resolver
from hub.core.resolution.snapshot import SNAPSHOT_VERSION
from hub.rules.matching import MatchSettings

SPACE = "resolver"


def load_resolver(store: StateStore, country: str, settings: MatchSettings) -> Resolver:
    prefix = f"{country}|"
    records, clusters, decisions = [], [], {}
    issued, successors = [], {}
    meta = {"seq": 0}
    for key, value in store.scan(SPACE, prefix):
        kind, _, rest = key[len(prefix):].partition("|")
        if kind == "r":
            records.append(value)
        elif kind == "c":
            issued.append(rest)
            if value.get("successor"):
                successors[rest] = value["successor"]
            elif value.get("created") is not None:
                clusters.append({"hub_id": rest, "created": value["created"]})
        elif kind == "d":
            decisions[int(rest)] = value
        elif kind == "meta":
            meta = value
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "seq": meta["seq"],
        "records": sorted(records, key=lambda r: r["seq"]),
        "clusters": sorted(clusters, key=lambda c: c["created"]),
        "issued": sorted(issued),
        "successors": successors,
        "decisions": [decisions[i] for i in sorted(decisions)],
    }
    return Resolver.restore(snapshot, settings)


def save_changes(store: StateStore, country: str, resolver: Resolver, origin: Any) -> int:
    """Write what changed in ``resolver`` since the last call; return the count."""
    changes = resolver.drain_changes()
    n = 0
    for record_key, entry in changes.records.items():
        k = f"{country}|r|{record_key}"
        if entry is None:
            store.delete(SPACE, k, origin)
        else:
            store.put(SPACE, k, entry, origin)
        n += 1
    for hub_id, entry in changes.clusters.items():
        store.put(SPACE, f"{country}|c|{hub_id}", entry, origin)
        n += 1
    for index, decision in changes.decisions:
        store.put(SPACE, f"{country}|d|{index}", decision, origin)
        n += 1
    if n:
        store.put(SPACE, f"{country}|meta", {"seq": changes.seq, "decisions": changes.decision_count}, origin)
    return n
