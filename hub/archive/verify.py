"""``hub archive verify``: recompute the chain, check every signed checkpoint, name the first break.

What is checked, entry by entry in file and seq order:

* every block decodes (a flipped byte in the framing or compressed data does not);
* seq runs from 0 without gaps (a removed entry or file leaves one);
* prev_hash equals the hash of the entry before (a removed, inserted or
  reordered entry breaks it);
* hash equals SHA-256(prev_hash || SHA-256(canonical(entry))) (an altered
  byte in a key, value, header, offset or time breaks it).

Then every checkpoint: its signature (ES256, with the directory's jwks.json
or a key set the verifier trusts), and that the chain's stored hash at its
seq equals its head. A valid checkpoint beyond the last entry means entries
were cut off the end.

Reading continues after a problem (at the next Avro sync marker, with the
stored hashes), so the report can say which checkpoints still vouch for
which entries: an entry altered in place breaks only itself, and every
checkpoint after it still matches the stored chain.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from hub.archive import checkpoints as cp
from hub.archive.entry import GENESIS, digest, link, position
from hub.archive.files import JWKS, Damage, list_files
from hub.archive.state import iter_archive


@dataclass
class Problem:
    reason: str
    file: str | None = None
    index: int | None = None
    seq: int | None = None
    position: str | None = None
    byte_offset: int | None = None

    def describe(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.index is not None:
            where.append(f"entry #{self.index}")
        if self.byte_offset is not None:
            where.append(f"byte {self.byte_offset}")
        detail = [f"seq {self.seq}"] if self.seq is not None else []
        if self.position:
            detail.append(self.position)
        at = " ".join(where) + (f" ({', '.join(detail)})" if detail else "")
        return f"{at}: {self.reason}" if at else self.reason


class Break(NamedTuple):
    """Why an entry breaks the chain; ``kind`` is ``gap``, ``link`` or ``content``."""

    kind: str
    reason: str


class ChainChecker:
    """Feeds entries in order; returns how one breaks the chain, or None."""

    def __init__(self) -> None:
        self.expected_seq = 0
        self.prev = GENESIS

    def feed(self, e: dict[str, Any]) -> Break | None:
        seq = e["seq"]
        found = None
        if seq != self.expected_seq:
            missing = (f"entry {seq - 1} is missing" if seq == self.expected_seq + 1
                       else f"entries {self.expected_seq}..{seq - 1} are missing")
            found = Break("gap", f"{missing} (seq {seq} follows {self.expected_seq - 1})" if seq > self.expected_seq
                          else f"seq {seq} repeats or goes back (expected {self.expected_seq})")
        elif e["prev_hash"] != self.prev:
            found = Break("link", "prev_hash is not the hash of the entry before "
                                  "(an entry was removed, inserted or altered)")
        elif link(e["prev_hash"], digest(e)) != e["hash"]:
            found = Break("content", "content does not match its hash (the entry was altered)")
        self.expected_seq = seq + 1
        self.prev = e["hash"]
        return found


@dataclass
class CheckpointResult:
    line: int
    status: str  # ok, head-mismatch, beyond-end, bad-signature, unknown-key, unreadable
    seq: int | None = None
    time: str | None = None
    kid: str | None = None


@dataclass
class Report:
    directory: str
    files: int = 0
    entries: int = 0
    last_seq: int | None = None
    head: str | None = None
    #: Entries with seq below this are intact (the prefix before the first problem).
    intact_until: int = 0
    problems: list[Problem] = field(default_factory=list)
    checkpoints: list[CheckpointResult] = field(default_factory=list)
    keys: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def covering(self) -> list[CheckpointResult]:
        """Valid checkpoints that vouch for (part of) the intact prefix."""
        return [c for c in self.checkpoints if c.status == "ok" and c.seq is not None and c.seq < self.intact_until]

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ok"] = self.ok
        d["first_problem"] = asdict(self.problems[0]) if self.problems else None
        cover = self.covering
        d["covered_until_seq"] = cover[-1].seq if cover else None
        return d

    def lines(self) -> list[str]:
        span = f"seq 0..{self.last_seq}" if self.last_seq is not None else "empty"
        out = [f"archive {self.directory}: {self.files} files, {self.entries} entries ({span})"
               + (f", head {self.head[:16]}…" if self.head else "")]
        if self.ok:
            out.append("chain intact")
        else:
            out.append(f"BROKEN at {self.problems[0].describe()}")
            out.append(f"  intact: " + (f"seq 0..{self.intact_until - 1}" if self.intact_until else "nothing"))
            for p in self.problems[1:6]:
                out.append(f"  also: {p.describe()}")
            if len(self.problems) > 6:
                out.append(f"  and {len(self.problems) - 6} more problems (--json lists them)")
        valid = [c for c in self.checkpoints if c.status == "ok"]
        out.append(f"signed checkpoints: {len(valid)} of {len(self.checkpoints)} valid ({self.keys})")
        cover = self.covering
        if cover:
            last = cover[-1]
            out.append(f"  the intact prefix is signed up to seq {last.seq} (checkpoint of {last.time}, key {last.kid})")
            tail = self.intact_until - 1 - last.seq
            if tail > 0 and self.ok:
                out.append(f"  {tail} entries after it are not covered by a checkpoint yet")
        elif self.entries:
            out.append("  no valid checkpoint covers the intact prefix")
        later = [c for c in valid if c.seq is not None and c.seq >= self.intact_until]
        if later and not self.ok:
            out.append(f"  checkpoints after the first problem that still match the stored chain: "
                       f"seq {', '.join(str(c.seq) for c in later[:10])}" + (" …" if len(later) > 10 else ""))
        return out


def verify(directory: Path, jwks: Path | None = None) -> Report:
    directory = Path(directory)
    report = Report(str(directory))
    keys_path = jwks if jwks is not None else directory / JWKS
    keys = cp.read_keys(keys_path)
    report.keys = f"keys from {keys_path}" if keys else f"no keys: {keys_path} missing or empty"
    checks = [cp.check(t, keys, i + 1) for i, t in enumerate(cp.read_tokens(directory))]
    wanted = {c.seq for c in checks if c.valid}
    stored: dict[int, str] = {}
    files = list_files(directory)
    report.files = len(files)
    checker = ChainChecker()
    first_broken: int | None = None
    for at in iter_archive(directory, files):
        item = at.item
        if isinstance(item, Damage):
            final = at.file == files[-1] and item.resumed_at is None
            reason = (f"{item.reason}; the final block was cut short (a crash before it was acknowledged?)"
                      if final else item.reason)
            report.problems.append(Problem(reason, at.file.name, None, checker.expected_seq, None, item.byte_offset))
            first_broken = checker.expected_seq if first_broken is None else first_broken
            continue
        e = item.entry
        expected = checker.expected_seq
        broken = checker.feed(e)
        report.entries += 1
        report.last_seq, report.head = e["seq"], e["hash"].hex()
        if e["seq"] in wanted:
            stored[e["seq"]] = e["hash"].hex()
        if broken:
            report.problems.append(Problem(broken.reason, at.file.name, item.index, e["seq"], position(e)))
            if first_broken is None:
                # A gap: everything before it is fine. A prev_hash mismatch: the entry before
                # may be the altered one (its own hash recomputed), so it is not counted intact.
                first_broken = max(0, min(expected, e["seq"] - (0 if broken.kind == "content" else 1)))
    end = report.last_seq if report.last_seq is not None else -1
    report.intact_until = first_broken if first_broken is not None else end + 1
    for c in checks:
        report.checkpoints.append(_judge(c, stored, end, report))
    return report


def _judge(c: cp.Checkpoint, stored: dict[int, str], end: int, report: Report) -> CheckpointResult:
    where = f"{cp.CHECKPOINTS} line {c.line}"
    if not c.valid:
        why = {"bad-signature": "signature does not verify", "unknown-key": f"signed with unknown key {c.kid}",
               "unreadable": "not a checkpoint token"}[c.status]
        report.problems.append(Problem(f"{where}: {why}"))
        return CheckpointResult(c.line, c.status, kid=c.kid)
    result = CheckpointResult(c.line, "ok", c.seq, c.time, c.kid)
    if c.seq > end:
        result.status = "beyond-end"
        report.problems.append(Problem(f"{where}: signed at seq {c.seq} ({c.time}) but the archive ends at seq {end}: "
                                       f"entries {end + 1}..{c.seq} were removed", seq=end + 1))
        report.intact_until = min(report.intact_until, end + 1)
    elif stored.get(c.seq) != c.head:
        result.status = "head-mismatch"
        report.problems.append(Problem(f"{where}: the chain at seq {c.seq} does not match the signed head",
                                       seq=c.seq))
        report.intact_until = min(report.intact_until, c.seq)
    return result
