"""``hub broker``: run the embedded Tansu broker alone until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse

from hub.embedded.broker import BrokerError, EmbeddedBroker
from hub.embedded.signals import wait_for_stop
from hub.errors import HubError
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("broker", help="run the embedded Kafka-protocol broker (memory only)")
    p.add_argument("--port", type=int, help="listen port (default HUB_BROKER_PORT or 9092; 0 = any free port)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    port = settings.kafka.embedded_port if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise HubError(f"--port must be between 0 and 65535, not {port}")
    try:
        with EmbeddedBroker(port) as broker:
            print(f"broker ready on {broker.bootstrap} (memory only; Ctrl-C stops it)", flush=True)
            wait_for_stop()
    except BrokerError as exc:
        raise HubError(str(exc)) from None
    print("broker stopped", flush=True)
    return 0
