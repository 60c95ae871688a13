"""Watch a drop folder: process each exported file once, then move it to done/ or failed/.

Partners' nightly jobs copy an export into a folder; this picks it up. The
rules exist because of how files arrive and how processes die:

* A file still being copied must not be read half-written: it is taken only
  when its size and mtime are unchanged since the previous poll and it has
  not been modified for ``stable_s`` seconds. Dotfiles, Office lock files
  (``~$...``) and temp files (``.tmp``, ``.part``, ``.crdownload`` ...) are ignored.
* A file must never be processed twice, even if the watcher dies between
  sending and moving the file: the outcome is written to a journal in the
  folder (atomically, keyed by file name + sha256) *before* the move, so after
  a restart a file found in the journal is only moved, not sent again.
* A failure to send (Kafka or the gateway down) is transient: the file stays
  and is retried on later polls, up to ``max_attempts``; re-sending is safe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from connectors.mapping import Mapping, choose_mapping
from connectors.runner import RunResult
from connectors.state import atomic_write_text, rejects_path

log = logging.getLogger(__name__)

JOURNAL = ".connector-journal.json"
_TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", "~")
_OWN_SUFFIXES = (".rejects.csv", ".summary.txt")


def is_candidate(path: Path) -> bool:
    name = path.name
    if name.startswith((".", "~$")) or not path.is_file():
        return False
    lower = name.lower()
    return not lower.endswith(_TEMP_SUFFIXES) and not lower.endswith(_OWN_SUFFIXES)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Handled:
    """What ``run_once`` did with one file."""

    name: str
    outcome: str            # done | rejected | failed | retry | skipped
    moved_to: Path | None
    summary: list[str]


class Watcher:
    """``Watcher(dir, process, mappings=[...] or mapping=m).run_once()``; ``run_forever`` polls."""

    def __init__(self, directory: Path, process: Callable[[Path, Mapping], RunResult], *,
                 mapping: Mapping | None = None, mappings: list[Mapping] | None = None,
                 stable_s: float = 2.0, max_attempts: int = 3, clock: Callable[[], float] = time.time,
                 keep: bool = False):
        """``keep=True`` (dry runs): report only; no journal entry, no move, so a real run still sees the file."""
        if mapping is None and not mappings:
            raise ValueError("a mapping, or mappings to choose from by file name, is needed")
        self.dir = Path(directory)
        self.process = process
        self.mapping = mapping
        self.mappings = mappings or []
        self.stable_s = stable_s
        self.max_attempts = max_attempts
        self.clock = clock
        self.keep = keep
        self.done_dir, self.failed_dir = self.dir / "done", self.dir / "failed"
        self.journal_path = self.dir / JOURNAL
        self._seen: dict[str, tuple[int, float]] = {}
        self.journal = self._load_journal()

    # --- journal -----------------------------------------------------------

    def _load_journal(self) -> dict[str, dict]:
        if not self.journal_path.exists():
            return {}
        try:
            return dict(json.loads(self.journal_path.read_text(encoding="utf-8")).get("files", {}))
        except (OSError, ValueError) as exc:
            raise RuntimeError(f"cannot read the watch journal {self.journal_path}: {exc}") from None

    def _record(self, key: str, entry: dict) -> None:
        self.journal[key] = entry
        atomic_write_text(self.journal_path, json.dumps({"version": 1, "files": self.journal}, indent=1,
                                                        ensure_ascii=False, sort_keys=True))

    # --- polling -----------------------------------------------------------

    def ready_files(self) -> list[Path]:
        """Candidates whose size and mtime are stable (see the module docstring)."""
        now = self.clock()
        ready, seen = [], {}
        for path in sorted(self.dir.iterdir()):
            if not is_candidate(path):
                continue
            st = path.stat()
            sig = (st.st_size, st.st_mtime)
            seen[path.name] = sig
            previous = self._seen.get(path.name)
            if now - st.st_mtime >= self.stable_s and (previous is None or previous == sig):
                ready.append(path)
        self._seen = seen
        return ready

    def run_once(self) -> list[Handled]:
        """One poll: handle every ready file; returns what was done with each."""
        self.dir.mkdir(parents=True, exist_ok=True)
        return [self._handle(path) for path in self.ready_files()]

    def run_forever(self, interval_s: float = 5.0, should_stop: Callable[[], bool] = lambda: False,
                    report: Callable[[Handled], None] = lambda h: None) -> None:
        while not should_stop():
            for handled in self.run_once():
                report(handled)
            deadline = time.monotonic() + interval_s
            while time.monotonic() < deadline and not should_stop():
                time.sleep(min(0.2, interval_s))

    # --- one file ----------------------------------------------------------

    def _handle(self, path: Path) -> Handled:
        digest = sha256_of(path)
        key = f"{path.name}:{digest}"
        entry = self.journal.get(key)
        if entry and entry.get("outcome") in ("done", "rejected", "failed"):
            # Processed before a crash or a restart, or the same file dropped again: never send twice.
            moved = self._move(path, entry["outcome"], entry.get("summary", []))
            return Handled(path.name, "skipped", moved, ["already processed; not sent again"])
        mapping = self.mapping or choose_mapping(path.name, self.mappings)
        if mapping is None:
            hits = [m.name for m in self.mappings if m.matches(path.name)]
            why = (f"several mappings match the file name ({', '.join(hits)}); use --mapping" if hits
                   else "no mapping's files rule matches the file name; use --mapping")
            return self._finish(path, key, digest, "failed", None, [f"{path.name}: {why}"])
        try:
            result = self.process(path, mapping)
        except Exception as exc:  # a file the engine cannot use at all (encoding, missing column ...)
            return self._finish(path, key, digest, "failed", mapping.name, [str(exc)])
        if result.outcome == "failed" and not self.keep:
            attempts = int((entry or {}).get("attempts", 0)) + 1
            if attempts < self.max_attempts:
                self._record(key, {"name": path.name, "sha256": digest, "outcome": "retry", "attempts": attempts,
                                   "mapping": mapping.name, "at": _now()})
                return Handled(path.name, "retry", None, result.summary_lines())
        return self._finish(path, key, digest, result.outcome, mapping.name, result.summary_lines())

    def _finish(self, path: Path, key: str, digest: str, outcome: str, mapping: str | None,
                summary: list[str]) -> Handled:
        if self.keep:
            return Handled(path.name, outcome, None, summary)
        self._record(key, {"name": path.name, "sha256": digest, "outcome": outcome, "mapping": mapping,
                           "summary": summary, "at": _now()})
        return Handled(path.name, outcome, self._move(path, outcome, summary), summary)

    def _move(self, path: Path, outcome: str, summary: list[str]) -> Path:
        target_dir = self.done_dir if outcome == "done" else self.failed_dir
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / path.name
        if target.exists():
            stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
            target = target_dir / f"{path.stem}.{stamp}{path.suffix}"
        report = rejects_path(path)
        if report.exists():
            shutil.move(str(report), str(rejects_path(target)))
        atomic_write_text(target.with_name(target.name + ".summary.txt"), "\n".join(summary) + "\n")
        shutil.move(str(path), str(target))
        log.info("%s -> %s (%s)", path.name, target, outcome)
        return target


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
