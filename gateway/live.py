"""Run a gateway in a background thread on a loopback port: for tests and benchmarks.

``LiveGateway`` binds the socket first (so the OAuth issuer URL, which must
name the port, is known before the app is built), builds the Gateway with
``build_gateway`` and serves it with uvicorn, lifespan on, so its
components really start and stop. Everything is then talked to over HTTP,
exactly as a partner would.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from gateway.app import create_app
from gateway.auth import AuthSettings, build_auth
from gateway.auth.clients import SecretStore
from gateway.auth.config import oauth_state_dir
from gateway.settings import GatewaySettings
from gateway.wiring import COMPONENT_MODULES, build_gateway
from hub.settings import HubSettings


class LiveGateway:
    def __init__(self, hub: HubSettings, bootstrap: str, registry_url: str, *,
                 settings: GatewaySettings | None = None, auth_settings: AuthSettings | None = None,
                 component_modules: tuple[str, ...] = COMPONENT_MODULES, ready_timeout_s: float = 60):
        self.hub = hub
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        auth_settings = (auth_settings or AuthSettings()).model_copy(update={"embedded_issuer": self.url})
        self.auth = build_auth(auth_settings, hub.data_dir)
        self.gateway = build_gateway(hub, settings or GatewaySettings(port=self.port), self.auth, bootstrap,
                                     registry_url, component_modules=component_modules)
        self.app = create_app(self.gateway)
        # Open SSE streams would hold shutdown forever: give them what `hub gateway` gives them.
        self._server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", access_log=False,
                                                     timeout_graceful_shutdown=5))
        self._thread: threading.Thread | None = None
        self.ready_timeout_s = ready_timeout_s
        self.http = httpx.Client(base_url=self.url, timeout=30)
        self._tokens: dict[tuple[str, str | None], str] = {}

    def start(self) -> "LiveGateway":
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + self.ready_timeout_s
        while True:
            if not self._thread.is_alive():
                raise RuntimeError("the gateway stopped during start-up (see the log)")
            if self._server.started:
                try:
                    if self.http.get("/readyz").status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the gateway was not ready in {self.ready_timeout_s:.0f} s: "
                                   f"{self.http.get('/readyz').text if self._server.started else 'not started'}")
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(30)
        self.http.close()
        self._sock.close()

    def __enter__(self) -> "LiveGateway":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- tokens ------------------------------------------------------------------------
    def secret(self, client_id: str) -> str:
        return SecretStore(oauth_state_dir(Path(self.hub.data_dir))).read()[client_id]["secret"]

    def token(self, client_id: str, scope: str | None = None) -> str:
        """An access token for ``client_id`` (client_secret_basic), cached per scope."""
        key = (client_id, scope)
        if key not in self._tokens:
            form = {"grant_type": "client_credentials"} | ({"scope": scope} if scope else {})
            resp = self.http.post("/oauth/token", data=form, auth=(client_id, self.secret(client_id)))
            resp.raise_for_status()
            self._tokens[key] = resp.json()["access_token"]
        return self._tokens[key]

    def headers(self, client_id: str, scope: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(client_id, scope)}"}
