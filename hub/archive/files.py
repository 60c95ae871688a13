"""The archive's files on disk: names, durable writes, and reading that survives damage.

Layout of an archive directory::

    archive-000000000000.avro   entries 0..n-1 (Avro Object Container File)
    archive-000000012345.avro   entries from seq 12345, and so on
    checkpoints.jws             signed chain heads, one compact JWS a line
    jwks.json                   the public keys that verify them
    .lock                       held by the one process appending

A file is named after its first seq (zero-padded so names sort in seq order)
and written by one process run only: each start opens a new file. It is
first written as ``*.avro.tmp`` with its header and first block, fsynced,
then renamed into place and the directory fsynced, so a file under its final
name always has a complete header and at least one durable block.

Reading never trusts the bytes: ``read_entries`` yields each block's entries
and, where a block cannot be decoded (a flipped byte, a torn write), a
``Damage`` with its byte offset, then resynchronises at the next sync marker
(the Avro container format's own recovery point) and carries on.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastavro

PREFIX = "archive-"
SUFFIX = ".avro"
TMP_SUFFIX = ".avro.tmp"
CHECKPOINTS = "checkpoints.jws"
JWKS = "jwks.json"
LOCK = ".lock"
_NAME = re.compile(r"^archive-(\d{12,})\.avro$")
SYNC_SIZE = 16


def file_name(first_seq: int) -> str:
    return f"{PREFIX}{first_seq:012d}{SUFFIX}"


def first_seq_of(path: Path) -> int | None:
    m = _NAME.match(path.name)
    return int(m.group(1)) if m else None


def list_files(directory: Path) -> list[Path]:
    """The archive's data files in seq order (their names sort that way)."""
    if not directory.is_dir():
        return []
    return sorted((p for p in directory.iterdir() if _NAME.match(p.name)), key=lambda p: first_seq_of(p))


def fsync_dir(directory: Path) -> None:
    """Make a created, renamed or removed directory entry durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Damage:
    """Bytes of a file that do not decode as Avro blocks."""

    byte_offset: int
    reason: str
    #: Where reading resumed (after the next sync marker); None: nothing readable follows.
    resumed_at: int | None


@dataclass(frozen=True)
class Located:
    """An entry and where it sits: its index among the file's readable entries, its block's offset."""

    index: int
    block_offset: int
    entry: dict[str, Any]


def read_entries(path: Path) -> Iterator[Located | Damage]:
    """Every readable entry of one file, with a ``Damage`` for each unreadable stretch."""
    data = path.read_bytes()
    try:
        head = io.BytesIO(data)
        fastavro.block_reader(head)
        header_end = head.tell()
    except Exception as exc:  # noqa: BLE001 - any failure here means: not a readable container
        yield Damage(0, f"unreadable Avro header ({type(exc).__name__})", None)
        return
    sync = data[header_end - SYNC_SIZE:header_end]
    index = 0
    start = header_end
    while start < len(data):
        buf = io.BytesIO(data[:header_end] + data[start:]) if start != header_end else io.BytesIO(data)
        shift = start - header_end
        good_end = start
        try:
            for block in fastavro.block_reader(buf):
                at = block.offset + shift
                records = list(block)  # decode the whole block before yielding any of it
                for r in records:
                    yield Located(index, at, r)
                    index += 1
                good_end = at + block.size
            return
        except Exception as exc:  # noqa: BLE001 - a block that does not decode is damage, whatever the cause
            reason = _reason(exc)
        nxt = data.find(sync, good_end + 1)
        resumed = None if nxt < 0 or nxt + SYNC_SIZE >= len(data) else nxt + SYNC_SIZE
        yield Damage(good_end, reason, resumed)
        if resumed is None:
            return
        start = resumed


def _reason(exc: Exception) -> str:
    """Why a block does not decode, without echoing its bytes (they may hold confidential findings)."""
    if isinstance(exc, EOFError):
        return "block ends before its data (truncated or torn write)"
    if isinstance(exc, ValueError) and "sync marker" in str(exc):
        return "block does not end in the file's sync marker"
    return f"block does not decode ({type(exc).__name__})"


class ContainerWriter:
    """Appends blocks of entries to one new container file; each ``write`` is durable when it returns."""

    def __init__(self, directory: Path, first_seq: int, schema: Any, codec: str, metadata: dict[str, str]):
        self.directory = directory
        self.path = directory / file_name(first_seq)
        self.first_seq = first_seq
        self._tmp: Path | None = directory / (self.path.name[: -len(SUFFIX)] + TMP_SUFFIX)
        self._fo = open(self._tmp, "wb")
        self._avro = fastavro.write.Writer(self._fo, schema, codec=codec, metadata=metadata,
                                           sync_interval=1 << 30)  # blocks end where we say, not by size
        self.entries = 0

    @property
    def size(self) -> int:
        return self._fo.tell()

    def write(self, entries: list[dict[str, Any]]) -> None:
        """Write ``entries`` as one block and fsync; the first write also publishes the file."""
        for e in entries:
            self._avro.write(e)
        self._avro.flush()  # dumps the block and flushes Python's buffer
        os.fsync(self._fo.fileno())
        self.entries += len(entries)
        if self._tmp is not None:
            os.replace(self._tmp, self.path)
            fsync_dir(self.directory)
            self._tmp = None

    def close(self) -> None:
        try:
            if self._tmp is None:
                self._avro.flush()
                os.fsync(self._fo.fileno())
        finally:
            self._fo.close()
            if self._tmp is not None:  # never written to: nothing was acknowledged from it
                self._tmp.unlink(missing_ok=True)
