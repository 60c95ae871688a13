"""Confluent wire format: magic byte 0, 4-byte big-endian schema id, Avro binary."""

from __future__ import annotations

import struct

from hub.contracts.errors import WireFormatError

MAGIC = 0
HEADER_SIZE = 5
_HEADER = struct.Struct(">bI")
_MAX_ID = 2**32 - 1


def frame(schema_id: int, payload: bytes) -> bytes:
    """Prefix an Avro binary ``payload`` with the magic byte and ``schema_id``."""
    if not 0 <= schema_id <= _MAX_ID:
        raise WireFormatError(f"schema id {schema_id} does not fit in 4 bytes")
    return _HEADER.pack(MAGIC, schema_id) + payload


def unframe(data: bytes | bytearray | memoryview | None) -> tuple[int, bytes]:
    """Split a framed value into ``(schema_id, payload)``.

    WireFormatError for a null value, input shorter than the 5-byte header, or a
    first byte that is not the magic byte 0 (e.g. JSON or a raw Avro value).
    """
    if data is None:
        raise WireFormatError("value is null (a tombstone?), not a framed Avro value")
    if len(data) < HEADER_SIZE:
        raise WireFormatError(f"value is {len(data)} byte(s), shorter than the 5-byte Confluent header")
    if data[0] != MAGIC:
        raise WireFormatError(f"value starts with byte 0x{data[0]:02x}, not the Confluent magic byte 0x00")
    schema_id = int.from_bytes(data[1:5], "big")
    return schema_id, bytes(data[5:])


def schema_id_of(data: bytes) -> int:
    """The schema id of a framed value (same checks as ``unframe``)."""
    return unframe(data[:HEADER_SIZE] if data is not None else None)[0]
