"""The embedded authorization server: token endpoint and metadata, as logic.

Authlib's ``AuthorizationServer`` does the OAuth work: the client_credentials
grant, ``client_secret_basic`` parsing, RFC 6749 error semantics, and (with
``JWTBearerClientAssertion``) RFC 7523 ``private_key_jwt``. It has no Starlette
integration, so this module supplies the small adapter it expects: a
``TokenRequest`` (method, headers, parsed form) in, ``(status, body,
headers)`` out. The FastAPI route in ``routes.py`` is then a few lines.

Assertion hardening beyond Authlib's defaults: algorithms pinned to the
asymmetric list, ``aud`` must be the issuer identifier (RFC 7523bis / FAPI;
the token endpoint URL is also accepted, as RFC 7523 allows it), and ``jti``
replay is refused through a bounded in-memory cache kept until each
assertion's ``exp``.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from authlib.oauth2.rfc6749 import AuthorizationServer, ClientCredentialsGrant, InvalidClientError, OAuth2Request
from authlib.oauth2.rfc6749.errors import InvalidRequestError, OAuth2Error
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from .clients import AUTH_METHODS, SCOPES, Client, ClientRegistry
from .config import EMBEDDED_SIGNING_ALG, AuthSettings
from .keys import public_jwks
from .tokens import HubTokenGenerator

TOKEN_PATH = "/oauth/token"
JWKS_PATH = "/oauth/jwks.json"
METADATA_PATH = "/.well-known/oauth-authorization-server"
#: Longest assertion lifetime accepted: bounds the replay cache's memory.
MAX_ASSERTION_LIFETIME_S = 300


@dataclass(frozen=True)
class TokenRequest:
    """What the token endpoint needs from an HTTP request, framework-free."""

    method: str
    headers: Mapping[str, str]
    form: dict[str, str]

    def __repr__(self) -> str:  # the form holds assertions, headers hold secrets
        return f"TokenRequest(method={self.method!r}, grant_type={self.form.get('grant_type')!r})"


@dataclass(frozen=True)
class TokenResponse:
    status: int
    body: dict[str, Any]
    headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_error(self) -> bool:
        return self.status >= 400


class ReplayCache:
    """Seen assertion ids until their expiry; bounded, oldest evicted first.

    When full of unexpired entries the cache refuses new ones rather than
    forgetting live ids (which would re-open replay): a flood of fresh
    assertions then fails closed for the flooding client only after
    authentication, so it cannot lock others out without valid keys.
    """

    def __init__(self, max_entries: int = 10000, clock: Callable[[], float] = time.time):
        self._entries: OrderedDict[str, float] = OrderedDict()
        self._max = max_entries
        self._clock = clock
        self._lock = threading.Lock()

    def add(self, key: str, expires_at: float) -> bool:
        """Record ``key``; False when it was already seen (a replay) or no room."""
        with self._lock:
            now = self._clock()
            while self._entries:  # drop expired ids from the old end
                oldest_key, oldest_exp = next(iter(self._entries.items()))
                if oldest_exp > now:
                    break
                del self._entries[oldest_key]
            if key in self._entries or len(self._entries) >= self._max:
                return False
            self._entries[key] = expires_at
            return True

    def __len__(self) -> int:
        return len(self._entries)


class PrivateKeyJwtAuth(JWTBearerClientAssertion):
    """RFC 7523 client authentication with the hub's rules (see module doc)."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def __init__(self, settings: AuthSettings, replay: ReplayCache):
        super().__init__(validate_jti=True, leeway=settings.leeway_s)
        self._issuer = settings.embedded_issuer
        self._algorithms = list(settings.algorithms)
        self._replay = replay

    def get_audiences(self) -> list[str]:
        return [self._issuer, self._issuer + TOKEN_PATH]

    def resolve_client_public_key(self, client: Client) -> KeySet:
        if not client.jwks:
            raise InvalidClientError(description="The client has no registered public key.")
        return client.public_keys()

    def process_assertion_claims(self, assertion: str, resolve_key: Any) -> dict[str, Any]:
        try:
            token = jwt.decode(assertion, resolve_key, algorithms=self._algorithms)
        except JoseError:
            raise InvalidClientError(description="The client assertion signature is invalid.") from None
        claims = token.claims
        self.verify_claims(claims)
        exp, iat = claims["exp"], claims.get("iat", time.time())
        if not isinstance(exp, (int, float)) or exp - float(iat) > MAX_ASSERTION_LIFETIME_S:
            raise InvalidClientError(description="The client assertion lives too long.")
        return claims

    def validate_jti(self, claims: dict[str, Any], jti: Any) -> bool:
        if not isinstance(jti, str) or not jti or len(jti) > 256:
            return False
        return self._replay.add(f"{claims['sub']}\x00{jti}", float(claims["exp"]) + self.leeway)


