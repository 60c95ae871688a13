"""Pairwise comparison of two supplier records: a match weight and its evidence.

The comparison is ordered by strength of evidence, as a person checking two
records would do it:

1. Country of registration. Different countries are different legal entities
   (one brand's AB, AS, Oy and A/S), so the pair is blocked outright.
2. Identifiers. The same valid registration number (after VAT-to-national
   normalisation) decides a match. Different valid values in one
   registration scheme decide a non-match, however alike the names: this is
   a hard block, not a weight. Invalid identifiers were dropped earlier and
   count for nothing.
3. Names, with the legal form removed but its class compared, and with
   distinguishing tokens ("Holding", "Group", ...) that must agree: a
   distinguishing token in one name only is a hard block unless an
   identifier says the two are one entity.
4. Address, postcode and city support or weaken a name match. They are what
   separates "Nordic Medtech AB" from "Nordic Medtek AB" across town, and
   what lets a typo of one firm at one address still match.

Weights are bits (see ``hub.rules.matching``); the result carries a readable
evidence list for provenance and the review UI.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from hub.core.identifiers import InvalidId, NormalisedId, normalise_identifiers
from hub.core.addresses import NormalisedAddress, normalise_address
from hub.core.names import NormalisedName, normalise_name
from hub.core.resolution.addresses import compare_addresses, may_be_one_building, one_building
from hub.core.resolution.identifier_match import compare_identifiers, shares_register
from hub.core.resolution.words import (  # noqa: F401  (re-exported: prefilter and tests ask scoring)
    abbreviated, core_similarity, generic_variants, names_abbreviated, names_generic_variants, transliterated,
    transliterated_address, unmatched_words,
)
from hub.rules.matching import MatchSettings

@dataclass(frozen=True)
class RecordFeatures:
    """Everything comparison needs from one record, computed once."""

    key: str
    country: str
    names: tuple[NormalisedName, ...]          # legal name first, then trading names
    sorted_keys: tuple[str, ...]               # per name: tokens sorted, for word-order variants
    address: NormalisedAddress
    ids: tuple[NormalisedId, ...]
    invalid: tuple[InvalidId, ...]
    id_keys: frozenset[str] = frozenset()
    token_sets: tuple[frozenset[str], ...] = ()   # per name: its tokens (containment checks)
    cores: tuple[str, ...] = ()                # per name: compact, without generic words ("" if none left)
    place: str = ""                            # place of registration in the legal name (CN)


def prepare(key: str, country: str, name: str, trading_names: tuple[str, ...],
            identifiers: tuple[tuple[str, str], ...], address: str | None,
            postal_code: str | None, city: str | None,
            settings: MatchSettings) -> RecordFeatures:
    """Normalise one record's name(s), address and identifiers."""
    names = tuple(
        normalise_name(n, settings) for n in (name, *trading_names) if n and n.strip()
    ) or (normalise_name(name or "", settings),)
    country = (country or "").strip().upper()
    valid, invalid = normalise_identifiers(identifiers, country)
    normalised_address = normalise_address(address, postal_code, city, settings, country)
    if country in settings.transliterated_countries:
        names = tuple(transliterated(n, settings) for n in names)
        normalised_address = transliterated_address(normalised_address, settings)
    place = ""
    if country in settings.place_in_name_countries:
        place, unplaced = _without_place(names, normalised_address.city, settings)
        names += unplaced
    return RecordFeatures(
        key=key,
        country=country,
        names=names,
        sorted_keys=tuple(" ".join(sorted(n.tokens)) for n in names),
        address=normalised_address,
        ids=tuple(valid),
        invalid=tuple(invalid),
        id_keys=frozenset(i.key for i in valid),
        token_sets=tuple(frozenset(n.tokens) for n in names),
        cores=tuple("".join(tok for tok in n.tokens if tok not in settings.descriptor_set) for n in names),
        place=place,
    )


def _without_place(names: tuple[NormalisedName, ...], city: str, settings: MatchSettings
                   ) -> tuple[str, tuple[NormalisedName, ...]]:
    """The legal name's place of registration (first or last word), and the names again without one.

    "Ningbo Deli Textile" and "Deli Textile" are compared as "deli textile";
    "Ningbo Deli Textile" and "Shenzhen Deli Textile" are two registered names
    (``compare`` blocks the pair on the place).
    """
    places = set(settings.place_names) | set(city.split())
    legal_place = ""
    out = []
    for i, n in enumerate(names):
        tokens = list(n.tokens)
        place = ""
        if len(tokens) > 2 and tokens[0] in places:
            place, tokens = tokens[0], tokens[1:]
        if len(tokens) > 2 and tokens[-1] in places:
            place, tokens = place or tokens[-1], tokens[:-1]
        if place:
            legal_place = legal_place or (place if i == 0 else "")
            out.append(replace(n, key=" ".join(tokens), tokens=tuple(tokens)))
    return legal_place, tuple(out)


