"""Authorization code grant with PKCE for people (embedded profile).

The hub's web dashboard signs people in with OAuth 2.0's authorization code
flow and PKCE (RFC 7636), S256 only, against the embedded authorization
server. Authlib's ``AuthorizationCodeGrant`` does the protocol; this module
supplies what it leaves to the application:

* **public clients** (``[[public_client]]`` in the clients file: no secret,
  exact redirect URIs, a path being relative to the issuer);
* **users** (``users.py``: ``users.toml``, generated passwords and the
  per-user lock-out);
* **codes**: random, one-time (taken out of the store on first redemption,
  so a replay, or a redemption with the wrong verifier, finds nothing),
  bound to client, redirect URI, user, scope and S256 challenge, expiring
  after ``CODE_TTL_S``. Kept in process memory: the embedded profile runs one
  gateway, and the UI redeems a code right after it is issued;
* **the authorization endpoint** as logic (``AuthorizationCodeFlow.handle``):
  validate the request (unknown client or redirect URI: an error page, never a
  redirect; anything else wrong, including a missing or ``plain`` challenge:
  an error redirect per RFC 6749 4.1.2.1), show the login page or use the
  login session, then redirect with the code;
* **user tokens**: RFC 9068 JWTs like the machine clients' but with
  ``sub`` = the user name, ``partner`` from the user and a ``name`` claim;
  the scope is what was asked, narrowed to the client's and the user's.

The FastAPI glue is in ``routes.py``; the login page in ``login.py``.
"""

from __future__ import annotations

import collections
import hmac
import logging
import secrets
import threading
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from authlib.oauth2.rfc6749 import AuthorizationCodeGrant, ClientMixin
from authlib.oauth2.rfc6749.errors import InvalidRequestError, OAuth2Error
from authlib.oauth2.rfc6749.util import scope_to_list
from authlib.oauth2.rfc7636 import CodeChallenge

from .clients import SCOPES, ClientConfigError
from .login import (LOGIN_COOKIE, LOGIN_COOKIE_PATH, LOGIN_CSRF_COOKIE, LOGIN_KEY_FILE_NAME, LOGIN_SESSION_S,
                    Sealer, language, load_or_create_key, new_csrf_token, render_error, render_login)
from .server import TokenRequest, _Request
from .tokens import HubTokenGenerator
from .users import USERS_FILE, PasswordStore, User, UserDirectory, load_users

log = logging.getLogger(__name__)

AUTHORIZE_PATH = "/oauth/authorize"
#: RFC 6749 recommends at most 10 minutes; the UI redeems within a second.
CODE_TTL_S = 120
MAX_CODES = 10000
#: Form fields of the login page; never part of the OAuth request.
LOGIN_FIELDS = frozenset({"username", "password", "login_csrf", "action"})
#: Authorization request parameters carried through the login form.
AUTHORIZE_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge",
                    "code_challenge_method", "ui_locales", "prompt", "login_hint", "nonce")


# -- public clients ------------------------------------------------------------

