"""One archived event, its Avro schema, and the hashes that chain it.

An entry is a Kafka record as the broker served it (topic, partition,
offset, timestamp, key, value, headers: the value stays in the Confluent wire
format, byte for byte) plus what the archive adds: a sequence number, the
time it was archived, and two hashes.

The chain, defined so that anyone can recompute it without this code::

    digest(e)  = SHA-256(canonical(e))
    hash(e)    = SHA-256(prev_hash || digest(e))      prev_hash of seq 0 = 32 zero bytes

``canonical`` is a length-prefixed, big-endian byte string (below; spelled
out in docs/archive.md). Hashing the *digest* rather than the entry itself
lets an export prove one partner's entries while showing only the digests of
everyone else's: the chain can be recomputed from digests alone.

``content_key`` identifies a record by what it says, not where it sits
(no seq, offset or archive time): replay copies a record to another broker
at possibly another offset, and the service recognises the copy by it.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

GENESIS = bytes(32)
ENTRY_MAGIC = b"hub-archive-entry/1\x00"
CONTENT_MAGIC = b"hub-archive-content/1\x00"
FORMAT = "hub-archive/1"

_SHA256 = {"type": "fixed", "name": "Sha256", "size": 32, "doc": "a SHA-256 hash"}

#: The Avro schema of an archive file's records (also stored in each file's header).
SCHEMA: dict[str, Any] = {
    "type": "record",
    "name": "ArchivedEvent",
    "namespace": "se.regionerna.hub.archive.v1",
    "doc": "One Kafka record the hub accepted, as the broker served it, chained by SHA-256 "
           "(docs/archive.md).",
    "fields": [
        {"name": "seq", "type": "long", "doc": "position in the archive, from 0, without gaps"},
        {"name": "topic", "type": "string", "doc": "Kafka topic"},
        {"name": "partition", "type": "int", "doc": "Kafka partition"},
        {"name": "offset", "type": "long", "doc": "offset in that partition on the broker it was archived from"},
        {"name": "timestamp", "type": "long", "doc": "the record's Kafka timestamp, epoch milliseconds"},
        {"name": "archived_at", "type": "long", "doc": "when the hub archived it, epoch milliseconds"},
        {"name": "key", "type": ["null", "bytes"], "doc": "the record key, as sent"},
        {"name": "value", "type": ["null", "bytes"],
         "doc": "the record value as sent (Confluent wire format for Avro events); null for a tombstone"},
        {"name": "headers", "doc": "the record headers, in order (CloudEvents ce_* among them)", "type": {
            "type": "array", "items": {"type": "record", "name": "Header", "fields": [
                {"name": "key", "type": "string"},
                {"name": "value", "type": ["null", "bytes"]},
            ]}}},
        {"name": "prev_hash", "type": _SHA256, "doc": "hash of the entry before (zeros for seq 0)"},
        {"name": "hash", "type": "Sha256", "doc": "SHA-256(prev_hash || SHA-256(canonical entry))"},
    ],
}

HeaderPairs = Sequence[tuple[str, bytes | None]]


class Incoming(NamedTuple):
    """A consumed Kafka record, before the archive numbers and chains it."""

    topic: str
    partition: int
    offset: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: HeaderPairs


_U32 = struct.Struct(">I")
_Q = struct.Struct(">q")
_SOME = struct.Struct(">BI")  # 0x01, then the length
_PART_OFFSET_TIMES = struct.Struct(">iqqq")
_PART_TIME = struct.Struct(">iq")


def _text(s: str) -> bytes:
    b = s.encode("utf-8")
    return _U32.pack(len(b)) + b


def _body(key: bytes | None, value: bytes | None, pairs: Sequence[tuple[str, bytes | None]]) -> bytearray:
    """Key, value and headers: ``opt(key) opt(value) u32(n) (text(k) opt(v))*n`` (hot: no helpers per field)."""
    out = bytearray()
    for b in (key, value):
        if b is None:
            out += b"\x00"
        else:
            out += _SOME.pack(1, len(b))
            out += b
    out += _U32.pack(len(pairs))
    for k, v in pairs:
        kb = k.encode("utf-8")
        out += _U32.pack(len(kb))
        out += kb
        if v is None:
            out += b"\x00"
        else:
            out += _SOME.pack(1, len(v))
            out += v
    return out


def canonical(e: Mapping[str, Any]) -> bytes:
    """The bytes an entry's digest is taken over (every field but the two hashes)."""
    out = bytearray(ENTRY_MAGIC)
    out += _Q.pack(e["seq"])
    out += _text(e["topic"])
    out += _PART_OFFSET_TIMES.pack(e["partition"], e["offset"], e["timestamp"], e["archived_at"])
    out += _body(e["key"], e["value"], [(h["key"], h["value"]) for h in e["headers"]])
    return bytes(out)


def digest(e: Mapping[str, Any]) -> bytes:
    return hashlib.sha256(canonical(e)).digest()


def link(prev_hash: bytes, entry_digest: bytes) -> bytes:
    """The chain step: the hash of an entry from the hash before it and its digest."""
    return hashlib.sha256(prev_hash + entry_digest).digest()


def content_key(topic: str, partition: int, timestamp: int, key: bytes | None, value: bytes | None,
                headers: Sequence[tuple[str, bytes | None]]) -> bytes:
    """What a record says, wherever it sits: equal for an archived entry and its replayed copy."""
    out = bytearray(CONTENT_MAGIC)
    out += _text(topic)
    out += _PART_TIME.pack(partition, timestamp)
    out += _body(key, value, headers)
    return hashlib.sha256(out).digest()


def entry_content_key(e: Mapping[str, Any]) -> bytes:
    return content_key(e["topic"], e["partition"], e["timestamp"], e["key"], e["value"], headers_of(e))


def chain(records: Iterable[Incoming], first_seq: int, prev_hash: bytes, archived_at: int) -> list[dict[str, Any]]:
    """Number and chain ``records`` after an entry with hash ``prev_hash``; Avro-ready dicts."""
    out = []
    seq = first_seq
    for r in records:
        e = {"seq": seq, "topic": r.topic, "partition": r.partition, "offset": r.offset,
             "timestamp": r.timestamp, "archived_at": archived_at, "key": r.key, "value": r.value,
             "headers": [{"key": k, "value": v} for k, v in r.headers], "prev_hash": prev_hash}
        e["hash"] = prev_hash = link(prev_hash, digest(e))
        out.append(e)
        seq += 1
    return out


def headers_of(e: Mapping[str, Any]) -> list[tuple[str, bytes | None]]:
    """An entry's headers as Kafka clients take them."""
    return [(h["key"], h["value"]) for h in e["headers"]]


def header(e: Mapping[str, Any], name: str) -> str | None:
    """The last value of header ``name`` as text (CloudEvents: the last one wins), or None."""
    found = None
    for h in e["headers"]:
        if h["key"] == name and h["value"] is not None:
            found = h["value"]
    try:
        return None if found is None else bytes(found).decode("utf-8")
    except UnicodeDecodeError:
        return None


def position(e: Mapping[str, Any]) -> str:
    """``topic[partition]@offset``, for messages (never the value: it may hold confidential findings)."""
    return f"{e['topic']}[{e['partition']}]@{e['offset']}"
