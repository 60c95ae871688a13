"""HubClient against a tiny fake gateway (FastAPI on a loopback port, served by uvicorn): not a mock.

The fake speaks the agreed contract: OAuth2 client credentials with
client_secret_basic at /oauth/token, arrays of at most 1000 events at
/v1/supplier-records and /v1/audit-outcomes, 202 with event ids. It can be
told to answer 503/429 (with Retry-After) a number of times first.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import shutil
import socket
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from connectors.client import GatewayError, GatewaySink, HubClient
from connectors.engine import Engine
from connectors.mapping import load_mapping
from connectors.runner import run_file
from connectors.state import SentState

SAMPLES = Path(__file__).parent / "samples"


class FakeGateway:
    def __init__(self, expires_in: int = 3600):
        self.tokens: list[str] = []
        self.requests: list[dict] = []
        self.token_requests = 0
        self.failures: list[tuple[int, dict]] = []   # answers to give before accepting
        self.expires_in = expires_in
        self.app = FastAPI()
        self.app.post("/oauth/token")(self.token)
        self.app.post("/v1/supplier-records")(self.events)
        self.app.post("/v1/audit-outcomes")(self.events)

    async def token(self, request: Request):
        self.token_requests += 1
        auth = request.headers.get("authorization", "")
        from urllib.parse import parse_qsl

        form = dict(parse_qsl((await request.body()).decode()))  # no python-multipart needed
        expected = "Basic " + base64.b64encode(b"adda-connector:s3cret").decode()
        if auth != expected or form.get("grant_type") != "client_credentials":
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        tok = f"tok-{len(self.tokens) + 1}"
        self.tokens.append(tok)
        return {"access_token": tok, "token_type": "Bearer", "expires_in": self.expires_in}

    async def events(self, request: Request):
        if request.headers.get("authorization") != f"Bearer {self.tokens[-1] if self.tokens else ''}":
            return JSONResponse({"title": "invalid token"}, status_code=401)
        if self.failures:
            status, headers = self.failures.pop(0)
            return JSONResponse({"title": "try later"}, status_code=status, headers=headers)
        body = await request.json()
        if not isinstance(body, list) or len(body) > 1000:
            return JSONResponse({"title": "at most 1000 events"}, status_code=413)
        self.requests.append({"path": request.url.path, "key": request.headers.get("idempotency-key"),
                              "token": request.headers["authorization"], "body": body})
        return JSONResponse({"event_ids": [e["event_id"] for e in body]}, status_code=202)


@contextlib.asynccontextmanager
async def serve(app):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


async def no_sleep(_s):
    no_sleep.calls.append(_s)


def events(n: int) -> list[dict]:
    import uuid

    return [{"event_id": str(uuid.uuid4()), "partner": "adda", "record_id": str(i), "name": f"S{i} AB",
             "country": "SE"} for i in range(n)]


async def test_batches_of_at_most_1000_with_deterministic_idempotency_keys():
    gw = FakeGateway()
    async with serve(gw.app) as url:
        async with HubClient(url, "adda-connector", "s3cret") as client:
            evs = events(2500)
            ids = await client.post_supplier_records(evs)
            assert ids == [e["event_id"] for e in evs]
            await client.post_supplier_records(evs[:1000])
    assert [len(r["body"]) for r in gw.requests] == [1000, 1000, 500, 1000]
    assert gw.requests[0]["key"] == gw.requests[3]["key"]          # same rows, same key
    assert len({r["key"] for r in gw.requests[:3]}) == 3
    assert gw.token_requests == 1


async def test_retries_on_5xx_and_429_honouring_retry_after():
    gw = FakeGateway()
    gw.failures = [(503, {}), (429, {"Retry-After": "7"}), (502, {})]
    no_sleep.calls = []
    async with serve(gw.app) as url:
        async with HubClient(url, "adda-connector", "s3cret", sleep=no_sleep, backoff_base_s=0.5) as client:
            await client.post_audit_outcomes(events(3))
            assert client.retries == 3
    assert len(gw.requests) == 1 and gw.requests[0]["path"] == "/v1/audit-outcomes"
    assert no_sleep.calls[1] == 7.0                               # Retry-After honoured
    assert 0 <= no_sleep.calls[0] <= 0.5 and 0 <= no_sleep.calls[2] <= 2.0   # backoff with jitter


async def test_gives_up_after_max_retries():
    gw = FakeGateway()
    gw.failures = [(503, {})] * 10
    no_sleep.calls = []
    async with serve(gw.app) as url:
        async with HubClient(url, "adda-connector", "s3cret", sleep=no_sleep, max_retries=2) as client:
            with pytest.raises(GatewayError, match="HTTP 503"):
                await client.post_supplier_records(events(1))
    assert len(no_sleep.calls) == 2


async def test_token_is_refreshed_before_it_expires():
    gw = FakeGateway(expires_in=60)
    now = [1000.0]
    async with serve(gw.app) as url:
        async with HubClient(url, "adda-connector", "s3cret", refresh_margin_s=10, clock=lambda: now[0]) as client:
            await client.post_supplier_records(events(1))
            now[0] += 45                                            # 15 s left: still good
            await client.post_supplier_records(events(1))
            now[0] += 6                                             # 9 s left: refresh first
            await client.post_supplier_records(events(1))
    assert [r["token"] for r in gw.requests] == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]


async def test_wrong_secret_is_a_clear_error():
    gw = FakeGateway()
    async with serve(gw.app) as url:
        async with HubClient(url, "adda-connector", "wrong") as client:
            with pytest.raises(GatewayError, match="refused the client credentials of 'adda-connector'"):
                await client.post_supplier_records(events(1))


async def test_runner_via_gateway_sends_file_and_rerun_sends_nothing(tmp_path):
    gw = FakeGateway()
    path = Path(shutil.copy(SAMPLES / "adda-leverantorer-cp1252.csv", tmp_path))
    engine = Engine(load_mapping("adda-suppliers"))
    state = SentState.for_mapping(tmp_path / "data", "adda-suppliers")
    async with serve(gw.app) as url:
        first = await run_file(engine, path, state, GatewaySink(HubClient(url, "adda-connector", "s3cret"),
                                                                "SupplierRecord"))
        again = await run_file(engine, path, state, GatewaySink(HubClient(url, "adda-connector", "s3cret"),
                                                                "SupplierRecord"))
    assert first.sent == 4 and again.sent == 0 and len(again.plan.unchanged) == 4
    [req] = gw.requests
    assert {e["record_id"] for e in req["body"]} == {"1001", "12345", "2001", "3001"}
    assert req["body"][0]["occurred_at"].endswith("Z")
