"""Identifier evidence for a pair of supplier records: the strongest evidence there is.

Step 2 of ``scoring``'s order: the same valid registration number decides a
match, and different valid values in one scheme decide a non-match however
alike the names. Free-form local numbers (no check digit) count less and
conflict only when they cannot be one number mistyped. Kept apart from
``scoring`` because it needs nothing of names or addresses.
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from hub.core.identifiers import GLOBAL, LOCAL, LOCATION, NATIONAL, NormalisedId, id_shape
from hub.rules.matching import MatchSettings

_STRONG_KINDS = (NATIONAL, GLOBAL, "vat")


def _ids_by_scheme(ids: tuple[NormalisedId, ...]) -> dict[str, list[NormalisedId]]:
    out: dict[str, list[NormalisedId]] = {}
    for i in ids:
        out.setdefault(i.scheme, []).append(i)
    return out


def local_values_conflict(a: list[str], b: list[str]) -> bool:
    """Two free-form register values conflict only if they cannot be one number.

    Without a check digit a one-character difference may be a typo, and values
    of different shapes may be two numbering generations; neither is proof.
    """
    for x in a:
        for y in b:
            if id_shape(x) == id_shape(y) and Levenshtein.distance(x, y) > 1:
                return True
    return False


def compare_identifiers(a: tuple[NormalisedId, ...], b: tuple[NormalisedId, ...],
                        settings: MatchSettings) -> tuple[float, list[str], str, bool]:
    """(weight, evidence, conflict reason, decisive match) from two identifier sets."""
    weight = 0.0
    evidence: list[str] = []
    decisive = False
    if not a or not b:
        return weight, evidence, "", decisive
    by_a, by_b = _ids_by_scheme(a), _ids_by_scheme(b)
    for scheme in sorted(by_a.keys() & by_b.keys()):
        va = {i.value for i in by_a[scheme]}
        vb = {i.value for i in by_b[scheme]}
        kind = by_a[scheme][0].kind
        shared = va & vb
        if shared:
            value = sorted(shared)[0]
            if kind in _STRONG_KINDS:
                weight += settings.id_match_weight
                decisive = True
            elif kind == LOCATION:
                weight += settings.location_id_match_weight
            else:
                weight += settings.local_id_match_weight
            evidence.append(f"same {scheme} {value}")
            continue
        if kind in _STRONG_KINDS:
            return 0.0, [f"conflicting {scheme}: {sorted(va)[0]} vs {sorted(vb)[0]}"], \
                f"conflicting {scheme}", False
        if kind == LOCAL and local_values_conflict(sorted(va), sorted(vb)):
            return 0.0, [f"conflicting {scheme}: {sorted(va)[0]} vs {sorted(vb)[0]}"], \
                f"conflicting {scheme}", False
    return weight, evidence, "", decisive


def shares_register(a: tuple[NormalisedId, ...], b: tuple[NormalisedId, ...], settings: MatchSettings) -> bool:
    """True if the two share a value of a company register without a check digit (MY-SSM, IN-MCA, ...).

    Such a value names one company, so it outweighs what the names say of two
    (a distinguishing word, another legal form); unlike a checked number it
    does not decide the match alone (see ``COMPANY_REGISTER_SCHEMES``).
    """
    registers = settings.company_register_schemes
    keys = {(i.scheme, i.value) for i in a if i.kind == LOCAL and i.scheme in registers}
    return bool(keys) and any((i.scheme, i.value) in keys for i in b)
