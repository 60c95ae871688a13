"""Connector mappings: one TOML file per partner export format, checked on load.

A mapping says which record a file produces, which column feeds which field
(with alternative header spellings), which vocabulary turns words into enum
values, which date formats and identifier schemes apply, and how to read the
file. Adding a partner format is adding a file; nothing here knows partners.

A mapping is checked completely when loaded, before any row is read, and a
mistake raises ``MappingError`` naming the file and the key, so a nightly job
fails on its configuration, not on row 40,000.
"""

from __future__ import annotations

import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub.errors import HubError
from hub.rules.partners import is_known_partner

MAPPINGS_DIR = Path(__file__).resolve().parent / "mappings"
RECORD_TYPES = ("SupplierRecord", "AuditOutcome")

# target field -> (kind, default vocabulary). Kinds: text, date, enum, list, bool, country.
_SITE = {"site_id": ("text", None), "name": ("text", None), "country": ("country", None),
         "address": ("text", None), "postal_code": ("text", None), "city": ("text", None), "kind": ("text", None)}
TARGETS: dict[str, dict[str, tuple[str, str | None]]] = {
    "SupplierRecord": {
        "record_id": ("text", None), "name": ("text", None), "trading_names": ("list", None),
        "country": ("country", None), "address": ("text", None), "postal_code": ("text", None),
        "city": ("text", None), "categories": ("list", None), "active": ("bool", "boolean"),
        **{f"sites.{k}": v for k, v in _SITE.items()},
    },
    "AuditOutcome": {
        "audit_id": ("text", None), "audit_date": ("date", None), "audit_type": ("enum", "audit_type"),
        "audit_firm": ("text", None), "participating_partners": ("list", None),
        "sanction_step": ("enum", "sanction_step"), "confidentiality": ("enum", "confidentiality"),
        "supplier.record_id": ("text", None), "supplier.name": ("text", None),
        "supplier.country": ("country", None), "supplier.address": ("text", None),
        "supplier.postal_code": ("text", None), "supplier.city": ("text", None),
        **{f"site.{k}": v for k, v in _SITE.items()},
        "findings.finding_id": ("text", None), "findings.area": ("enum", "area"),
        "findings.clause": ("text", None), "findings.severity": ("enum", "severity"),
        "findings.description": ("text", None), "findings.status": ("enum", "finding_status"),
        "findings.cap_due_date": ("date", None),
        "findings.action.action_id": ("text", None), "findings.action.description": ("text", None),
        "findings.action.owner": ("text", None), "findings.action.due_date": ("date", None),
        "findings.action.status": ("enum", "action_status"), "findings.action.closed_on": ("date", None),
    },
}
#: Fields whose text is confidential by nature: never shown in reports or on the terminal.
ALWAYS_CONFIDENTIAL = {"findings.description", "findings.action.description", "findings.action.owner"}
_FIELD_KEYS = {"columns", "type", "vocabulary", "values", "required", "default", "confidential",
               "separator", "date_formats"}


class MappingError(HubError):
    """A mapping (or vocabulary) file is itself wrong; names the file and the key."""

    def __init__(self, path: Path | str, key: str, problem: str):
        self.path, self.key, self.problem = Path(path), key, problem
        where = f", key {key!r}" if key else ""
        super().__init__(f"mapping {Path(path).name}{where}: {problem}")


@dataclass(frozen=True)
class FieldSpec:
    target: str
    columns: tuple[str, ...]
    kind: str
    vocabulary: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    required: bool = False
    default: Any = None
    confidential: bool = False
    integer: bool = False
    separator: str = ",;"
    date_formats: tuple[str, ...] = ()


@dataclass(frozen=True)
class IdentifierSpec:
    columns: tuple[str, ...]
    #: org-id.guide scheme of the column ("SE-ON", "VAT" ...).
    scheme: str
    required: bool = False


