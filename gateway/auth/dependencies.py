"""FastAPI dependencies: ``require_scopes(*scopes)`` yields the proven ``Caller``.

Routes declare what they need and receive who is calling::

    @router.post("/v1/audit-outcomes")
    def publish(body: AuditOutcome, caller: Caller = Depends(require_scopes("hub:publish"))):
        body.partner = caller.partner   # from the token, never from the body

A missing, expired or forged token ends in a 401 problem with an RFC 6750
``Bearer ... error="invalid_token"`` challenge; a good token without the
scope in a 403 with ``error="insufficient_scope"``. Validation runs in the
thread pool, because an external issuer's JWKS fetch is blocking I/O.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from gateway.problems import Problem, insufficient_scope, invalid_token

from .clients import SCOPES
from .keys import JwksUnavailable
from .tokens import Caller, InvalidToken

__all__ = ["Caller", "current_caller", "require_scopes"]


def require_scopes(*scopes: str) -> Callable[[Request], Awaitable[Caller]]:
    """A dependency that authenticates the request and checks every scope in ``scopes``."""
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:  # a typo here would silently lock a route; fail at import instead
        raise ValueError(f"unknown scope(s): {', '.join(unknown)}")
    required = tuple(scopes)

    async def dependency(request: Request) -> Caller:
        caller = await current_caller(request)
        if not caller.has(*required):
            raise insufficient_scope(required)
        return caller

    dependency.__name__ = "require_" + "_".join(s.replace("hub:", "") for s in required) if required else "require_token"
    return dependency


async def current_caller(request: Request) -> Caller:
    """The validated caller of this request (cached on ``request.state``)."""
    cached = getattr(request.state, "caller", None)
    if isinstance(cached, Caller):
        return cached
    auth = getattr(request.app.state, "hub_auth", None)
    if auth is None:  # wiring bug, not the caller's fault
        raise RuntimeError("install_auth(app, auth) was not called")
    token = _bearer_token(request)
    caller = auth.validator.cached(token)
    try:
        if caller is None:
            caller = await run_in_threadpool(auth.validator.validate, token)
    except InvalidToken as exc:
        raise invalid_token(exc.description) from None
    except JwksUnavailable:
        raise Problem(503, "the identity provider's signing keys cannot be fetched right now",
                      headers={"Retry-After": "30"}) from None
    limiter = getattr(request.app.state, "rate_limiter", None)
    if limiter is not None:  # per client (per person for the dashboard's users), so no one starves the others
        limiter.check(caller.subject or caller.client_id)
    request.state.caller = caller
    return caller


def _bearer_token(request: Request) -> str:
    values = request.headers.getlist("authorization")
    if not values:
        raise invalid_token("the request carries no bearer token")
    if len(values) > 1:
        raise invalid_token("the request carries more than one Authorization header")
    scheme, _, token = values[0].strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise invalid_token("the Authorization header is not a bearer token")
    return token
