"""The entry format, the hash chain, rolling, checkpoints and crash repair of the writer."""

from __future__ import annotations

import hashlib
import struct

import pytest

from hub.archive import ArchiveError
from hub.archive import checkpoints as cp
from hub.archive.entry import GENESIS, chain, digest, link
from hub.archive.files import list_files
from hub.archive.state import iter_entries, scan
from hub.archive.verify import verify
from hub.archive.writer import ArchiveWriter
from hub.settings import ArchiveSettings

from archive_helpers import build, first_sync_marker, record


def canonical_as_documented(e: dict) -> bytes:
    """docs/archive.md's definition, written again from the prose, independent of the code."""
    def text(s: str) -> bytes:
        b = s.encode()
        return struct.pack(">I", len(b)) + b

    def opt(b):
        return b"\x00" if b is None else b"\x01" + struct.pack(">I", len(b)) + b

    out = b"hub-archive-entry/1\x00" + struct.pack(">q", e["seq"]) + text(e["topic"])
    out += struct.pack(">iqqq", e["partition"], e["offset"], e["timestamp"], e["archived_at"])
    out += opt(e["key"]) + opt(e["value"]) + struct.pack(">I", len(e["headers"]))
    for h in e["headers"]:
        out += text(h["key"]) + opt(h["value"])
    return out


def test_the_chain_is_what_the_docs_say():
    entries = chain([record(0), record(1)], 0, GENESIS, 1_767_225_600_123)
    prev = GENESIS
    for e in entries:
        d = hashlib.sha256(canonical_as_documented(e)).digest()
        assert d == digest(e)
        assert e["prev_hash"] == prev and e["hash"] == hashlib.sha256(prev + d).digest() == link(prev, d)
        prev = e["hash"]


def test_a_tombstone_and_a_null_header_are_kept_apart_from_empty_bytes():
    from hub.archive.entry import Incoming

    a = chain([Incoming("_schemas", 0, 0, 1, b"k", None, (("h", None),))], 0, GENESIS, 1)[0]
    b = chain([Incoming("_schemas", 0, 0, 1, b"k", b"", (("h", b""),))], 0, GENESIS, 1)[0]
    assert digest(a) != digest(b)


def test_one_chain_across_files_and_runs(tmp_path, small_files, key):
    build(tmp_path, small_files, key, 40)
    build(tmp_path, small_files, key, 5)  # a second run continues the same chain
    files = list_files(tmp_path)
    assert len(files) > 3, "4 KiB files roll several times"
    seqs = [e["seq"] for e in iter_entries(tmp_path)]
    assert seqs == list(range(45))
    assert verify(tmp_path).ok
    state = scan(tmp_path)
    assert state.next_seq == 45
    assert set(state.last) == {("hub.audit-outcomes.v1", p) for p in range(3)}


def test_files_roll_after_roll_seconds(tmp_path, key):
    now = [1000.0]
    settings = ArchiveSettings(roll_seconds=60, codec="null")
    with ArchiveWriter(tmp_path, settings, key, clock=lambda: now[0]) as w:
        w.append([record(0)])
        now[0] += 30
        w.append([record(1)])
        now[0] += 31
        w.tick()  # idle: the old file is sealed now, not at the next event
        assert len(list_files(tmp_path)) == 1
        w.append([record(2)])
    assert [p.name for p in list_files(tmp_path)] == ["archive-000000000000.avro", "archive-000000000002.avro"]


def test_checkpoints_every_n_entries_on_roll_and_on_close(tmp_path, key):
    settings = ArchiveSettings(checkpoint_every=10, codec="null")
    build(tmp_path, settings, key, 25)
    checks = [cp.check(t, {"test-key": cp.public_jwk(key)}) for t in cp.read_tokens(tmp_path)]
    assert [c.seq for c in checks] == [9, 19, 24]
    assert all(c.valid for c in checks)
    assert checks[-1].head == scan(tmp_path).head.hex()


def test_checkpoints_after_the_interval_when_idle(tmp_path, key):
    now = [1000.0]
    settings = ArchiveSettings(checkpoint_every=1000, checkpoint_interval_s=60, codec="null")
    with ArchiveWriter(tmp_path, settings, key, clock=lambda: now[0]) as w:
        w.append([record(0)])
        assert not w.tick_due()
        now[0] += 61
        assert w.tick_due()
        w.tick()
        assert len(cp.read_tokens(tmp_path)) == 1
        now[0] += 61
        assert not w.tick_due(), "nothing new: no checkpoint"


def test_the_public_key_is_kept_beside_the_checkpoints(tmp_path, small_files, key):
    build(tmp_path, small_files, key, 3)
    keys = cp.read_keys(tmp_path / "jwks.json")
    assert list(keys) == ["test-key"] and "d" not in keys["test-key"]


def test_one_writer_per_directory(tmp_path, small_files, key):
    with ArchiveWriter(tmp_path, small_files, key):
        with pytest.raises(ArchiveError, match="in use by pid"):
            ArchiveWriter(tmp_path, small_files, key).open()


def test_a_torn_final_block_is_cut_and_the_chain_goes_on(tmp_path, small_files, key):
    build(tmp_path, small_files, key, 5)
    last = list_files(tmp_path)[-1]
    intact = last.stat().st_size
    with open(last, "ab") as fo:  # what a crash mid-write leaves: a block's first bytes
        fo.write(b"\x14\xc4\x01\x00partial")
    assert not verify(tmp_path).ok
    build(tmp_path, small_files, key, 2)
    assert last.stat().st_size == intact
    assert verify(tmp_path).ok
    assert scan(tmp_path).next_seq == 7


def test_damage_before_the_end_stops_the_writer(tmp_path, key):
    build(tmp_path, ArchiveSettings(codec="deflate"), key, 30, batch=3)
    f = list_files(tmp_path)[0]
    data = bytearray(f.read_bytes())
    sync = first_sync_marker(f)
    data[data.find(sync, data.find(sync) + 16) + 3] ^= 0xFF  # the first block's closing sync marker
    f.write_bytes(bytes(data))
    with pytest.raises(ArchiveError, match=r"archive-000000000000.avro is damaged at byte \d+"):
        ArchiveWriter(tmp_path, ArchiveSettings(), key).open()


def test_an_unsigned_archive_still_chains(tmp_path, small_files):
    build(tmp_path, small_files, None, 12)
    report = verify(tmp_path)
    assert report.ok and report.checkpoints == []
    assert not (tmp_path / "checkpoints.jws").exists()
