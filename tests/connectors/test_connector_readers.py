"""Readers and value parsers: encodings, delimiters, merged headers, numbers, dates, identifiers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from connectors.engine import Engine
from connectors.mapping import load_mapping
from connectors.readers import ReaderError, read_table
from connectors.values import ValueProblem, Vocabulary, parse_date, parse_identifier, parse_integer, written_form

SAMPLES = Path(__file__).parent / "samples"


def test_utf8_bom_csv_header_has_no_bom():
    table = read_table(SAMPLES / "region-uppfoljning-2024.csv")
    assert table.headers[0] == "Revisions-ID"
    assert "Åtgärdas senast" in table.headers
    assert "encoding utf-8-sig" in table.notes and "delimiter ';'" in table.notes


def test_cp1252_csv_with_swedish_letters():
    table = read_table(SAMPLES / "adda-leverantorer-cp1252.csv")
    assert table.headers[:2] == ["Leverantörsnummer", "Leverantörsnamn"]
    rows = list(table.rows)
    assert rows[1][1][1] == "Sjukvårdsprodukter i Malmö AB"
    assert "encoding cp1252" in table.notes


def test_unknown_encoding_is_named():
    with pytest.raises(ReaderError, match=r"unknown-encoding.csv: unknown encoding"):
        read_table(SAMPLES / "unknown-encoding.csv")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path, delimiter):
    p = tmp_path / "x.csv"
    p.write_text(delimiter.join(["Nr", "Namn", "Ort"]) + "\n" + delimiter.join(["1", "A, B AB", "Lund"]) + "\n")
    if delimiter == ",":
        p.write_text('Nr,Namn,Ort\n1,"A, B AB",Lund\n')
    table = read_table(p)
    assert table.headers == ["Nr", "Namn", "Ort"]
    assert list(table.rows) == [(2, ["1", "A, B AB", "Lund"])]


def test_json_array_and_lines(tmp_path):
    arr = tmp_path / "a.json"
    arr.write_text('[{"Nr": 1, "Namn": "A"}, {"Nr": 2, "Ort": "Oslo"}]')
    t = read_table(arr)
    assert t.headers == ["Nr", "Namn", "Ort"]
    assert list(t.rows) == [(1, [1, "A", None]), (2, [2, None, "Oslo"])]
    lines = read_table(SAMPLES / "hus-toimittajat.jsonl")
    assert [n for n, _ in lines.rows] == [1, 2, 4]  # the blank line 3 is skipped, numbering kept


def make_merged_xlsx(path: Path) -> Path:
    """A region's sheet as people make them: a title row, a two-level header with merged cells,
    Swedish dates as text and as date cells, and empty rows at the end."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Uppföljning"
    ws.append(["Uppföljning av revisioner 2024"])            # row 1: a title, not the header
    ws.append(["Revisions-ID", "Revisionsdatum", "Leverantör", None, "Land", "Område", "Krav",
               "Allvarlighetsgrad", "Beskrivning av avvikelse"])  # row 2: group headings
    ws.append([None, None, "Namn", "Organisationsnummer", None, None, None, None, None])  # row 3: sub-headings
    ws.merge_cells("A2:A3")   # vertical merges: the value applies to the range
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:D2")   # "Leverantör" over Namn and Organisationsnummer
    for col in "EFGHI":
        ws.merge_cells(f"{col}2:{col}3")
    ws.append(["REV-X-1", dt.datetime(2024, 3, 5), "Kirurgiska Instrument AB", "556677 - 8899", "SE",
               "Miljö", "5.1", "Mindre", "konfidentiellt"])
    ws.append(["REV-X-1", dt.datetime(2024, 3, 5), "Kirurgiska Instrument AB", "SE556677889901", "SE",
               "Antikorruption", "6.2", "Nolltolerans", "konfidentiellt"])
    ws.append(["REV-X-2", "5 mars 2024", "Åkerö Medicinteknik AB", 5560125790, "Sverige",
               "Mänskliga rättigheter", "1.1", "Större", "konfidentiellt"])
    for _ in range(5):
        ws.append([None] * 9)
    ws["A12"] = "   "   # a "blank" cell far below: still an empty row
    wb.save(path)
    return path


