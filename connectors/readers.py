"""Read partner exports (CSV, XLSX, JSON) into one shape: headers plus numbered rows.

Partners export from whatever system they have, so the readers are forgiving
about form (delimiter, encoding, BOM, merged header cells, trailing empty rows)
and strict about meaning: a file that cannot be read at all raises
``ReaderError`` naming the file and what is wrong, never guessing silently.

Row numbers are the numbers a person sees when they open the file: the line
of a CSV record, the row of a spreadsheet, the 1-based position in a JSON
array. The rejects report and every message use them.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import iterparse

from hub.errors import HubError

FORMATS = ("csv", "xlsx", "json")
_EXTENSIONS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
               ".json": "json", ".jsonl": "json", ".ndjson": "json"}
_DELIMITERS = ";,\t|"


class ReaderError(HubError):
    """A file cannot be read as a table; the message names the file."""


@dataclass
class Table:
    """A file read as a table. ``rows`` yields (row number, cells aligned with ``headers``)."""

    path: Path
    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Any]]]
    #: How many data rows there are, when known without reading them (for the progress bar).
    total: int | None = None
    notes: list[str] = field(default_factory=list)


def detect_format(path: Path, declared: str = "auto") -> str:
    if declared != "auto":
        return declared
    fmt = _EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise ReaderError(f"{path.name}: cannot tell the file format from the extension {path.suffix!r}; "
                          "set [input] format in the mapping")
    return fmt


def read_table(path: Path, *, fmt: str = "auto", delimiter: str = "auto", encoding: str = "auto",
               header_row: int = 1, header_rows: int = 1, sheet: str | None = None) -> Table:
    """Open ``path`` as a table. ``header_row`` is the 1-based row holding the (last) header line."""
    path = Path(path)
    if not path.is_file():
        raise ReaderError(f"{path}: no such file")
    fmt = detect_format(path, fmt)
    if fmt == "csv":
        return _read_csv(path, delimiter, encoding, header_row, header_rows)
    if fmt == "xlsx":
        return _read_xlsx(path, header_row, header_rows, sheet)
    if fmt == "json":
        return _read_json(path, encoding)
    raise ReaderError(f"{path.name}: unsupported format {fmt!r} (expected one of {', '.join(FORMATS)})")


# --- CSV ---------------------------------------------------------------------

def decode_bytes(path: Path, data: bytes, encoding: str = "auto") -> tuple[str, str]:
    """(text, encoding used). ``auto`` tries UTF-8 (with or without BOM), then cp1252.

    cp1252 is what Excel on Windows writes for "CSV" in the Nordics; it decodes
    almost any byte, so it is tried only after UTF-8 fails, and bytes cp1252
    leaves undefined mean the file is in neither.
    """
    candidates = ["utf-8-sig", "cp1252"] if encoding == "auto" else [encoding]
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
        except LookupError:
            raise ReaderError(f"{path.name}: unknown encoding {enc!r} in the mapping") from None
    if encoding == "auto":
        raise ReaderError(f"{path.name}: unknown encoding: the file is neither UTF-8 nor cp1252 (Windows Latin-1); "
                          "save it as UTF-8, or set [input] encoding in the mapping")
    raise ReaderError(f"{path.name}: unknown encoding: the file is not {encoding} as the mapping says")


def _sniff_delimiter(path: Path, sample: str) -> str:
    lines = [ln for ln in sample.splitlines() if ln.strip()][:20]
    if not lines:
        raise ReaderError(f"{path.name}: the file is empty")
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # Sniffer gives up on one-column or irregular files: take the most frequent candidate in the header.
        counts = {d: lines[0].count(d) for d in _DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _read_csv(path: Path, delimiter: str, encoding: str, header_row: int, header_rows: int) -> Table:
    text, used = decode_bytes(path, path.read_bytes(), encoding)
    if delimiter == "auto":
        delimiter = _sniff_delimiter(path, text[:20000])
    elif delimiter in ("\\t", "tab"):
        delimiter = "\t"
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    # csv.reader numbers records, not lines; files with quoted line breaks are rare in exports,
    # and a record's position is what a spreadsheet shows, so records are numbered 1.. like rows.
    return _tabulate(path, [(n, list(r)) for n, r in enumerate(records, start=1)], header_row, header_rows,
                     notes=[f"encoding {used}", f"delimiter {delimiter!r}"])


# --- XLSX --------------------------------------------------------------------

def _merged_ranges(path: Path, worksheet_path: str) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range, read from the sheet's XML.

    openpyxl's read-only mode streams cells and does not expose merged cells,
    so the ``<mergeCell ref=...>`` elements are read directly (they sit after
    the data; iterparse streams past it without building the tree).
    """
    from openpyxl.utils.cell import range_boundaries

    out = []
    with zipfile.ZipFile(path) as zf, zf.open(worksheet_path) as fh:
        for _event, elem in iterparse(fh):
            if elem.tag.endswith("}mergeCell") and elem.get("ref"):
                out.append(range_boundaries(elem.get("ref")))
            elem.clear()
    return out


