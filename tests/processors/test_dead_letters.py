"""Dead letters read back and re-driven (``hub dlq``).

The unit tests read headers as the worker writes them. The integration
test runs the real worker on the embedded broker and calls ``hub dlq`` as
an operator would: one event was rejected by a processor bug since fixed
(re-driven, it is merged), one breaks the rules (re-driven, it fails again
and says so).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from events import supplier_record
from hub.kafka import topics as t
from hub.kafka.dead_letters import Selection, error_headers, failed_again, parse, redrive_headers
from waiting import wait_for

CE = [("ce_id", b"0b8e5a53-8f0e-4a1c-9a52-3b7d0f5fd2aa"), ("ce_source", b"/partners/region-kalmar")]


def letter(offset, stage="validate", topic=t.SUPPLIER_RECORDS, extra=()):
    headers = CE + list(extra) + error_headers(topic, 1, 57, stage, "ValidationError", "partner: unknown partner")
    return parse(0, offset, 1_765_000_000_000, b"SE", b"\x00avro", headers)


def test_a_dead_letter_reads_as_where_it_came_from_and_why():
    x = letter(3)
    assert (x.ref, x.topic, x.origin_partition, x.origin_offset) == ("hub.dlq.v1/0/3", t.SUPPLIER_RECORDS, 1, 57)
    assert (x.stage, x.error_class, x.message) == ("validate", "ValidationError", "partner: unknown partner")
    assert (x.partner, x.event_id, x.redriven_from) == ("region-kalmar", CE[0][1].decode(), None)
    assert x.headers == tuple(CE)  # the original's headers, the error headers taken off
    assert "avro" not in json.dumps(x.as_dict()) and x.as_dict()["value_bytes"] == 5


def test_a_record_without_error_headers_still_parses_and_is_never_re_driven():
    x = parse(0, 0, 0, None, b"x", [("ce_id", b"1")])
    assert x.topic == "" and x.stage == "" and x.origin_offset is None


def test_selection_needs_every_criterion():
    x = letter(5)
    assert Selection()(x) and Selection(stage="validate", error="validation", partner="region-kalmar")(x)
    assert not Selection(stage="process")(x) and not Selection(topic=t.AUDIT_OUTCOMES)(x)
    assert Selection(from_offset=5, to_offset=5)(x) and not Selection(from_offset=6)(x)


def test_a_re_driven_record_names_its_dead_letter_once_and_is_no_forwarded_copy():
    x = letter(4, extra=[(t.FORWARDED_HEADER, b"0@12"), (t.REDRIVEN_HEADER, b"hub.dlq.v1/0/1")])
    assert redrive_headers(x) == CE + [(t.REDRIVEN_HEADER, b"hub.dlq.v1/0/4")]
    again = letter(9, extra=[(t.REDRIVEN_HEADER, b"hub.dlq.v1/0/4")])
    assert failed_again([x, again]) == {"hub.dlq.v1/0/4": "hub.dlq.v1/0/9", "hub.dlq.v1/0/1": "hub.dlq.v1/0/4"}


def test_no_broker_is_one_line_not_a_traceback(monkeypatch, capsys, tmp_path):
    from hub.cli.main import main

    monkeypatch.setenv("HUB_KAFKA_BOOTSTRAP", "127.0.0.1:1")  # nothing listens on port 1
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path))
    assert main(["dlq", "list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hub: error: Kafka: ") and "Traceback" not in err and err.count("\n") == 1


# -- on the embedded broker ------------------------------------------------------------------------


def _hub(sandbox, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hub", "dlq", *argv], env=sandbox.env(), capture_output=True,
                          text=True, timeout=120)


def _letters(sandbox) -> list[dict]:
    out = _hub(sandbox, "list", "--json")
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


@pytest.mark.integration
def test_an_operator_re_drives_what_a_fixed_bug_rejected_and_sees_what_fails_again(sandbox):
    sandbox.start_worker()
    stranger = supplier_record("acme-procurement", "X-1", "Secret Supplier AB", "SE")
    sandbox.publish(t.SUPPLIER_RECORDS, "SupplierRecord", [stranger], key_of=lambda r: b"SE")
    # What a worker with a since-fixed bug did with a valid record: the record, as sent, on the DLQ.
    valid = supplier_record("region-kalmar", "K-7", "Sentosa Glove Industries Sdn Bhd", "MY", city="Klang")
    serde = sandbox.serde()
    headers = [("ce_id", valid["event_id"].encode()), ("ce_source", b"/partners/region-kalmar")]
    sandbox.produce(t.DLQ, [(b"MY", serde.encode(t.SUPPLIER_RECORDS, valid),
                             headers + error_headers(t.SUPPLIER_RECORDS, 0, 0, "process", "KeyError", "bug"))])
    sandbox.wait_caught_up(timeout_s=90)
    letters = wait_for(lambda: len(_letters(sandbox)) == 2 and _letters(sandbox), 30, "two dead letters")
    rejected, bug = sorted(letters, key=lambda x: x["stage"], reverse=True)
    assert (rejected["stage"], rejected["topic"], rejected["partner"]) == ("validate", t.SUPPLIER_RECORDS, "acme-procurement")
    assert (bug["stage"], bug["partner"], bug["event_id"]) == ("process", "region-kalmar", valid["event_id"])
    shown = _hub(sandbox, "list")
    assert "2 dead letter(s) of 2 (by stage: process 1, validate 1)" in shown.stdout
    assert "Secret Supplier" not in shown.stdout  # messages name paths, never values

    refused = _hub(sandbox, "redrive")
    assert refused.returncode == 2 and "--all" in refused.stderr
    assert "would re-drive" in _hub(sandbox, "redrive", "--stage", "process", "--dry-run").stdout

    done = _hub(sandbox, "redrive", "--stage", "process")
    assert done.returncode == 0 and "re-drove 1 dead letter(s): hub.supplier-records.v1 1" in done.stdout, done
    sandbox.wait_caught_up(timeout_s=90)
    merged = wait_for(lambda: [r.value for r in sandbox.read_all(t.SUPPLIERS)
                                if r.value["canonical_name"].startswith("Sentosa")], 60, "the re-driven supplier")
    assert merged[0]["buyers"] == ["region-kalmar"]

    assert _hub(sandbox, "redrive", "--stage", "validate").returncode == 0
    sandbox.wait_caught_up(timeout_s=90)
    letters = wait_for(lambda: len(_letters(sandbox)) == 3 and _letters(sandbox), 30, "the repeat failure")
    repeat = letters[-1]
    assert repeat["redriven_from"] == rejected["ref"] and repeat["stage"] == "validate"
    assert [x["failed_again_as"] for x in letters if x["ref"] == rejected["ref"]] == [repeat["ref"]]
    again = _hub(sandbox, "redrive", "--stage", "validate", "--dry-run").stdout
    assert f"would re-drive {repeat['ref']}" in again and "skipped 1 already re-driven" in again
