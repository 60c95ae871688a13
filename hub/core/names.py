"""Normalise supplier names for comparison.

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
Addresses are normalised in ``hub.core.addresses`` with the same folding,
tokens and compiled tables.
"""

from __future__ import annotations

import html
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
    if "&" in text and ";" in text:  # "Hansen &amp; Sørensen" from an HTML export
        text = html.unescape(text)
    text = fold(text).replace("&", " and ").replace("+", " and ")
    return _join_letters([t for t in _NON_ALNUM.split(text) if t])


def _join_letters(raw: list[str]) -> list[str]:
    """Join runs of single letters: "a s" -> "as", "p o box" -> "po box", "s i e" -> "sie"."""
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

    @cached_property
    def initials(self) -> str:
        """The words' first letters: a name that abbreviates another word for word has the same."""
        return "".join(tok[0] for tok in self.tokens)


class _Tables:
    """Lookup tables compiled once from a settings object."""

    def __init__(self, settings: MatchSettings) -> None:
        self.suffix = {tuple(v.split()): (c, k) for v, c, k in settings.legal_forms}
        self.prefix = {tuple(v.split()): (c, k) for v, c, k in settings.prefix_legal_forms}
        self.lone_prefix = {tuple(v.split()): frozenset(beside) for v, beside in settings.lone_prefix_legal_forms}
        self.max_suffix = max((len(k) for k in self.suffix), default=0)
        self.max_prefix = max((len(k) for k in self.prefix), default=0)
        self.abbrev = {a: tuple(b.split()) for a, b in settings.name_abbreviations}
        self.distinguishing = frozenset(settings.distinguishing_tokens)
        self.stopwords = frozenset(settings.name_stopwords)
        self.address_abbrev = {a: tuple(b.split()) for a, b in settings.address_abbreviations}
        self.markers = {tuple(m.split()) for m in settings.name_status_markers}
        self.branch_markers = frozenset(settings.name_branch_markers)
        self.numbered_branch_words = frozenset(settings.name_numbered_branch_words)
        self.postcode_digits = dict(settings.postcode_digits)
        self.max_marker = max((len(m) for m in self.markers), default=0)
        # Every proper prefix of a legal form's words ("co lt", "sdn", "gmb", "limit"),
        # with the form when the prefix is unambiguous: what a cut-off name ends in.
        cut: dict[tuple[str, ...], set[tuple[str, str]]] = {}
        for variant, canonical, klass in settings.legal_forms:
            words = variant.split()
            for n in range(1, len(words) + 1):
                head, last = tuple(words[:n - 1]), words[n - 1]
                for k in range(1, len(last) + (0 if n == len(words) else 1)):
                    cut.setdefault((*head, last[:k]), set()).add((canonical, klass))
        # One or two letters say too little to tell the form's class: stripped, class unknown.
        self.cut_forms = {k: (next(iter(v)) if len(v) == 1 and (len(k) > 1 or len(k[0]) > 2) else ("", ""))
                          for k, v in cut.items() if k not in self.suffix}
        self.max_cut = max((len(k) for k in self.cut_forms), default=0)
        self.truncated_length = settings.truncated_name_length
        self.city_aliases = dict(settings.city_aliases)
        self.city_noise = frozenset(settings.city_noise_tokens)
        self.postbox = frozenset(settings.postbox_words)
        # One letter ("k" for katu) is as likely a city's initial ("K. Lumpur"): not a street word.
        self.street_words = frozenset(w for pair in settings.address_abbreviations for w in pair if len(w) > 1)
        self.street_suffixes = tuple(settings.street_suffixes)
        # A hyphen before the end of a generic compound ("Lab-teknik", "Med-teknik", "Health-care"):
        # the partner shortened the compound's first part, so the two parts are one word.
        tails = {d[i:] for d in settings.descriptor_tokens for i in range(3, len(d) - 3)}
        self.compound_hyphen = re.compile(
            r"(?<=[^\W\d_])-(?=(?:" + "|".join(sorted(map(re.escape, tails), key=len, reverse=True)) + r")\b)",
            re.IGNORECASE) if tails else None


_TABLES: dict[int, tuple[MatchSettings, _Tables]] = {}


