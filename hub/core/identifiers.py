"""Validate and normalise supplier identifiers (org-id.guide scheme codes).

Why this matters for entity resolution: an identifier is the strongest
evidence there is, in both directions. Two records with the same registration
number are one legal entity; two records with different valid numbers in the
same scheme are two. Both conclusions are only safe if the numbers are
compared in one canonical form and if numbers with a wrong check digit are not
trusted at all. So:

* every value is compacted (spaces, hyphens, dots, a VAT prefix written into a
  national field) and validated with python-stdnum, never with hand-written
  check-digit code;
* a VAT number of SE, NO, FI or DK *contains* the national registration number,
  so it is normalised to the national scheme's key: ``SE556012579001`` and
  SE-ON ``556012-5790`` are one identifier, ``SE-ON:5560125790``;
* a value that fails validation becomes an ``InvalidId`` with a reason. It is
  reported, and treated as absent: it neither matches nor conflicts.

Outside the Nordics three registers carry a check character that stdnum
knows, and each identifies one legal entity: China's unified social credit
code (USCC, also the VAT taxpayer id), India's PAN (inside every GSTIN: one
company has one GSTIN per state, all with its PAN) and Vietnam's tax code
(MST; a branch's 13-digit code starts with its company's 10 digits). Partners
label them variously ("CN-SAIC", "CN-USCC", "VAT", "IN-GSTIN", "VN-MST"), so
they are recognised by scheme family and by the shape of the value, and
normalised to ``CN-USCC``, ``IN-PAN`` and ``VN-MST``: two different valid
values are two legal entities, as with the Nordic numbers.

Other free-form local registers (``MY-SSM``, ``PK-NTN``, an old 15-digit
Chinese registration number ...) have no check digit; they are upper-cased
and stripped of spaces and punctuation. A German Handelsregister entry
(``DE-CR``) is a number at a court, and partners write the two in either
order ("Amtsgericht München HRB 58659", "HRB 58659, München"): it is put in
one order, "HRB58659-MUNCHEN".
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Iterable

from stdnum import ean, lei
from stdnum.cn import uscc
from stdnum.dk import cvr
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError
from stdnum.fi import ytunnus
from stdnum.in_ import gstin, pan
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr
from stdnum.vn import mst

from hub.core.names import fold

NATIONAL = "national"   # one legal entity per value, with a check digit (SE-ON, NO-BRC, FI-PRO, DK-CVR, CN-USCC, IN-PAN, VN-MST)
GLOBAL = "global"       # one number per legal entity worldwide (DUNS, LEI)
VAT = "vat"             # a VAT number not reducible to a national scheme (e.g. DE)
LOCATION = "location"   # identifies a place or trade item, not a legal entity (GLN)
LOCAL = "local"         # another register (MY-SSM, ...): free-form, no check digit

# Scheme spellings seen in partner data -> org-id.guide code.
_SCHEME_ALIASES = {
    "SE-ON": "SE-ON", "SEON": "SE-ON", "SE-ORGNR": "SE-ON", "ORGNR": "SE-ON",
    "NO-BRC": "NO-BRC", "NOBRC": "NO-BRC", "NO-ORGNR": "NO-BRC",
    "FI-PRO": "FI-PRO", "FIPRO": "FI-PRO", "FI-YTUNNUS": "FI-PRO", "YTUNNUS": "FI-PRO",
    "DK-CVR": "DK-CVR", "DKCVR": "DK-CVR", "CVR": "DK-CVR",
    "VAT": "VAT", "EU-VAT": "VAT", "VATNO": "VAT", "MVA": "VAT", "MOMS": "VAT", "ALV": "VAT",
    "DUNS": "DUNS", "D-U-N-S": "DUNS", "DNB": "DUNS",
    "XI-LEI": "XI-LEI", "LEI": "XI-LEI",
    "GLN": "GLN", "GS1-GLN": "GLN",
}

# Scheme spellings of the registers with a check character outside the EU
# (see the module docstring) -> the register; values are checked by shape too.
_CHECKED_REGISTERS = {
    "CN-USCC": "CN", "USCC": "CN", "CN-SAIC": "CN", "CN-SAMR": "CN", "CN-AIC": "CN",
    "IN-GSTIN": "IN", "GSTIN": "IN", "IN-GST": "IN", "GST": "IN", "IN-PAN": "IN", "PAN": "IN",
    "VN-MST": "VN", "MST": "VN", "VN-TAX": "VN", "VN-TIN": "VN",
}
_GSTIN_SHAPE = re.compile(r"^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]{3}$")
_PAN_SHAPE = re.compile(r"^[A-Z]{5}[0-9]{4}[A-Z]$")
_MST_SHAPE = re.compile(r"^[0-9]{10}([0-9]{3})?$")
_USCC_SHAPE = re.compile(r"^[0-9A-Z]{18}$")

_NATIONAL_BY_COUNTRY = {"SE": "SE-ON", "NO": "NO-BRC", "FI": "FI-PRO", "DK": "DK-CVR"}
_COUNTRY_BY_NATIONAL = {v: k for k, v in _NATIONAL_BY_COUNTRY.items()}
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


@dataclass(frozen=True)
class NormalisedId:
    """A validated identifier in canonical form.

    ``key`` ("SE-ON:5560125790") is what blocking and comparison use. The
    original scheme and value are kept for provenance.
    """

    scheme: str
    value: str
    kind: str
    original_scheme: str
    original_value: str

    @property
    def key(self) -> str:
        return f"{self.scheme}:{self.value}"

    @property
    def national(self) -> bool:
        """True for a national register of legal entities (SE-ON, NO-BRC, FI-PRO, DK-CVR)."""
        return self.kind == NATIONAL

    @property
    def registration(self) -> bool:
        """True if one value identifies exactly one legal entity within its scheme.

        Different values in such a scheme mean different legal entities. GLNs
        are not registrations: one company may have many.
        """
        return self.kind != LOCATION


@dataclass(frozen=True)
class InvalidId:
    """An identifier that failed validation: reported, never trusted."""

    scheme: str
    value: str
    reason: str


def canonical_scheme(scheme: str) -> str:
    """Map a scheme spelling to its org-id.guide code; unknown codes are upper-cased."""
    code = re.sub(r"[\s_]+", "-", (scheme or "").strip().upper())
    return _SCHEME_ALIASES.get(code, code)


def _reason(exc: ValidationError) -> str:
    name = type(exc).__name__
    return {
        "InvalidChecksum": "check digit does not match",
        "InvalidLength": "wrong length",
        "InvalidFormat": "wrong format",
        "InvalidComponent": "unknown country or component",
    }.get(name, str(exc) or name)


def _strip_vat_prefix(compact: str, country: str) -> str:
    return compact[2:] if compact.startswith(country) else compact


def _national(scheme: str, raw: str, original_scheme: str) -> NormalisedId | InvalidId:
    """Validate a national registration number, accepting its VAT form too."""
    compact = re.sub(r"[\s\-./:,]", "", raw.upper())
    country = _COUNTRY_BY_NATIONAL[scheme]
    number = _strip_vat_prefix(compact, country)
    try:
        if scheme == "SE-ON":
            if len(number) == 12 and number.endswith("01") and compact.startswith("SE"):
                number = number[:10]           # VAT form SE + orgnr + 01
            elif len(number) == 12 and number.startswith("16"):
                number = number[2:]            # "16" century prefix used by Skatteverket
            value = se_orgnr.compact(se_orgnr.validate(number))
        elif scheme == "NO-BRC":
            if number.endswith("MVA"):
                number = number[:-3]
            value = no_orgnr.compact(no_orgnr.validate(number))
        elif scheme == "FI-PRO":
            value = ytunnus.compact(ytunnus.validate(number))
        else:  # DK-CVR
            value = cvr.compact(cvr.validate(number))
    except ValidationError as exc:
        return InvalidId(original_scheme, raw, f"{scheme}: {_reason(exc)}")
    return NormalisedId(scheme, value, NATIONAL, original_scheme, raw)


# A Handelsregister entry: its register (HRA, HRB, GnR, PR, VR), number and an
# optional court suffix letter ("HRB 12345 B" in Berlin).
_DE_REGISTER = re.compile(r"\b(HRA|HRB|GNR|PR|VR)\s*([0-9]+)(?:\s+([A-Z])\b)?")
_DE_COURT_WORDS = frozenset({"AMTSGERICHT", "AG", "REGISTERGERICHT", "HANDELSREGISTER", "AMTSG"})


def _de_register(raw: str) -> str:
    """A German register entry as "HRB58659-MUNCHEN" (court last), or "" if it has no register number.

    The court is folded ("München", "Muenchen", "Munchen" -> "MUNCHEN") and words such as
    "Amtsgericht" dropped; an entry without a court keeps only its number, so
    it neither matches nor conflicts with one that names a court.
    """
    text = fold(raw).upper().replace("AE", "A").replace("OE", "O").replace("UE", "U")  # "Muenchen" is "München"
    m = _DE_REGISTER.search(text)
    if not m:
        return ""
    court = [w for w in re.split(r"[^A-Z]+", text[:m.start()] + " " + text[m.end():])
             if w and w not in _DE_COURT_WORDS]
    number = f"{m.group(1)}{m.group(2)}{m.group(3) or ''}"
    return f"{number}-{''.join(court)}" if court else number


def _register_of(compact: str) -> str:
    """Which checked register a value has the shape of ("CN", "IN", "VN"), or ""."""
    if _GSTIN_SHAPE.match(compact) or _PAN_SHAPE.match(compact):
        return "IN"
    if _MST_SHAPE.match(compact):
        return "VN"
    if _USCC_SHAPE.match(compact) and compact[:1].isdigit():
        return "CN"
    return ""


def _checked_register(country: str, code: str, raw: str, original_scheme: str
                      ) -> NormalisedId | InvalidId | None:
    """A USCC, PAN (or GSTIN) or MST in canonical form; None if the value is not of that shape.

    A value of the register's shape whose check character fails is a mistyped
    number: invalid, so absent. A value stdnum rejects for its format is not
    that register's number at all, and the caller decides what None means: a
    Chinese number of another kind is a free-form local value; a bare number
    in a VAT field is missing its country prefix.
    """
    compact = _NOT_ALNUM.sub("", raw.upper())
    try:
        if country == "CN" and _USCC_SHAPE.match(compact):
            return NormalisedId("CN-USCC", uscc.validate(compact), NATIONAL, original_scheme, raw)
        if country == "IN" and _GSTIN_SHAPE.match(compact):
            return NormalisedId("IN-PAN", gstin.to_pan(gstin.validate(compact)), NATIONAL, original_scheme, raw)
        if country == "IN" and _PAN_SHAPE.match(compact):
            return NormalisedId("IN-PAN", pan.validate(compact), NATIONAL, original_scheme, raw)
        if country == "VN" and _MST_SHAPE.match(compact):
            return NormalisedId("VN-MST", mst.validate(compact)[:10], NATIONAL, original_scheme, raw)
    except ValidationError as exc:
        if type(exc).__name__ == "InvalidChecksum":  # a mistyped number: absent
            return InvalidId(original_scheme, raw, f"{code}: {_reason(exc)}")
        return None  # another register's number that looks alike
    return None


def _vat(raw: str, original_scheme: str, country: str = "") -> NormalisedId | InvalidId:
    compact = _NOT_ALNUM.sub("", raw.upper())
    register = _register_of(compact)
    # An Indian GSTIN, a Vietnamese MST or a Chinese USCC: their VAT numbers. A bare
    # number fits more than one country's shape (ten digits: an MST, or a Swedish
    # org number without its "SE"), so a supplier's known country must agree.
    if register and country in ("", register):
        result = _checked_register(register, "VAT", raw, original_scheme)
        if result is not None:
            return result
    if len(compact) < 4 or not compact[:2].isalpha():
        return InvalidId(original_scheme, raw, "VAT: missing country prefix")
    country = compact[:2]
    if country in _NATIONAL_BY_COUNTRY:
        return _national(_NATIONAL_BY_COUNTRY[country], compact, original_scheme)
    try:
        value = eu_vat.compact(eu_vat.validate(compact))
    except ValidationError as exc:
        if type(exc).__name__ == "InvalidComponent":
            # A country stdnum does not know: keep it, unverified, as a VAT number.
            return NormalisedId("VAT", compact, VAT, original_scheme, raw)
        return InvalidId(original_scheme, raw, f"VAT: {_reason(exc)}")
    return NormalisedId("VAT", value, VAT, original_scheme, raw)


@lru_cache(maxsize=65536)
def normalise_identifier(scheme: str, value: str, country: str = "") -> NormalisedId | InvalidId:
    """Validate one identifier and return it in canonical form, or why it is invalid.

    ``country``, the supplier's country of registration when known, only
    settles what a bare number in a VAT field is (see ``_vat``).
    Cached: pure, and the merge asks again for every render.
    """
    original_scheme = scheme
    raw = (value or "").strip()
    code = canonical_scheme(scheme)
    if not code:
        return InvalidId(original_scheme, raw, "missing scheme")
    if not raw:
        return InvalidId(original_scheme, raw, f"{code}: empty value")
    if code in _COUNTRY_BY_NATIONAL:
        return _national(code, raw, original_scheme)
    if code in _CHECKED_REGISTERS:
        result = _checked_register(_CHECKED_REGISTERS[code], code, raw, original_scheme)
        if result is not None:
            return result
    if code == "VAT" or (code.startswith("VAT-") and len(code) == 6):
        if code != "VAT" and not raw.upper().startswith(code[4:]):
            raw_for_vat = code[4:] + raw  # "VAT-SE" scheme with a bare number
        else:
            raw_for_vat = raw
        result = _vat(raw_for_vat, original_scheme, (country or "").upper())
        if isinstance(result, NormalisedId):
            return NormalisedId(result.scheme, result.value, result.kind, original_scheme, raw)
        return result
    if code == "DUNS":
        digits = re.sub(r"[\s\-.]", "", raw)
        if not digits.isdigit() or len(digits) != 9:
            return InvalidId(original_scheme, raw, "DUNS: must be 9 digits")
        return NormalisedId("DUNS", digits, GLOBAL, original_scheme, raw)
    if code == "XI-LEI":
        try:
            number = lei.compact(lei.validate(raw))
        except ValidationError as exc:
            return InvalidId(original_scheme, raw, f"XI-LEI: {_reason(exc)}")
        return NormalisedId("XI-LEI", number, GLOBAL, original_scheme, raw)
    if code == "GLN":
        try:
            number = ean.compact(ean.validate(raw))
        except ValidationError as exc:
            return InvalidId(original_scheme, raw, f"GLN: {_reason(exc)}")
        if len(number) != 13:
            return InvalidId(original_scheme, raw, "GLN: must be 13 digits")
        return NormalisedId("GLN", number, LOCATION, original_scheme, raw)
    if code == "DE-CR":
        entry = _de_register(raw)
        if entry:
            return NormalisedId(code, entry, LOCAL, original_scheme, raw)
    compact = _NOT_ALNUM.sub("", raw.upper())
    if not compact:
        return InvalidId(original_scheme, raw, f"{code}: no letters or digits")
    return NormalisedId(code, compact, LOCAL, original_scheme, raw)


def normalise_identifiers(
    identifiers: Iterable[tuple[str, str]], country: str = "",
) -> tuple[list[NormalisedId], list[InvalidId]]:
    """Normalise a record's identifiers: (valid, de-duplicated by key; invalid)."""
    valid: list[NormalisedId] = []
    invalid: list[InvalidId] = []
    seen: set[str] = set()
    for scheme, value in identifiers:
        result = normalise_identifier(scheme, value, country)
        if isinstance(result, InvalidId):
            invalid.append(result)
        elif result.key not in seen:
            seen.add(result.key)
            valid.append(result)
    return valid, invalid


def id_shape(value: str) -> str:
    """The character-class shape of a free-form value ("123456-A" -> "9A").

    Two values of a local register with different shapes may be two numbering
    generations of one company (Malaysia's SSM has old "123456-A" and new
    12-digit numbers), so they are not evidence of two entities.
    """
    shape = []
    for ch in value:
        c = "9" if ch.isdigit() else "A"
        if not shape or shape[-1][0] != c:
            shape.append([c, 0])
        shape[-1][1] += 1
    return "".join(f"{c}{n}" for c, n in shape)
