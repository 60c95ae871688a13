"""``hub resolve``: the stream's resolver, offline, over JSON lines."""

import json
import subprocess
import sys


def _run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "hub", "resolve", *args], capture_output=True, text=True, cwd=cwd)


def test_resolve_writes_one_hub_id_per_record(tmp_path):
    rows = [
        {"record_id": "1", "partner": "adda", "name": "Nordic Medtech AB", "country": "SE",
         "identifiers": [{"scheme": "SE-ON", "id": "556012-5790"}], "address": "Storgatan 1",
         "postal_code": "211 42", "city": "Malmö"},
        {"record_id": "77", "partner": "hus", "name": "NORDIC MEDTECH AKTIEBOLAG", "country": "SE",
         "identifiers": [{"scheme": "VAT", "id": "SE556012579001"}], "address": None, "postal_code": None,
         "city": None},
        {"record_id": "9", "partner": "sykehusinnkjop", "name": "Nordic Medtech AS", "country": "NO",
         "identifiers": [{"scheme": "NO-BRC", "id": "972417920"}], "address": None, "postal_code": None,
         "city": "Oslo"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = _run(str(src), "-o", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    result = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    ids = {(r["partner"], r["record_id"]): r["hub_id"] for r in result}
    assert ids[("adda", "1")] == ids[("hus", "77")]           # VAT = organisationsnummer
    assert ids[("sykehusinnkjop", "9")] != ids[("adda", "1")]  # same brand, another country


def test_bad_input_names_the_line_without_a_traceback(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"record_id": "1", "partner": "adda", "name": "X AB", "country": "SE"}\nnot json\n')
    out = _run(str(src), "-o", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert out.returncode == 2
    assert "line 2" in out.stderr and "Traceback" not in out.stderr


def test_a_byte_order_mark_and_windows_line_ends_are_read(tmp_path):
    from hub.core.resolution.batch import read_jsonl

    src = tmp_path / "in.jsonl"
    src.write_bytes("\ufeff".encode() + b'{"record_id": "1", "partner": "adda", "name": "A AB", "country": "SE"}\r\n'
                    b'\r\n{"record_id": "2", "partner": "hus", "name": "A Aktiebolag", "country": "se"}\r\n')
    refs = read_jsonl(src)
    assert [(r.partner, r.record_id, r.country) for r in refs] == [("adda", "1", "SE"), ("hus", "2", "SE")]
