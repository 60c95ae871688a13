"""``hub init``: create the hub's topics and register its schemas, then exit.

For a real cluster (deploy/docker-compose.yml runs it once before the
workers). ``hub up`` does the same by itself for the embedded profile. Both
steps are idempotent, so running it again is harmless.
"""

from __future__ import annotations

import argparse
import asyncio

from hub.embedded.runtime import resolve_endpoints
from hub.embedded.supervisor import create_topics, register_schemas
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create topics and register schemas on the configured Kafka and registry")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    bootstrap, registry_url = resolve_endpoints(settings)
    created = create_topics(settings, bootstrap)
    print(f"topics created: {', '.join(created) or 'none (all existed)'}")
    ids = asyncio.run(register_schemas(settings, registry_url))
    for subject, schema_id in sorted(ids.items()):
        print(f"schema {subject}: id {schema_id}")
    return 0
