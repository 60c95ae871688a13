"""Cheap, exact filters over a record's block candidates, in rapidfuzz's C loops.

Why: a new supplier's block keys lead to a dozen or more candidates whose
names merely share a common word ("Kariveno Medical" / "Tusa Medical"). The
resolver drops most of them with two checks: a name prefilter (some pair of
compact names at least ``prefilter_name_similarity`` alike) and a bound on
the pair's weight (``scoring.cannot_reach``). Both compare strings with
``fuzz.ratio``; they were asked one candidate at a time in Python, and here
each is asked for all candidates at once with ``process.extract``, which
loops in C; only the survivors go on to ``cannot_reach``.

Exact, not approximate: ``names_near`` gives the per-candidate prefilter's
answer for every candidate, and ``may_reach`` returns a superset of the
candidates for which ``cannot_reach`` is False, so the resolver's result is
the same (``tests/core/test_prefilter.py`` checks both against the
per-candidate checks; ``hub resolve`` wrote the same bytes before and after).
"""

from __future__ import annotations

from typing import Sequence

from rapidfuzz import fuzz, process

from hub.core.resolution.scoring import RecordFeatures, names_abbreviated, names_generic_variants
from hub.rules.matching import MatchSettings

#: Below the cut by less than this still passes: a superset is safe, float noise is not.
_SLACK = 1e-6


def _extract_owners(queries: Sequence[str], choices: list[str], owner: list[int], cutoff: float,
                    hit: list[bool]) -> None:
    """Mark ``hit[owner[k]]`` for every choice ``k`` at least ``cutoff`` alike one of ``queries``."""
    if not choices:
        return
    for q in queries:
        for _choice, _score, k in process.extract(q, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None):
            hit[owner[k]] = True


def names_near(a: RecordFeatures, others: Sequence[RecordFeatures], cut: float,
               settings: MatchSettings) -> list[bool]:
    """For each of ``others``: is any of its compact names at least ``cut`` (0-100) alike one of ``a``'s,
    or are one's words all in the other's ("Bashir" / "Bashir Medical Instruments", only 0.4 alike),
    or does one abbreviate the other word for word, or misspell a generic word of it?"""
    near = [False] * len(others)
    _extract_owners([n.compact for n in a.names], [n.compact for o in others for n in o.names],
                    [j for j, o in enumerate(others) for _ in o.names], cut, near)
    _extract_owners([c for c in a.cores if c], [c for o in others for c in o.cores if c],
                    [j for j, o in enumerate(others) for c in o.cores if c], settings.name_core_min * 100 - _SLACK,
                    near)
    mine = [t for t in a.token_sets if t]
    for j, o in enumerate(others):
        if near[j]:
            continue
        for tb in o.token_sets:
            if tb and any(ta <= tb or tb <= ta for ta in mine):
                near[j] = True
                break
        else:
            if names_abbreviated(a, o, settings) is not None or names_generic_variants(a, o, settings) is not None:
                near[j] = True
    return near


def similarity_needed(floor: float, settings: MatchSettings, best_rest: float) -> tuple[float | None, bool, bool]:
    """What a pair's names must do for its weight to reach ``floor`` (see ``scoring.cannot_reach``).

    Returns (the least name similarity in [0, 1] that can reach it, or None
    if none can; whether one name's tokens contained in the other's can;
    whether any names at all can, i.e. no filtering is possible).
    """
    need = floor - settings.prior_weight - best_rest
    if settings.name_else_weight >= need:
        return None, True, True
    cuts = [least for least, w in settings.name_levels if w >= need]
    if settings.name_exact_weight + max(0.0, settings.unique_name_exact_bonus) >= need:
        cuts.append(1.0)
    contained = max(settings.name_contained_weight, settings.name_descriptor_contained_weight)
    return (min(cuts) if cuts else None), contained >= need, False


def may_reach(a: RecordFeatures, others: Sequence[RecordFeatures], floor: float, settings: MatchSettings,
              best_rest: float) -> list[bool]:
    """For each of ``others``: might ``compare(a, other).weight`` reach ``floor``? (False: certainly not.)"""
    sim_cut, contained_can, anything = similarity_needed(floor, settings, best_rest)
    out = [bool(a.id_keys & o.id_keys) or (anything and a.country == o.country) for o in others]
    if anything:
        return out
    rest = [(j, o) for j, o in enumerate(others) if not out[j] and o.country == a.country]
    if sim_cut is not None and rest:
        # name_similarity's three forms: the key, its tokens sorted, and the compact form.
        owner = [j for j, o in rest for _ in o.names]
        cutoff = sim_cut * 100 - _SLACK
        _extract_owners([n.key for n in a.names], [n.key for _j, o in rest for n in o.names], owner, cutoff, out)
        _extract_owners(a.sorted_keys, [k for _j, o in rest for k in o.sorted_keys], owner, cutoff, out)
        _extract_owners([n.compact for n in a.names], [n.compact for _j, o in rest for n in o.names], owner,
                        cutoff, out)
    if contained_can:
        mine = [t for t in a.token_sets if t]
        for j, o in rest:
            if not out[j] and any(tb and (ta <= tb or tb <= ta) for tb in o.token_sets for ta in mine):
                out[j] = True
    if rest and settings.name_core_weight >= floor - settings.prior_weight - best_rest:
        _extract_owners([c for c in a.cores if c], [c for _j, o in rest for c in o.cores if c],
                        [j for j, o in rest for c in o.cores if c], settings.name_core_min * 100 - _SLACK, out)
    if settings.name_abbreviated_weight >= floor - settings.prior_weight - best_rest:
        for j, o in rest:
            if not out[j] and names_abbreviated(a, o, settings) is not None:
                out[j] = True
    if settings.name_generic_typo_weight >= floor - settings.prior_weight - best_rest:
        for j, o in rest:
            if not out[j] and names_generic_variants(a, o, settings) is not None:
                out[j] = True
    return out
