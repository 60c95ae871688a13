"""Turn the words, numbers and dates partners write into the values the schemas want.

Every parser raises ``ValueProblem`` with a reason that never quotes the
value: the caller decides whether a column is confidential and so whether the
value may be shown. Vocabularies (severity, area, status ... in Swedish,
Norwegian, Finnish and English) are data, loaded from one TOML file that every
mapping shares.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.core.identifiers import InvalidId, NormalisedId, normalise_identifier
from hub.rules.countries import is_iso_alpha2

DEFAULT_VOCABULARY = Path(__file__).resolve().parent / "mappings" / "vocabulary.toml"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_GROUPED = re.compile(r"^\d{1,3}([ .,'\u00a0\u202f\u2009]\d{3})+$")


class ValueProblem(ValueError):
    """A value cannot be read; ``reason`` never contains the value."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def norm_word(text: Any) -> str:
    """Lower-case, single-spaced, stripped: how vocabulary words and headers are compared."""
    return _SPACES.sub(" ", str(text)).strip().casefold()


@dataclass(frozen=True)
class Vocabulary:
    """Tables of ``canonical value -> words``, inverted for lookup, plus month names."""

    path: Path
    tables: dict[str, dict[str, str]]
    months: dict[str, int]

    @classmethod
    def load(cls, path: Path | None = None) -> "Vocabulary":
        from connectors.mapping import MappingError  # one error type for every configuration file

        path = Path(path or DEFAULT_VOCABULARY)
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise MappingError(path, "vocabulary", "the vocabulary file does not exist") from None
        except tomllib.TOMLDecodeError as exc:
            raise MappingError(path, "", f"not valid TOML: {exc}") from None
        tables: dict[str, dict[str, str]] = {}
        months: dict[str, int] = {}
        for name, table in raw.items():
            if not isinstance(table, dict):
                raise MappingError(path, name, "must be a table of value = [words]")
            inverted: dict[str, str] = {}
            for canonical, words in table.items():
                if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                    raise MappingError(path, f"{name}.{canonical}", "must be a list of strings")
                for word in [canonical, *words]:
                    key = norm_word(word)
                    if key in inverted and inverted[key] != canonical:
                        raise MappingError(path, f"{name}.{canonical}",
                                           f"the word {word!r} also means {inverted[key]!r}")
                    inverted[key] = canonical
            if name == "months":
                try:
                    months = {w: int(c) for w, c in inverted.items()}
                except ValueError:
                    raise MappingError(path, "months", "keys must be month numbers 1-12") from None
            else:
                tables[name] = inverted
        return cls(path, tables, months)

    def has(self, table: str) -> bool:
        return table in self.tables

    def lookup(self, table: str, value: Any, extra: dict[str, str] | None = None) -> str:
        key = norm_word(value)
        if extra and key in extra:
            return extra[key]
        words = self.tables.get(table, {})
        if key in words:
            return words[key]
        key = key.rstrip(".:;")
        if key in words:
            return words[key]
        raise ValueProblem(f"not a known {table.replace('_', ' ')} word (see the {table} table of the vocabulary)")


def parse_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores ids typed as numbers as floats
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text or None


def parse_integer(value: Any) -> int:
    """An integer written with or without thousands separators: 1234, "1 234", "1,234", "1.234"."""
    if isinstance(value, bool):
        raise ValueProblem("expected a whole number, got a yes/no value")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueProblem("expected a whole number, got a decimal number")
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"\D", "", text))
    raise ValueProblem("expected a whole number (thousands may be separated by space, comma or dot)")


def parse_date(value: Any, formats: list[str], months: dict[str, int]) -> dt.date:
    """A date from a spreadsheet date cell or text in one of ``formats`` (strptime codes).

    ``%B`` / ``%b`` match month names from the vocabulary in any of the four
    languages ("5 mars 2024", "5. maaliskuuta 2024"), not the C locale's.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).split())
    for fmt in formats:
        candidate, pattern = text, fmt
        if "%B" in fmt or "%b" in fmt:
            candidate = _months_to_numbers(text, months)
            if candidate is None:
                continue
            pattern = fmt.replace("%B", "%m").replace("%b", "%m")
        try:
            return dt.datetime.strptime(candidate, pattern).date()
        except ValueError:
            continue
    raise ValueProblem(f"not a date in any of the formats {', '.join(_human(f) for f in formats)}")


def _months_to_numbers(text: str, months: dict[str, int]) -> str | None:
    found = False

    def repl(m: re.Match) -> str:
        nonlocal found
        number = months.get(m.group(0).casefold().rstrip("."))
        if number is None:
            return m.group(0)
        found = True
        return str(number)

    out = re.sub(r"[^\W\d_]+\.?", repl, text)
    return out if found else None


def _human(fmt: str) -> str:
    """``%d.%m.%Y`` -> ``DD.MM.YYYY`` for messages."""
    for code, word in (("%d", "DD"), ("%m", "MM"), ("%Y", "YYYY"), ("%y", "YY"), ("%B", "month"), ("%b", "mon")):
        fmt = fmt.replace(code, word)
    return fmt


def parse_country(value: Any, vocabulary: Vocabulary) -> str:
    text = str(value).strip()
    if len(text) == 2 and is_iso_alpha2(text.upper()):
        return text.upper()
    try:
        return vocabulary.lookup("country", text)
    except ValueProblem:
        raise ValueProblem("not an ISO 3166-1 alpha-2 country code or a known country name") from None


def parse_list(value: Any, separator: str) -> list[str]:
    if isinstance(value, list):
        items = value
    else:
        items = re.split("|".join(re.escape(s) for s in separator), str(value)) if separator else [value]
    return [t for t in (parse_text(i) for i in items) if t]


def parse_identifier(scheme: str, value: Any) -> NormalisedId:
    """A validated identifier (spaces, hyphens, VAT prefix tolerated) via hub.core.identifiers."""
    raw = parse_text(value) or ""
    result = normalise_identifier(scheme, raw)
    if isinstance(result, InvalidId):
        raise ValueProblem(f"invalid identifier ({result.reason})")
    return result


def written_form(ident: NormalisedId) -> str:
    """The identifier as written in its scheme (556012-5790, 2077474-0); compact otherwise."""
    if ident.scheme == "SE-ON":
        return f"{ident.value[:6]}-{ident.value[6:]}"
    if ident.scheme == "FI-PRO":
        return f"{ident.value[:7]}-{ident.value[7:]}"
    return ident.value


NATIONAL_COUNTRY = {"SE-ON": "SE", "NO-BRC": "NO", "FI-PRO": "FI", "DK-CVR": "DK"}
