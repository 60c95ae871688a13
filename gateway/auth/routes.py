"""The OAuth HTTP surface of the embedded profile, as a FastAPI router.

``POST /oauth/token``, ``GET /.well-known/oauth-authorization-server``,
``GET /oauth/jwks.json`` and, when people sign in (a public client is
declared), ``GET|POST /oauth/authorize``. The logic is in ``server.py``; this module only
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

from .authorize import AUTHORIZE_PATH
from .server import JWKS_PATH, METADATA_PATH, TOKEN_PATH, TokenRequest

MAX_TOKEN_REQUEST_BYTES = 16 * 1024
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_OAUTH_ERROR = {"application/problem+json": {"schema": {"type": "object", "required": ["error"]}}}
_TOKEN_RESPONSES: dict = {
    200: {"description": "an RFC 9068 JWT access token", "content": {"application/json": {"schema": {
        "type": "object", "required": ["access_token", "token_type", "expires_in"]}}}},
    400: {"description": "RFC 6749 error (invalid_request, invalid_grant, unsupported_grant_type, invalid_scope)",
          "content": _OAUTH_ERROR},
    401: {"description": "invalid_client: the client could not be authenticated", "content": _OAUTH_ERROR},
}
_TOKEN_BODY = {"requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
    "type": "object", "required": ["grant_type"],
    "properties": {"grant_type": {"type": "string"}, "scope": {"type": "string"},
                   "client_assertion_type": {"type": "string"}, "client_assertion": {"type": "string"}}}}}}}


def build_router(auth) -> APIRouter:
    """Routes for ``auth`` (a ``GatewayAuth``); empty when an external IdP issues tokens."""
    router = APIRouter(tags=["oauth"])
    server = auth.server
    if server is None:
        return router

    @router.post(TOKEN_PATH, summary="OAuth 2.0 token endpoint (client_credentials)", responses=_TOKEN_RESPONSES,
                 openapi_extra=_TOKEN_BODY)
    async def token(request: Request) -> JSONResponse:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            return oauth_error(400, "invalid_request", "the body must be application/x-www-form-urlencoded")
        body = await request.body()
        if len(body) > MAX_TOKEN_REQUEST_BYTES:
            return oauth_error(400, "invalid_request", "the request body is too large")
        try:
            form = strict_form(body)
        except ValueError as exc:
            return oauth_error(400, "invalid_request", str(exc))
        # scrypt secret checks are CPU-bound: keep them off the event loop.
        result = await run_in_threadpool(server.token, TokenRequest("POST", request.headers, form))
        headers = {k: v for k, v in result.headers if k.lower() != "content-type"}
        if result.is_error:
            return oauth_error(result.status, str(result.body.get("error", "invalid_request")),
                               result.body.get("error_description"), headers)
        return JSONResponse(result.body, status_code=result.status, headers=headers | _NO_STORE)

    if server.code_flow is not None:
        _add_authorize_routes(router, server.code_flow)

    @router.get(METADATA_PATH, summary="RFC 8414 authorization server metadata")
    async def metadata() -> JSONResponse:
        return JSONResponse(server.metadata(), headers={"Cache-Control": "public, max-age=300"})

    @router.get(JWKS_PATH, summary="the public keys that sign the hub's access tokens")
    async def jwks() -> JSONResponse:
        return JSONResponse(server.jwks(), headers={"Cache-Control": "public, max-age=300"})

    return router


def strict_form(body: bytes) -> dict[str, str]:
    """Form data as a dict; ``ValueError`` (with a safe message) when malformed or a name repeats."""
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise ValueError("the body is not valid form data") from None
    form: dict[str, str] = {}
    for name, value in pairs:
        if name in form:
            raise ValueError(f"parameter {name[:40]!r} is repeated")
        form[name] = value
    return form


def _add_authorize_routes(router: APIRouter, flow) -> None:
    """``/oauth/authorize``: the authorization code flow's browser leg (logic in ``authorize.py``)."""
    from fastapi.responses import HTMLResponse, Response

    def respond(reply) -> Response:
        headers = dict(reply.headers)
        # The login page may post only to this server; its redirect goes to a registered redirect URI.
        style = f"'nonce-{reply.nonce}'" if reply.nonce else "'none'"
        headers["Content-Security-Policy"] = (f"default-src 'none'; style-src {style}; form-action 'self' "
                                              f"{_origins(flow)}; frame-ancestors 'none'; base-uri 'none'")
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        resp = HTMLResponse(reply.html, reply.status, headers) if reply.html is not None else \
            Response(status_code=reply.status, headers=headers)
        for name, value, path, max_age in reply.cookies:
            if value is None:
                resp.delete_cookie(name, path=path, secure=flow.secure_cookies, httponly=True, samesite="lax")
            else:
                resp.set_cookie(name, value, max_age=max_age, path=path, secure=flow.secure_cookies,
                                httponly=True, samesite="lax")
        return resp

    @router.get(AUTHORIZE_PATH, include_in_schema=False)
    async def authorize(request: Request) -> Response:
        try:
            params = strict_form(request.url.query.encode())
        except ValueError as exc:
            return respond(flow.bad_request(str(exc)))
        return respond(flow.handle("GET", params, request.cookies))

    @router.post(AUTHORIZE_PATH, include_in_schema=False)
    async def authorize_login(request: Request) -> Response:
        body = await request.body()
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            if ctype != "application/x-www-form-urlencoded" or len(body) > MAX_TOKEN_REQUEST_BYTES:
                raise ValueError("the login form must be application/x-www-form-urlencoded")
            params = strict_form(body)
        except ValueError as exc:
            return respond(flow.bad_request(str(exc)))
        # scrypt password checks are CPU-bound: keep them off the event loop.
        return respond(await run_in_threadpool(flow.handle, "POST", params, request.cookies))


def _origins(flow) -> str:
    """Origins of the registered redirect URIs (for the login form's CSP form-action)."""
    from urllib.parse import urlsplit

    origins = {f"{p.scheme}://{p.netloc}" for c in flow.clients.values() for p in map(urlsplit, c.redirect_uris)}
    return " ".join(sorted(origins))