def _read_xlsx(path: Path, header_row: int, header_rows: int, sheet: str | None) -> Table:
    try:
        import openpyxl
    except ImportError:
        raise ReaderError("reading .xlsx needs openpyxl: pip install openpyxl") from None
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ReaderError(f"{path.name}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        if sheet:
            if sheet not in wb.sheetnames:
                raise ReaderError(f"{path.name}: no sheet named {sheet!r} (sheets: {', '.join(wb.sheetnames)})")
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        rows = [(n, list(r)) for n, r in enumerate(ws.iter_rows(values_only=True), start=1)]
        merges = _merged_ranges(path, ws._worksheet_path) if hasattr(ws, "_worksheet_path") else []
    finally:
        wb.close()
    by_row = dict(rows)
    for min_col, min_row, max_col, max_row in merges:
        top = by_row.get(min_row)
        value = top[min_col - 1] if top and len(top) >= min_col else None
        for r in range(min_row, max_row + 1):
            cells = by_row.get(r)
            if cells is None:
                continue
            cells.extend([None] * (max_col - len(cells)))
            for c in range(min_col, max_col + 1):
                cells[c - 1] = value
    return _tabulate(path, rows, header_row, header_rows, notes=[f"sheet {ws.title!r}"])


# --- JSON --------------------------------------------------------------------

def _read_json(path: Path, encoding: str) -> Table:
    text, _ = decode_bytes(path, path.read_bytes(), encoding)
    stripped = text.lstrip()
    objects: list[tuple[int, Any]] = []
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReaderError(f"{path.name}: not valid JSON (line {exc.lineno}, column {exc.colno})") from None
        objects = list(enumerate(data, start=1))
    else:  # JSON lines
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                objects.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise ReaderError(f"{path.name}: line {n} is not valid JSON (column {exc.colno})") from None
    headers: list[str] = []
    for n, obj in objects:
        if not isinstance(obj, dict):
            raise ReaderError(f"{path.name}: row {n} is not a JSON object")
        headers.extend(k for k in obj if k not in headers)
    rows = [(n, [obj.get(h) for h in headers]) for n, obj in objects]
    return Table(path, headers, 0, iter(rows), total=len(rows), notes=["json"])


# --- shared ------------------------------------------------------------------

def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _tabulate(path: Path, rows: list[tuple[int, list[Any]]], header_row: int, header_rows: int,
              notes: list[str]) -> Table:
    """Split header and data rows; drop empty rows (trailing ones from Excel above all)."""
    if header_row < 1 or header_rows < 1 or header_rows > header_row:
        raise ReaderError(f"{path.name}: header_row must be >= 1 and >= header_rows")
    if len(rows) < header_row:
        raise ReaderError(f"{path.name}: the file has {len(rows)} row(s); the header is expected on row {header_row}")
    levels = [rows[i][1] for i in range(header_row - header_rows, header_row)]
    width = max(len(r) for r in levels)
    headers = []
    for c in range(width):
        parts: list[str] = []
        for level in levels:
            cell = level[c] if c < len(level) else None
            text = "" if cell is None else " ".join(str(cell).split())
            if text and text not in parts:
                parts.append(text)
        headers.append(" ".join(parts))
    if not any(headers):
        raise ReaderError(f"{path.name}: row {header_row} (the header row) is empty")
    data = [(n, (cells + [None] * (width - len(cells)))[:width]) for n, cells in rows[header_row:]
            if not all(is_blank(c) for c in cells)]
    return Table(path, headers, header_row, iter(data), total=len(data), notes=notes)
