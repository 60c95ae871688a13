"""The resolver persisted one fact per key restores to exactly the same resolver.

This is what lets the stream processor write only what a batch changed and a
worker that takes over a partition carry on as if nothing happened.
"""

import importlib.util
from pathlib import Path

from hub.application.resolver_state import load_resolver, save_changes
from hub.application.state import DictStore
from hub.core.resolution.batch import parse_record
from hub.core.resolution.resolver import Resolver
from hub.rules.matching import DEFAULT_MATCH_SETTINGS

_GEN = Path(__file__).resolve().parents[1] / "data" / "make_labelled_suppliers.py"


def _records(n=600):
    spec = importlib.util.spec_from_file_location("make_labelled_suppliers", _GEN)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    rows = gen.generate(seed=11)
    se = [parse_record(r, i) for i, r in enumerate(rows, 1) if r["country"] == "SE"]
    return se[:n]


def test_fragments_restore_to_the_same_resolver_and_it_carries_on_identically():
    refs = _records()
    first, rest = refs[: len(refs) // 2], refs[len(refs) // 2:]
    live = Resolver()
    store = DictStore()
    for i in range(0, len(first), 37):  # batches of 37, as a stream would
        live.add_many(first[i:i + 37])
        save_changes(store, "SE", live, origin=0)
    restored = load_resolver(store, "SE", DEFAULT_MATCH_SETTINGS)
    assert restored.snapshot() == live.snapshot()
    # ... and both make the same decisions from here on.
    a = [(r.hub_id, r.merged_away) for r in live.add_many(rest)]
    b = [(r.hub_id, r.merged_away) for r in restored.add_many(rest)]
    assert a == b


def test_human_decisions_are_persisted_and_restored():
    refs = _records(80)
    live = Resolver()
    live.add_many(refs)
    store = DictStore()
    save_changes(store, "SE", live, origin=0)
    keys = sorted(live.hub_ids())
    by_hub = {}
    for k in keys:
        by_hub.setdefault(live.hub_id_of(k), k)
    a, b = list(by_hub.values())[:2]
    live.decide(a, b, "confirm")
    save_changes(store, "SE", live, origin=0)
    restored = load_resolver(store, "SE", DEFAULT_MATCH_SETTINGS)
    assert restored.snapshot() == live.snapshot()
    assert restored.hub_id_of(a) == restored.hub_id_of(b)
