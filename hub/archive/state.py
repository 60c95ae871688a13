"""What an archive directory holds, read back: its entries in order, and the state to resume from.

``iter_archive`` walks every file in seq order and yields entries (with the
file and index they sit at) and ``Damage``; the verifier, replay, export and
the writer each decide what damage means for them.

``scan`` is the writer's start: the next seq, the head hash, and for every
topic-partition the offset and content key of its last archived entry, which
the service uses to resume where the archive ends (not where a consumer group
says). It trusts the hashes as stored; ``hub archive verify`` and replay
check them.

A torn write (a block cut short by a crash: its entries were never
acknowledged, since acknowledgement waits for fsync) can only sit at the end
of the last file. ``repair_tail`` cuts it off; damage anywhere else is not a
crash's signature, and the writer refuses to append to such an archive.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hub.archive import ArchiveError
from hub.archive.entry import GENESIS, entry_content_key
from hub.archive.files import TMP_SUFFIX, Damage, Located, list_files, read_entries

log = logging.getLogger(__name__)

TopicPartition = tuple[str, int]


@dataclass(frozen=True)
class At:
    """An entry or a damaged stretch, and the file it is in."""

    file: Path
    item: Located | Damage


def iter_archive(directory: Path, files: Iterable[Path] | None = None) -> Iterator[At]:
    for path in (list_files(directory) if files is None else files):
        for item in read_entries(path):
            yield At(path, item)


def iter_entries(directory: Path) -> Iterator[dict[str, Any]]:
    """The readable entries only, in archive order."""
    for at in iter_archive(directory):
        if isinstance(at.item, Located):
            yield at.item.entry


@dataclass
class ArchiveState:
    next_seq: int = 0
    head: bytes = GENESIS
    files: int = 0
    bytes: int = 0
    #: (topic, partition) -> (offset, content key) of its last entry, in archive order.
    last: dict[TopicPartition, tuple[int, bytes]] = field(default_factory=dict)


def repair_tail(directory: Path) -> int:
    """Remove never-acknowledged leftovers of a crash; return the bytes cut. Raise on other damage."""
    for tmp in directory.glob("*" + TMP_SUFFIX):
        log.warning("removing %s: a file whose first write never completed", tmp.name)
        tmp.unlink()
    files = list_files(directory)
    if not files:
        return 0
    last = files[-1]
    for item in read_entries(last):
        if isinstance(item, Damage):
            if item.resumed_at is not None or item.byte_offset == 0:
                raise _damaged(last, item, directory)
            cut = last.stat().st_size - item.byte_offset
            log.warning("cutting %d bytes off the end of %s: a block torn by a crash, never acknowledged",
                        cut, last.name)
            with open(last, "r+b") as fo:
                fo.truncate(item.byte_offset)
                os.fsync(fo.fileno())
            return cut
    return 0


def scan(directory: Path) -> ArchiveState:
    """The state to resume appending from; ArchiveError on damage (run ``hub archive verify``)."""
    state = ArchiveState()
    last_entry: dict[TopicPartition, dict[str, Any]] = {}
    files = list_files(directory)
    state.files = len(files)
    for path in files:
        state.bytes += path.stat().st_size
        for item in read_entries(path):
            if isinstance(item, Damage):
                raise _damaged(path, item, directory)
            e = item.entry
            last_entry[(e["topic"], e["partition"])] = e
            state.next_seq = e["seq"] + 1
            state.head = e["hash"]
    state.last = {tp: (e["offset"], entry_content_key(e)) for tp, e in last_entry.items()}
    return state


def content_keys(directory: Path, tps: set[TopicPartition]) -> dict[TopicPartition, set[bytes]]:
    """Content keys of every archived entry of ``tps`` (for recognising replayed copies)."""
    out: dict[TopicPartition, set[bytes]] = {tp: set() for tp in tps}
    for e in iter_entries(directory):
        keys = out.get((e["topic"], e["partition"]))
        if keys is not None:
            keys.add(entry_content_key(e))
    return out


def _damaged(path: Path, item: Damage, directory: Path) -> ArchiveError:
    return ArchiveError(f"archive file {path.name} is damaged at byte {item.byte_offset} ({item.reason}); "
                        f"run `hub archive verify {directory}` and restore the file from a backup")