def _tables(settings: MatchSettings) -> _Tables:
    entry = _TABLES.get(id(settings))
    if entry is None or entry[0] is not settings:
        entry = (settings, _Tables(settings))
        _TABLES[id(settings)] = entry
    return entry[1]


def _strip_markers(tokens: list[str], t: _Tables) -> list[str]:
    """Drop partners' status markers ("ANVÄND EJ", "(gammal)", "VANHA") at either end."""
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for n in range(min(t.max_marker, len(tokens) - 1), 0, -1):
            if tuple(tokens[-n:]) in t.markers:
                tokens, changed = tokens[:-n], True
                break
            if tuple(tokens[:n]) in t.markers:
                tokens, changed = tokens[n:], True
                break
    return tokens


_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi"})


def _strip_branch_note(tokens: list[str], t: _Tables) -> list[str]:
    """Drop a branch or department note and what follows it ("... avd. Göteborg", "... (Factory 2)").

    A word such as "plant" or "factory" starts a note only where it cannot be
    the name's own ("Green Plant AB", "X Glove Factory Sdn Bhd"): before a
    number ("(Plant 2)", "Unit II") or right after the legal form, which ends
    the registered name ("X Sdn Bhd Plant Klang").
    """
    for i in range(1, len(tokens)):
        if len(tokens) - i > 4:
            continue
        if tokens[i] in t.branch_markers or (
                tokens[i] in t.numbered_branch_words and (
                    (i + 1 < len(tokens) and (tokens[i + 1].isdigit() or tokens[i + 1] in _ROMAN))
                    or _ends_in_legal_form(tokens[:i], t))):
            return tokens[:i]
    return tokens


def _ends_in_legal_form(tokens: list[str], t: _Tables) -> bool:
    """Does the name end in a legal form (with a word before it)? Then it ends the registered name."""
    return any(tuple(tokens[-n:]) in t.suffix for n in range(min(t.max_suffix, len(tokens) - 1), 0, -1))


def _strip_dash_note(name: str, t: _Tables) -> str:
    """Drop a note after a spaced dash or a comma that follows a legal form ("X AB - Göteborg",
    "X AG, Freiburg im Breisgau").

    A legal form ends the registered name, so what a partner wrote after it
    is a note; without one, "Hansen - Jensen" may be the name itself.
    """
    cut = max(name.rfind(" - "), name.rfind(" – "), name.rfind(" — "))
    comma = name.rfind(", ")
    if comma > cut:
        cut, width = comma, 2
    else:
        width = 3
    if cut <= 0:
        return name
    head, tail = tokenise(name[:cut]), tokenise(name[cut + width:])
    if len(tail) > 4 or len(head) < 2 or any(
            tuple(tail[i:j]) in t.suffix or tuple(tail[i:j]) in t.prefix
            for i in range(len(tail)) for j in range(i + 1, len(tail) + 1)):
        return name  # the part after it is the name's, or its legal form ("X Co., Ltd.")
    return name[:cut] if _ends_in_legal_form(head, t) else name


def _strip_cut_legal_form(tokens: list[str], t: _Tables) -> tuple[list[str], str, str]:
    """A legal form cut off by a partner's field length ("... Co., Lt", "... Sdn Bh", "... Gmb")."""
    for n in range(min(t.max_cut, len(tokens) - 1), 0, -1):
        hit = t.cut_forms.get(tuple(tokens[-n:]))
        if hit is not None:
            return tokens[:-n], hit[0], hit[1]
    return tokens, "", ""


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
        beside = t.lone_prefix.get(tuple(tokens[:n]))
        if hit and not (form and beside is not None and form not in beside):
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
    if " - " in name or " – " in name or " — " in name or ", " in name:
        name = _strip_dash_note(name, t)
    if "-" in name and t.compound_hyphen is not None:
        name = t.compound_hyphen.sub("", name)
    tokens = _strip_markers(_strip_branch_note([tok for tok in tokenise(name) if tok not in t.stopwords], t), t)
    tokens, form, klass = _strip_legal_forms(tokens, t)
    if not form and len(name) >= t.truncated_length:
        tokens, form, klass = _strip_cut_legal_form(tokens, t)
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
