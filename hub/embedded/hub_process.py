"""``hub up`` as a child process, for end-to-end tests: start, stop, SIGKILL, start again.

The hub runs in its own process group with its own data dir and free ports,
exactly as ``make run`` runs it. ``kill()`` SIGKILLs the whole group (broker,
registry, processors, gateway) at once, as a power cut would, so tests can
check what the archive brings back on the next ``start()``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from hub.embedded.broker import reap_stale_broker


class HubProcess:
    def __init__(self, data_dir: Path, *, ready_timeout_s: float = 120, extra_env: dict[str, str] | None = None):
        self.data_dir = Path(data_dir)
        self.ready_timeout_s = ready_timeout_s
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen | None = None
        self.url: str | None = None
        self.runtime: dict = {}
        self.starts = 0
        self._tokens: dict[str, str] = {}

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
        return env | {"HUB_DATA_DIR": str(self.data_dir), "HUB_BROKER_PORT": "0", "HUB_SCHEMA_REGISTRY_PORT": "0",
                      "HUB_GATEWAY_PORT": "0", "HUB_LOG_LEVEL": "WARNING"} | self.extra_env

    def start(self) -> "HubProcess":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        runtime_file = self.data_dir / "runtime.json"
        runtime_file.unlink(missing_ok=True)
        self.starts += 1
        log = open(self.data_dir / f"hub-up-{self.starts}.log", "ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "hub", "up"], env=self.env(), stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + self.ready_timeout_s
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"hub up exited with {self.proc.returncode}; see {log.name}")
            if runtime_file.exists():
                self.runtime = json.loads(runtime_file.read_text())
                self.url = self.runtime["gateway_url"]
                try:
                    if self.url and httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                        self._tokens.clear()  # a new issuer URL: old tokens name the old one
                        return self
                except httpx.HTTPError:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"hub up not ready in {self.ready_timeout_s:.0f} s; see {log.name}")
            time.sleep(0.2)

    def stop(self, timeout_s: float = 60) -> int:
        """Ctrl-C, as a user would; returns the exit code."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.kill()
            raise RuntimeError("hub up did not stop on SIGINT") from None

    def kill(self) -> None:
        """SIGKILL every process of the hub at once."""
        assert self.proc is not None
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(30)
        # The broker has a session of its own (hub.embedded.broker): not in that group.
        reap_stale_broker(self.data_dir / "broker.pid")

    # -- talking to it ---------------------------------------------------------------
    def secret(self, client_id: str) -> str:
        from gateway.auth.clients import SecretStore
        from gateway.auth.config import oauth_state_dir

        return SecretStore(oauth_state_dir(self.data_dir)).read()[client_id]["secret"]

    def headers(self, client_id: str) -> dict[str, str]:
        if client_id not in self._tokens:
            resp = httpx.post(f"{self.url}/oauth/token", data={"grant_type": "client_credentials"},
                              auth=(client_id, self.secret(client_id)), timeout=30)
            resp.raise_for_status()
            self._tokens[client_id] = resp.json()["access_token"]
        return {"Authorization": f"Bearer {self._tokens[client_id]}"}

    def get(self, path: str, client_id: str, **kwargs) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", headers=self.headers(client_id), timeout=30, **kwargs)

    def post(self, path: str, client_id: str, **kwargs) -> httpx.Response:
        headers = self.headers(client_id) | kwargs.pop("headers", {})
        return httpx.post(f"{self.url}{path}", headers=headers, timeout=30, **kwargs)
