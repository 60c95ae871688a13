"""``hub archive verify``: a flipped byte, a removed event or file, a cut tail, a forged checkpoint."""

from __future__ import annotations

import json

import fastavro

from archive_helpers import build, first_sync_marker
from hub.archive.files import list_files
from hub.cli.main import main


def verify_cli(capsys, *args) -> tuple[int, str]:
    code = main(["archive", "verify", *map(str, args)])
    return code, capsys.readouterr().out


def rewrite_without(path, index: int) -> None:
    """What someone deleting one event from a file does: the same file, minus one record."""
    with open(path, "rb") as fo:
        reader = fastavro.reader(fo)
        schema, records = reader.writer_schema, list(reader)
    del records[index]
    with open(path, "wb") as fo:
        fastavro.writer(fo, schema, records, codec="null")


def test_an_intact_archive_passes(tmp_path, small_files, key, capsys):
    build(tmp_path, small_files, key, 25)
    code, out = verify_cli(capsys, tmp_path)
    assert code == 0
    assert "chain intact" in out and "signed up to seq 24" in out


def test_one_flipped_byte_is_named_by_file_entry_seq_and_position(tmp_path, small_files, key, capsys):
    build(tmp_path, small_files, key, 25)
    f = list_files(tmp_path)[1]
    data = bytearray(f.read_bytes())
    data[data.find(b"finding ") + 8] ^= 0x01  # inside the first entry's value
    f.write_bytes(bytes(data))
    code, out = verify_cli(capsys, tmp_path)
    first_seq = int(f.name[8:20])
    assert code == 1
    line = next(line for line in out.splitlines() if line.startswith("BROKEN"))
    assert f.name in line and "entry #0" in line and f"seq {first_seq}" in line
    assert "hub.audit-outcomes.v1[" in line and "altered" in line
    assert f"intact: seq 0..{first_seq - 1}" in out
    code, out = verify_cli(capsys, tmp_path, "--json")
    problem = json.loads(out)["first_problem"]
    assert (problem["file"], problem["index"], problem["seq"]) == (f.name, 0, first_seq)


def test_a_flipped_byte_in_the_framing_is_found(tmp_path, small_files, key, capsys):
    build(tmp_path, small_files, key, 25)
    f = list_files(tmp_path)[0]
    data = bytearray(f.read_bytes())
    sync = first_sync_marker(f)
    data[data.find(sync, data.find(sync) + 16)] ^= 0xFF
    f.write_bytes(bytes(data))
    code, out = verify_cli(capsys, tmp_path)
    assert code == 1 and f"BROKEN at {f.name} byte" in out and "block does not" in out


def test_a_removed_event_is_named(tmp_path, small_files, key, capsys):
    build(tmp_path, small_files, key, 25)
    f = list_files(tmp_path)[0]
    rewrite_without(f, 2)
    code, out = verify_cli(capsys, tmp_path)
    assert code == 1
    assert f"BROKEN at {f.name} entry #2 (seq 3" in out and "entry 2 is missing" in out
    assert "intact: seq 0..1" in out


def test_a_removed_file_is_named(tmp_path, small_files, key, capsys):
    build(tmp_path, small_files, key, 25)
    files = list_files(tmp_path)
    files[1].unlink()
    code, out = verify_cli(capsys, tmp_path)
    assert code == 1
    assert f"BROKEN at {files[2].name} entry #0" in out and "are missing" in out


def test_events_cut_off_the_end_are_caught_by_a_checkpoint(tmp_path, small_files, key, capsys):
    build(tmp_path, small_files, key, 25)
    last = list_files(tmp_path)[-1]
    with open(last, "rb") as fo:
        n = sum(1 for _ in fastavro.reader(fo))
    rewrite_without(last, n - 1)
    code, out = verify_cli(capsys, tmp_path)
    assert code == 1 and "signed at seq 24" in out and "entries 24..24 were removed" in out


def test_a_forged_checkpoint_and_an_untrusted_key_fail(tmp_path, small_files, key, capsys):
    from joserfc.jwk import ECKey

    build(tmp_path, small_files, key, 25)
    path = tmp_path / "checkpoints.jws"
    lines = path.read_text().splitlines()
    head, payload, sig = lines[0].split(".")
    lines[0] = ".".join((head, payload, ("A" if sig[0] != "A" else "B") + sig[1:]))
    path.write_text("\n".join(lines) + "\n")
    code, out = verify_cli(capsys, tmp_path)
    assert code == 1 and "line 1: signature does not verify" in out

    other = tmp_path.parent / "other.jwk.json"
    other.write_text(json.dumps({**ECKey.generate_key("P-256").as_dict(private=False), "kid": "other"}))
    code, out = verify_cli(capsys, tmp_path, "--jwks", other)
    assert code == 1 and "signed with unknown key test-key" in out


def test_a_missing_archive_is_one_line(tmp_path, capsys):
    assert main(["archive", "verify", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err.strip() == f"hub: error: no archive at {tmp_path / 'nope'}"
