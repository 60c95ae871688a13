"""The connector engine: file -> rows -> records -> validated events. Pure: no Kafka, no HTTP.

Why it is shaped like this:

* Every row is checked before anything is sent, so a file's outcome is known
  up front and a partner gets one complete rejects report, not the first error.
* Event ids are derived from content (uuid5 of partner, record type, record key
  and the record's ``hub.core.dedup.fingerprint``), so sending the same record
  twice yields the same id and consumers de-duplicate it, and the sent-state
  file lets an unchanged record not be sent at all.
* An audit is one event (the latest event per ``audit_id`` is its state), so
  an audit sheet's rows are grouped by audit id and an audit with one bad row
  is rejected whole: sending it without that finding would erase the finding.
* Confidential columns (finding and action descriptions, owners) are never
  copied into a reject: their value is reported as ``(withheld)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from connectors.mapping import FieldSpec, Mapping, MappingError
from connectors.readers import Table, is_blank, read_table
from connectors.values import (
    ValueProblem, Vocabulary, norm_word, parse_country, parse_date, parse_identifier,
    parse_integer, parse_list, parse_text, written_form,
)
from hub.contracts import HubSerde, SchemaSet, ValidationError
from hub.contracts.records import content_event_id, new_envelope, utc_now
from hub.core import validation as business
from hub.core.dedup import fingerprint
from hub.errors import HubError

WITHHELD = "(withheld)"


class InputError(HubError):
    """The file as a whole cannot be used with the mapping (e.g. a required column is missing)."""


@dataclass(frozen=True)
class Reject:
    """One reason a row was not sent. ``value`` is already ``(withheld)`` for confidential columns."""

    row: int | None
    column: str
    value: str
    reason: str


@dataclass
class Prepared:
    """A valid event ready to send."""

    key: str            # "<record type>:<record id or audit id>": the state-file key
    record: dict[str, Any]
    fingerprint: str
    rows: list[int]

    @property
    def event_id(self) -> str:
        return self.record["event_id"]

    @property
    def country(self) -> str:
        """The supplier's country of registration: the Kafka key (processors partition by it)."""
        rec = self.record
        return rec["supplier"]["country"] if "supplier" in rec else rec["country"]


@dataclass
class Plan:
    """What a file amounts to: events to send, unchanged ones, and rejects."""

    mapping: Mapping
    path: Path
    to_send: list[Prepared] = field(default_factory=list)
    unchanged: list[Prepared] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    rejected_records: int = 0
    rows_read: int = 0
    warnings: int = 0


@dataclass
class _Cell:
    value: Any
    row: int
    column: str
    confidential: bool


