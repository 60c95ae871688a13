"""``ArchiveWriter``: the one process appending to an archive directory.

One writer per directory, enforced with an exclusive ``flock`` on ``.lock``:
two appenders would fork the chain. ``append`` numbers and chains a batch,
writes it as one Avro block and fsyncs before it returns, so a caller may
acknowledge (commit an offset, answer 202) as soon as it has returned.

Files roll at ``roll_bytes`` or after ``roll_seconds``; each run starts a new
file rather than reopening the last one, so a file is only ever written by
one process run and a crash can tear at most the end of the last file (cut
on the next open; see ``state.repair_tail``). A checkpoint is signed every
``checkpoint_every`` entries, every ``checkpoint_interval_s`` seconds with
new entries, on every roll and on close.

Blocking (disk and fsync): call it from a thread when on an event loop.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import fastavro

from hub.archive import ArchiveError
from hub.archive import checkpoints as cp
from hub.archive.entry import FORMAT, SCHEMA, Incoming, chain
from hub.archive.files import LOCK, ContainerWriter
from hub.archive.state import ArchiveState, repair_tail, scan
from hub.settings import ArchiveSettings

log = logging.getLogger(__name__)

_PARSED = fastavro.parse_schema(SCHEMA)
_METADATA = {"hub.archive.format": FORMAT,
             "hub.archive.chain": "hash = SHA-256(prev_hash || SHA-256(canonical(entry))); see docs/archive.md"}


class ArchiveWriter:
    def __init__(self, directory: Path, settings: ArchiveSettings, key=None,
                 clock: Callable[[], float] = time.time) -> None:
        self.directory = Path(directory)
        self.settings = settings
        self.key = key
        self.clock = clock
        self.state = ArchiveState()
        self._file: ContainerWriter | None = None
        self._file_opened_at = 0.0
        self._lock_fd: int | None = None
        self._mutex = threading.Lock()
        self._checkpointed_seq = -1       # last seq covered by a checkpoint written or found
        self._checkpointed_at = 0.0

    # -- life cycle -----------------------------------------------------------------
    def open(self) -> "ArchiveWriter":
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"cannot create the archive directory {self.directory}: {exc.strerror}") from None
        self._lock()
        try:
            repair_tail(self.directory)
            cp.repair(self.directory)
            self.state = scan(self.directory)
            if self.key is not None:
                cp.publish_key(self.directory, self.key)
            tokens = cp.read_tokens(self.directory)
            self._checkpointed_seq = self._last_checkpoint_seq(tokens)
            self._checkpointed_at = self.clock()
        except BaseException:
            self._unlock()
            raise
        log.info("archive %s: %d entries in %d files; appending from seq %d", self.directory,
                 self.state.next_seq, self.state.files, self.state.next_seq)
        return self

    def close(self) -> None:
        with self._mutex:
            try:
                self._seal()
                if self.state.next_seq - 1 > self._checkpointed_seq:
                    self._checkpoint()
            finally:
                self._unlock()

    def __enter__(self) -> "ArchiveWriter":
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- appending --------------------------------------------------------------------
    def append(self, records: Sequence[Incoming]) -> int:
        """Archive ``records`` durably, in order; return the seq of the last one (-1 if none)."""
        if not records:
            return self.state.next_seq - 1
        with self._mutex:
            if self._lock_fd is None:
                raise ArchiveError(f"the archive {self.directory} is not open for writing")
            now = self.clock()
            if self._file is not None and now - self._file_opened_at >= self.settings.roll_seconds:
                self._roll()
            entries = chain(records, self.state.next_seq, self.state.head, int(now * 1000))
            if self._file is None:
                self._file = ContainerWriter(self.directory, self.state.next_seq, _PARSED,
                                             self.settings.codec, _METADATA)
                self._file_opened_at = now
                self.state.files += 1
            before = self._file.size
            self._file.write(entries)
            self.state.bytes += self._file.size - before
            self.state.next_seq = entries[-1]["seq"] + 1
            self.state.head = entries[-1]["hash"]
            if self._file.size >= self.settings.roll_bytes:
                self._roll()
            elif self.state.next_seq - 1 - self._checkpointed_seq >= self.settings.checkpoint_every:
                self._checkpoint()
            return self.state.next_seq - 1

    def tick(self) -> None:
        """Time-driven work when idle: roll an old file, checkpoint new entries after the interval."""
        with self._mutex:
            if self._lock_fd is None:
                return
            now = self.clock()
            if self._file is not None and now - self._file_opened_at >= self.settings.roll_seconds:
                self._roll()
            elif (self.state.next_seq - 1 > self._checkpointed_seq
                  and now - self._checkpointed_at >= self.settings.checkpoint_interval_s):
                self._checkpoint()

    def tick_due(self) -> bool:
        """Cheap, lock-free: whether ``tick`` has anything to do now."""
        now = self.clock()
        return ((self._file is not None and now - self._file_opened_at >= self.settings.roll_seconds)
                or (self.state.next_seq - 1 > self._checkpointed_seq
                    and now - self._checkpointed_at >= self.settings.checkpoint_interval_s))

    # -- internals --------------------------------------------------------------------
    def _roll(self) -> None:
        self._seal()
        self._checkpoint()

    def _seal(self) -> None:
        f, self._file = self._file, None
        if f is not None:
            f.close()
            log.info("archive file %s sealed: %d entries", f.path.name, f.entries)

    def _checkpoint(self) -> None:
        seq = self.state.next_seq - 1
        self._checkpointed_at = self.clock()
        if seq < 0 or seq == self._checkpointed_seq:
            return
        if self.key is None:
            self._checkpointed_seq = seq  # unsigned archive: nothing to write, nothing to redo
            return
        cp.append(self.directory, cp.sign(self.key, seq, self.state.head, self._checkpointed_at))
        self._checkpointed_seq = seq

    def _last_checkpoint_seq(self, tokens: list[str]) -> int:
        if not tokens:
            return -1
        if self.key is None:
            return self.state.next_seq - 1
        keys = {cp.key_id(self.key): cp.public_jwk(self.key)}
        last = cp.check(tokens[-1], keys)
        return last.seq if last.valid and last.seq is not None else -1

    def _lock(self) -> None:
        path = self.directory / LOCK
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            holder = f"pid {pid}" if pid else "another process"
            raise ArchiveError(f"the archive {self.directory} is in use by {holder}; "
                               f"one process appends to an archive at a time") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def _unlock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
