"""The UI as a backend-for-frontend: it calls the gateway's own JSON API as the user.

Every page reads the API with the signed-in user's access token through
``httpx.ASGITransport`` (in-process, no port), so the UI shows exactly what
the API lets that user see: confidentiality, partner scoping and scopes are
the API's business, never re-implemented here.

``ApiResult`` sorts the answers a page has to handle: data, a redirect (a
hub_id merged away), the session having ended (401), no permission (403), not
there (404, including a route this checkout does not serve yet) or an error.

``StreamingASGITransport`` is for Server-Sent Events: httpx's own ASGI
transport collects the whole body before it returns, which an endless event
stream never finishes; this one hands chunks over as the app sends them and
tells the app the client went away when the stream is closed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

from .session import UiSession

BASE_URL = "http://gateway"


@dataclass
class ApiResult:
    status: int
    data: Any = None
    location: str | None = None
    problem: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def expired(self) -> bool:
        return self.status == 401

    @property
    def invalid_fields(self) -> tuple[str, ...]:
        """The query parameters a 422 names (its problem's ``errors``), in order, for the page to point at.

        The API refuses a value it cannot search for (a country that is no
        ISO code, a CPV code with letters); the page then says which field
        to correct instead of reporting the hub as unavailable.
        """
        if self.status != 422:
            return ()
        names = []
        for e in (self.problem or {}).get("errors") or ():
            loc = e.get("loc") if isinstance(e, dict) else None
            if isinstance(loc, list) and len(loc) >= 2 and loc[0] == "query" and str(loc[-1]) not in names:
                names.append(str(loc[-1]))
        return tuple(names)

    @property
    def missing_route(self) -> bool:
        """A 404 for a route this gateway does not serve (not a missing supplier)."""
        return self.status == 404 and (self.problem or {}).get("detail") == "Not Found"


class Api:
    """The JSON API as one signed-in user."""

    def __init__(self, app: Any, session: UiSession):
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL,
                                         headers={"Authorization": f"Bearer {session.token}",
                                                  "Accept": "application/json"},
                                         follow_redirects=False, timeout=30)

    async def __aenter__(self) -> "Api":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def get(self, path: str, params: dict[str, Any] | None = None) -> ApiResult:
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        return _result(await self._client.get(path, params=clean))

    async def post(self, path: str, body: dict[str, Any]) -> ApiResult:
        return _result(await self._client.post(path, json=body))

    async def pages(self, path: str, params: dict[str, Any], *, max_pages: int = 10) -> ApiResult:
        """Follow ``next_cursor`` (as ``cursor`` or ``after``) and gather ``items``."""
        items: list[Any] = []
        params = dict(params)
        result = ApiResult(200)
        for _ in range(max_pages):
            result = await self.get(path, params)
            if not result.ok or not isinstance(result.data, dict):
                return result
            items.extend(result.data.get("items") or ())
            cursor = result.data.get("next_cursor")
            if not cursor or not result.data.get("items"):
                break
            params["after" if "after" in params else "cursor"] = cursor
        return ApiResult(200, {"items": items, "next_cursor": (result.data or {}).get("next_cursor")})


def _result(resp: httpx.Response) -> ApiResult:
    ctype = resp.headers.get("content-type", "")
    body: Any = None
    if "json" in ctype:
        try:
            body = resp.json()
        except ValueError:
            body = None
    if resp.is_redirect:
        return ApiResult(resp.status_code, location=resp.headers.get("location"))
    if resp.is_success:
        return ApiResult(resp.status_code, body)
    return ApiResult(resp.status_code, problem=body if isinstance(body, dict) else {})


class StreamingASGITransport(httpx.AsyncBaseTransport):
    """An ASGI transport whose response body streams (for SSE); see the module doc."""

    def __init__(self, app: Any):
        self.app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": request.method,
            "headers": [(k.lower(), v) for k, v in request.headers.raw], "scheme": request.url.scheme,
            "path": request.url.path, "raw_path": request.url.raw_path.split(b"?")[0],
            "query_string": request.url.query, "server": (request.url.host, request.url.port),
            "client": ("127.0.0.1", 0), "root_path": "",
        }
        chunks: asyncio.Queue[bytes | None] = asyncio.Queue()
        started = asyncio.Event()
        gone = asyncio.Event()
        head: dict[str, Any] = {}
        sent_request = False

        async def receive() -> dict[str, Any]:
            nonlocal sent_request
            if not sent_request:
                sent_request = True
                return {"type": "http.request", "body": body, "more_body": False}
            await gone.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                head["status"], head["headers"] = message["status"], message.get("headers", [])
                started.set()
            elif message["type"] == "http.response.body":
                if message.get("body"):
                    await chunks.put(message["body"])
                if not message.get("more_body", False):
                    await chunks.put(None)

        async def run() -> None:
            try:
                await self.app(scope, receive, send)
            finally:
                started.set()
                chunks.put_nowait(None)

        task = asyncio.create_task(run())
        await started.wait()
        if "status" not in head:
            await _stop(task, gone)
            raise httpx.RemoteProtocolError("the app answered nothing")
        return httpx.Response(head["status"], headers=head["headers"], stream=_Body(chunks, task, gone),
                              request=request)


class _Body(httpx.AsyncByteStream):
    def __init__(self, chunks: asyncio.Queue, task: asyncio.Task, gone: asyncio.Event):
        self._chunks, self._task, self._gone = chunks, task, gone

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            chunk = await self._chunks.get()
            if chunk is None:
                return
            yield chunk

    async def aclose(self) -> None:
        await _stop(self._task, self._gone)


async def _stop(task: asyncio.Task, gone: asyncio.Event) -> None:
    gone.set()
    if not task.done():
        with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
            await asyncio.wait_for(asyncio.shield(task), 1.0)
    if not task.done():
        task.cancel()
        with contextlib.suppress(BaseException):
            await task


async def sse_events(app: Any, session: UiSession, path: str, last_event_id: str | None
                     ) -> AsyncIterator[tuple[str, dict[str, str]]]:
    """Events of an SSE route as (kind, fields); kind "status" carries the HTTP status if not 200."""
    headers = {"Authorization": f"Bearer {session.token}", "Accept": "text/event-stream"}
    if last_event_id:
        headers["Last-Event-ID"] = last_event_id
    async with httpx.AsyncClient(transport=StreamingASGITransport(app), base_url=BASE_URL, timeout=None) as client:
        async with client.stream("GET", path, headers=headers) as resp:
            if resp.status_code != 200:
                yield "status", {"status": str(resp.status_code)}
                return
            fields: dict[str, str] = {}
            async for line in resp.aiter_lines():
                if line == "":
                    if "data" in fields:
                        yield fields.get("event", "message"), fields
                    fields = {}
                elif line.startswith(":"):
                    yield "comment", {}
                else:
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    fields[name] = fields[name] + "\n" + value if name == "data" and name in fields else value
