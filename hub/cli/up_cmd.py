"""``hub up``: run the whole embedded profile until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio

from hub.embedded.supervisor import RunningHub, run_until_stopped
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("up", help="start broker, schema registry and processors (the embedded profile)")
    p.set_defaults(func=run)


def _banner(hub: RunningHub) -> None:
    lines = [
        "hub is up:",
        f"  Kafka bootstrap   {hub.bootstrap}",
        f"  schema registry   {hub.registry_url}   (try: curl {hub.registry_url}/subjects)",
    ]
    if hub.children:
        lines.append(f"  stream processors hub worker, pid {hub.children[0].pid} (validate, dedup, resolve, merge, alert)")
    if hub.gateway_url:
        url = hub.gateway_url
        lines += [
            f"  gateway           {url}   (API docs: {url}/docs, contract: docs/api.md)",
            f"  web dashboard     {url}/ui",
            "",
            "try it (demo data is loaded; clients: .venv/bin/hub clients list):",
            f"  TOKEN=$(curl -s -u planner:$(.venv/bin/hub clients secret planner) -d grant_type=client_credentials \\",
            f"          {url}/oauth/token | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')",
            f"  curl -s -H \"Authorization: Bearer $TOKEN\" '{url}/v1/suppliers?q=sentosa+glove'",
            f"  curl -s -H \"Authorization: Bearer $TOKEN\" '{url}/v1/audit-plan?category=33141420'",
        ]
    lines.append("Ctrl-C stops everything.")
    print("\n".join(lines), flush=True)


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    asyncio.run(run_until_stopped(settings, on_ready=_banner))
    print("hub stopped", flush=True)
    return 0
