"""Small files the connector keeps: the sent-state per mapping and the rejects report per input.

The sent-state (``<data_dir>/connectors/<mapping>.sent.json``: record key ->
fingerprint of what was last sent successfully) is what makes a nightly job
repeatable: unchanged records are skipped, changed ones are sent. It is only
ever updated after the broker or gateway acknowledged a batch, and written
atomically (temp file + rename), so a crash leaves the previous state and the
next run re-sends at most what was not acknowledged; the deterministic event
ids make that re-send harmless.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from hub.errors import HubError


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SentState:
    """``record key -> fingerprint`` of what was last sent for one mapping."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.sent: dict[str, str] = {}
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise HubError(f"cannot read the connector state {self.path}: {exc}; "
                               "delete it to send every record again") from None
            self.sent = dict(data.get("sent", {}))

    @classmethod
    def for_mapping(cls, data_dir: Path, mapping_name: str) -> "SentState":
        return cls(Path(data_dir) / "connectors" / f"{mapping_name}.sent.json")

    def mark(self, entries: Iterable[tuple[str, str]]) -> None:
        """Record (key, fingerprint) pairs as sent and save."""
        self.sent.update(entries)
        atomic_write_text(self.path, json.dumps({"version": 1, "sent": self.sent}, indent=1, sort_keys=True,
                                                ensure_ascii=False))


def rejects_path(input_path: Path) -> Path:
    return input_path.with_name(input_path.name + ".rejects.csv")


def write_rejects(input_path: Path, rejects: list) -> Path | None:
    """Write ``<file>.rejects.csv`` (row, column, value, reason); remove a stale one when all is well.

    Values of confidential columns arrive here already replaced by ``(withheld)``.
    UTF-8 with BOM, so Excel opens Swedish, Norwegian and Finnish letters correctly.
    """
    path = rejects_path(input_path)
    if not rejects:
        path.unlink(missing_ok=True)
        return None
    lines: list[list[str]] = [["row", "column", "value", "reason"]]
    lines += [["" if r.row is None else str(r.row), r.column, r.value, r.reason] for r in rejects]
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows(lines)
    atomic_write_text(path, "\ufeff" + buf.getvalue())
    return path
