"""Records and archives built from them, for the archive's tests."""

from __future__ import annotations

from hub.archive.entry import Incoming


def record(i: int, topic: str = "hub.audit-outcomes.v1", partner: str = "region-skane",
           timestamp: int | None = None) -> Incoming:
    """A record as the service would hand it over; the value is opaque bytes here."""
    return Incoming(topic, i % 3, i // 3, 1_767_225_600_000 + i * 1000 if timestamp is None else timestamp,
                    b"SE", b"\x00\x00\x00\x00\x01" + f"finding {i}".encode() * 4,
                    (("ce_id", f"event-{i}".encode()), ("ce_source", f"/partners/{partner}".encode()),
                     ("ce_specversion", b"1.0"), ("ce_type", b"se.regionerna.hub.v1.AuditOutcome")))


def build(directory, settings, key, n: int, batch: int = 1, **kw) -> None:
    from hub.archive.writer import ArchiveWriter

    with ArchiveWriter(directory, settings, key) as w:
        for start in range(0, n, batch):
            w.append([record(i, **kw) for i in range(start, min(n, start + batch))])


def first_sync_marker(path) -> bytes:
    """The file's Avro sync marker (the last 16 bytes of its header)."""
    import io

    import fastavro

    buf = io.BytesIO(path.read_bytes())
    fastavro.block_reader(buf)
    return buf.getvalue()[buf.tell() - 16:buf.tell()]
