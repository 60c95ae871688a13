"""Entry point of the ``hub`` command.

Settings are built here, once, from the environment and passed down. A user
error (``HubError``, ``SettingsError``, bad arguments) ends in one line on
stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from typing import Sequence

from hub.errors import HubError
from hub.settings import HubSettings, SettingsError

#: Subcommand modules; each has ``register(subparsers)`` that sets ``func``.
COMMAND_MODULES = (
    "hub.cli.broker_cmd",
    "hub.cli.up_cmd",
    "hub.cli.init_cmd",
    "hub.cli.worker_cmd",
    "hub.cli.registry_cmd",
    "hub.cli.connector_cmd",
    "hub.cli.resolve_cmd",
    "hub.cli.bench_cmd",
    "hub.cli.clients_cmd",
    "hub.cli.users_cmd",
    "hub.cli.gateway_cmd",
    "hub.cli.archive_cmd",
    "hub.cli.replay_cmd",
    "hub.cli.dlq_cmd",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not a usage dump
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="hub", description="Nordic sustainable-procurement data-sharing hub")
    parser.add_argument("--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="overrides HUB_LOG_LEVEL")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a subcommand not built yet in this checkout
                continue
            raise
        module.register(sub)
    return parser


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("kafka", "aiokafka", "uvicorn.access", "httpx"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = HubSettings.from_env()
        if args.log_level:
            settings = settings.model_copy(update={"log_level": args.log_level})
        configure_logging(settings.log_level)
        return int(args.func(args, settings) or 0)
    except (HubError, SettingsError) as exc:
        print(f"hub: error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        message = _broker_error(exc)
        if message is None:
            raise
        print(f"hub: error: {message}", file=sys.stderr)
        return 2


def _broker_error(exc: Exception) -> str | None:
    """One line for a Kafka client error (the broker is down, unreachable or refuses us), else None.

    Either client library may raise it from any command that talks to Kafka;
    a traceback would tell the operator less than the client's own message.
    """
    from aiokafka.errors import KafkaError as AioKafkaError
    from kafka.errors import KafkaError

    if isinstance(exc, (AioKafkaError, KafkaError)):
        return f"Kafka: {exc} (is the broker running, and HUB_KAFKA_BOOTSTRAP right?)"
    return None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
