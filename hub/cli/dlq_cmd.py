"""``hub dlq list|redrive``: see why events were dead-lettered, and re-drive them once the cause is fixed.

Against ``HUB_KAFKA_BOOTSTRAP`` (or a running ``hub up``). Nothing here
prints an event's bytes: the error messages name field paths and rule codes
only, and ``--json`` gives the size of the value, not the value.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections import Counter

from hub.errors import HubError
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dlq", help="dead letters: list them, re-drive them after a fix (docs/operations.md)")
    which = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    ls = which.add_parser("list", help="every dead letter: where it came from and why it failed")
    _selection_args(ls)
    ls.add_argument("--json", action="store_true", help="print JSON lines, one per dead letter")
    ls.set_defaults(func=list_letters)
    rd = which.add_parser("redrive", help="produce the selected dead letters' records to their topics again")
    _selection_args(rd)
    rd.add_argument("--all", action="store_true", help="every dead letter (else give at least one criterion)")
    rd.add_argument("--dry-run", action="store_true", help="say what would be re-driven, send nothing")
    rd.set_defaults(func=redrive_letters)


def _selection_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--stage", choices=["deserialize", "validate", "process"], help="the stage that failed")
    p.add_argument("--topic", help="the topic the event came from, e.g. hub.supplier-records.v1")
    p.add_argument("--error", metavar="TEXT", help="part of the exception's class name, e.g. ValidationError")
    p.add_argument("--partner", help="the publishing partner (from the event's ce_source header)")
    p.add_argument("--from-offset", type=int, metavar="N", help="dead letters at this DLQ offset or later")
    p.add_argument("--to-offset", type=int, metavar="N", help="dead letters at this DLQ offset or earlier")


def _selection(args: argparse.Namespace):
    from hub.kafka.dead_letters import Selection

    return Selection(stage=args.stage, topic=args.topic, error=args.error, partner=args.partner,
                     from_offset=args.from_offset, to_offset=args.to_offset)


def _read(settings: HubSettings):
    from hub.cli.archive_cmd import _bootstrap
    from hub.kafka.clients import client_config
    from hub.kafka.dead_letters import read_dead_letters

    client = client_config(settings.kafka, _bootstrap(settings))
    try:
        return client, asyncio.run(read_dead_letters(client))
    except TimeoutError as exc:
        raise HubError(str(exc)) from None


def _line(x, again: dict[str, str]) -> str:
    origin = f"{x.topic}[{x.origin_partition}]@{x.origin_offset}" if x.topic else "(no error headers)"
    who = ", ".join(part for part in (x.partner and f"partner {x.partner}", x.event_id and f"event {x.event_id}")
                    if part)
    notes = [who] if who else []
    if x.redriven_from:
        notes.append(f"re-driven from {x.redriven_from}")
    if x.ref in again:
        notes.append(f"re-driven, failed again as {again[x.ref]}")
    tail = f"  ({'; '.join(notes)})" if notes else ""
    return (f"{x.ref}  {x.timestamp:%Y-%m-%d %H:%M:%SZ}  {origin}  {x.stage or '-'}  "
            f"{x.error_class or '-'}: {x.message or '-'}{tail}")


def list_letters(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.kafka.dead_letters import failed_again

    _client, letters = _read(settings)
    again = failed_again(letters)
    chosen = [x for x in letters if _selection(args)(x)]
    if args.json:
        for x in chosen:
            print(json.dumps(dict(x.as_dict(), failed_again_as=again.get(x.ref)), ensure_ascii=False))
        return 0
    for x in chosen:
        print(_line(x, again))
    stages = Counter(x.stage or "-" for x in chosen)
    by_stage = ", ".join(f"{stage} {n}" for stage, n in sorted(stages.items()))
    print(f"{len(chosen)} dead letter(s) of {len(letters)}" + (f" (by stage: {by_stage})" if chosen else ""))
    return 0


def redrive_letters(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.kafka.dead_letters import Selection, failed_again, redrive

    selection = _selection(args)
    if selection == Selection() and not args.all:
        raise HubError("say which dead letters to re-drive (--stage, --topic, --error, --partner, --from-offset, "
                       "--to-offset) or --all; `hub dlq list` shows them")
    client, letters = _read(settings)
    again = failed_again(letters)
    chosen = [x for x in letters if selection(x)]
    # A letter whose re-driven copy failed again has a newer letter for the same event: re-drive that one.
    superseded = [x for x in chosen if x.ref in again]
    headless = [x for x in chosen if not x.topic]
    todo = [x for x in chosen if x.ref not in again and x.topic]
    for x in todo:
        print(f"{'would re-drive' if args.dry_run else 're-driving'} {x.ref} -> {x.topic}"
              + (f" (event {x.event_id})" if x.event_id else ""))
    if superseded:
        print(f"skipped {len(superseded)} already re-driven that failed again "
              f"(their newer dead letters stand for them): {', '.join(x.ref for x in superseded)}")
    if headless:
        print(f"skipped {len(headless)} without error headers (not written by the hub): "
              f"{', '.join(x.ref for x in headless)}")
    if args.dry_run or not todo:
        print(f"{len(todo)} dead letter(s) {'would be' if args.dry_run else 'were'} re-driven")
        return 0
    sent = asyncio.run(redrive(client, todo))
    print(f"re-drove {sum(sent.values())} dead letter(s): "
          + ", ".join(f"{topic} {n}" for topic, n in sorted(sent.items()))
          + "; any that fail again reappear in `hub dlq list`, marked as re-driven")
    return 0
