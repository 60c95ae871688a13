"""Run the registry inside the caller's event loop: topic, log, then HTTP.

The hub runs the registry next to its other services in one process and one
loop (``hub up``), so this does not own the process: uvicorn's signal
handlers are switched off (the caller decides when to stop) and the socket
is bound here, before uvicorn starts, so port 0 yields a known URL without a
race and a taken port is reported, not ``sys.exit``-ed by uvicorn.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from dataclasses import dataclass

from hub.kafka.clients import client_config
from hub.kafka.topics import COMPACT, SCHEMAS, TopicSpec, ensure_topics
from hub.registry import BackendError
from hub.registry.app import create_registry_app
from hub.registry.log import LogBackend
from hub.settings import HubSettings, KafkaSettings

log = logging.getLogger(__name__)


class _EmbeddedServer:
    """Lazily subclassed uvicorn.Server without signal capture (see the module docstring)."""

    @staticmethod
    def build(config):
        import uvicorn

        class Server(uvicorn.Server):
            @contextlib.contextmanager
            def capture_signals(self):
                yield

        return Server(config)


@dataclass
class RegistryHandle:
    """A running registry: ``url`` to hand to clients, ``stop()`` to end it."""

    url: str
    backend: LogBackend
    _server: object
    _task: asyncio.Task

    async def stop(self, timeout_s: float = 5.0) -> None:
        self._server.should_exit = True
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout_s)
        except asyncio.TimeoutError:
            self._server.force_exit = True
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        except Exception as exc:  # the server already failed; stopping must still release the log
            log.debug("registry server ended with %s", exc)
        await self.backend.stop()


def _ensure_topic(kafka: KafkaSettings, bootstrap: str, topic: str) -> None:
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(**client_config(kafka, bootstrap), client_id="hub-registry-admin")
    except (KafkaError, OSError, ValueError) as exc:
        raise BackendError(f"cannot reach Kafka at {bootstrap} to create {topic!r}: {exc}") from None
    try:
        spec = TopicSpec(topic, 1, COMPACT, None, "the schema registry's log")
        created = ensure_topics(admin, 1, kafka.replication_factor, (spec,))
        if created:
            log.info("created the schemas log topic %s", topic)
    except (KafkaError, OSError) as exc:
        raise BackendError(f"cannot create the schemas log topic {topic!r} on {bootstrap}: {exc}") from None
    finally:
        admin.close()


def _bind(host: str, port: int) -> socket.socket:
    # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted connections only
    # when the listening socket says TCP, and without it every response waits ~40 ms.
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        if not port:
            sock.close()
            raise
        log.warning("port %s is taken; the embedded registry uses a free port instead", port)
        sock.close()
        return _bind(host, 0)
    sock.listen(128)
    sock.setblocking(False)
    return sock


async def start_registry(settings: HubSettings, bootstrap: str, *, topic: str = SCHEMAS,
                         host: str | None = None, port: int | None = None) -> RegistryHandle:
    """Ensure ``topic`` exists, load it, and serve the REST API; returns once it answers.

    ``host``/``port`` override ``settings.registry.embedded_host``/``embedded_port``
    (port 0: any free port; a taken port falls back to a free one, with a warning).
    """
    import uvicorn

    await asyncio.to_thread(_ensure_topic, settings.kafka, bootstrap, topic)
    backend = await LogBackend(settings.kafka, bootstrap, topic).start()
    try:
        host = host or settings.registry.embedded_host
        sock = _bind(host, settings.registry.embedded_port if port is None else port)
        config = uvicorn.Config(create_registry_app(backend), log_level="warning", access_log=False,
                                lifespan="off", timeout_graceful_shutdown=2)
        server = _EmbeddedServer.build(config)
        task = asyncio.create_task(server.serve(sockets=[sock]), name="registry-http")
        while not server.started:
            if task.done():
                sock.close()
                raise BackendError(f"the registry's HTTP server did not start: {task.exception()}")
            await asyncio.sleep(0.01)
    except BaseException:
        await backend.stop()
        raise
    bound_host, bound_port = sock.getsockname()[:2]
    url_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    handle = RegistryHandle(f"http://{url_host}:{bound_port}", backend, server, task)
    log.info("schema registry ready on %s (log topic %s)", handle.url, topic)
    return handle
