"""The resolver's C-loop candidate filters agree with the per-candidate checks they replace."""

import importlib.util
import random
from pathlib import Path

from rapidfuzz import fuzz

from hub.core.resolution.batch import parse_record
from hub.core.resolution.prefilter import may_reach, names_near, similarity_needed
from hub.core.resolution.scoring import (
    best_rest_weight, cannot_reach, core_similarity, names_abbreviated, names_generic_variants, prepare,
)
from hub.rules.matching import DEFAULT_MATCH_SETTINGS, MatchSettings

_GEN = Path(__file__).resolve().parents[1] / "data" / "make_labelled_suppliers.py"


def _features(limit=600, seed=5):
    """Features of ``limit`` records of the labelled generator (the quality test's data), shuffled."""
    spec = importlib.util.spec_from_file_location("make_labelled_suppliers", _GEN)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    rows = generator.generate(300, 11)
    random.Random(seed).shuffle(rows)
    out = []
    for n, row in enumerate(rows[:limit], 1):
        ref = parse_record(row, n)
        out.append(prepare(ref.key, ref.country, ref.name, tuple(ref.trading_names), tuple(ref.identifiers),
                           ref.address, ref.postal_code, ref.city, DEFAULT_MATCH_SETTINGS))
    return out


def _names_near_one(a, b, cut):
    """The per-candidate check, one pair at a time (the reference)."""
    return (any(x.compact == o.compact or fuzz.ratio(x.compact, o.compact, score_cutoff=cut) >= cut
                for x in a.names for o in b.names)
            or any(set(x.tokens) <= set(o.tokens) or set(o.tokens) <= set(x.tokens)
                   for x in a.names for o in b.names if x.tokens and o.tokens)
            or names_abbreviated(a, b, DEFAULT_MATCH_SETTINGS) is not None
            or names_generic_variants(a, b, DEFAULT_MATCH_SETTINGS) is not None
            or core_similarity(a, b) >= DEFAULT_MATCH_SETTINGS.name_core_min)


def test_names_near_equals_the_per_candidate_check():
    feats = _features()
    for i in range(0, len(feats), 7):
        others = feats[i + 1:i + 80]
        assert names_near(feats[i], others, 60.0, DEFAULT_MATCH_SETTINGS) == [_names_near_one(feats[i], o, 60.0) for o in others]


def test_may_reach_never_drops_a_candidate_that_can_reach():
    feats = _features()
    settings = DEFAULT_MATCH_SETTINGS
    rest = best_rest_weight(settings)
    floors = (settings.review_weight, settings.auto_merge_weight, -6.0)
    dropped = 0
    for floor in floors:
        for i in range(0, len(feats), 5):
            others = feats[:i] + feats[i + 1:i + 120]
            for o, maybe in zip(others, may_reach(feats[i], others, floor, settings, rest)):
                if not maybe:
                    dropped += 1
                    assert cannot_reach(feats[i], o, floor, settings, rest), (feats[i].key, o.key, floor)
    assert dropped > 1000  # the filter does filter


def test_when_every_name_can_reach_nothing_is_filtered_by_name():
    loose = MatchSettings(name_else_weight=10.0)
    assert similarity_needed(loose.review_weight, loose, best_rest_weight(loose))[2] is True
    feats = _features(limit=60)
    a, others = feats[0], feats[1:]
    assert may_reach(a, others, loose.review_weight, loose, best_rest_weight(loose)) == [
        bool(a.id_keys & o.id_keys) or a.country == o.country for o in others]
