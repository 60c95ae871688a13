"""``HubClient``: the gateway's HTTP API for partners that cannot reach Kafka.

Contract (as agreed for the gateway): ``POST /v1/supplier-records`` and
``POST /v1/audit-outcomes`` take a JSON array of at most 1000 events and answer
``202 {"event_ids": [...]}``; OAuth2 client credentials at ``/oauth/token``
(client_secret_basic); an ``Idempotency-Key`` header lets the gateway treat a
retried request as the one it already accepted.

Why the client does what it does:

* The token is refreshed shortly *before* it expires, not after a 401, so a
  long upload never has a request fail mid-way for an expired token; a 401
  still triggers one refresh and retry (the token may have been revoked).
* 5xx, 429 and timeouts are retried with exponential backoff and full jitter,
  honouring ``Retry-After``, so many partners' nightly jobs hitting a
  restarting gateway do not retry in lock-step.
* The ``Idempotency-Key`` of a request is derived from its events' ids (which
  are themselves derived from content), so a retry, or a re-run of the same
  file, sends the same key and every row carries its own deterministic
  ``event_id``: nothing is accepted twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import json
import random
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from hub.contracts.jsonform import to_json
from hub.errors import HubError

MAX_BATCH = 1000
PATHS = {"SupplierRecord": "/v1/supplier-records", "AuditOutcome": "/v1/audit-outcomes"}
_KEY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:se.regionerna.hub.v1:connector-request")


class GatewayError(HubError):
    """The gateway refused a request, or could not be reached after retries."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class TokenResponse(BaseModel):
    model_config = ConfigDict(extra="ignore")

    access_token: SecretStr
    token_type: str = "Bearer"
    expires_in: int = Field(default=3600, ge=1)


class Accepted(BaseModel):
    """The gateway's 202 answer."""

    model_config = ConfigDict(extra="allow")

    event_ids: list[str]


class Problem(BaseModel):
    """An RFC 9457 problem document (the gateway's error body)."""

    model_config = ConfigDict(extra="allow")

    title: str | None = None
    status: int | None = None
    detail: str | None = None


def idempotency_key(event_ids: Sequence[str]) -> str:
    """A request's key from its events' ids: the same rows give the same key."""
    return str(uuid.uuid5(_KEY_NAMESPACE, ",".join(event_ids)))


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


