"""Fixtures for the dashboard's tests (helpers in ui_support.py).

``ui`` (module scope): the real gateway app (OAuth with the authorization
code flow, the UI router, ops) served by uvicorn on loopback, with the stub
read API.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ui_support import StubState, UiHub, bound_socket, serve, stub_api  # noqa: E402

from gateway.app import Gateway, create_app  # noqa: E402
from gateway.auth import AuthSettings, build_auth  # noqa: E402
from gateway.settings import GatewaySettings  # noqa: E402
from hub.settings import HubSettings  # noqa: E402


@pytest.fixture(scope="module")
def ui(tmp_path_factory) -> Iterator[UiHub]:
    data_dir = tmp_path_factory.mktemp("ui-hub")
    sock = bound_socket()
    issuer = f"http://127.0.0.1:{sock.getsockname()[1]}"
    auth = build_auth(AuthSettings(embedded_issuer=issuer), data_dir)
    gw = Gateway(GatewaySettings(), HubSettings(data_dir=data_dir), auth)
    app = create_app(gw, router_modules=("gateway.api.ops", "gateway.ui"), manage_lifecycle=False)
    state = StubState()
    app.include_router(stub_api(state))
    with serve(app, sock) as url:
        yield UiHub(url, app, data_dir, state)


@pytest.fixture
def anna(ui) -> Iterator[httpx.Client]:
    with ui.browser() as client:
        assert ui.sign_in(client, "anna.lind@region-kalmar").status_code == 200
        yield client


@pytest.fixture
def reviewer(ui) -> Iterator[httpx.Client]:
    with ui.browser() as client:
        assert ui.sign_in(client, "olof.reviewer@hub").status_code == 200
        yield client
