"""The UI's per-app context and the signed-in user's session.

The session lives in the browser, not in the gateway: one cookie
(``hub_ui``, path ``/ui``, HttpOnly, SameSite=Lax, Secure over https) holding
the user's access token, who they are and a CSRF token, sealed with
AES-256-GCM (``gateway.auth.login.Sealer``) so it can be neither read nor
altered. So any gateway replica that shares the key (``HUB_UI_SESSION_KEY``;
embedded: a 0600 file under ``<data_dir>/ui``) can serve any request, and
nothing is lost on restart. The session ends when the access token expires;
the next page then signs in again (silently while the authorization server
remembers the user).

POSTs need the session's CSRF token (form field ``csrf`` or header
``X-CSRF-Token``) and are refused when the browser says they came from
another site (``Sec-Fetch-Site: cross-site``).
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.responses import Response

from gateway.auth.login import Sealer, load_or_create_key

from .settings import UiSettings

SESSION_COOKIE = "hub_ui"
SIGNIN_COOKIE = "hub_ui_signin"
LANG_COOKIE = "hub_ui_lang"
COOKIE_PATH = "/ui"
CALLBACK_PATH = "/ui/callback"
SESSION_KEY_FILE = "session-key.json"


@dataclass(frozen=True)
class UiSession:
    token: str
    subject: str
    name: str
    partner: str | None
    scopes: frozenset[str]
    csrf: str
    expires_at: int

    def __repr__(self) -> str:  # the token is a credential
        return f"UiSession(subject={self.subject!r}, partner={self.partner!r})"

    def has(self, scope: str) -> bool:
        return scope in self.scopes


class UiContext:
    """What every UI request needs; built once per app on first use."""

    def __init__(self, settings: UiSettings, auth: Any, key: bytes):
        self.settings = settings
        self.auth = auth
        self.sealer = Sealer(key)
        self.embedded = auth.settings.embedded
        base = auth.settings.embedded_issuer.rstrip("/")
        self.redirect_uri = settings.redirect_uri or base + CALLBACK_PATH
        self.secure = self.redirect_uri.startswith("https://")
        #: External IdP metadata (authorization and token endpoints), fetched once.
        self.idp_metadata: dict[str, Any] | None = None

    @classmethod
    def of(cls, request: Request) -> "UiContext":
        state = request.app.state
        ctx = getattr(state, "hub_ui", None)
        if ctx is None:
            gw = getattr(state, "gateway", None)
            auth = state.hub_auth
            settings = getattr(state, "ui_settings", None) or UiSettings.from_env()
            key = settings.key_bytes()
            if key is None:
                data_dir = Path(gw.hub.data_dir) if gw is not None else Path(".hub")
                key = load_or_create_key(data_dir / "ui" / SESSION_KEY_FILE)
            ctx = state.hub_ui = cls(settings, auth, key)
        return ctx

    # -- the session cookie -----------------------------------------------------
    def session(self, request: Request) -> UiSession | None:
        body = self.sealer.open(SESSION_COOKIE, request.cookies.get(SESSION_COOKIE))
        if not body:
            return None
        try:
            session = UiSession(body["at"], body["sub"], body.get("name") or body["sub"], body.get("partner"),
                                frozenset(body.get("scopes") or ()), body["csrf"], int(body["exp"]))
        except (KeyError, TypeError, ValueError):
            return None
        return session if session.expires_at > time.time() + 5 else None

    def start_session(self, response: Response, *, token: str, subject: str, name: str, partner: str | None,
                      scopes: frozenset[str], expires_at: int) -> None:
        ttl = max(1, min(expires_at - int(time.time()), self.settings.max_session_s))
        body = {"at": token, "sub": subject, "name": name, "partner": partner, "scopes": sorted(scopes),
                "csrf": secrets.token_urlsafe(24), "exp": int(time.time()) + ttl}
        self.set_cookie(response, SESSION_COOKIE, self.sealer.seal(SESSION_COOKIE, body, ttl), ttl)

    def end_session(self, response: Response) -> None:
        response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH, secure=self.secure, httponly=True, samesite="lax")

    def set_cookie(self, response: Response, name: str, value: str, max_age: int) -> None:
        response.set_cookie(name, value, max_age=max_age, path=COOKIE_PATH, secure=self.secure, httponly=True,
                            samesite="lax")

    # -- CSRF ---------------------------------------------------------------------
    @staticmethod
    def csrf_ok(request: Request, session: UiSession, form: dict[str, str] | None = None) -> bool:
        if request.headers.get("sec-fetch-site") == "cross-site":
            return False
        sent = request.headers.get("x-csrf-token") or (form or {}).get("csrf") or ""
        return hmac.compare_digest(sent.encode(), session.csrf.encode())
