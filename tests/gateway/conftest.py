"""Fixtures for the gateway's OAuth tests (helpers in oauth_support.py)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from joserfc.jwk import ECKey, KeySet

from gateway.auth import build_auth
from gateway.auth.config import AuthSettings, oauth_state_dir
from oauth_support import Hub, bound_socket, protected_app, serve, write_clients_file


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Iterator[Hub]:
    """One embedded hub per test module (generating 11 scrypt-hashed secrets takes a while)."""
    from gateway.auth.keys import load_or_create_signing_key

    tmp_path = tmp_path_factory.mktemp("hub")
    client_key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    clients = write_clients_file(tmp_path / "clients.toml", client_key)
    sock = bound_socket()
    issuer = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = AuthSettings(embedded_issuer=issuer, clients_file=clients, audience="procurement-hub")
    data_dir = tmp_path / "hub-data"
    auth = build_auth(settings, data_dir)
    signing_key = load_or_create_signing_key(oauth_state_dir(data_dir))
    with serve(protected_app(auth), sock) as url, httpx.Client(base_url=url, timeout=10) as http:
        yield Hub(url, auth, data_dir, client_key, signing_key, http)


@pytest.fixture
def keyset_of():
    return lambda *keys: KeySet(list(keys))


# -- a sandbox hub and a live gateway over it (tests/gateway/api) -------------------
@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    from hub.embedded.sandbox import Sandbox

    with Sandbox(tmp_path_factory.mktemp("sandbox")) as sb:
        yield sb


@pytest.fixture(scope="module")
def gateway(sandbox):
    """The publisher only: no read model or webhooks, so publishing is tested on its own."""
    from gateway.live import LiveGateway

    with LiveGateway(sandbox.settings(), sandbox.bootstrap, sandbox.registry_url, component_modules=()) as gw:
        yield gw
