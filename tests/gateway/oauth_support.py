"""Helpers for the gateway's OAuth tests: real uvicorn servers on loopback.

``serve(app, sock)`` runs an app in a thread on an already-bound socket, so
the port (and thus the issuer URL, which must be known before the app is
built) is fixed first. Everything is talked to over HTTP with httpx, never
through an in-process test client.
"""

from __future__ import annotations

import base64
import contextlib
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from fastapi import Depends, FastAPI
from joserfc import jwt
from joserfc.jwk import ECKey

from gateway.auth import GatewayAuth, install_auth
from gateway.auth.clients import SecretStore
from gateway.auth.config import oauth_state_dir
from gateway.auth.dependencies import Caller, require_scopes
from gateway.problems import install_problem_handlers

DEFAULT_CLIENTS = Path(__file__).resolve().parents[2] / "gateway" / "auth" / "clients.toml"


def bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextlib.contextmanager
def serve(app: FastAPI, sock: socket.socket) -> Iterator[str]:
    """Run ``app`` with uvicorn on ``sock`` in a thread; yield its base URL."""
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def protected_app(auth: GatewayAuth) -> FastAPI:
    """The OAuth router plus one protected route per interesting scope set."""
    app = FastAPI()
    install_problem_handlers(app)
    install_auth(app, auth)

    def as_dict(caller: Caller) -> dict:
        return {"client_id": caller.client_id, "partner": caller.partner,
                "scopes": sorted(caller.scopes), "subject": caller.subject}

    @app.get("/v1/whoami")
    def whoami(caller: Caller = Depends(require_scopes("hub:read"))) -> dict:
        return as_dict(caller)

    @app.post("/v1/publish")
    def publish(body: dict, caller: Caller = Depends(require_scopes("hub:publish"))) -> dict:
        # The partner comes from the token; a "partner" in the body is ignored.
        return {"accepted_for": caller.partner}

    @app.get("/v1/admin")
    def admin(caller: Caller = Depends(require_scopes("hub:admin"))) -> dict:
        return as_dict(caller)

    @app.get("/v1/boom")
    def boom() -> dict:
        raise RuntimeError("secret internal detail")

    return app


@dataclass
class Hub:
    url: str
    auth: GatewayAuth
    data_dir: Path
    #: The private key of the test client registered for private_key_jwt.
    client_key: ECKey
    #: The hub's own signing key, for crafting tokens in attack tests.
    signing_key: ECKey
    http: httpx.Client

    @property
    def issuer(self) -> str:
        return self.auth.settings.embedded_issuer

    @property
    def audience(self) -> str:
        return self.auth.settings.audience

    def secret(self, client_id: str) -> str:
        return SecretStore(oauth_state_dir(self.data_dir)).read()[client_id]["secret"]

    def token(self, client_id: str = "region-skane", scope: str | None = None) -> httpx.Response:
        form = {"grant_type": "client_credentials"} | ({"scope": scope} if scope else {})
        return self.http.post("/oauth/token", data=form, auth=(client_id, self.secret(client_id)))

    def access_token(self, client_id: str = "region-skane", scope: str | None = None) -> str:
        resp = self.token(client_id, scope)
        assert resp.status_code == 200, resp.text
        return resp.json()["access_token"]

    def assertion(self, client_id: str = "jwt-client", *, key: ECKey | None = None, **overrides) -> str:
        now = int(time.time())
        claims = {"iss": client_id, "sub": client_id, "aud": self.issuer, "jti": uuid.uuid4().hex,
                  "iat": now, "exp": now + 60} | overrides
        claims = {k: v for k, v in claims.items() if v is not None}
        k = key or self.client_key
        return jwt.encode({"alg": "ES256", "kid": k.kid}, claims, k)

    def token_by_assertion(self, assertion: str, **extra) -> httpx.Response:
        form = {"grant_type": "client_credentials",
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": assertion} | extra
        return self.http.post("/oauth/token", data=form)

    def forge(self, claims: dict | None = None, header: dict | None = None, key=None, drop: tuple = ()) -> str:
        """An access token signed with the hub's real key, with chosen claims."""
        now = int(time.time())
        base = {"iss": self.issuer, "aud": self.audience, "sub": "region-skane", "client_id": "region-skane",
                "scope": "hub:read hub:publish", "partner": "region-skane", "iat": now, "exp": now + 300,
                "jti": uuid.uuid4().hex}
        body = {k: v for k, v in (base | (claims or {})).items() if k not in drop}
        hdr = {"alg": "ES256", "typ": "at+jwt", "kid": self.signing_key.kid} | (header or {})
        return jwt.encode(hdr, body, key or self.signing_key)


def write_clients_file(path: Path, client_key: ECKey) -> Path:
    """The default clients plus one private_key_jwt-only client with ``client_key``."""
    pub = client_key.as_dict(private=False) | {"kid": client_key.kid}
    jwk = ", ".join(f'{k} = "{v}"' for k, v in pub.items())
    text = DEFAULT_CLIENTS.read_text(encoding="utf-8").split("# -- External IdP")[0]
    text += f'''
[[client]]
client_id = "jwt-client"
partner = "region-kalmar"
scopes = ["hub:publish", "hub:read"]
auth_methods = ["private_key_jwt"]
jwk = {{ {jwk} }}
'''
    path.write_text(text, encoding="utf-8")
    return path


def b64url(data: bytes | dict) -> str:
    raw = json.dumps(data).encode() if isinstance(data, dict) else data
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


