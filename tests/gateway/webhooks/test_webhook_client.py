"""One delivery attempt against a real HTTP receiver on loopback (webhook_allow_loopback on)."""

from __future__ import annotations

import email.utils
import ipaddress
import ssl
import time

import pytest

from gateway.webhooks.client import DeliveryClient
from gateway.webhooks.policy import GONE, RETRYING, RetryPolicy
from gateway.webhooks.signing import new_secret, verify

from webhook_support import TLS_HOST

BODY = b'{"type":"supplier.alert","timestamp":"2026-11-25T08:00:00.000Z","data":{"alert_id":"a-1"}}'


@pytest.fixture
async def client():
    c = DeliveryClient(timeout_s=2.0, allow_loopback=True)
    yield c
    await c.close()


async def test_a_delivery_is_posted_signed_with_the_headers_of_the_spec(client, receiver):
    secret = new_secret()
    result = await client.deliver(receiver.url, "msg_1", secret, BODY)
    assert result.status_code == 204 and result.error is None and result.duration_ms >= 0
    ((path, headers, body),) = receiver.requests
    assert path == "/hooks/hub" and body == BODY
    assert headers["content-type"] == "application/json" and headers["webhook-id"] == "msg_1"
    assert headers["host"] == f"127.0.0.1:{receiver.port}"
    verify(secret, headers, body)


async def test_retry_after_in_seconds_and_as_a_date_comes_back(client, receiver):
    later = email.utils.formatdate(time.time() + 120, usegmt=True)
    receiver.answer(503, {"Retry-After": "7"}).answer(429, {"Retry-After": later})
    first = await client.deliver(receiver.url, "msg_2", new_secret(), BODY)
    second = await client.deliver(receiver.url, "msg_2", new_secret(), BODY)
    assert (first.status_code, first.retry_after_s) == (503, 7)
    assert second.status_code == 429 and 100 < second.retry_after_s <= 120
    assert RetryPolicy().decide(1, first).delay_s == 7


async def test_redirects_are_not_followed(client, receiver):
    receiver.answer(302, {"Location": f"http://127.0.0.1:{receiver.port}/elsewhere"})
    result = await client.deliver(receiver.url, "msg_3", new_secret(), BODY)
    assert result.status_code == 302
    assert [p for p, _, _ in receiver.requests] == ["/hooks/hub"]  # nothing went to /elsewhere


async def test_410_means_gone(client, receiver):
    receiver.answer(410)
    result = await client.deliver(receiver.url, "msg_4", new_secret(), BODY)
    assert RetryPolicy().decide(1, result).outcome == GONE


async def test_a_slow_receiver_times_out_and_is_retried(receiver):
    c = DeliveryClient(timeout_s=0.3, allow_loopback=True)
    try:
        receiver.answer(200, delay_s=2.0)
        result = await c.deliver(receiver.url, "msg_5", new_secret(), BODY)
    finally:
        await c.close()
    assert result.status_code is None and result.error in ("Timeout", "ReadTimeout")
    assert RetryPolicy().decide(1, result).outcome == RETRYING


async def test_a_closed_port_is_a_connection_error(client, receiver):
    url = receiver.url
    receiver.close()
    result = await client.deliver(url, "msg_6", new_secret(), BODY)
    assert result.error == "ConnectError" and RetryPolicy().decide(1, result).outcome == RETRYING


async def test_loopback_is_refused_without_the_allowance(receiver):
    c = DeliveryClient(timeout_s=2.0, allow_loopback=False)
    try:
        literal = await c.deliver(receiver.url, "msg_7", new_secret(), BODY)
        named = await c.deliver(f"https://localhost:{receiver.port}/hooks/hub", "msg_7", new_secret(), BODY)
    finally:
        await c.close()
    assert literal.error == "UrlRejected" and named.error == "AddressRefused"
    assert receiver.requests == []


async def test_the_checked_address_is_the_one_connected_to_with_the_names_host_header(receiver):
    answers = iter([["127.0.0.1"], ["10.0.0.7"]])  # the second lookup "rebinds" to a private address

    async def dns(host, port):
        return [ipaddress.ip_address(a) for a in next(answers)]

    c = DeliveryClient(timeout_s=2.0, allow_loopback=True, resolver=dns)
    try:
        url = f"http://localhost:{receiver.port}/hooks/hub"
        ok = await c.deliver(url, "msg_8", new_secret(), BODY)
        refused = await c.deliver(url, "msg_8", new_secret(), BODY)
    finally:
        await c.close()
    assert ok.status_code == 204 and refused.error == "AddressRefused"
    assert [h["host"] for _, h, _ in receiver.requests] == [f"localhost:{receiver.port}"]


async def test_https_to_a_pinned_address_sends_the_names_sni_and_verifies_its_certificate(tls_receiver):
    async def dns(host, port):
        assert host == TLS_HOST
        return [ipaddress.ip_address("127.0.0.1")]

    trusted = ssl.create_default_context(cadata=tls_receiver.ca_pem.decode())
    c = DeliveryClient(timeout_s=2.0, allow_loopback=True, resolver=dns, verify=trusted)
    untrusting = DeliveryClient(timeout_s=2.0, allow_loopback=True, resolver=dns)
    try:
        ok = await c.deliver(tls_receiver.url, "msg_9", new_secret(), BODY)
        refused = await untrusting.deliver(tls_receiver.url, "msg_9", new_secret(), BODY)
    finally:
        await c.close()
        await untrusting.close()
    assert ok.status_code == 204, ok
    assert TLS_HOST in tls_receiver.server_names
    assert tls_receiver.requests[0][1]["host"] == f"{TLS_HOST}:{tls_receiver.port}"
    assert refused.status_code is None and refused.error == "ConnectError"  # an unknown CA is not trusted
