"""The OAuth HTTP surface of the embedded profile, as a FastAPI router.

``POST /oauth/token``, ``GET /.well-known/oauth-authorization-server`` and
``GET /oauth/jwks.json``. The logic is in ``server.py``; this module only
reads the request (form parsing is done here, strictly, so the gateway needs
no multipart library and a repeated parameter is refused as RFC 6749 §3.2
requires) and shapes responses. In the external profile the router is empty:
clients get their tokens from the external IdP.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from gateway.problems import oauth_error

from .server import JWKS_PATH, METADATA_PATH, TOKEN_PATH, TokenRequest

MAX_TOKEN_REQUEST_BYTES = 16 * 1024
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def build_router(auth) -> APIRouter:
    """Routes for ``auth`` (a ``GatewayAuth``); empty when an external IdP issues tokens."""
    router = APIRouter(tags=["oauth"])
    server = auth.server
    if server is None:
        return router

    @router.post(TOKEN_PATH, summary="OAuth 2.0 token endpoint (client_credentials)")
    async def token(request: Request) -> JSONResponse:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            return oauth_error(400, "invalid_request", "the body must be application/x-www-form-urlencoded")
        body = await request.body()
        if len(body) > MAX_TOKEN_REQUEST_BYTES:
            return oauth_error(400, "invalid_request", "the request body is too large")
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except (UnicodeDecodeError, ValueError):
            return oauth_error(400, "invalid_request", "the body is not valid form data")
        form: dict[str, str] = {}
        for name, value in pairs:
            if name in form:
                return oauth_error(400, "invalid_request", f"parameter {name[:40]!r} is repeated")
            form[name] = value
        # scrypt secret checks are CPU-bound: keep them off the event loop.
        result = await run_in_threadpool(server.token, TokenRequest("POST", request.headers, form))
        headers = {k: v for k, v in result.headers if k.lower() != "content-type"}
        if result.is_error:
            return oauth_error(result.status, str(result.body.get("error", "invalid_request")),
                               result.body.get("error_description"), headers)
        return JSONResponse(result.body, status_code=result.status, headers=headers | _NO_STORE)

    @router.get(METADATA_PATH, summary="RFC 8414 authorization server metadata")
    async def metadata() -> JSONResponse:
        return JSONResponse(server.metadata(), headers={"Cache-Control": "public, max-age=300"})

    @router.get(JWKS_PATH, summary="the public keys that sign the hub's access tokens")
    async def jwks() -> JSONResponse:
        return JSONResponse(server.jwks(), headers={"Cache-Control": "public, max-age=300"})

    return router