def test_xlsx_merged_headers_and_trailing_empty_rows(tmp_path):
    path = make_merged_xlsx(tmp_path / "region-uppfoljning.xlsx")
    table = read_table(path, header_row=3, header_rows=2)
    assert table.headers[:5] == ["Revisions-ID", "Revisionsdatum", "Leverantör Namn",
                                 "Leverantör Organisationsnummer", "Land"]
    rows = list(table.rows)
    assert [n for n, _ in rows] == [4, 5, 6]   # trailing empty rows skipped

    mapping = load_mapping("region-audit-followup")
    from dataclasses import replace

    engine = Engine(replace(mapping, header_row=3, header_rows=2))
    plan = engine.plan(path, {})
    assert not plan.rejects, plan.rejects
    by_id = {e.record["audit_id"]: e.record for e in plan.to_send}
    assert by_id["REV-X-1"]["supplier"]["identifiers"] == [{"scheme": "SE-ON", "id": "556677-8899"}]
    assert {f["severity"] for f in by_id["REV-X-1"]["findings"]} == {"minor", "zero_tolerance"}
    assert by_id["REV-X-2"]["audit_date"] == dt.date(2024, 3, 5)
    assert by_id["REV-X-2"]["supplier"]["identifiers"] == [{"scheme": "SE-ON", "id": "556012-5790"}]


@pytest.mark.parametrize("text, number", [("1234", 1234), ("1 234", 1234), ("1,234", 1234), ("1.234", 1234),
                                          ("1\u00a0234\u00a0567", 1234567), (12345.0, 12345), (" 42 ", 42)])
def test_thousands_separators(text, number):
    assert parse_integer(text) == number


@pytest.mark.parametrize("text", ["1,5", "12 34", "abc", 3.5])
def test_not_whole_numbers(text):
    with pytest.raises(ValueProblem):
        parse_integer(text)


@pytest.mark.parametrize("text, formats", [
    ("2024-03-05", ["%Y-%m-%d"]),
    ("5 mars 2024", ["%Y-%m-%d", "%d %B %Y"]),
    ("5 Mars 2024", ["%d %B %Y"]),
    ("05.03.2024", ["%d.%m.%Y"]),
    ("5.3.2024", ["%d.%m.%Y"]),
    ("5. maaliskuuta 2024", ["%d. %B %Y"]),
])
def test_nordic_dates(text, formats):
    assert parse_date(text, formats, Vocabulary.load().months) == dt.date(2024, 3, 5)


def test_unparsable_date_reason_does_not_quote_the_value():
    with pytest.raises(ValueProblem) as err:
        parse_date("32 marz 2024", ["%Y-%m-%d", "%d %B %Y"], Vocabulary.load().months)
    assert "marz" not in err.value.reason and "YYYY-MM-DD" in err.value.reason


@pytest.mark.parametrize("scheme, raw, key, shown", [
    ("SE-ON", "556012-5790", "SE-ON:5560125790", "556012-5790"),
    ("SE-ON", "556012 5790", "SE-ON:5560125790", "556012-5790"),
    ("VAT", "SE 5560125790 01", "SE-ON:5560125790", "556012-5790"),
    ("NO-BRC", "972 417 920", "NO-BRC:972417920", "972417920"),
    ("VAT", "NO 988077917 MVA", "NO-BRC:988077917", "988077917"),
    ("FI-PRO", "2077474-0", "FI-PRO:20774740", "2077474-0"),
    ("VAT", "FI20774740", "FI-PRO:20774740", "2077474-0"),
])
def test_identifiers_are_normalised_with_hub_core(scheme, raw, key, shown):
    ident = parse_identifier(scheme, raw)
    assert ident.key == key and written_form(ident) == shown


def test_invalid_identifier_is_a_problem():
    with pytest.raises(ValueProblem, match="check digit"):
        parse_identifier("SE-ON", "556012-5791")