@dataclass(frozen=True)
class Mapping:
    path: Path
    name: str
    partner: str
    record_type: str
    files: tuple[str, ...]
    vocabulary_path: Path
    fmt: str
    delimiter: str
    encoding: str
    header_row: int
    header_rows: int
    sheet: str | None
    date_formats: tuple[str, ...]
    fields: tuple[FieldSpec, ...]
    identifiers: tuple[IdentifierSpec, ...]
    #: Constant values for fields no column carries, e.g. participating_partners.
    defaults: dict[str, Any]

    def matches(self, filename: str) -> bool:
        """The watch rule: does a dropped file's name fit one of ``files``?"""
        return any(fnmatch.fnmatch(filename.casefold(), p.casefold()) for p in self.files)

    @property
    def group_key(self) -> str:
        return "audit_id" if self.record_type == "AuditOutcome" else "record_id"


def resolve_mapping_path(name_or_path: str | Path, search: Path = MAPPINGS_DIR) -> Path:
    """A mapping by path, or by name among the shipped mappings (``adda-suppliers``)."""
    p = Path(name_or_path)
    if p.is_file():
        return p
    for candidate in (search / p.name, search / f"{p.name}.toml"):
        if candidate.is_file():
            return candidate
    known = ", ".join(sorted(m.stem for m in list_mapping_files(search)))
    raise MappingError(p, "", f"no such mapping file (shipped mappings: {known})")


def list_mapping_files(directory: Path = MAPPINGS_DIR) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.toml") if p.name != "vocabulary.toml")


