"""``hub replay --from DIR``: produce an archive back into Kafka, to rebuild a cluster or a read model.

Against ``HUB_KAFKA_BOOTSTRAP`` (or a running ``hub up``). The hub's topics
are created first if missing (as ``hub init`` does). ``hub up`` does the same
by itself, into its fresh embedded broker, before anything else starts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from hub.errors import HubError
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replay", help="produce an archive's events back into Kafka (docs/archive.md)")
    p.add_argument("--from", dest="source", type=Path, required=True, metavar="DIR", help="the archive directory")
    p.add_argument("--no-verify", action="store_true", help="skip checking the hash chain first")
    p.add_argument("--json", action="store_true", help="print the statistics as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.archive.files import list_files
    from hub.archive.replay import replay
    from hub.cli.archive_cmd import _bootstrap
    from hub.embedded.supervisor import create_topics

    if not args.source.is_dir() or not list_files(args.source):
        raise HubError(f"no archive at {args.source} (no archive-*.avro files)")
    bootstrap = _bootstrap(settings)
    create_topics(settings, bootstrap)
    stats = asyncio.run(replay(args.source, settings, bootstrap, verify=not args.no_verify))
    if args.json:
        print(json.dumps(stats.as_dict(), indent=2))
        return 0
    print(f"replayed {stats.entries} events ({stats.schemas} schema records first) from {args.source} "
          f"to {bootstrap} in {stats.seconds:.1f} s ({stats.events_per_s:,.0f} events/s)")
    for topic, n in sorted(stats.per_topic.items()):
        print(f"  {topic}: {n}")
    if not stats.offsets_preserved:
        print(f"  {stats.offset_mismatches} events landed at other offsets than archived (the target was not "
              f"empty, or the source had gaps); the archive service recognises them by content")
    return 0
