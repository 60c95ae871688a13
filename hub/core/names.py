"""Normalise supplier names (and addresses) for comparison.

Partners write one supplier's name in many ways: upper case, with or without
diacritics ("Malmö"/"Malmo", "Øresund"/"Oresund"), with the legal form in
full, abbreviated or missing ("AB", "Aktiebolag", "AB (publ)"; "Sdn. Bhd.",
"Berhad"), with abbreviations ("Mfg", "Intl", "Med."). Comparison must see
through all of that, yet must not erase what separates two legal entities:

* the legal form is REMOVED from the comparison key but RECORDED, with its
  class: "X GmbH" and "X GmbH & Co. KG" are two entities, "X AB" and
  "X AB (publ)" one;
* distinguishing tokens ("Holding", "Group", "Invest", "Sverige", ...) are kept
  and reported, because "X AB" and "X Holding AB" are parent and subsidiary.

All lists (legal forms, abbreviations, distinguishing tokens) come from
``hub.rules.matching.MatchSettings``; this module only applies them.
Address normalisation lives here too: it is the same folding and token work,
with the address abbreviation map ("Jln" -> "jalan", "Kaw." -> "kawasan").
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
import unicodedata
from dataclasses import dataclass

from hub.rules.matching import DEFAULT_MATCH_SETTINGS, MatchSettings

# Letters that Unicode decomposition does not fold to ASCII.
_SPECIAL_FOLDS = str.maketrans({
    "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d", "þ": "th",
    "ł": "l", "ı": "i", "ŋ": "ng", "ħ": "h",
    "’": "", "'": "", "`": "", "´": "",
})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case and fold diacritics: "Malmö" -> "malmo", "Ø" -> "o", "æ" -> "ae"."""
    if not text:
        return ""
    if text.isascii():  # nothing to decompose: the same result without the Unicode passes
        return text.casefold().translate(_SPECIAL_FOLDS)
    text = unicodedata.normalize("NFKC", text).casefold().translate(_SPECIAL_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokenise(text: str) -> list[str]:
    """Fold, turn "&"/"+" into "and", split on punctuation, join single letters.

    Joining runs of single letters makes "A/S" -> "as", "A.B." -> "ab",
    "J.P." -> "jp", so that punctuated and unpunctuated spellings agree.
    """
    text = fold(text).replace("&", " and ").replace("+", " and ")
    raw = [t for t in _NON_ALNUM.split(text) if t]
    tokens: list[str] = []
    run: list[str] = []
    for tok in raw:
        if len(tok) == 1 and tok.isalpha():
            run.append(tok)
            continue
        if run:
            tokens.append("".join(run))
            run = []
        tokens.append(tok)
    if run:
        tokens.append("".join(run))
    return tokens


@dataclass(frozen=True)
class NormalisedName:
    """A name ready for comparison.

    ``key`` is the comparison string (legal form removed, abbreviations
    unified); ``legal_form_class`` is "" when no legal form was written.
    """

    original: str
    key: str
    tokens: tuple[str, ...]
    legal_form: str
    legal_form_class: str
    distinguishing: frozenset[str]

    @cached_property
    def compact(self) -> str:
        """The key without spaces: "med tech" and "medtech" agree (computed once: blocking asks often)."""
        return self.key.replace(" ", "")


@dataclass(frozen=True)
class NormalisedAddress:
    """An address split into what is compared: street words, numbers, postcode, city."""

    street: str
    numbers: frozenset[str]
    postcode: str
    city: str

    @property
    def empty(self) -> bool:
        return not (self.street or self.numbers or self.postcode or self.city)


class _Tables:
    """Lookup tables compiled once from a settings object."""

    def __init__(self, settings: MatchSettings) -> None:
        self.suffix = {tuple(v.split()): (c, k) for v, c, k in settings.legal_forms}
        self.prefix = {tuple(v.split()): (c, k) for v, c, k in settings.prefix_legal_forms}
        self.max_suffix = max((len(k) for k in self.suffix), default=0)
        self.max_prefix = max((len(k) for k in self.prefix), default=0)
        self.abbrev = {a: tuple(b.split()) for a, b in settings.name_abbreviations}
        self.distinguishing = frozenset(settings.distinguishing_tokens)
        self.stopwords = frozenset(settings.name_stopwords)
        self.address_abbrev = {a: tuple(b.split()) for a, b in settings.address_abbreviations}


_TABLES: dict[int, tuple[MatchSettings, _Tables]] = {}


def _tables(settings: MatchSettings) -> _Tables:
    entry = _TABLES.get(id(settings))
    if entry is None or entry[0] is not settings:
        entry = (settings, _Tables(settings))
        _TABLES[id(settings)] = entry
    return entry[1]


def _strip_legal_forms(tokens: list[str], t: _Tables) -> tuple[list[str], str, str]:
    """Remove legal forms at the end (repeatedly) and at the start of the name.

    The outermost form found is the one recorded; at least one token always
    remains, so a company called just "Ltd" keeps its name.
    """
    form, klass = "", ""
    changed = True
    while changed:
        changed = False
        for n in range(min(t.max_suffix, len(tokens) - 1), 0, -1):
            hit = t.suffix.get(tuple(tokens[-n:]))
            if hit:
                if not form or (not klass and hit[1]):
                    form, klass = hit
                tokens = tokens[:-n]
                changed = True
                break
    for n in range(min(t.max_prefix, len(tokens) - 1), 0, -1):
        hit = t.prefix.get(tuple(tokens[:n]))
        if hit:
            if not form or (not klass and hit[1]):
                form, klass = hit
            tokens = tokens[n:]
            break
    return tokens, form, klass


@lru_cache(maxsize=65536)
def normalise_name(name: str, settings: MatchSettings = DEFAULT_MATCH_SETTINGS) -> NormalisedName:
    """Normalise a supplier name for comparison; see the module docstring.

    Cached: a pure function of (name, settings), asked for the same names over
    and over (every render of a merged view picks its canonical name anew).
    """
    t = _tables(settings)
    tokens = [tok for tok in tokenise(name) if tok not in t.stopwords]
    tokens, form, klass = _strip_legal_forms(tokens, t)
    out: list[str] = []
    for tok in tokens:
        out.extend(t.abbrev.get(tok, (tok,)))
    distinguishing = frozenset(
        tok for tok in out if tok in t.distinguishing or tok.isdigit()
    )
    return NormalisedName(
        original=name,
        key=" ".join(out),
        tokens=tuple(out),
        legal_form=form,
        legal_form_class=klass,
        distinguishing=distinguishing,
    )


def phonetic_key(word: str, length: int = 5) -> str:
    """A crude consonant skeleton, robust to vowel and transliteration variants.

    Only used for blocking (finding candidates), never for deciding a match:
    "medtech"/"medtek" -> "mdtk", "kangda"/"kang da" -> "kngd".
    """
    w = word.replace("ph", "f").replace("ch", "k").replace("ck", "k").replace("q", "k")
    w = w.replace("c", "k").replace("z", "s").replace("w", "v").replace("x", "ks")
    if not w:
        return ""
    out = [w[0]]
    for ch in w[1:]:
        if ch in "aeiouyh" or ch == out[-1]:
            continue
        out.append(ch)
    return "".join(out)[:length]


def normalise_postcode(postcode: str | None) -> str:
    return re.sub(r"[^0-9A-Z]", "", (postcode or "").upper())


def normalise_address(
    address: str | None,
    postcode: str | None = None,
    city: str | None = None,
    settings: MatchSettings = DEFAULT_MATCH_SETTINGS,
) -> NormalisedAddress:
    """Normalise an address: fold, expand abbreviations, separate numbers.

    The postcode and city are removed from the street line when a partner
    wrote them into it, so that they do not count twice or pose as house
    numbers.
    """
    t = _tables(settings)
    pc = normalise_postcode(postcode)
    city_tokens = [tok for tok in tokenise(city or "")]
    street_tokens: list[str] = []
    numbers: set[str] = set()
    raw = [tok for tok in _NON_ALNUM.split(fold(address or "")) if tok]
    pc_lower = pc.lower()
    skip: set[int] = set()
    if pc_lower:
        for i, tok in enumerate(raw):
            if tok == pc_lower:
                skip.add(i)
            elif i + 1 < len(raw) and tok + raw[i + 1] == pc_lower:
                skip.update((i, i + 1))
    for i, tok in enumerate(raw):
        if i in skip or tok in city_tokens:
            continue
        if any(ch.isdigit() for ch in tok):
            numbers.add(tok.lstrip("0") or "0")
            continue
        street_tokens.extend(x for x in t.address_abbrev.get(tok, (tok,)) if x)
    return NormalisedAddress(
        street=" ".join(street_tokens),
        numbers=frozenset(numbers),
        postcode=pc,
        city=" ".join(city_tokens),
    )
