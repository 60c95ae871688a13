"""The retry policy as data: outcomes per answer, backoff bounds, Retry-After."""

from __future__ import annotations

import datetime as dt

import pytest

from gateway.settings import GatewaySettings
from gateway.webhooks.policy import (
    DELIVERED,
    FAILED,
    GONE,
    RETRYING,
    AttemptResult,
    RetryPolicy,
    parse_retry_after,
)

POLICY = RetryPolicy(max_attempts=8, first_delay_s=5, factor=4, max_delay_s=3600, jitter=0.5)


@pytest.mark.parametrize("attempt", range(1, 9))
def test_backoff_grows_exponentially_within_its_jitter_bounds(attempt):
    nominal = min(3600, 5 * 4 ** (attempt - 1))
    assert POLICY.backoff_s(attempt, rand=lambda: 0.0) == nominal
    assert POLICY.backoff_s(attempt, rand=lambda: 1.0) == nominal / 2
    for _ in range(50):
        assert nominal / 2 <= POLICY.backoff_s(attempt) <= nominal


@pytest.mark.parametrize("status", [200, 201, 202, 204, 299])
def test_2xx_is_delivered(status):
    assert POLICY.decide(1, AttemptResult(status_code=status)).outcome == DELIVERED


@pytest.mark.parametrize("result", [
    AttemptResult(status_code=500), AttemptResult(status_code=502), AttemptResult(status_code=503),
    AttemptResult(status_code=504), AttemptResult(status_code=429),
    AttemptResult(error="ConnectError"), AttemptResult(error="ConnectTimeout"), AttemptResult(error="ReadTimeout"),
    AttemptResult(error="Timeout"), AttemptResult(error="DnsError"), AttemptResult(error="RemoteProtocolError"),
])
def test_5xx_429_timeouts_and_connection_errors_are_retried(result):
    decision = POLICY.decide(3, result, rand=lambda: 0.0)
    assert decision.outcome == RETRYING and decision.delay_s == 80


@pytest.mark.parametrize("result", [
    AttemptResult(status_code=400), AttemptResult(status_code=401), AttemptResult(status_code=404),
    AttemptResult(status_code=413), AttemptResult(status_code=301), AttemptResult(status_code=302),
    AttemptResult(status_code=307), AttemptResult(status_code=308),
    AttemptResult(error="AddressRefused"), AttemptResult(error="UrlRejected"),
])
def test_other_4xx_redirects_and_refused_addresses_fail_at_once(result):
    assert POLICY.decide(1, result).outcome == FAILED


def test_redirects_say_they_are_not_followed():
    assert "not followed" in POLICY.decide(1, AttemptResult(status_code=302)).detail


def test_410_stops_and_disables():
    assert POLICY.decide(1, AttemptResult(status_code=410)).outcome == GONE


def test_retry_after_is_honoured_and_capped():
    assert POLICY.decide(1, AttemptResult(status_code=503, retry_after_s=42)).delay_s == 42
    assert POLICY.decide(1, AttemptResult(status_code=429, retry_after_s=0)).delay_s == 0
    capped = RetryPolicy(max_retry_after_s=600).decide(1, AttemptResult(status_code=503, retry_after_s=10**6))
    assert capped.delay_s == 600


def test_the_last_attempt_fails_instead_of_retrying():
    assert POLICY.decide(7, AttemptResult(status_code=503)).outcome == RETRYING
    last = POLICY.decide(8, AttemptResult(status_code=503))
    assert last.outcome == FAILED and "8 attempts" in last.detail


def test_max_attempts_comes_from_the_settings():
    assert RetryPolicy.from_settings(GatewaySettings(webhook_max_attempts=3)).max_attempts == 3


def test_retry_after_in_seconds_and_as_an_http_date():
    now = dt.datetime(2026, 11, 25, 8, 0, 0, tzinfo=dt.timezone.utc)
    assert parse_retry_after("120", now) == 120
    assert parse_retry_after(" 7 ", now) == 7
    assert parse_retry_after("Wed, 25 Nov 2026 08:01:30 GMT", now) == 90
    assert parse_retry_after("Wed, 25 Nov 2026 07:00:00 GMT", now) == 0  # in the past: now
    for unreadable in (None, "", "soon", "-5", "1.5e3"):
        assert parse_retry_after(unreadable, now) is None
