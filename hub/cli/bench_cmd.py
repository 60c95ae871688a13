"""``hub bench pipeline|gateway|replay``: benchmarks that print JSON (never part of the tests)."""

from __future__ import annotations

import argparse
import json

from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="benchmarks; print JSON (see docs/performance.md)")
    which = p.add_subparsers(dest="bench", required=True, metavar="BENCH")
    pipe = which.add_parser("pipeline", help="stream processors: raw echo, Faust floor, naive peer, hub, latency")
    pipe.add_argument("--events", type=int, default=20000)
    pipe.add_argument("--warm", type=int, default=4000, help="known suppliers before the measured run")
    pipe.add_argument("--latency-seconds", type=float, default=10.0)
    pipe.add_argument("--no-adapter-only", dest="adapter_only", action="store_false",
                      help="skip (d0), the worker with a no-op core")
    pipe.add_argument("--workers", type=int, default=1,
                      help="also run the whole topic through 1, then this many hub workers (scale-out)")
    pipe.set_defaults(func=run)
    gw = which.add_parser("gateway", help="gateway reads (by id, search) next to a trivial FastAPI endpoint")
    gw.add_argument("--suppliers", type=int, default=5000, help="merged suppliers in the read model")
    gw.add_argument("--seconds", type=float, default=5.0, help="measured seconds per stage")
    gw.add_argument("--connections", type=int, default=8)
    gw.set_defaults(func=run_gateway)
    rp = which.add_parser("replay", help="the archive: archive rate, size per 100k, ack latency, verify, replay "
                                         "rate against the pipeline's")
    rp.add_argument("--events", type=int, default=100_000)
    rp.add_argument("--pipeline-events", type=int, default=5000, help="for the pipeline rate (0: skip)")
    rp.set_defaults(func=run_replay)


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.bench.pipeline import run as run_pipeline

    print(json.dumps(run_pipeline(args.events, warm=args.warm, latency_seconds=args.latency_seconds,
                                   adapter_only=args.adapter_only, workers=args.workers), indent=2))
    return 0


def run_gateway(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.bench.gateway import run as run_bench

    print(json.dumps(run_bench(args.suppliers, seconds=args.seconds, connections=args.connections), indent=2))
    return 0


def run_replay(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.bench.replay import run as run_bench

    print(json.dumps(run_bench(args.events, pipeline_events=args.pipeline_events), indent=2))
    return 0
