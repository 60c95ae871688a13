"""Signing people in: the UI as an OAuth 2.0 client (authorization code + PKCE S256).

``begin`` sends the browser to the authorization endpoint with a fresh
``state`` and PKCE verifier, both kept in a short-lived sealed cookie;
``finish`` (the ``/ui/callback``) checks the state, redeems the code with the
verifier and starts the UI session with the access token.

Embedded profile: the endpoints are the gateway's own (``/oauth/authorize``,
``/oauth/token``), and the code is redeemed in-process through
``httpx.ASGITransport``: no port, no network. External profile
(``HUB_OAUTH_ISSUER``): the IdP's ``authorization_endpoint`` and
``token_endpoint`` come from its metadata, and the code is redeemed there.
Either way the token is then validated exactly as the API validates it, so
the session holds only what the API will accept.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from gateway.auth.keys import discover_metadata
from gateway.auth.tokens import InvalidToken

from .session import SIGNIN_COOKIE, UiContext

SIGNIN_TTL_S = 600
TOKEN_PATH = "/oauth/token"
AUTHORIZE_PATH = "/oauth/authorize"


class SignInError(Exception):
    """The callback cannot complete; ``code`` is safe to show (an OAuth error code)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def safe_next(target: str | None) -> str:
    """Only paths inside the UI: never an open redirect."""
    if not target or not target.startswith("/ui") or target.startswith("//") or "\\" in target:
        return "/ui/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/ui/"
    return target


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


async def endpoints(ctx: UiContext) -> tuple[str, str | None]:
    """(authorization endpoint URL, token endpoint URL or None for in-process)."""
    if ctx.embedded:
        return ctx.auth.settings.embedded_issuer.rstrip("/") + AUTHORIZE_PATH, None
    if ctx.idp_metadata is None:
        def fetch() -> dict[str, Any]:
            with httpx.Client(timeout=ctx.auth.settings.http_timeout_s, follow_redirects=False) as http:
                return discover_metadata(ctx.auth.settings.issuer, http)
        ctx.idp_metadata = await run_in_threadpool(fetch)
    meta = ctx.idp_metadata
    return meta["authorization_endpoint"], meta["token_endpoint"]


async def begin(request: Request, ctx: UiContext, next_path: str, lang: str) -> Response:
    """Redirect to the authorization endpoint; remember state and verifier in a sealed cookie."""
    # Cookies are per host: sign in on the host the callback will come back to.
    home = urlsplit(ctx.redirect_uri)
    if (request.url.scheme, request.url.netloc) != (home.scheme, home.netloc):
        query = urlencode({"next": next_path})
        return RedirectResponse(f"{home.scheme}://{home.netloc}/ui/login?{query}", 303)
    authorize, _ = await endpoints(ctx)
    state = secrets.token_urlsafe(24)
    verifier, challenge = pkce_pair()
    params = {"response_type": "code", "client_id": ctx.settings.client_id, "redirect_uri": ctx.redirect_uri,
              "scope": ctx.settings.scope, "state": state, "code_challenge": challenge,
              "code_challenge_method": "S256", "ui_locales": lang}
    resp = RedirectResponse(authorize + ("&" if "?" in authorize else "?") + urlencode(params), 303)
    resp.headers["Cache-Control"] = "no-store"
    cookie = ctx.sealer.seal(SIGNIN_COOKIE, {"state": state, "verifier": verifier, "next": next_path}, SIGNIN_TTL_S)
    ctx.set_cookie(resp, SIGNIN_COOKIE, cookie, SIGNIN_TTL_S)
    return resp


async def finish(request: Request, ctx: UiContext) -> Response:
    """The callback: check state, redeem the code, validate the token, start the session."""
    pending = ctx.sealer.open(SIGNIN_COOKIE, request.cookies.get(SIGNIN_COOKIE))
    query = request.query_params
    state = query.get("state", "")
    if not pending or not hmac.compare_digest(state.encode(), str(pending.get("state", "")).encode()):
        raise SignInError("state_mismatch")
    if query.get("error"):
        raise SignInError(query["error"][:40])
    code = query.get("code")
    if not code:
        raise SignInError("invalid_request")
    token = await _redeem(request, ctx, code, pending["verifier"])
    try:
        caller = await run_in_threadpool(ctx.auth.validator.validate, token)
    except InvalidToken:
        raise SignInError("invalid_token") from None
    claims = _claims(token)
    resp = RedirectResponse(pending.get("next") or "/ui/", 303)
    ctx.start_session(resp, token=token, subject=caller.subject, name=str(claims.get("name") or caller.subject),
                      partner=caller.partner, scopes=caller.scopes,
                      expires_at=int(claims.get("exp") or time.time() + 300))
    resp.delete_cookie(SIGNIN_COOKIE, path="/ui", secure=ctx.secure, httponly=True, samesite="lax")
    resp.headers["Cache-Control"] = "no-store"
    return resp


async def _redeem(request: Request, ctx: UiContext, code: str, verifier: str) -> str:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": ctx.redirect_uri,
            "client_id": ctx.settings.client_id, "code_verifier": verifier}
    _, token_endpoint = await endpoints(ctx)
    auth = None
    if ctx.settings.client_secret is not None:
        auth = (ctx.settings.client_id, ctx.settings.client_secret.get_secret_value())
    if token_endpoint is None:  # embedded: the gateway's own token endpoint, in-process
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=request.app), base_url="http://gateway")
        token_endpoint = TOKEN_PATH
    else:
        client = httpx.AsyncClient(timeout=ctx.auth.settings.http_timeout_s, follow_redirects=False)
    async with client:
        try:
            resp = await client.post(token_endpoint, data=form, auth=auth)
        except httpx.HTTPError:
            raise SignInError("temporarily_unavailable") from None
    try:
        body = resp.json()
    except ValueError:
        body = {}
    if resp.status_code != 200 or not isinstance(body.get("access_token"), str):
        raise SignInError(str(body.get("error") or f"http_{resp.status_code}")[:40])
    return body["access_token"]


def _claims(token: str) -> dict[str, Any]:
    """The payload of a token that was just validated (for ``name`` and ``exp``)."""
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return {}
