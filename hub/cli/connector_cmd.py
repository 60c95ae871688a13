"""``hub connector``: push partner exports (CSV, XLSX, JSON) into the hub without writing code.

``run MAPPING FILE`` checks every row, writes ``FILE.rejects.csv`` for rows it
refuses, sends the rest (only what changed since the last run), and prints
exactly what went out. ``watch DIR`` does the same for every file dropped into
a folder. ``list`` shows the shipped mappings.

Exit codes: 0 all sent, 1 some rows rejected, 3 sending failed part-way (the
summary says how many were sent; re-running is safe), 2 unusable input or
configuration.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from pathlib import Path

from hub.errors import HubError
from hub.settings import HubSettings

_SHOWN_REJECTS = 20


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("connector", help="send partner exports (CSV, XLSX, JSON) through a mapping")
    csub = p.add_subparsers(dest="connector_command", required=True, metavar="ACTION")

    run = csub.add_parser("run", help="check and send one file")
    run.add_argument("mapping", help="mapping name (e.g. adda-suppliers) or path to a mapping .toml")
    run.add_argument("file", type=Path, help="the export to send")
    _send_options(run)
    run.add_argument("--dry-run", action="store_true", help="check and report, send nothing")
    run.set_defaults(func=run_cmd)

    watch = csub.add_parser("watch", help="process files dropped into a folder, then move them to done/ or failed/")
    watch.add_argument("dir", type=Path, help="the drop folder")
    watch.add_argument("--mapping", help="use this mapping for every file (default: the mapping whose "
                                         "files rule matches the file name)")
    watch.add_argument("--mappings-dir", type=Path, help="where to look for mappings (default: the shipped ones)")
    watch.add_argument("--interval", type=float, default=5.0, help="seconds between polls (default 5)")
    watch.add_argument("--stable", type=float, default=2.0, help="seconds a file must be unchanged (default 2)")
    watch.add_argument("--once", action="store_true", help="poll once and exit")
    watch.add_argument("--dry-run", action="store_true",
                       help="check and report the files once; send, journal and move nothing")
    _send_options(watch)
    watch.set_defaults(func=watch_cmd)

    lst = csub.add_parser("list", help="list the shipped mappings")
    lst.set_defaults(func=list_cmd)


def _send_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--via", choices=["kafka", "gateway"], default="kafka",
                   help="kafka (Avro via the schema registry) or gateway (HTTPS API); default kafka")
    p.add_argument("--gateway-url", help="gateway base URL (default HUB_GATEWAY_URL, else the running hub's)")
    p.add_argument("--client-id", help="OAuth2 client id for the gateway (default HUB_CONNECTOR_CLIENT_ID); "
                                       "the secret is read from HUB_CONNECTOR_CLIENT_SECRET only")
    p.add_argument("--batch-size", type=int, default=500, help="events per acknowledged batch (max 1000)")


# --- shared -------------------------------------------------------------------

def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _gateway_url(args: argparse.Namespace, settings: HubSettings) -> str:
    if args.gateway_url:
        return args.gateway_url
    if os.environ.get("HUB_GATEWAY_URL"):
        return os.environ["HUB_GATEWAY_URL"]
    from hub.embedded.runtime import read_runtime

    runtime = read_runtime(settings.runtime_file)
    if runtime and runtime.gateway_url:
        return runtime.gateway_url
    return f"http://{settings.gateway_host}:{settings.gateway_port}"


def _make_sink(args: argparse.Namespace, settings: HubSettings, record_type: str):
    if args.via == "kafka":
        from connectors.kafka_sink import KafkaSink

        return KafkaSink(settings, record_type)
    from connectors.client import GatewaySink, HubClient

    client_id = args.client_id or os.environ.get("HUB_CONNECTOR_CLIENT_ID")
    secret = os.environ.get("HUB_CONNECTOR_CLIENT_SECRET")
    if not client_id or not secret:
        raise HubError("--via gateway needs a client id (--client-id or HUB_CONNECTOR_CLIENT_ID) "
                       "and HUB_CONNECTOR_CLIENT_SECRET")
    return GatewaySink(HubClient(_gateway_url(args, settings), client_id, secret,
                                 batch_size=min(max(args.batch_size, 1), 1000)), record_type)


def process_file(args: argparse.Namespace, settings: HubSettings, mapping, path: Path, console):
    """Plan and send one file; the ``RunResult``. Shared by ``run`` and ``watch``."""
    from connectors.engine import Engine
    from connectors.runner import RichProgress, run_file
    from connectors.state import SentState
    from hub.contracts import SchemaSet

    if not 1 <= args.batch_size <= 1000:
        raise HubError(f"--batch-size must be between 1 and 1000, not {args.batch_size}")
    engine = Engine(mapping, SchemaSet.load(settings.schema_dir))
    state = SentState.for_mapping(settings.data_dir, mapping.name)
    sink = None if args.dry_run else _make_sink(args, settings, mapping.record_type)
    progress = RichProgress(console)
    try:
        return asyncio.run(run_file(engine, path, state, sink, dry_run=args.dry_run,
                                    batch_size=args.batch_size, progress=progress))
    finally:
        progress.close()


def print_result(result, console) -> None:
    """Summary and the first rejects: row, column and reason only, never a value."""
    style = {"done": "green", "rejected": "yellow", "failed": "bold red"}[result.outcome]
    lines = result.summary_lines()
    console.print(lines[0])
    for line in lines[1:]:
        console.print(line, style=style if line.startswith(("sent", "dry run", "SENDING")) else None)
    for r in result.plan.rejects[:_SHOWN_REJECTS]:
        where = f"row {r.row}" if r.row is not None else "file"
        column = f", column {r.column!r}" if r.column else ""
        console.print(f"  {where}{column}: {r.reason}", markup=False)
    if len(result.plan.rejects) > _SHOWN_REJECTS:
        console.print(f"  ... and {len(result.plan.rejects) - _SHOWN_REJECTS} more in the rejects report")
    for note in result.notes:
        console.print(f"note: {note}")


# --- commands -----------------------------------------------------------------

def run_cmd(args: argparse.Namespace, settings: HubSettings) -> int:
    from connectors.mapping import load_mapping

    mapping = load_mapping(args.mapping)
    if not args.file.is_file():
        raise HubError(f"{args.file}: no such file")
    console = _console()
    result = process_file(args, settings, mapping, args.file, console)
    print_result(result, console)
    return result.exit_code


def list_cmd(args: argparse.Namespace, settings: HubSettings) -> int:
    from connectors.mapping import list_mapping_files, load_mapping

    console = _console()
    for path in list_mapping_files():
        m = load_mapping(path)
        console.print(f"{m.name:32} {m.record_type:15} partner {m.partner:20} files {', '.join(m.files) or '-'}",
                      markup=False)
    return 0


def watch_cmd(args: argparse.Namespace, settings: HubSettings) -> int:
    from connectors.mapping import MAPPINGS_DIR, list_mapping_files, load_mapping
    from connectors.watch import Watcher

    console = _console()
    mapping = load_mapping(args.mapping) if args.mapping else None
    mappings = [] if mapping else [load_mapping(p) for p in list_mapping_files(args.mappings_dir or MAPPINGS_DIR)]
    if not args.dir.is_dir():
        raise HubError(f"{args.dir}: no such folder")

    def process(path: Path, m):
        return process_file(args, settings, m, path, console)

    def report(handled) -> None:
        console.print(f"[bold]{handled.name}[/bold]: {handled.outcome}"
                      + (f" -> {handled.moved_to}" if handled.moved_to else ""))
        for line in handled.summary:
            console.print(f"  {line}", markup=False)

    # A dry run reports once and leaves every file where it is (no journal entry, no move).
    watcher = Watcher(args.dir, process, mapping=mapping, mappings=mappings, stable_s=args.stable,
                      keep=args.dry_run)
    if args.once or args.dry_run:
        handled = watcher.run_once()
        for h in handled:
            report(h)
        return 1 if any(h.outcome in ("failed", "rejected") for h in handled) else 0
    stop = {"now": False}
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.__setitem__("now", True))
    console.print(f"watching {args.dir} every {args.interval:g}s (Ctrl-C stops)")
    watcher.run_forever(args.interval, should_stop=lambda: stop["now"], report=report)
    return 0