@dataclass(frozen=True)
class PairScore:
    """The outcome of comparing two records.

    ``blocked`` names a reason that forbids an automatic match (conflicting
    identifiers, country, distinguishing token); ``id_match`` is True when a
    shared registration number decided it.
    """

    weight: float
    evidence: tuple[str, ...]
    blocked: str = ""
    id_match: bool = False
    name_similarity: float = 0.0


def name_similarity(a: RecordFeatures, b: RecordFeatures) -> tuple[float, int, int]:
    """Best similarity in [0, 1] over both records' names, and which names gave it."""
    best, bi, bj = -1.0, 0, 0
    for i, na in enumerate(a.names):
        for j, nb in enumerate(b.names):
            if na.key == nb.key or na.compact == nb.compact:
                return 1.0, i, j
            s = max(
                fuzz.ratio(na.key, nb.key),
                fuzz.ratio(a.sorted_keys[i], b.sorted_keys[j]),
                fuzz.ratio(na.compact, nb.compact),
            ) / 100.0
            if s > best:
                best, bi, bj = s, i, j
    return best, bi, bj


def _spelt_in(token: str, tokens: tuple[str, ...], least: float = 80.0) -> bool:
    return any(fuzz.ratio(token, other) >= least for other in tokens)


def _cut_off_in(token: str, name: NormalisedName, settings: MatchSettings) -> bool:
    """Does ``name`` end in the start of ``token``, cut off by a partner's field length ("... DEU")?"""
    last = name.tokens[-1] if name.tokens else ""
    return (len(name.original) >= settings.truncated_name_length and len(last) >= 2
            and token != last and token.startswith(last))


def name_conflict(na: NormalisedName, nb: NormalisedName, settings: MatchSettings) -> str:
    """A reason two names denote different legal entities, or "".

    A distinguishing token the other name has misspelt ("Nordic"/"Nodic"), or
    ends in cut off ("Deutschland"/"DEU" in a name of 35 characters), is not
    one name's only.
    """
    diff = {tok for tok in na.distinguishing - nb.distinguishing
            if not _spelt_in(tok, nb.tokens) and not _cut_off_in(tok, nb, settings)}
    diff |= {tok for tok in nb.distinguishing - na.distinguishing
             if not _spelt_in(tok, na.tokens) and not _cut_off_in(tok, na, settings)}
    if diff:
        return "distinguishing token in one name only: " + ", ".join(sorted(diff))
    if na.legal_form_class and nb.legal_form_class and na.legal_form_class != nb.legal_form_class:
        return f"legal forms differ: {na.legal_form} vs {nb.legal_form}"
    return ""


def records_conflict(a: RecordFeatures, b: RecordFeatures, na: NormalisedName, nb: NormalisedName,
                     settings: MatchSettings) -> str:
    """A reason in two records' names that they are different legal entities, or "".

    The names' own reasons (``name_conflict``), and two places of
    registration in Chinese legal names ("Ningbo Deli" / "Shenzhen Deli").
    """
    reason = name_conflict(na, nb, settings)
    if not reason and a.place and b.place and a.place != b.place:
        reason = f"places of registration differ: {a.place} vs {b.place}"
    return reason


def name_level(sim: float, settings: MatchSettings) -> float | None:
    """The weight of a name similarity by ``name_levels``, or None below the lowest level."""
    for least, w in settings.name_levels:
        if sim >= least:
            return w
    return None


def name_weight(a: RecordFeatures, b: RecordFeatures, settings: MatchSettings
                ) -> tuple[float, str, float, NormalisedName, NormalisedName]:
    """The names' part of a pair's weight: (weight, which level, similarity, the two names compared).

    The level is "exact", "similar", "generic typo" (the same words but a
    generic one misspelt), "lonely" (similar, but each name has a word the
    other lacks), "contained" or "differ".
    """
    sim, i, j = name_similarity(a, b)
    na, nb = a.names[i], b.names[j]
    if sim >= 1.0:
        if na.key != nb.key and na.compact != nb.compact:  # the same words in another order
            return settings.name_word_order_weight, "word order", sim, na, nb
        # Unique by law: a Nordic register's names, or a Chinese name with its place of registration.
        if a.country == b.country and (a.country in settings.unique_name_countries
                                       or (a.place and a.place == b.place)):
            return settings.name_exact_weight + settings.unique_name_exact_bonus, "exact", sim, na, nb
        return settings.name_exact_weight, "exact", sim, na, nb
    level = name_level(sim, settings)
    if level is None or level < settings.name_generic_typo_weight:
        typo = names_generic_variants(a, b, settings)
        if typo is not None:
            return settings.name_generic_typo_weight, "generic typo", sim, typo[0], typo[1]
    if level is None or level < settings.name_abbreviated_weight:
        short = names_abbreviated(a, b, settings)
        if short is not None:
            return settings.name_abbreviated_weight, "similar", sim, short[0], short[1]
    if (level is None or level < settings.name_core_weight) and core_similarity(a, b) >= settings.name_core_min:
        return settings.name_core_weight, "core", sim, na, nb
    if level is not None:
        if unmatched_words(na, nb):
            return settings.name_else_weight, "lonely", sim, na, nb
        return level, "similar", sim, na, nb
    ta, tb = set(na.tokens), set(nb.tokens)
    if ta and tb and (ta <= tb or tb <= ta):
        if (ta ^ tb) <= settings.descriptor_set:  # "Sejati Rubber" / "Sejati Rubber Industries"
            return settings.name_descriptor_contained_weight, "contained", sim, na, nb
        return settings.name_contained_weight, "contained", sim, na, nb
    return settings.name_else_weight, "differ", sim, na, nb


