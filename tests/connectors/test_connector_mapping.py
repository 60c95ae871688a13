"""Mappings are data: the shipped ones load, a wrong one fails naming file and key, a new one needs no code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from connectors.engine import Engine
from connectors.mapping import MAPPINGS_DIR, MappingError, choose_mapping, list_mapping_files, load_mapping

SAMPLES = Path(__file__).parent / "samples"
VOCAB = MAPPINGS_DIR / "vocabulary.toml"


def test_shipped_mappings_load_and_bind():
    names = {p.stem for p in list_mapping_files()}
    assert {"region-audit-followup", "adda-suppliers", "sykehusinnkjop-leverandorer", "hus-toimittajat"} <= names
    for path in list_mapping_files():
        m = load_mapping(path)
        Engine(m)  # vocabulary references resolve
        assert m.files, f"{path.name} has no watch rule"


def test_mapping_by_name_and_watch_rule():
    mappings = [load_mapping(p) for p in list_mapping_files()]
    assert load_mapping("adda-suppliers").record_type == "SupplierRecord"
    assert choose_mapping("region-uppfoljning-2024.csv", mappings).name == "region-audit-followup"
    assert choose_mapping("adda-leverantorer-cp1252.csv", mappings).name == "adda-suppliers"
    assert choose_mapping("hus-toimittajat.jsonl", mappings).name == "hus-toimittajat"
    assert choose_mapping("sykehusinnkjop-leverandorer.csv", mappings).name == "sykehusinnkjop-leverandorer"
    assert choose_mapping("holiday-photos.jpg", mappings) is None


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "partner.toml"
    p.write_text(text, encoding="utf-8")
    return p


BASE = f"""
[connector]
partner = "adda"
record_type = "SupplierRecord"
vocabulary = "{VOCAB}"
[fields.record_id]
columns = ["Nr"]
[fields.name]
columns = ["Namn"]
"""


@pytest.mark.parametrize("change, key", [
    (('partner = "adda"', 'partner = "acme"'), "connector.partner"),
    (('record_type = "SupplierRecord"', 'record_type = "Invoice"'), "connector.record_type"),
    (("[fields.name]", "[fields.colour]"), "fields.colour"),
    (('columns = ["Namn"]', 'columns = []'), "fields.name.columns"),
    (('[fields.name]\ncolumns = ["Namn"]', '[fields.name]\ncolumns = ["Namn"]\nvocabulary = "no_such_table"'),
     "fields.name.vocabulary"),
    (('[fields.name]\ncolumns = ["Namn"]', '[fields.country]\ncolumns = ["Land"]'), "fields.name"),
    (("[connector]", "[connector]\ncolour = 1"), "connector.colour"),
])
def test_wrong_mapping_names_file_and_key(tmp_path, change, key):
    path = _write(tmp_path, BASE.replace(*change))
    with pytest.raises(MappingError) as err:
        Engine(load_mapping(path))
    assert err.value.key == key
    assert "partner.toml" in str(err.value) and key in str(err.value)


def test_toml_syntax_error_names_file(tmp_path):
    path = _write(tmp_path, BASE + "\n[fields.city\n")
    with pytest.raises(MappingError, match="partner.toml.*not valid TOML"):
        load_mapping(path)


def test_new_partner_format_needs_only_a_mapping_file(tmp_path):
    """A Finnish audit sheet: a mapping written here, no code; Finnish dates and words."""
    mapping = tmp_path / "hus-auditoinnit.toml"
    mapping.write_text(f"""
[connector]
partner = "hus"
record_type = "AuditOutcome"
vocabulary = "{VOCAB}"
files = ["*auditoin*"]
[input]
date_formats = ["%d.%m.%Y"]
[defaults]
confidentiality = "participants"
participating_partners = ["hus"]
audit_type = "office"
[fields.audit_id]
columns = ["Auditointi"]
[fields.audit_date]
columns = ["Päivämäärä"]
[fields."supplier.name"]
columns = ["Toimittaja"]
[fields."findings.area"]
columns = ["Alue"]
[fields."findings.clause"]
columns = ["Kohta"]
[fields."findings.severity"]
columns = ["Vakavuus"]
[fields."findings.description"]
columns = ["Kuvaus"]
[fields."findings.status"]
columns = ["Tila"]
[[identifiers]]
columns = ["Y-tunnus"]
scheme = "FI-PRO"
""", encoding="utf-8")
    data = tmp_path / "hus-auditoinnit.csv"
    data.write_text("Auditointi;Päivämäärä;Toimittaja;Y-tunnus;Alue;Kohta;Vakavuus;Kuvaus;Tila\n"
                    "HUS-A-3;5.3.2024;Lääketarvike Oy;2077474-0;Ympäristö;5.1;Lievä;luottamuksellinen;Poikkeama\n"
                    "HUS-A-3;5.3.2024;Lääketarvike Oy;2077474-0;Korruption vastaisuus;6.1;Vakava;luottamuksellinen;"
                    "Suljettu\n", encoding="utf-8")
    plan = Engine(load_mapping(mapping)).plan(data, {})
    assert not plan.rejects
    [event] = plan.to_send
    rec = event.record
    assert rec["audit_date"] == dt.date(2024, 3, 5)
    assert rec["supplier"]["country"] == "FI"  # from the Y-tunnus
    assert rec["supplier"]["identifiers"] == [{"scheme": "FI-PRO", "id": "2077474-0"}]
    assert [(f["area"], f["severity"], f["status"]) for f in rec["findings"]] == [
        ("environment", "minor", "open"), ("anti_corruption", "major", "closed")]