class HubClientCredentialsGrant(ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)


class _Headers(dict):
    """Case-insensitive header lookup (Authlib asks for "Authorization")."""

    def __init__(self, headers: Mapping[str, str]):
        super().__init__((k.lower(), v) for k, v in headers.items())

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key.lower(), default)

    def __getitem__(self, key: str) -> Any:
        return super().__getitem__(key.lower())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and super().__contains__(key.lower())

    def __repr__(self) -> str:  # never print credentials
        return f"<headers {sorted(self)}>"


class _Request(OAuth2Request):
    def __init__(self, req: TokenRequest, uri: str):
        super().__init__(req.method, uri, headers=_Headers(req.headers))
        self.payload = BasicOAuth2Payload(req.form)
        self._form = req.form

    @property
    def form(self) -> dict[str, str]:
        return self._form

    @property
    def args(self) -> dict[str, str]:
        return {}


class HubAuthorizationServer(AuthorizationServer):
    """Authlib's server wired to the hub's clients, key and rules."""

    def __init__(self, settings: AuthSettings, clients: ClientRegistry, keys: KeySet,
                 replay: ReplayCache | None = None):
        super().__init__(scopes_supported=list(SCOPES))
        self.settings = settings
        self.clients = clients
        self.keys = keys
        self.replay = replay or ReplayCache(settings.replay_cache_size)
        #: Browser clients and the authorization code flow, when enabled
        #: (``authorize.enable_authorization_code``).
        self.public_clients: dict[str, Any] = {}
        self.code_flow: Any = None
        self.register_grant(HubClientCredentialsGrant)
        self.register_client_auth_method(PrivateKeyJwtAuth.CLIENT_AUTH_METHOD, PrivateKeyJwtAuth(settings, self.replay))
        self.register_token_generator("default", HubTokenGenerator(settings, keys))

    def __repr__(self) -> str:
        return f"HubAuthorizationServer(issuer={self.settings.embedded_issuer!r}, clients={len(self.clients.clients)})"

    # -- Authlib hooks -------------------------------------------------------
    def query_client(self, client_id: str) -> Client | None:
        return self.clients.get(client_id) or self.public_clients.get(client_id)

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Nothing to store: JWT access tokens are self-contained."""

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """No listeners."""

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        if isinstance(request, OAuth2Request):
            return request
        return _Request(request, self.settings.embedded_issuer + TOKEN_PATH)

    def handle_response(self, status: int, body: Any, headers: Any) -> TokenResponse:
        return TokenResponse(status, dict(body or {}), list(headers or []))

    # -- the hub's entry points ----------------------------------------------
    def token(self, request: TokenRequest) -> TokenResponse:
        """Answer one token request; never raises for a client's mistake."""
        if request.method != "POST":
            return self.handle_error_response(None, InvalidRequestError("The token endpoint takes POST."))
        try:
            return self.create_token_response(request)
        except OAuth2Error as error:  # e.g. insecure transport, raised before Authlib's try
            return self.handle_error_response(None, error)

    def metadata(self) -> dict[str, Any]:
        """RFC 8414 authorization server metadata."""
        iss = self.settings.embedded_issuer
        meta = {
            "issuer": iss,
            "token_endpoint": iss + TOKEN_PATH,
            "jwks_uri": iss + JWKS_PATH,
            "grant_types_supported": ["client_credentials"],
            "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
            "token_endpoint_auth_signing_alg_values_supported": list(self.settings.algorithms),
            "scopes_supported": list(SCOPES),
            "response_types_supported": [],
            # Not an RFC 8414 field, but tells resource servers what to pin.
            "access_token_signing_alg_values_supported": [EMBEDDED_SIGNING_ALG],
        }
        if self.code_flow is not None:  # people sign in: authorization code with PKCE, S256 only
            meta["authorization_endpoint"] = iss + "/oauth/authorize"
            meta["grant_types_supported"] = ["client_credentials", "authorization_code"]
            meta["response_types_supported"] = ["code"]
            meta["token_endpoint_auth_methods_supported"] = list(AUTH_METHODS) + ["none"]
            meta["code_challenge_methods_supported"] = ["S256"]
        return meta

    def jwks(self) -> dict[str, Any]:
        return public_jwks(self.keys.keys[0])
