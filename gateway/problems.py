"""RFC 9457 problem details: the only shape of error the gateway returns.

Every error response is ``application/problem+json`` with ``type``, ``title``,
``status``, ``detail`` and ``instance``; never a traceback, never the request
body echoed back (audit text is confidential and must not leak through an
error message). ``instance`` is a fresh ``urn:uuid`` that is also logged for
server errors, so an operator can find the traceback a user reports.

OAuth errors keep their RFC 6749 / RFC 6750 semantics inside this shape: the
token endpoint adds ``error``/``error_description`` members (what OAuth client
libraries read), and 401/403 from protected routes carry a ``WWW-Authenticate:
Bearer`` challenge.
"""

from __future__ import annotations

import logging
import uuid
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.errors import HubError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
#: Problem types are URNs: stable identifiers that need not resolve.
TYPE_BASE = "urn:procurement-hub:problem:"
REALM = "hub"


class Problem(Exception):
    """Raise anywhere in a request to answer with this problem document."""

    def __init__(self, status: int, detail: str, *, title: str | None = None, type_: str | None = None,
                 headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or _phrase(status)
        self.type = type_ or "about:blank"
        self.headers = headers or {}
        self.extra = extra or {}


def problem_type(slug: str) -> str:
    return TYPE_BASE + slug


def problem_response(status: int, detail: str, *, title: str | None = None, type_: str | None = None,
                     headers: dict[str, str] | None = None, extra: dict[str, Any] | None = None,
                     instance: str | None = None) -> JSONResponse:
    """Build one problem+json response; ``extra`` members never override the core ones."""
    body: dict[str, Any] = dict(extra or {})
    body.update({
        "type": type_ or "about:blank",
        "title": title or _phrase(status),
        "status": status,
        "detail": detail,
        "instance": instance or f"urn:uuid:{uuid.uuid4()}",
    })
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def bearer_challenge(error: str, description: str, scope: str | None = None) -> str:
    """An RFC 6750 ``WWW-Authenticate`` value; quotes and backslashes removed."""
    parts = [f'realm="{REALM}"', f'error="{error}"', f'error_description="{_quote_safe(description)}"']
    if scope:
        parts.append(f'scope="{_quote_safe(scope)}"')
    return "Bearer " + ", ".join(parts)


def invalid_token(description: str) -> Problem:
    """401 for a missing, expired, forged or otherwise unusable bearer token."""
    return Problem(401, description, title="Invalid access token", type_=problem_type("invalid-token"),
                   headers={"WWW-Authenticate": bearer_challenge("invalid_token", description)})


def insufficient_scope(required: tuple[str, ...]) -> Problem:
    """403 for a valid token that lacks a scope the route needs."""
    scope = " ".join(required)
    detail = f"this operation needs scope {scope}"
    return Problem(403, detail, title="Insufficient scope", type_=problem_type("insufficient-scope"),
                   headers={"WWW-Authenticate": bearer_challenge("insufficient_scope", detail, scope)},
                   extra={"required_scopes": list(required)})


def oauth_error(status: int, error: str, description: str | None,
                headers: dict[str, str] | None = None) -> JSONResponse:
    """An RFC 6749 token-endpoint error as a problem document (with ``error``)."""
    extra = {"error": error}
    if description:
        extra["error_description"] = description
    hdrs = {"Cache-Control": "no-store", "Pragma": "no-cache"} | (headers or {})
    return problem_response(status, description or error.replace("_", " "), title=f"OAuth error: {error}",
                            type_=problem_type(f"oauth:{error}"), headers=hdrs, extra=extra)


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error ``app`` returns a problem document."""
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(StarletteHTTPException, _on_http_exception)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HubError, _on_hub_error)
    app.add_middleware(UnexpectedErrors)


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc.status, exc.detail, title=exc.title, type_=exc.type,
                            headers=exc.headers, extra=exc.extra)


async def _on_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else _phrase(exc.status_code)
    return problem_response(exc.status_code, detail, headers=dict(exc.headers or {}))


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Locations and messages only: the offending input may be confidential text.
    errors = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]
    return problem_response(422, "the request does not match the expected shape",
                            title="Invalid request", type_=problem_type("invalid-request"),
                            extra={"errors": errors[:20]})


async def _on_hub_error(request: Request, exc: Exception) -> JSONResponse:
    status = int(getattr(exc, "http_status", 400))
    return problem_response(status, str(exc), type_=problem_type(type(exc).__name__.lower()))


class UnexpectedErrors:
    """A bug becomes a 500 problem (with an instance id that is logged beside the traceback).

    A plain ASGI middleware rather than an exception handler for
    ``Exception``: Starlette runs such a handler in its outermost middleware
    and then re-raises, and the server then closes the connection, which with
    uvloop can reset it before the client has read the answer. Here the
    error is answered and ends.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:  # half an answer is out: nothing better to do than let the server close
                raise
            instance = f"urn:uuid:{uuid.uuid4()}"
            log.error("unhandled error %s on %s %s", instance, scope.get("method"), scope.get("path"),
                      exc_info=(type(exc), exc, exc.__traceback__))
            response = problem_response(
                500, "the hub could not handle this request; quote the instance id to an operator",
                instance=instance)
            await response(scope, receive, send)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _quote_safe(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable() and ch not in '"\\')[:200]
