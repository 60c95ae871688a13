"""The read model's lifecycle: rebuilt from Kafka on start, ready once caught up, streams end on stop."""

from __future__ import annotations

import asyncio

import pytest

from gateway.api.alerts import _events
from gateway.readmodel import ReadModel
from hub.core.visibility import ADMIN

pytestmark = pytest.mark.integration


def test_readyz_reports_the_read_model(live):
    body = live.gateway.http.get("/readyz").json()
    assert body["components"]["read_model"]["ready"] is True
    assert "caught up" in body["components"]["read_model"]["detail"]


async def test_a_new_replica_rebuilds_from_kafka_and_is_ready_only_once_caught_up(live):
    model = ReadModel(live.sandbox.settings(), live.sandbox.bootstrap, live.sandbox.registry_url)
    assert model.ready() == (False, "not started")
    await model.start()
    try:
        ready, why = model.ready()
        assert not ready and "catching up" in why  # the topics hold events it has not read yet
        for _ in range(600):
            if model.ready()[0]:
                break
            await asyncio.sleep(0.05)
        assert model.ready()[0], model.ready()
        assert model.supplier_json("HUB-SEED", ADMIN) is not None
    finally:
        await model.stop()
    assert model.ready() == (False, "not started")


async def test_an_open_stream_ends_cleanly_when_the_read_model_stops(live):
    model = ReadModel(live.sandbox.settings(), live.sandbox.bootstrap, live.sandbox.registry_url)
    await model.start()
    stream = _events(model, ADMIN, model.alerts_tail(), {"hub_id": "HUB-NONE", "kind": None, "min_severity": None})
    assert await stream.__anext__() == b"retry: 3000\n\n"
    waiting = asyncio.ensure_future(stream.__anext__())
    await asyncio.sleep(0.2)
    assert not waiting.done()  # nothing to send: it waits for alerts
    await model.stop()
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(waiting, 5)
