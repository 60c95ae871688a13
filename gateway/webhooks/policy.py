"""What to do after a delivery attempt, as data: outcome, retry or not, and when.

Standard Webhooks' status handling:

- 2xx: delivered.
- 410 Gone: the receiver wants no more; stop, and disable the subscription.
- 429, 5xx, a timeout or a connection error: retry, with exponential
  backoff and jitter, or after the receiver's ``Retry-After`` when it sent
  one (seconds or an HTTP date; capped at ``max_retry_after_s``).
- 3xx: failed. Redirects are never followed (a redirect could lead anywhere,
  past the SSRF check); the subscriber should update the URL.
- any other status (4xx), a refused address or URL: failed, no retry.
- the ``max_attempts``-th attempt that would be retried: failed.

The default schedule is 5 s, 20 s, 80 s, ... times 4 each step, capped at a
day, each delay drawn from its upper half (``jitter`` 0.5) so receivers
recovering from an outage are not hit by every subscriber at once.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random
from collections.abc import Callable
from dataclasses import dataclass

DELIVERED, RETRYING, FAILED, GONE, CANCELLED = "delivered", "retrying", "failed", "gone", "cancelled"
OUTCOMES = (DELIVERED, RETRYING, FAILED, GONE, CANCELLED)

#: Errors (no HTTP status) that retrying cannot fix; any other error is transient.
PERMANENT_ERRORS = frozenset({"AddressRefused", "UrlRejected"})


@dataclass(frozen=True)
class AttemptResult:
    """What one attempt got: a status, or the class of the error that prevented one."""

    status_code: int | None = None
    error: str | None = None
    detail: str | None = None
    duration_ms: int = 0
    #: The receiver's ``Retry-After``, in seconds from the end of the attempt.
    retry_after_s: float | None = None


@dataclass(frozen=True)
class Decision:
    outcome: str
    #: Seconds until the next attempt (RETRYING only).
    delay_s: float | None = None
    detail: str | None = None


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    first_delay_s: float = 5.0
    factor: float = 4.0
    max_delay_s: float = 24 * 3600.0
    #: A delay is drawn uniformly from ``[d * (1 - jitter), d]``.
    jitter: float = 0.5
    max_retry_after_s: float = 24 * 3600.0

    @classmethod
    def from_settings(cls, settings) -> "RetryPolicy":
        """From ``GatewaySettings`` (``webhook_max_attempts``)."""
        return cls(max_attempts=settings.webhook_max_attempts)

    def backoff_s(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """The delay after failed attempt number ``attempt`` (1-based), with jitter."""
        nominal = min(self.max_delay_s, self.first_delay_s * self.factor ** max(0, attempt - 1))
        return nominal * (1.0 - self.jitter * rand())

    def decide(self, attempt: int, result: AttemptResult, rand: Callable[[], float] = random.random) -> Decision:
        status = result.status_code
        if status is not None and 200 <= status < 300:
            return Decision(DELIVERED, detail=f"HTTP {status}")
        if status == 410:
            return Decision(GONE, detail="HTTP 410 Gone: the subscription is disabled")
        if status is not None and 300 <= status < 400:
            return Decision(FAILED, detail=f"HTTP {status}: redirects are not followed; update the subscription's URL")
        transient = (status is not None and (status == 429 or status >= 500)) or (
            status is None and result.error not in PERMANENT_ERRORS)
        if not transient:
            what = f"HTTP {status}" if status is not None else (result.detail or result.error or "error")
            return Decision(FAILED, detail=what)
        what = f"HTTP {status}" if status is not None else (result.error or "error")
        if attempt >= self.max_attempts:
            return Decision(FAILED, detail=f"{what}; gave up after {attempt} attempts")
        if result.retry_after_s is not None:
            delay = min(max(0.0, result.retry_after_s), self.max_retry_after_s)
        else:
            delay = self.backoff_s(attempt, rand)
        return Decision(RETRYING, delay_s=delay, detail=f"{what}; attempt {attempt + 1} in {delay:.0f} s")


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` in seconds from ``now``: delta-seconds or an HTTP date; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())
