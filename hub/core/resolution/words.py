"""Word-level comparisons of two normalised names: what a person reads word by word.

Split from ``scoring`` (which weighs a whole pair) because these are the
checks a master-data analyst makes on the words themselves: is each word the
other's, its start ("Prot." / "Protective"), or a misspelling of a generic
word ("Diagnostil" / "Diagnostik"); does each name have a word of substance
the other lacks? ``scoring.name_weight`` turns their answers into weights.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from hub.core.addresses import NormalisedAddress
from hub.core.names import NormalisedName
from hub.rules.matching import MatchSettings

if TYPE_CHECKING:  # only for annotations: scoring imports this module
    from hub.core.resolution.scoring import RecordFeatures


def unmatched_words(a: NormalisedName, b: NormalisedName, pair_min: float = 0.75) -> bool:
    """True if EACH name has a substantive word the other lacks (not even misspelt).

    "Fazal Surgical Instruments" and "Ghani Surgical Instruments" share most
    characters, but each has a word the other lacks: they are two firms. A
    misspelt word ("Medtech"/"Medtek") still pairs up, and a name that merely
    adds words ("Top Glove"/"Top Glove Industries") is not caught here.
    """
    def lonely(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
        for tok in x:
            if len(tok) < 3 or tok in y:
                continue
            if not any(fuzz.ratio(tok, o) >= pair_min * 100
                       or (min(len(tok), len(o)) >= 3 and (o.startswith(tok) or tok.startswith(o)))
                       for o in y):
                return True
        return False

    if a.compact == b.compact:
        return False
    return lonely(a.tokens, b.tokens) and lonely(b.tokens, a.tokens)


def core_similarity(a: RecordFeatures, b: RecordFeatures) -> float:
    """Best similarity in [0, 1] of the names without their generic words ("Svalby" / "Savlby Livsmedel").

    What a person reads past when a partner both dropped a word and made a
    typo; 0 when either name is generic words only.
    """
    best = 0.0
    for x in a.cores:
        for y in b.cores:
            if x and y:
                best = max(best, fuzz.ratio(x, y) / 100.0)
    return best


def abbreviated(a: tuple[str, ...], b: tuple[str, ...], least: int) -> bool:
    """Word for word, is each the other's word or its start ("baocheng prot prod" / "baocheng protective products")?

    At least one word must be shortened and one word of four letters or more
    be whole, so that the name itself is there and not only initials.
    """
    if len(a) != len(b) or len(a) < 2:
        return False
    shortened = whole = False
    for x, y in zip(a, b):
        if x == y:
            whole = whole or len(x) >= 4
            continue
        short, full = (x, y) if len(x) < len(y) else (y, x)
        if len(short) < least or not full.startswith(short):
            return False
        shortened = True
    return shortened and whole


def names_abbreviated(a: RecordFeatures, b: RecordFeatures, settings: MatchSettings
                      ) -> tuple[NormalisedName, NormalisedName] | None:
    """The first pair of the records' names one of which abbreviates the other, if any."""
    least = settings.abbreviation_min_length
    for na in a.names:
        for nb in b.names:
            if na.initials == nb.initials and abbreviated(na.tokens, nb.tokens, least):
                return na, nb
    return None


def generic_shortened(short: str, full: str, least: int) -> bool:
    """Is ``short`` the generic word ``full`` shortened: its start ("sjukvardsprod" / "sjukvardsprodukter"),
    or its start and its end with the middle cut ("labteknik" / "laboratorieteknik", "Lab-teknik"), each
    part ``least`` letters or more?"""
    n = len(short)
    if n < least or n >= len(full) or short[0] != full[0]:
        return False
    if full.startswith(short):
        return True
    return any(full.startswith(short[:i]) and full.endswith(short[i:]) for i in range(least, n - least + 1))


def generic_variants(a: tuple[str, ...], b: tuple[str, ...], generic: frozenset[str], min_ratio: float,
                     least: int, synonyms: dict[str, int] | None = None, short_min: int = 0) -> bool:
    """Are the two names the same words, but for a generic word misspelt in one ("Måltek Diagnostil" /
    "Måltek Diagnostik")?

    Word for word (in any order), each word is the other's, or one of the two
    is a generic word (``DESCRIPTOR_TOKENS``, ``least`` letters or more) and
    the other at least ``min_ratio`` alike it, or one generic word written
    another way: shortened (``generic_shortened``, when ``short_min``) or in
    another language (one group of ``synonyms``: "Textil" / "Tekstil"). A
    word of substance must be whole in both: what tells twin firms apart
    ("Medtech" / "Medtek") is their own word, never a generic one, so a typo
    there is not read past.
    """
    if len(a) != len(b) or len(a) < 2:
        return False
    # Said first without Counters, for the many pairs the candidate screen asks about: the
    # names must share a word of substance, and where they differ a generic word must be.
    sa, sb = set(a), set(b)
    if not any(tok not in generic and len(tok) >= 3 and not tok.isdigit() for tok in sa & sb):
        return False
    if sa != sb and generic.isdisjoint(sa ^ sb):
        return False
    if len(sa) == len(a) and len(sb) == len(b):  # no word twice (nearly always): the words each lacks
        rest_a, rest_b = [tok for tok in a if tok not in sb], [tok for tok in b if tok not in sa]
    else:
        ca, cb = Counter(a), Counter(b)
        common = ca & cb
        rest_a, rest_b = list((ca - common).elements()), list((cb - common).elements())
    if not rest_a:
        return False  # the same words in another order: not this check's to weigh
    cut = min_ratio * 100
    synonyms = synonyms or {}
    for x in rest_a:
        match = next((y for y in rest_b
                      if ((x in generic and len(x) >= least) or (y in generic and len(y) >= least))
                      and (fuzz.ratio(x, y) >= cut
                           or (x in synonyms and synonyms.get(y) == synonyms[x])
                           or (short_min and ((y in generic and generic_shortened(x, y, short_min))
                                              or (x in generic and generic_shortened(y, x, short_min)))))),
                     None)
        if match is None:
            return False
        rest_b.remove(match)
    return True


def names_generic_variants(a: RecordFeatures, b: RecordFeatures, settings: MatchSettings
                           ) -> tuple[NormalisedName, NormalisedName] | None:
    """The first pair of the records' names that differ only by a misspelt generic word, if any."""
    generic, cut, least = settings.descriptor_set, settings.generic_typo_min, settings.generic_typo_min_length
    for na in a.names:
        for nb in b.names:
            if len(na.tokens) == len(nb.tokens) and generic_variants(
                    na.tokens, nb.tokens, generic, cut, least, settings.generic_synonym_of,
                    settings.generic_short_min):
                return na, nb
    return None


def transliterated(name: NormalisedName, settings: MatchSettings) -> NormalisedName:
    """The name with "aa", "ae" and "oe" read as the letters they stand for ("Laanggaard" = "Långgård").

    Only for ``TRANSLITERATED_COUNTRIES`` (see there): the legal form and the
    distinguishing words were read before, from the name as written.
    """
    tokens = tuple(settings.fold_digraphs(tok) for tok in name.tokens)
    if tokens == name.tokens:
        return name
    return replace(name, key=" ".join(tokens), tokens=tokens)


def transliterated_address(address: NormalisedAddress, settings: MatchSettings) -> NormalisedAddress:
    """The street and city read as ``transliterated`` reads a name ("Jaernvaegsgatan" = "Järnvägsgatan")."""
    return replace(address, street=settings.fold_digraphs(address.street), city=settings.fold_digraphs(address.city))
