"""Run one file through a mapping: plan, send in acknowledged batches, report exactly what went out.

The one promise here is that a file is never half-sent silently. Events go
out in batches; the sent-state is updated after each acknowledged batch; if a
batch fails, sending stops and the result says how many events were sent and
that re-running is safe (unchanged records are skipped, and a record sent
again carries the same event id, which consumers de-duplicate).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from connectors.engine import Engine, Plan, Prepared
from connectors.state import SentState, write_rejects

EXIT_OK, EXIT_REJECTS, EXIT_SEND_FAILED = 0, 1, 3


class Sink(Protocol):
    """Where events go: Kafka (``connectors.kafka_sink``) or the gateway (``connectors.client``)."""

    async def start(self) -> None: ...

    async def send(self, batch: list[Prepared]) -> None:
        """Deliver the batch; return only once every event is acknowledged, raise otherwise."""
        ...

    async def stop(self) -> None: ...


@dataclass
class RunResult:
    plan: Plan
    dry_run: bool
    sent: int = 0
    error: str | None = None
    rejects_file: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.error:
            return EXIT_SEND_FAILED
        return EXIT_REJECTS if self.plan.rejects else EXIT_OK

    @property
    def outcome(self) -> str:
        """``done`` (everything valid went out), ``rejected`` (some rows refused) or ``failed`` (sending broke)."""
        return "failed" if self.error else ("rejected" if self.plan.rejects else "done")

    def summary_lines(self) -> list[str]:
        """What the user reads at the end. Never contains values: counts, rows, columns and reasons only."""
        p = self.plan
        pending = len(p.to_send)
        lines = [f"{p.path.name} via mapping {p.mapping.name} ({p.mapping.record_type}, partner {p.mapping.partner}): "
                 f"{p.rows_read} row(s) read"]
        if self.dry_run:
            lines.append(f"dry run: {pending} would be sent, {len(p.unchanged)} unchanged, "
                         f"{p.rejected_records} rejected; nothing was sent")
        else:
            lines.append(f"sent: {self.sent}, unchanged: {len(p.unchanged)}, rejected: {p.rejected_records}")
        if p.warnings:
            lines.append(f"{p.warnings} warning(s) from the hub's business rules (events accepted)")
        if self.error:
            lines.append(f"SENDING FAILED after {self.sent} of {pending} event(s): {self.error}")
            lines.append(f"{pending - self.sent} event(s) were not sent; re-running the same file is safe "
                         "(what was sent is skipped as unchanged, and event ids are deterministic)")
        if self.rejects_file:
            lines.append(f"{len(p.rejects)} problem(s) in {p.rejected_records} record(s); "
                         f"rejects report: {self.rejects_file}")
        return lines


async def run_file(engine: Engine, path: Path, state: SentState, sink: Sink | None, *, dry_run: bool = False,
                   batch_size: int = 500, progress: "ProgressHooks | None" = None) -> RunResult:
    """Plan ``path``, write its rejects report, and (unless ``dry_run``) send what changed."""
    hooks = progress or ProgressHooks()
    plan = engine.plan(Path(path), state.sent, on_start=hooks.start_rows, on_row=hooks.row)
    result = RunResult(plan, dry_run)
    result.rejects_file = write_rejects(plan.path, plan.rejects)
    if dry_run or not plan.to_send:
        return result
    if sink is None:
        raise ValueError("a sink is needed unless dry_run")
    hooks.start_send(len(plan.to_send))
    try:
        await sink.start()
    except Exception as exc:  # nothing sent: say so, and that a re-run is safe
        result.error = _describe(exc)
        await _stop(sink, result)
        return result
    try:
        for i in range(0, len(plan.to_send), batch_size):
            batch = plan.to_send[i:i + batch_size]
            try:
                await sink.send(batch)
            except Exception as exc:  # any failure stops the file; the summary says how far it got
                result.error = _describe(exc)
                break
            state.mark((e.key, e.fingerprint) for e in batch)
            result.sent += len(batch)
            hooks.sent(len(batch))
    finally:
        await _stop(sink, result)
    return result


async def _stop(sink: Sink, result: RunResult) -> None:
    try:
        await sink.stop()
    except Exception as exc:  # stopping must not hide the result
        result.notes.append(f"closing the connection failed: {_describe(exc)}")


def _describe(exc: BaseException) -> str:
    """An error for the summary: the hub's own messages as they are, others by type (never payloads)."""
    from hub.errors import HubError

    if isinstance(exc, HubError):
        return str(exc)
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text and len(text) < 300 else type(exc).__name__


class ProgressHooks:
    """No-op progress; ``RichProgress`` shows bars."""

    def start_rows(self, total: int | None) -> None: ...
    def row(self) -> None: ...
    def start_send(self, total: int) -> None: ...
    def sent(self, n: int) -> None: ...


class RichProgress(ProgressHooks):
    """Progress bars for checking rows and sending events (shown only on files big enough to wait for)."""

    def __init__(self, console=None, min_rows: int = 200):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.min_rows = min_rows
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=console, transient=True)
        self._rows = self._send = None
        self._started = False

    def _ensure(self) -> None:
        if not self._started:
            self.progress.start()
            self._started = True

    def start_rows(self, total: int | None) -> None:
        if total is None or total >= self.min_rows:
            self._ensure()
            self._rows = self.progress.add_task("checking rows", total=total)

    def row(self) -> None:
        if self._rows is not None:
            self.progress.advance(self._rows)

    def start_send(self, total: int) -> None:
        if total >= self.min_rows or self._started:
            self._ensure()
            self._send = self.progress.add_task("sending events", total=total)

    def sent(self, n: int) -> None:
        if self._send is not None:
            self.progress.advance(self._send, n)

    def close(self) -> None:
        if self._started:
            self.progress.stop()