class Engine:
    """Binds one mapping to its vocabulary and the hub's schemas; ``plan(file, sent)`` does the work."""

    def __init__(self, mapping: Mapping, schema_set: SchemaSet | None = None):
        self.mapping = mapping
        self.vocabulary = Vocabulary.load(mapping.vocabulary_path)
        for spec in mapping.fields:
            if spec.vocabulary and not self.vocabulary.has(spec.vocabulary):
                raise MappingError(mapping.path, f"fields.{spec.target}.vocabulary",
                                   f"no table {spec.vocabulary!r} in {mapping.vocabulary_path.name}")
        self.serde = HubSerde(schema_set or SchemaSet.load(), None)

    # --- reading -----------------------------------------------------------

    def read(self, path: Path) -> Table:
        m = self.mapping
        return read_table(path, fmt=m.fmt, delimiter=m.delimiter, encoding=m.encoding,
                          header_row=m.header_row, header_rows=m.header_rows, sheet=m.sheet)

    def resolve_columns(self, table: Table) -> dict[str, tuple[int, str]]:
        """``{field target or ident:<n>: (column index, header)}``; InputError for a missing required column."""
        normalised = [norm_word(h) for h in table.headers]
        last_part = [norm_word(h.split(" ")[-1]) if h else "" for h in table.headers]
        found: dict[str, tuple[int, str]] = {}
        wanted = [(s.target, s.columns, s.required) for s in self.mapping.fields]
        wanted += [(f"ident:{n}", i.columns, i.required) for n, i in enumerate(self.mapping.identifiers)]
        for key, columns, required in wanted:
            index = None
            for alt in columns:
                a = norm_word(alt)
                if a in normalised:
                    index = normalised.index(a)
                    break
                if last_part.count(a) == 1:   # a sub-heading under a merged group heading
                    index = last_part.index(a)
                    break
            if index is not None:
                found[key] = (index, table.headers[index])
            elif required:
                alts = " or ".join(repr(c) for c in columns)
                raise InputError(f"{table.path.name}: row {table.header_row}: missing required column {alts} "
                                 f"(for {key}); the header row has: {', '.join(h for h in table.headers if h)}")
        return found

    # --- cells -------------------------------------------------------------

    def _parse(self, spec: FieldSpec, raw: Any) -> Any:
        if spec.kind == "text":
            return str(parse_integer(raw)) if spec.integer else parse_text(raw)
        if spec.kind == "date":
            return parse_date(raw, list(spec.date_formats), self.vocabulary.months)
        if spec.kind == "enum":
            return self.vocabulary.lookup(spec.vocabulary, raw, spec.values)
        if spec.kind == "bool":
            return self.vocabulary.lookup(spec.vocabulary or "boolean", raw, spec.values) == "true"
        if spec.kind == "country":
            key = norm_word(raw)
            return spec.values[key] if key in spec.values else parse_country(raw, self.vocabulary)
        if spec.kind == "list":
            return parse_list(raw, spec.separator)
        raise AssertionError(spec.kind)  # pragma: no cover - mapping.py only makes the kinds above

    def map_row(self, row: int, cells: list[Any], columns: dict[str, tuple[int, str]],
                rejects: list[Reject]) -> dict[str, _Cell]:
        """Parse one row's mapped cells; problems go to ``rejects`` and the cell is left out."""
        out: dict[str, _Cell] = {}
        for spec in self.mapping.fields:
            index, header = columns.get(spec.target, (None, spec.columns[0]))
            raw = cells[index] if index is not None else None
            if is_blank(raw):
                if spec.default is not None:
                    out[spec.target] = _Cell(spec.default, row, header, spec.confidential)
                elif spec.required:
                    rejects.append(Reject(row, header, "", "a value is required"))
                continue
            try:
                value = self._parse(spec, raw)
            except ValueProblem as exc:
                shown = WITHHELD if spec.confidential else str(parse_text(raw))
                rejects.append(Reject(row, header, shown, exc.reason))
                continue
            if value is not None and value != []:
                out[spec.target] = _Cell(value, row, header, spec.confidential)
        idents = []
        for n, ispec in enumerate(self.mapping.identifiers):
            index, header = columns.get(f"ident:{n}", (None, ispec.columns[0]))
            raw = cells[index] if index is not None else None
            if is_blank(raw):
                if ispec.required:
                    rejects.append(Reject(row, header, "", "an identifier is required"))
                continue
            try:
                ident = parse_identifier(ispec.scheme, raw)
            except ValueProblem as exc:
                rejects.append(Reject(row, header, str(parse_text(raw)), exc.reason))
                continue
            idents.append(_Cell({"scheme": ident.scheme, "id": written_form(ident)}, row, header, False))
        if idents:
            out["identifiers"] = _Cell(idents, row, "", False)
        return out

    # --- records -----------------------------------------------------------

    def plan(self, path: Path, sent: dict[str, str] | None = None, *, now: dt.datetime | None = None,
             on_start: Callable[[int | None], None] | None = None, on_row: Callable[[], None] | None = None) -> Plan:
        """Read ``path`` and build every event; ``sent`` is the sent-state (key -> fingerprint).

        ``on_start(total rows)`` and ``on_row()`` feed a progress bar.
        """
        from connectors.records import build_records  # grouping rules, kept apart for size

        path = Path(path)
        now = now or utc_now()
        plan = Plan(self.mapping, path)
        table = self.read(path)
        columns = self.resolve_columns(table)
        if on_start:
            on_start(table.total)
        mapped: list[tuple[int, dict[str, _Cell], list[Reject]]] = []
        for row, cells in table.rows:
            plan.rows_read += 1
            if on_row:
                on_row()
            problems: list[Reject] = []
            mapped.append((row, self.map_row(row, cells, columns, problems), problems))
        for built in build_records(self.mapping, mapped):
            if built.rejects:
                plan.rejects.extend(built.rejects)
                plan.rejected_records += 1
                continue
            prepared, rejects, warnings = self.finish(built.key, built.record, built.provenance, built.rows, now)
            plan.warnings += warnings
            if rejects:
                plan.rejects.extend(rejects)
                plan.rejected_records += 1
            elif sent is not None and sent.get(prepared.key) == prepared.fingerprint:
                plan.unchanged.append(prepared)
            else:
                plan.to_send.append(prepared)
        plan.rejects.sort(key=lambda r: (r.row or 0, r.column))
        return plan

    def finish(self, key: str, record: dict, provenance: dict[str, _Cell], rows: list[int],
               now: dt.datetime) -> tuple[Prepared, list[Reject], int]:
        """Envelope, Avro and business validation, deterministic event id."""
        m = self.mapping
        body = {"partner": m.partner, **record}
        fp = fingerprint(body)
        event_id = content_event_id(f"connector:{m.partner}:{m.record_type}:{key}:{fp}")
        event = {**new_envelope(m.partner, now, event_id), **record}
        prepared = Prepared(f"{m.record_type}:{key}", event, fp, rows)
        try:
            self.serde.validate(m.record_type, event)
        except ValidationError as exc:
            return prepared, [self._locate(p.path, str(p), provenance, rows) for p in exc.problems], 0
        result = business.validate(m.record_type, event, now=now, publisher=m.partner)
        rejects = [self._locate(p.path, p.message, provenance, rows) for p in result.errors]
        return prepared, rejects, len(result.warnings)

    @staticmethod
    def _locate(path: str, reason: str, provenance: dict[str, _Cell], rows: list[int]) -> Reject:
        """The row and column a schema path came from (longest known prefix of the path)."""
        probe = path
        while probe:
            cell = provenance.get(probe)
            if cell is not None:
                value = WITHHELD if cell.confidential else _show(cell.value)
                return Reject(cell.row, cell.column, value, reason)
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return Reject(rows[0] if rows else None, "", "", reason)


def _show(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("id", ""))
    return "" if value is None else str(value)