def _strings(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise MappingError(path, key, "must be a non-empty string or list of strings")
    return tuple(value)


def _check_keys(path: Path, prefix: str, table: dict, allowed: set[str]) -> None:
    for k in table:
        if k not in allowed:
            raise MappingError(path, f"{prefix}{k}", f"unknown key (allowed: {', '.join(sorted(allowed))})")


def load_mapping(path: Path | str) -> Mapping:
    """Load and check a mapping file; ``MappingError`` (file + key) on any mistake."""
    path = resolve_mapping_path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(path, "", f"not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise MappingError(path, "", "the file is not UTF-8") from None
    _check_keys(path, "", raw, {"connector", "input", "defaults", "fields", "identifiers"})
    conn = raw.get("connector")
    if not isinstance(conn, dict):
        raise MappingError(path, "connector", "the [connector] table is missing")
    _check_keys(path, "connector.", conn, {"name", "partner", "record_type", "files", "vocabulary", "description"})
    partner = conn.get("partner")
    if not isinstance(partner, str) or not is_known_partner(partner):
        raise MappingError(path, "connector.partner", f"{partner!r} is not a known partner id")
    record_type = conn.get("record_type")
    if record_type not in RECORD_TYPES:
        raise MappingError(path, "connector.record_type", f"must be one of {', '.join(RECORD_TYPES)}")
    files = _strings(path, "connector.files", conn["files"]) if "files" in conn else ()
    vocab = path.parent / conn.get("vocabulary", "vocabulary.toml")
    if not vocab.is_file():
        raise MappingError(path, "connector.vocabulary", f"the vocabulary file {vocab.name} does not exist")

    inp = raw.get("input", {})
    _check_keys(path, "input.", inp, {"format", "delimiter", "encoding", "header_row", "header_rows", "sheet",
                                      "date_formats"})
    fmt = inp.get("format", "auto")
    if fmt not in ("auto", "csv", "xlsx", "json"):
        raise MappingError(path, "input.format", "must be auto, csv, xlsx or json")
    for key in ("header_row", "header_rows"):
        if not isinstance(inp.get(key, 1), int) or inp.get(key, 1) < 1:
            raise MappingError(path, f"input.{key}", "must be a whole number >= 1")
    if inp.get("header_rows", 1) > inp.get("header_row", 1):
        raise MappingError(path, "input.header_rows", "cannot exceed header_row")
    encoding = inp.get("encoding", "auto")
    if encoding != "auto":
        try:
            "".encode(encoding)
        except LookupError:
            raise MappingError(path, "input.encoding", f"unknown encoding {encoding!r}") from None
    date_formats = _strings(path, "input.date_formats", inp.get("date_formats", ["%Y-%m-%d"]))

    targets = TARGETS[record_type]
    fields_raw = raw.get("fields", {})
    if not isinstance(fields_raw, dict) or not fields_raw:
        raise MappingError(path, "fields", "at least one [fields.<target>] table is needed")
    specs = [_field(path, target, spec, targets, date_formats) for target, spec in fields_raw.items()]
    defaults = raw.get("defaults", {})
    for target in defaults:
        if target not in targets:
            raise MappingError(path, f"defaults.{target}", f"not a field of {record_type}")
    mapped = {s.target for s in specs} | set(defaults)
    needed = ["record_id", "name"] if record_type == "SupplierRecord" else ["audit_id", "supplier.name", "audit_date"]
    for target in needed:
        if target not in mapped:
            raise MappingError(path, f"fields.{target}", f"{record_type} needs a column (or a default) for {target}")
    idents = []
    for n, ident in enumerate(raw.get("identifiers", [])):
        key = f"identifiers[{n}]"
        if not isinstance(ident, dict):
            raise MappingError(path, key, "must be a table with columns and scheme")
        _check_keys(path, f"{key}.", ident, {"columns", "scheme", "required"})
        if not isinstance(ident.get("scheme"), str) or not ident["scheme"].strip():
            raise MappingError(path, f"{key}.scheme", "must name an org-id.guide scheme, e.g. SE-ON, NO-BRC, FI-PRO, VAT")
        idents.append(IdentifierSpec(_strings(path, f"{key}.columns", ident.get("columns")), ident["scheme"],
                                     bool(ident.get("required", False))))
    return Mapping(path=path, name=str(conn.get("name") or path.stem), partner=partner, record_type=record_type,
                   files=files, vocabulary_path=vocab, fmt=fmt, delimiter=inp.get("delimiter", "auto"),
                   encoding=encoding, header_row=inp.get("header_row", 1), header_rows=inp.get("header_rows", 1),
                   sheet=inp.get("sheet") or None, date_formats=date_formats, fields=tuple(specs),
                   identifiers=tuple(idents), defaults=dict(defaults))


def _field(path: Path, target: str, spec: Any, targets: dict, date_formats: tuple[str, ...]) -> FieldSpec:
    key = f"fields.{target}"
    if target not in targets:
        raise MappingError(path, key, f"not a field this record type has (known: {', '.join(targets)})")
    if isinstance(spec, (str, list)):
        spec = {"columns": spec}
    if not isinstance(spec, dict):
        raise MappingError(path, key, "must be a table or a list of column names")
    _check_keys(path, f"{key}.", spec, _FIELD_KEYS)
    kind, vocabulary = targets[target]
    vocabulary = spec.get("vocabulary", vocabulary)
    if "vocabulary" in spec and kind not in ("enum", "bool"):
        kind = "enum"
    typ = spec.get("type")
    if typ not in (None, "text", "integer"):
        raise MappingError(path, f"{key}.type", "must be text or integer (other types follow from the field)")
    if typ == "integer" and kind != "text":
        raise MappingError(path, f"{key}.type", "integer applies to text fields only (e.g. a supplier number)")
    values = spec.get("values", {})
    if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
        raise MappingError(path, f"{key}.values", "must be a table of word = value")
    from connectors.values import norm_word

    return FieldSpec(
        target=target,
        columns=_strings(path, f"{key}.columns", spec.get("columns")),
        kind=kind, vocabulary=vocabulary,
        values={norm_word(k): v for k, v in values.items()},
        required=bool(spec.get("required", False)),
        default=spec.get("default"),
        confidential=bool(spec.get("confidential", False)) or target in ALWAYS_CONFIDENTIAL,
        integer=typ == "integer",
        separator=str(spec.get("separator", ",;")),
        date_formats=_strings(path, f"{key}.date_formats", spec["date_formats"]) if "date_formats" in spec
        else date_formats,
    )


def choose_mapping(filename: str, mappings: list[Mapping]) -> Mapping | None:
    """The one mapping whose ``files`` rule matches ``filename``; None if none or several do."""
    hits = [m for m in mappings if m.matches(filename)]
    return hits[0] if len(hits) == 1 else None
