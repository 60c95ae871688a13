"""Normalise addresses for comparison: street words, house numbers, postcode, city.

The same folding and tokens as names (``hub.core.names``), with the address
tables of the matching rules (``hub.rules.addresses``): street abbreviations
("Jln" -> "jalan", "Kaw." -> "kawasan"), one spelling per city ("Åbo" ->
"turku"), post-office box words, postcode lengths. What a pair's addresses
weigh is decided in ``hub.core.resolution.addresses``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hub.core.names import _NON_ALNUM, _join_letters, _Tables, _tables, fold, tokenise
from hub.rules.matching import DEFAULT_MATCH_SETTINGS, MatchSettings


@dataclass(frozen=True)
class NormalisedAddress:
    """An address split into what is compared: street words, numbers, postcode, city."""

    street: str
    numbers: frozenset[str]
    postcode: str
    city: str
    box: str = ""   # a post-office box number instead of a street address

    @property
    def empty(self) -> bool:
        return not (self.street or self.numbers or self.postcode or self.city)


_POSTCODE_PREFIX = re.compile(r"^[A-Z]{1,3}-?(?=[0-9])")
# "..., 641 366 Tiruppur", "..., FI-90299 Oulu": a postcode and city ending an address line.
_TRAILING_POSTCODE_CITY = re.compile(r"^(?:[A-Za-z]{1,3}-)?([0-9][0-9 ]{2,7}[0-9])\s+([^0-9]+)$")


def normalise_postcode(postcode: str | None) -> str:
    """Upper-case, without spaces or punctuation, and without a country prefix
    ("D-40954", "NO-1364", "SE-117 36" -> "40954", "1364", "11736") when the
    rest is all digits (a British "SW1A 1AA" keeps its letters)."""
    pc = re.sub(r"[^0-9A-Z]", "", (postcode or "").upper())
    bare = _POSTCODE_PREFIX.sub("", pc)
    return bare if bare.isdigit() else pc


def _split_trailing_postcode_city(address: str, t: _Tables) -> tuple[str, str, str]:
    """(street line, postcode, city) when the line's last comma part is "postcode city".

    Not when that part names a street ("Plot 28, 1147 Wazirabad Road": a house
    number first): a wrong city would weigh against a true match.
    """
    head, sep, tail = address.rpartition(",")
    if not sep:
        return address, "", ""
    m = _TRAILING_POSTCODE_CITY.match(tail.strip())
    if not m or any(_is_street_word(tok, t) for tok in tokenise(m.group(2))):
        return address, "", ""
    return head, m.group(1), m.group(2).strip()


def _is_street_word(token: str, t: _Tables) -> bool:
    return token in t.street_words or token.endswith(t.street_suffixes)


def _postbox(raw: list[str], t: _Tables) -> str:
    """The box number if an address line is a post-office box ("P.O. Box 7394", "PL 8120"), else ""."""
    words = 0
    for tok in raw[:4]:
        if tok.isdigit():
            return (tok.lstrip("0") or "0") if words else ""
        if tok not in t.postbox:
            return ""
        words += 1
    return ""


def normalise_city(city: str | None, settings: MatchSettings = DEFAULT_MATCH_SETTINGS) -> str:
    """Fold a city and give it one spelling ("Gothenburg", "Göteborg" -> "goteborg";
    "K. Lumpur" -> "kuala lumpur"); words such as "city" are dropped."""
    t = _tables(settings)
    tokens = [tok for tok in tokenise(city or "") if tok not in t.city_noise]
    joined = " ".join(tokens)
    if joined in t.city_aliases:
        return t.city_aliases[joined]
    if tokens and tokens[0] in t.city_aliases:  # "abo finland", "bombay maharashtra"
        return " ".join((t.city_aliases[tokens[0]], *tokens[1:]))
    return joined


def normalise_address(
    address: str | None,
    postcode: str | None = None,
    city: str | None = None,
    settings: MatchSettings = DEFAULT_MATCH_SETTINGS,
    country: str = "",
) -> NormalisedAddress:
    """Normalise an address: fold, expand abbreviations, separate numbers.

    The postcode and city are removed from the street line when a partner
    wrote them into it, so that they do not count twice or pose as house
    numbers; a line that ends in ", <postcode> <city>" gives the postcode and
    city the record's own fields lack.
    """
    t = _tables(settings)
    address = address or ""
    if address and not (postcode and city):
        line, found_pc, found_city = _split_trailing_postcode_city(address, t)
        if found_pc:
            address, postcode, city = line, postcode or found_pc, city or found_city
    pc = normalise_postcode(postcode)
    digits = t.postcode_digits.get(country)
    if digits and pc.isdigit() and digits - 2 <= len(pc) < digits:  # leading zeros lost ("700" for "00700")
        pc = pc.zfill(digits)
    city_name = normalise_city(city, settings)
    city_tokens = set(tokenise(city or "")) | set(city_name.split())
    street_tokens: list[str] = []
    numbers: set[str] = set()
    raw = _join_letters([tok for tok in _NON_ALNUM.split(fold(address)) if tok])
    box = _postbox(raw, t)
    if box:
        return NormalisedAddress(street="", numbers=frozenset(), postcode=pc, city=city_name, box=box)
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
        city=city_name,
    )