@dataclass(frozen=True)
class PublicClient(ClientMixin):
    """A browser client: no secret, authorization code with PKCE, exact redirect URIs."""

    client_id: str
    redirect_uris: tuple[str, ...]
    scopes: tuple[str, ...]
    description: str = ""
    #: Machine clients carry a partner; a public client never does (the user does).
    partner: None = None

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return self.redirect_uris[0] if len(self.redirect_uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str:
        if not scope:
            return " ".join(self.scopes)
        return " ".join(s for s in scope_to_list(scope) if s in self.scopes)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris  # exact match, RFC 9700 4.1.3

    def check_client_secret(self, client_secret: str) -> bool:
        return False

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method == "none"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


def load_public_clients(path: Path, issuer: str) -> dict[str, PublicClient]:
    """``[[public_client]]`` entries of the clients file, redirect paths made absolute."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ClientConfigError(f"clients file {path} cannot be read: {exc}") from None
    clients: dict[str, PublicClient] = {}
    for entry in data.get("public_client", []):
        cid = entry.get("client_id")
        if not isinstance(cid, str) or not cid:
            raise ClientConfigError("a [[public_client]] entry has no client_id")
        if cid in clients or any(c.get("client_id") == cid for c in data.get("client", [])):
            raise ClientConfigError(f"client {cid!r} is declared twice in {path}")
        grants = tuple(entry.get("grant_types", ("authorization_code",)))
        if grants != ("authorization_code",):
            raise ClientConfigError(f"public client {cid!r}: only grant_types = [\"authorization_code\"] is supported")
        scopes = tuple(entry.get("scopes", ()))
        unknown = [s for s in scopes if s not in SCOPES]
        if unknown:
            raise ClientConfigError(f"public client {cid!r}: unknown scope(s) {', '.join(unknown)}")
        uris = tuple(_absolute(issuer, u, cid) for u in entry.get("redirect_uris", ()))
        if not uris:
            raise ClientConfigError(f"public client {cid!r} has no redirect_uris")
        clients[cid] = PublicClient(cid, uris, scopes, str(entry.get("description", "")))
    return clients


def _absolute(issuer: str, uri: str, cid: str) -> str:
    if uri.startswith("/"):
        return issuer.rstrip("/") + uri
    parts = urlsplit(uri)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.fragment:
        raise ClientConfigError(f"public client {cid!r}: redirect URI {uri!r} must be a path or an http(s) URL "
                                "without fragment")
    return uri


# -- codes ------------------------------------------------------------------------

@dataclass(frozen=True)
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user_id: str
    code_challenge: str
    code_challenge_method: str
    expires_at: float = field(default_factory=lambda: time.time() + CODE_TTL_S)

    def __repr__(self) -> str:  # the code is a credential
        return f"AuthorizationCode(client_id={self.client_id!r}, user_id={self.user_id!r})"

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


class CodeStore:
    """Issued codes until redeemed or expired; ``take`` removes, so each redeems once."""

    def __init__(self, max_codes: int = MAX_CODES):
        self._codes: collections.OrderedDict[str, AuthorizationCode] = collections.OrderedDict()
        self._max = max_codes
        self._lock = threading.Lock()

    def put(self, code: AuthorizationCode) -> None:
        with self._lock:
            now = time.time()
            while self._codes and (len(self._codes) >= self._max or next(iter(self._codes.values())).expires_at < now):
                self._codes.popitem(last=False)
            self._codes[code.code] = code

    def take(self, code: str, client_id: str) -> AuthorizationCode | None:
        with self._lock:
            found = self._codes.pop(code, None)
        if found is None or found.expires_at < time.time() or not hmac.compare_digest(found.client_id, client_id):
            return None
        return found

    def __len__(self) -> int:
        return len(self._codes)


# -- Authlib grant, PKCE and token generator -----------------------------------------

class S256CodeChallenge(CodeChallenge):
    """PKCE required, S256 only: a missing challenge or ``plain`` is refused at the authorization endpoint."""

    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    CODE_CHALLENGE_METHODS = {"S256": CodeChallenge.CODE_CHALLENGE_METHODS["S256"]}

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send code_challenge with code_challenge_method=S256")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("code_challenge_method must be S256")
        super().validate_code_challenge(grant, redirect_uri)


class HubAuthorizationCodeGrant(AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["none"]
    AUTHORIZATION_CODE_LENGTH = 43

    @property
    def flow(self) -> "AuthorizationCodeFlow":
        return self.server.code_flow

    def save_authorization_code(self, code: str, request: Any) -> None:
        user: User = request.user
        scope = " ".join(s for s in scope_to_list(request.scope or "") or () if s in user.scopes)
        data = request.payload.data
        self.flow.codes.put(AuthorizationCode(
            code=code, client_id=request.client.get_client_id(), redirect_uri=request.payload.redirect_uri or
            request.client.get_default_redirect_uri(), scope=scope, user_id=user.username,
            code_challenge=data["code_challenge"], code_challenge_method=data["code_challenge_method"]))

    def query_authorization_code(self, code: str, client: Any) -> AuthorizationCode | None:
        return self.flow.codes.take(code, client.get_client_id())

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Already removed when taken."""

    def authenticate_user(self, authorization_code: AuthorizationCode) -> User | None:
        return self.flow.users.get(authorization_code.user_id)


class UserTokenGenerator(HubTokenGenerator):
    """Tokens for people: partner and name from the user, not from the client."""

    def get_extra_claims(self, client: Any, grant_type: str, user: User, scope: str) -> dict[str, Any]:
        return {"partner": user.partner, "name": user.name}


# -- the authorization endpoint ----------------------------------------------------

@dataclass
class AuthorizeReply:
    """What the authorization endpoint answers, framework-free."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    html: str | None = None
    #: (name, value or None to delete, path, max_age)
    cookies: list[tuple[str, str | None, str, int]] = field(default_factory=list)
    #: Nonce for the page's inline stylesheet (Content-Security-Policy).
    nonce: str | None = None


class AuthorizationCodeFlow:
    """The authorization endpoint's logic and the state the code grant needs."""

    def __init__(self, server: Any, clients: dict[str, PublicClient], users: UserDirectory, sealer: Sealer):
        self.server = server
        self.clients = clients
        self.users = users
        self.codes = CodeStore()
        self.sealer = sealer
        self.issuer = server.settings.embedded_issuer
        self.secure_cookies = self.issuer.startswith("https://")

    def __repr__(self) -> str:
        return f"AuthorizationCodeFlow(clients={sorted(self.clients)}, users={len(self.users.users)})"

    def handle(self, method: str, params: dict[str, str], cookies: Mapping[str, str]) -> AuthorizeReply:
        """One request to ``/oauth/authorize``: GET from the client, POST from the login form."""
        oauth = {k: v for k, v in params.items() if k in AUTHORIZE_PARAMS}
        lang = language(oauth.get("ui_locales"))
        request = _Request(TokenRequest(method, {}, oauth), self.issuer + AUTHORIZE_PATH)
        try:
            grant = self.server.get_consent_grant(request=request)
        except OAuth2Error as error:
            return self._error(request, error, lang)
        prompt = set(oauth.get("prompt", "").split())
        if method == "GET":
            user = None if "login" in prompt else self.session_user(cookies)
            if user is not None:
                return self._issue(request, grant, user)
            if "none" in prompt:
                return self._error(request, _LoginRequired(grant.redirect_uri), lang)
            return self._login_page(oauth, lang, grant.client)
        # POST: the login form.
        sent, expected = params.get("login_csrf", ""), cookies.get(LOGIN_CSRF_COOKIE, "")
        if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            return self._login_page(oauth, lang, grant.client, error="expired_form", status=400)
        if params.get("action") == "cancel":
            return self._issue(request, grant, None)
        username = params.get("username", "").strip()[:200]
        if self.users.failures.locked(username):
            return self._login_page(oauth, lang, grant.client, error="locked", status=429, username=username)
        user = self.users.authenticate(username, params.get("password", ""))
        if user is None:
            self.users.failures.failed(username)
            log.info("failed sign-in for a user name at the embedded authorization server")
            return self._login_page(oauth, lang, grant.client, error="bad_credentials", status=401,
                                    username=username)
        self.users.failures.succeeded(username)
        log.info("user %s signed in", user.username)
        reply = self._issue(request, grant, user)
        reply.cookies.append((LOGIN_COOKIE, self.sealer.seal(LOGIN_COOKIE, {"sub": user.username},
                                                             LOGIN_SESSION_S), LOGIN_COOKIE_PATH, LOGIN_SESSION_S))
        reply.cookies.append((LOGIN_CSRF_COOKIE, None, LOGIN_COOKIE_PATH, 0))
        return reply

    def bad_request(self, description: str) -> AuthorizeReply:
        """A request whose parameters cannot even be read (repeated, not form data)."""
        return self._error(None, InvalidRequestError(description), "en")

    def session_user(self, cookies: Mapping[str, str]) -> User | None:
        session = self.sealer.open(LOGIN_COOKIE, cookies.get(LOGIN_COOKIE))
        return self.users.get(session["sub"]) if session and isinstance(session.get("sub"), str) else None

    # -- answers -------------------------------------------------------------------
    def _issue(self, request: Any, grant: Any, user: User | None) -> AuthorizeReply:
        result = self.server.create_authorization_response(request=request, grant_user=user, grant=grant)
        location = dict((k.lower(), v) for k, v in result.headers).get("location")
        if location is None:  # Authlib answered without a redirect: show its error
            return self._error(request, OAuth2Error(description=str(result.body.get("error_description", ""))),
                               "en")
        # 303 so a browser that POSTed the login form follows with GET.
        return AuthorizeReply(303, {"Location": location, "Cache-Control": "no-store"})

    def _error(self, request: Any, error: OAuth2Error, lang: str) -> AuthorizeReply:
        if getattr(error, "redirect_uri", None):
            result = self.server.handle_error_response(request, error)
            location = dict((k.lower(), v) for k, v in result.headers).get("location")
            return AuthorizeReply(303, {"Location": location, "Cache-Control": "no-store"})
        nonce = secrets.token_urlsafe(16)
        html = render_error(lang=lang, error=error.error, description=error.get_error_description(), nonce=nonce)
        return AuthorizeReply(400, {"Cache-Control": "no-store"}, html, nonce=nonce)

    def _login_page(self, oauth: dict[str, str], lang: str, client: PublicClient, *, error: str | None = None,
                    status: int = 200, username: str = "") -> AuthorizeReply:
        csrf = new_csrf_token()
        nonce = secrets.token_urlsafe(16)
        html = render_login(lang=lang, params=oauth, csrf=csrf, client_name=client.description or client.client_id,
                            error=error, username=username or oauth.get("login_hint", ""), nonce=nonce)
        return AuthorizeReply(status, {"Cache-Control": "no-store"}, html,
                              cookies=[(LOGIN_CSRF_COOKIE, csrf, LOGIN_COOKIE_PATH, 1800)], nonce=nonce)


class _LoginRequired(OAuth2Error):
    error = "login_required"

    def __init__(self, redirect_uri: str):
        super().__init__(description="The user must sign in.", redirect_uri=redirect_uri)


# -- wiring --------------------------------------------------------------------------

def enable_authorization_code(server: Any, state_dir: Path, *, users_file: Path = USERS_FILE
                              ) -> AuthorizationCodeFlow | None:
    """Register the code grant on ``server`` if the clients file declares a public client."""
    clients = load_public_clients(server.settings.clients_file, server.settings.embedded_issuer)
    if not clients:
        return None
    users = load_users(users_file)
    directory = UserDirectory(users, PasswordStore(state_dir).ensure(users))
    sealer = Sealer(load_or_create_key(Path(state_dir) / LOGIN_KEY_FILE_NAME))
    flow = AuthorizationCodeFlow(server, clients, directory, sealer)
    server.public_clients = clients
    server.code_flow = flow
    server.register_grant(HubAuthorizationCodeGrant, [S256CodeChallenge(required=True)])
    server.register_token_generator("authorization_code", UserTokenGenerator(server.settings, server.keys))
    return flow
