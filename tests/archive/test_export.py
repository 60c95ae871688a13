"""``hub archive export``: one partner's entries with the proof; everyone else's only as digests."""

from __future__ import annotations

import base64
import io
import json
from datetime import datetime, timezone

import fastavro
import pytest

from archive_helpers import record
from hub.archive.entry import Incoming
from hub.archive.export import export, verify_export
from hub.archive.writer import ArchiveWriter
from hub.cli.main import main
from hub.contracts.wire import frame
from hub.registry.log import encode
from hub.registry.store import SchemaRecord
from hub.settings import ArchiveSettings

SCHEMA = {"type": "record", "name": "Note", "namespace": "t",
          "fields": [{"name": "partner", "type": "string"}, {"name": "text", "type": "string"}]}
DAY = 86_400_000
T0 = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)


def enveloped(i: int, partner: str, text: str, timestamp: int) -> Incoming:
    """A record with no ce_source header: its partner is only in the Avro envelope."""
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, fastavro.parse_schema(SCHEMA), {"partner": partner, "text": text})
    return Incoming("hub.risk-analyses.v1", 0, i, timestamp, None, frame(7, buf.getvalue()), ())


@pytest.fixture
def archive(tmp_path, key):
    """Jan 1: skane, hus, skane; Jan 2: hus (envelope only), skane (envelope only); Jan 5: skane."""
    k, v = encode(SchemaRecord("hub.risk-analyses.v1-value", 1, 7, json.dumps(SCHEMA), False))
    with ArchiveWriter(tmp_path, ArchiveSettings(checkpoint_every=3, codec="null"), key) as w:
        w.append([Incoming("_schemas", 0, 0, T0, k, v, ())])
        w.append([record(1, partner="region-skane", timestamp=T0 + 1),
                  record(2, partner="hus", timestamp=T0 + 2),
                  record(3, partner="region-skane", timestamp=T0 + 3)])
        w.append([enveloped(10, "hus", "secret finding at the hus site", T0 + DAY),
                  enveloped(11, "region-skane", "skane's own finding", T0 + DAY + 1)])
        w.append([record(4, partner="region-skane", timestamp=T0 + 4 * DAY)])
    return tmp_path


def when(day: int, end: bool = False) -> datetime:
    return datetime.fromtimestamp((T0 + day * DAY + (DAY - 1 if end else 0)) / 1000, tz=timezone.utc)


def test_a_partners_entries_are_complete_and_proven(archive):
    doc = export(archive, "region-skane", when(0), when(1, end=True))
    assert [e["seq"] for e in doc["entries"]] == [1, 3, 5]
    assert doc["entries"][2]["event"] == {"partner": "region-skane", "text": "skane's own finding"}
    assert doc["chain"]["first_seq"] == 1 and doc["chain"]["last_seq"] >= 5
    assert doc["unproven"] == []
    assert verify_export(doc) == []


def test_other_partners_appear_only_as_digests(archive):
    text = json.dumps(export(archive, "region-skane", when(0), when(4, end=True)))
    assert "secret finding" not in text and base64.b64encode(b"secret finding").decode()[:12] not in text
    assert "/partners/hus" not in text and base64.b64encode(b"/partners/hus").decode() not in text


def test_the_date_range_is_on_the_record_timestamp(archive):
    assert [e["seq"] for e in export(archive, "region-skane", when(4), when(4, end=True))["entries"]] == [6]
    assert export(archive, "region-skane", when(10), when(11))["entries"] == []


def test_an_altered_export_fails(archive):
    doc = export(archive, "region-skane", when(0), when(1, end=True))
    value = bytearray(base64.b64decode(doc["entries"][0]["value"]))
    value[-1] ^= 1
    doc["entries"][0]["value"] = base64.b64encode(bytes(value)).decode()
    assert any("altered" in p for p in verify_export(doc))

    doc = export(archive, "region-skane", when(0), when(1, end=True))
    doc["chain"]["digests"][1] = "00" * 32  # someone else's digest, swapped
    assert any("does not reach its signed head" in p for p in verify_export(doc))


def test_entries_after_the_last_checkpoint_are_listed_as_unproven(archive, key):
    with ArchiveWriter(archive, ArchiveSettings(codec="null"), None) as w:  # an unsigned run: no checkpoint
        w.append([record(20, partner="region-skane", timestamp=T0 + 5 * DAY)])
    doc = export(archive, "region-skane", when(4), when(5, end=True))
    assert doc["unproven"] == [7]
    assert any("not covered by a valid checkpoint" in p for p in verify_export(doc))


def test_export_and_verify_from_the_command_line(archive, tmp_path_factory, capsys):
    out = tmp_path_factory.mktemp("export") / "skane.json"
    assert main(["archive", "export", "--dir", str(archive), "--partner", "region-skane",
                 "--from", "2026-01-01", "--to", "2026-01-02", "-o", str(out)]) == 0
    assert "exported 3 entries of region-skane" in capsys.readouterr().err
    assert main(["archive", "verify", str(out)]) == 0
    assert "all 3 entries of region-skane are proven" in capsys.readouterr().out
    assert main(["archive", "export", "--dir", str(archive), "--partner", "x", "--from", "2026-13-01",
                 "--to", "2026-01-02"]) == 2
    assert "is not a date" in capsys.readouterr().err
