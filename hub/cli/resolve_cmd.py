"""``hub resolve IN.jsonl -o OUT.jsonl``: entity resolution offline.

The same resolver and rules as the stream processors, over a file: useful to
check a partner's export before it is sent, or to evaluate rule changes on a
labelled set. Input lines are supplier records
``{record_id, partner, name, country, identifiers: [{scheme, id}], address,
postal_code, city}``; output lines are ``{record_id, partner, hub_id}``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hub.errors import HubError
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("resolve", help="resolve supplier records in a JSON-lines file to hub ids, offline")
    p.add_argument("input", type=Path, help="JSON lines of supplier records")
    p.add_argument("-o", "--output", type=Path, required=True, help="where to write {record_id, partner, hub_id} lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.core.resolution.batch import resolve_jsonl

    if not args.input.is_file():
        raise HubError(f"{args.input}: no such file")
    stats = resolve_jsonl(args.input, args.output)
    print(f"{stats.records} records -> {stats.entities} suppliers "
          f"({stats.review_candidates} pairs for review, {stats.invalid_identifiers} invalid identifiers) "
          f"in {stats.seconds:.1f} s; wrote {args.output}", file=sys.stderr)
    return 0
