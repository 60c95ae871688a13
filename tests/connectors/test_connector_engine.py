"""The engine and runner: grouping, rejects with row and column, confidentiality, re-runs, half-sent files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from connectors.engine import Engine, InputError
from connectors.mapping import load_mapping
from connectors.runner import EXIT_OK, EXIT_REJECTS, EXIT_SEND_FAILED, run_file
from connectors.state import SentState, rejects_path

SAMPLES = Path(__file__).parent / "samples"


class CollectingSink:
    """A real in-memory sink (not a mock): keeps what it receives; can be told to break on batch n."""

    def __init__(self, fail_on_batch: int | None = None):
        self.batches: list[list] = []
        self.fail_on_batch = fail_on_batch

    async def start(self):
        pass

    async def send(self, batch):
        if self.fail_on_batch is not None and len(self.batches) + 1 == self.fail_on_batch:
            raise ConnectionError("broker went away")
        self.batches.append([e.record for e in batch])

    async def stop(self):
        pass

    @property
    def events(self):
        return [e for b in self.batches for e in b]


def copy_sample(tmp_path: Path, name: str) -> Path:
    return Path(shutil.copy(SAMPLES / name, tmp_path / name))


def test_audit_rows_group_into_one_event_per_audit(tmp_path):
    plan = Engine(load_mapping("region-audit-followup")).plan(copy_sample(tmp_path, "region-uppfoljning-2024.csv"))
    assert not plan.rejects and plan.rows_read == 4
    audits = {e.record["audit_id"]: e for e in plan.to_send}
    first = audits["REV-2024-001"].record
    assert [f["severity"] for f in first["findings"]] == ["major", "critical", "minor"]
    assert [f["area"] for f in first["findings"]] == ["labour_rights", "labour_rights", "environment"]
    assert [f["status"] for f in first["findings"]] == ["open", "open", "closed"]
    assert first["supplier"] == {"record_id": "10234", "name": "Medigloves Sdn Bhd", "country": "MY"}
    assert first["site"]["country"] == "MY" and first["audit_type"] == "site"
    assert audits["REV-2024-001"].country == "MY" and audits["REV-2024-002"].country == "SE"
    second = audits["REV-2024-002"].record
    assert second["audit_type"] == "office" and str(second["audit_date"]) == "2024-03-05"
    assert str(second["findings"][0]["cap_due_date"]) == "2024-06-01"   # "1 juni 2024"


@pytest.mark.parametrize("mapping, sample, countries", [
    ("adda-suppliers", "adda-leverantorer-cp1252.csv", {"1001": "SE", "12345": "SE", "2001": "SE", "3001": "SE"}),
    ("sykehusinnkjop-leverandorer", "sykehusinnkjop-leverandorer.csv", {"50012": "NO", "50013": "NO", "51000": "NO"}),
    ("hus-toimittajat", "hus-toimittajat.jsonl", {"7001": "FI", "7002": "FI", "7003": "FI"}),
])
def test_supplier_exports(tmp_path, mapping, sample, countries):
    plan = Engine(load_mapping(mapping)).plan(copy_sample(tmp_path, sample))
    assert not plan.rejects
    assert {e.record["record_id"]: e.country for e in plan.to_send} == countries
    for e in plan.to_send:
        assert e.record["identifiers"], e.record["record_id"]


def test_event_ids_are_deterministic_and_content_derived(tmp_path):
    path = copy_sample(tmp_path, "adda-leverantorer-cp1252.csv")
    engine = Engine(load_mapping("adda-suppliers"))
    a = {e.key: e.event_id for e in engine.plan(path).to_send}
    b = {e.key: e.event_id for e in engine.plan(path).to_send}
    assert a == b and len(set(a.values())) == 4
    path.write_bytes(path.read_bytes().replace(b"Storgatan 1", b"Storgatan 9"))
    c = {e.key: e.event_id for e in engine.plan(path).to_send}
    assert [k for k in a if a[k] != c[k]] == ["SupplierRecord:1001"]


def test_bad_rows_are_reported_with_row_and_column(tmp_path):
    path = copy_sample(tmp_path, "bad-date.csv")
    plan = Engine(load_mapping("region-audit-followup")).plan(path)
    assert [e.record["audit_id"] for e in plan.to_send] == ["REV-9"]
    assert plan.rejected_records == 2
    assert [(r.row, r.column) for r in plan.rejects] == [(3, "Revisionsdatum"), (4, "Område")]
    assert "not a date" in plan.rejects[0].reason


def test_missing_required_column_names_file_row_and_column(tmp_path):
    with pytest.raises(InputError) as err:
        Engine(load_mapping("region-audit-followup")).plan(copy_sample(tmp_path, "missing-column.csv"))
    msg = str(err.value)
    assert "missing-column.csv" in msg and "row 1" in msg and "'Allvarlighetsgrad'" in msg


def test_confidential_text_never_reaches_report_or_summary(tmp_path):
    """Two rows of one audit disagree on a column marked confidential: the report says (withheld)."""
    mapping = load_mapping("region-audit-followup")
    from dataclasses import replace

    fields = tuple(replace(f, confidential=True) if f.target == "audit_firm" else f for f in mapping.fields)
    engine = Engine(replace(mapping, fields=fields))
    path = tmp_path / "audit.csv"
    path.write_text(
        "Revisions-ID;Revisionsdatum;Revisionsbyrå;Leverantör;Land;Område;Krav;Allvarlighetsgrad;"
        "Beskrivning av avvikelse;Status\n"
        "R-1;2024-03-05;Hemlig Byrå Ett;Test AB;SE;Miljö;1.1;Mindre;SECRET-INTERVIEW-1;Öppen\n"
        "R-1;2024-03-05;Hemlig Byrå Två;Test AB;SE;Miljö;1.2;Mindre;SECRET-INTERVIEW-2;Öppen\n"
        "R-2;2024-03-05;;Test AB;SE;Miljö;1.2;okänd grad;SECRET-INTERVIEW-3;Öppen\n", encoding="utf-8")
    result = _run(engine, path, tmp_path, CollectingSink())
    report = rejects_path(path).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(report.splitlines()))
    assert rows[0] == {"row": "3", "column": "Revisionsbyrå", "value": "(withheld)",
                       "reason": "differs from row 2 of the same audit (audit columns must agree)"}
    assert rows[1]["column"] == "Allvarlighetsgrad" and rows[1]["value"] == "okänd grad"
    text = report + "\n".join(result.summary_lines())
    assert "SECRET" not in text and "Hemlig" not in text
    assert result.exit_code == EXIT_REJECTS and result.sent == 0


def _run(engine, path, tmp_path, sink, **kw):
    import asyncio

    state = SentState.for_mapping(tmp_path / "hub-data", engine.mapping.name)
    return asyncio.run(run_file(engine, path, state, sink, **kw))


def test_rerun_sends_nothing_and_a_corrected_file_only_the_change(tmp_path):
    engine = Engine(load_mapping("adda-suppliers"))
    path = copy_sample(tmp_path, "adda-leverantorer-cp1252.csv")
    sink = CollectingSink()
    first = _run(engine, path, tmp_path, sink)
    assert (first.sent, len(first.plan.unchanged), first.exit_code) == (4, 0, EXIT_OK)
    assert (tmp_path / "hub-data" / "connectors" / "adda-suppliers.sent.json").is_file()
    again = _run(engine, path, tmp_path, sink)
    assert (again.sent, len(again.plan.unchanged)) == (0, 4)
    path.write_bytes(path.read_bytes().replace("Göteborg".encode("cp1252"), "Mölndal".encode("cp1252")))
    fixed = _run(engine, path, tmp_path, sink)
    assert (fixed.sent, len(fixed.plan.unchanged)) == (1, 3)
    assert sink.events[-1]["city"] == "Mölndal" and len(sink.events) == 5


def test_dry_run_sends_nothing_and_keeps_no_state(tmp_path):
    engine = Engine(load_mapping("hus-toimittajat"))
    path = copy_sample(tmp_path, "hus-toimittajat.jsonl")
    result = _run(engine, path, tmp_path, None, dry_run=True)
    assert result.sent == 0 and len(result.plan.to_send) == 3
    assert "nothing was sent" in "\n".join(result.summary_lines())
    assert not (tmp_path / "hub-data" / "connectors").exists()


def test_failure_midway_says_what_went_out_and_rerun_is_safe(tmp_path):
    engine = Engine(load_mapping("adda-suppliers"))
    path = copy_sample(tmp_path, "adda-leverantorer-cp1252.csv")
    broken = CollectingSink(fail_on_batch=2)
    result = _run(engine, path, tmp_path, broken, batch_size=3)
    assert result.exit_code == EXIT_SEND_FAILED and result.sent == 3
    summary = "\n".join(result.summary_lines())
    assert "SENDING FAILED after 3 of 4" in summary and "re-running the same file is safe" in summary
    healthy = CollectingSink()
    rerun = _run(engine, path, tmp_path, healthy, batch_size=3)
    assert rerun.sent == 1 and len(rerun.plan.unchanged) == 3 and rerun.exit_code == EXIT_OK
    assert healthy.events[0]["record_id"] not in {e["record_id"] for e in broken.events}