def best_rest_weight(settings: MatchSettings) -> float:
    """The most the legal form and the address can add to a pair (see ``compare``).

    The bonus for one building without a postcode excludes a postcode's weight,
    so it is bounded apart: a looser bound lets more pairs on to ``compare``.
    """
    street = max(0.0, settings.street_equal_weight + max(0.0, settings.full_address_bonus),
                 settings.street_similar_weight, settings.street_differ_weight,
                 settings.street_number_differ_weight)
    postcode_and_street = max(0.0, settings.postcode_equal_weight, settings.postcode_differ_weight) + street
    street_alone = settings.street_equal_weight + max(0.0, settings.full_address_no_postcode_bonus)
    return (max(0.0, settings.legal_form_same_weight)
            + max(postcode_and_street, street_alone)
            + max(0.0, settings.city_equal_weight, settings.city_differ_weight))


def cannot_reach(a: RecordFeatures, b: RecordFeatures, floor: float, settings: MatchSettings,
                 best_rest: float | None = None) -> bool:
    """True if ``compare(a, b).weight`` is certainly below ``floor``; cheaper than ``compare``.

    Exact, not a heuristic: without a shared identifier key the identifiers
    add nothing (or block the pair), so the weight is at most the prior plus
    the names' weight plus the best the legal form and the address could add
    (``best_rest``: ``best_rest_weight(settings)``, which a caller asking
    often computes once). Only the names are compared (with house number and
    postcode, for names each with a word the other lacks); the resolver uses it
    to skip, before any full comparison, the many block candidates whose
    names merely share a common word ("Kariveno Medical" / "Tusa Medical").
    """
    if a.id_keys & b.id_keys:
        return False
    if a.country != b.country:
        return True
    if best_rest is None:
        best_rest = best_rest_weight(settings)
    weight, how, sim, na, nb = name_weight(a, b, settings)
    if how == "lonely" and may_be_one_building(a.address, b.address) \
            and not unmatched_words(na, nb, settings.one_building_word_min):
        weight = max(weight, name_level(sim, settings) or weight)
    return settings.prior_weight + weight + best_rest < floor


def compare(a: RecordFeatures, b: RecordFeatures, settings: MatchSettings) -> PairScore:
    """Compare two records; see the module docstring for the order of evidence."""
    if a.country != b.country:
        return PairScore(float("-inf"), (f"countries differ: {a.country} vs {b.country}",),
                         blocked="countries differ")
    id_weight, evidence, conflict, decisive = compare_identifiers(a.ids, b.ids, settings)
    if conflict:
        return PairScore(float("-inf"), tuple(evidence), blocked=conflict)
    weight = settings.prior_weight + id_weight

    name_w, how, sim, na, nb = name_weight(a, b, settings)
    if how == "lonely" and one_building(a.address, b.address) \
            and not unmatched_words(na, nb, settings.one_building_word_min):
        # One building: a word each name lacks is the other's misspelt ("Lateks" / "Latex").
        name_w, how = name_level(sim, settings) or name_w, "one building"
    weight += name_w
    if how == "exact":
        evidence.append(f"same normalised name '{na.key}'")
    elif how == "lonely":
        evidence.append(f"each name has a word the other lacks ({sim:.2f})")
    elif how == "similar":
        evidence.append(f"similar names ({sim:.2f})")
    elif how == "one building":
        evidence.append(f"similar names at one address, a word misspelt ({sim:.2f})")
    elif how == "generic typo":
        evidence.append("the same name but a generic word misspelt")
    elif how == "core":
        evidence.append("similar names without their generic words")
    elif how == "word order":
        evidence.append("the same name words in another order")
    elif how == "contained":
        evidence.append("one name contains the other")
    else:
        evidence.append(f"names differ ({sim:.2f})")
    blocked = ""
    reason = records_conflict(a, b, na, nb, settings)
    if reason:
        evidence.append(reason)
        if not decisive and not shares_register(a.ids, b.ids, settings) and (
                settings.legal_form_mismatch_blocks or not reason.startswith("legal forms")):
            blocked = reason
    elif na.legal_form_class and na.legal_form_class == nb.legal_form_class:
        weight += settings.legal_form_same_weight

    addr_weight, addr_evidence = compare_addresses(a.address, b.address, settings)
    weight += addr_weight
    evidence.extend(addr_evidence)
    return PairScore(weight, tuple(evidence), blocked=blocked, id_match=decisive,
                     name_similarity=sim)
