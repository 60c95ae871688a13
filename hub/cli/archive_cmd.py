"""``hub archive run|verify|export``: the durable event archive (docs/archive.md).

This is the layer that knows where the hub's signing key lives (the
gateway's ES256 key under the data dir) and hands it to ``hub.archive``,
which never imports the gateway.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import signal
import sys
from pathlib import Path

from hub.errors import HubError
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("archive", help="the durable event archive: run, verify, export (docs/archive.md)")
    which = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    run_p = which.add_parser("run", help="archive the hub's input topics from the configured Kafka until Ctrl-C")
    run_p.add_argument("--dir", type=Path, help="archive directory (default HUB_ARCHIVE_DIR or <data dir>/archive)")
    run_p.set_defaults(func=run)
    ver = which.add_parser("verify", help="check an archive's hash chain and signed checkpoints, or an export")
    ver.add_argument("path", type=Path, help="an archive directory, or an export file from `hub archive export`")
    ver.add_argument("--jwks", type=Path, help="trusted public keys (JWKS or JWK) instead of the archive's jwks.json")
    ver.add_argument("--json", action="store_true", help="print the report as JSON")
    ver.set_defaults(func=verify)
    exp = which.add_parser("export", help="one partner's submissions in a date range, with the proof")
    exp.add_argument("--partner", required=True, help="partner id, e.g. region-skane")
    exp.add_argument("--from", dest="start", required=True, metavar="DATE", help="YYYY-MM-DD or an ISO time (UTC)")
    exp.add_argument("--to", dest="end", required=True, metavar="DATE", help="YYYY-MM-DD (the whole day) or an ISO time")
    exp.add_argument("-o", "--output", type=Path, help="write the export here (default: standard output)")
    exp.add_argument("--dir", type=Path, help="archive directory (default HUB_ARCHIVE_DIR or <data dir>/archive)")
    exp.add_argument("--jwks", type=Path, help="public keys to check the checkpoints with (default: the archive's)")
    exp.set_defaults(func=export)


def signing_key(settings: HubSettings):
    """The hub's ES256 key: the gateway's token-signing key, created on first use."""
    from gateway.auth.config import oauth_state_dir
    from gateway.auth.keys import load_or_create_signing_key

    return load_or_create_signing_key(oauth_state_dir(settings.data_dir))


def _bootstrap(settings: HubSettings) -> str:
    from hub.embedded.runtime import read_runtime

    if settings.kafka.bootstrap:
        return settings.kafka.bootstrap
    runtime = read_runtime(settings.runtime_file)
    if runtime is None:
        raise HubError(f"no Kafka to archive from: set HUB_KAFKA_BOOTSTRAP, or start a hub with `hub up` "
                       f"({settings.runtime_file} is missing)")
    return runtime.bootstrap


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.archive.service import ArchiveService

    bootstrap = _bootstrap(settings)
    directory = args.dir or settings.archive_dir
    service = ArchiveService(settings, bootstrap, signing_key(settings), archive_dir=directory)

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await service.start()
        print(f"archiving {', '.join(service.topics)}\n  from {bootstrap}\n  into {directory.resolve()} "
              f"(from seq {service.entries}); Ctrl-C stops", flush=True)
        try:
            await stop.wait()
        finally:
            await service.stop()

    asyncio.run(serve())
    print(f"archive stopped: {service.entries} entries in {directory}", flush=True)
    return 1 if service.error else 0


def verify(args: argparse.Namespace, settings: HubSettings) -> int:
    path: Path = args.path
    if path.is_file():
        return _verify_export(path, args)
    if not path.is_dir():
        raise HubError(f"no archive at {path}")
    from hub.archive.verify import verify as check

    report = check(path, args.jwks)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print("\n".join(report.lines()))
    return 0 if report.ok else 1


def _verify_export(path: Path, args: argparse.Namespace) -> int:
    from hub.archive.export import load, verify_export

    doc = load(path)
    problems = verify_export(doc, args.jwks)
    n = len(doc.get("entries") or [])
    if args.json:
        print(json.dumps({"export": str(path), "entries": n, "ok": not problems, "problems": problems}, indent=2))
    elif problems:
        print(f"export {path}: {n} entries; NOT proven:")
        print("\n".join(f"  {p}" for p in problems))
    else:
        print(f"export {path}: all {n} entries of {doc.get('partner')} are proven by signed checkpoints")
    return 1 if problems else 0


def _when(text: str, end_of_day: bool) -> dt.datetime:
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            at = dt.datetime.combine(day, dt.time.max if end_of_day else dt.time.min)
        else:
            at = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise HubError(f"{text!r} is not a date (YYYY-MM-DD) or an ISO time") from None
    return at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)


def export(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.archive.export import export as build

    start, end = _when(args.start, False), _when(args.end, True)
    if end < start:
        raise HubError("--to is before --from")
    directory = args.dir or settings.archive_dir
    if not directory.is_dir():
        raise HubError(f"no archive at {directory}")
    doc = build(directory, args.partner, start, end, args.jwks)
    text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if args.output:
        args.output.write_text(text, "utf-8")
    else:
        sys.stdout.write(text)
    n = len(doc["entries"])
    note = f"; {len(doc['unproven'])} not yet covered by a signed checkpoint" if doc["unproven"] else ""
    print(f"exported {n} entries of {args.partner}" + (f" to {args.output}" if args.output else "") + note,
          file=sys.stderr)
    return 0