class HubClient:
    """``async with HubClient(url, client_id, secret) as c: await c.post_events("SupplierRecord", events)``."""

    def __init__(self, base_url: str, client_id: str, client_secret: str | SecretStr, *,
                 scope: str | None = None, batch_size: int = MAX_BATCH, max_retries: int = 5,
                 backoff_base_s: float = 0.5, backoff_max_s: float = 30.0, max_retry_after_s: float = 120.0,
                 timeout_s: float = 30.0, refresh_margin_s: float = 30.0,
                 transport: httpx.AsyncBaseTransport | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 clock: Callable[[], float] = time.monotonic):
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH}")
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self._secret = client_secret if isinstance(client_secret, SecretStr) else SecretStr(client_secret)
        self.scope = scope
        self.batch_size = batch_size
        self.max_retries = max_retries
        self.backoff_base_s, self.backoff_max_s, self.max_retry_after_s = backoff_base_s, backoff_max_s, max_retry_after_s
        self.refresh_margin_s = refresh_margin_s
        self._sleep, self._clock = sleep, clock
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout_s, transport=transport)
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        #: Requests made, retries taken: for the summary and for tests.
        self.retries = 0

    async def __aenter__(self) -> "HubClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._http.aclose()

    # --- token -------------------------------------------------------------

    async def token(self, *, force: bool = False) -> str:
        """A valid access token, fetched anew when it is within ``refresh_margin_s`` of expiring."""
        async with self._lock:
            if force or self._token is None or self._clock() >= self._expires_at - self.refresh_margin_s:
                data = {"grant_type": "client_credentials"}
                if self.scope:
                    data["scope"] = self.scope
                response = await self._with_retries(lambda: self._http.post(
                    "/oauth/token", data=data, auth=(self.client_id, self._secret.get_secret_value())))
                if response.status_code != 200:
                    raise GatewayError(f"the gateway refused the client credentials of {self.client_id!r} "
                                       f"(HTTP {response.status_code}{self._detail(response)})", response.status_code)
                try:
                    tok = TokenResponse.model_validate(response.json())
                except (ValueError, ValidationError):
                    raise GatewayError("the gateway's token answer is not an OAuth2 token response") from None
                self._token = tok.access_token.get_secret_value()
                self._expires_at = self._clock() + tok.expires_in
            return self._token

    # --- events ------------------------------------------------------------

    async def post_supplier_records(self, events: Sequence[dict]) -> list[str]:
        return await self.post_events("SupplierRecord", events)

    async def post_audit_outcomes(self, events: Sequence[dict]) -> list[str]:
        return await self.post_events("AuditOutcome", events)

    async def post_events(self, record_type: str, events: Sequence[dict]) -> list[str]:
        """Send ``events`` in batches of at most ``batch_size``; the accepted event ids, in order."""
        path = PATHS[record_type]
        accepted: list[str] = []
        for i in range(0, len(events), self.batch_size):
            batch = [to_json(e) for e in events[i:i + self.batch_size]]
            accepted.extend(await self._post_batch(path, batch))
        return accepted

    async def _post_batch(self, path: str, batch: list[dict]) -> list[str]:
        body = json.dumps(batch, ensure_ascii=False).encode("utf-8")
        key = idempotency_key([str(e.get("event_id", "")) for e in batch])
        refreshed = False
        while True:
            token = await self.token()

            def request(token=token):
                return self._http.post(path, content=body, headers={
                    "Authorization": f"Bearer {token}", "Content-Type": "application/json",
                    "Idempotency-Key": key})

            response = await self._with_retries(request)
            if response.status_code == 401 and not refreshed:
                refreshed = True
                await self.token(force=True)
                continue
            break
        if response.status_code not in (200, 201, 202):
            raise GatewayError(f"the gateway refused {len(batch)} event(s) at {path} "
                               f"(HTTP {response.status_code}{self._detail(response)})", response.status_code)
        try:
            answer = Accepted.model_validate(response.json())
        except (ValueError, ValidationError):
            raise GatewayError(f"the gateway's answer at {path} has no event_ids list") from None
        if len(answer.event_ids) != len(batch):
            raise GatewayError(f"the gateway accepted {len(answer.event_ids)} of {len(batch)} event(s) at {path}")
        return answer.event_ids

    # --- retries -----------------------------------------------------------

    def _backoff(self, attempt: int) -> float:
        return random.uniform(0, min(self.backoff_max_s, self.backoff_base_s * 2 ** attempt))

    async def _with_retries(self, call: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
        """``call()`` until it answers something other than 5xx/429, or retries run out."""
        attempt = 0
        while True:
            try:
                response = await call()
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if attempt >= self.max_retries:
                    raise GatewayError(f"the gateway at {self.base_url} did not answer after "
                                       f"{attempt + 1} attempt(s) ({type(exc).__name__})") from None
                delay = self._backoff(attempt)
            else:
                if response.status_code != 429 and response.status_code < 500:
                    return response
                if attempt >= self.max_retries:
                    return response
                after = _retry_after(response)
                delay = min(after, self.max_retry_after_s) if after is not None else self._backoff(attempt)
            attempt += 1
            self.retries += 1
            await self._sleep(delay)

    @staticmethod
    def _detail(response: httpx.Response) -> str:
        """A problem document's title/detail (the gateway never echoes confidential text in them)."""
        try:
            problem = Problem.model_validate(response.json())
        except (ValueError, ValidationError):
            return ""
        text = problem.detail or problem.title
        return f": {text[:300]}" if text else ""


class GatewaySink:
    """The runner's sink over ``HubClient``: one request per runner batch (the runner batches ≤ 1000)."""

    def __init__(self, client: HubClient, record_type: str):
        self.client = client
        self.record_type = record_type

    async def start(self) -> None:
        await self.client.token()

    async def send(self, batch) -> None:
        await self.client.post_events(self.record_type, [e.record for e in batch])

    async def stop(self) -> None:
        await self.client.close()
