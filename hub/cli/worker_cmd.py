"""``hub worker``: run the stream processors until Ctrl-C or SIGTERM.

Several workers with the same settings share the partitions between them
(a Kafka consumer group); that is how the hub scales out on a real cluster.
"""

from __future__ import annotations

import argparse

from hub.embedded.runtime import resolve_endpoints
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("worker", help="run the stream processors (validate, dedup, resolve, merge, alert)")
    p.add_argument("--metrics-port", type=int, default=None,
                   help="serve Prometheus /metrics on 127.0.0.1:PORT")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.processors.app import run_worker
    from hub.processors.metrics import Metrics
    from hub.processors.worker import build_processors, prepare

    bootstrap, registry_url = resolve_endpoints(settings)
    ids = prepare(settings, bootstrap, registry_url)
    metrics = Metrics()
    if args.metrics_port is not None:
        metrics.serve(args.metrics_port)
    app = build_processors(settings, bootstrap, registry_url, ids, metrics)
    run_worker(app, loglevel=settings.log_level)
    return 0
