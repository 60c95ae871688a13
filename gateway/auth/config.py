"""Typed OAuth settings for the gateway, built once from ``HUB_OAUTH_*``.

Two profiles, chosen by one variable:

* ``HUB_OAUTH_ISSUER`` unset: the *embedded* profile. The hub is its own
  authorization server for machine clients (client_credentials), signs RFC 9068
  access tokens with a key it keeps under the data dir, and validates them.
* ``HUB_OAUTH_ISSUER`` set: an *external* identity provider (Keycloak, Azure AD,
  Maskinporten, ...) issues the tokens; the hub only validates them, with keys
  from the issuer's published JWKS.

Like ``hub.settings``, nothing here reads the environment at import time, and
errors name the variable at fault so an operator can fix it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hub.settings import SettingsError

#: Algorithms a token may be signed with. Asymmetric only: an HS* token could
#: be forged by anyone who knows the (public) verification key, and ``none``
#: is no signature at all, so neither may ever be configured.
ALLOWED_ALGORITHMS = ("ES256", "ES384", "RS256", "PS256")
#: The embedded issuer signs with this one.
EMBEDDED_SIGNING_ALG = "ES256"

DEFAULT_CLIENTS_FILE = Path(__file__).with_name("clients.toml")

_VARS = {
    "HUB_OAUTH_ISSUER": "issuer",
    "HUB_OAUTH_EMBEDDED_ISSUER": "embedded_issuer",
    "HUB_OAUTH_AUDIENCE": "audience",
    "HUB_OAUTH_CLAIM_PARTNER": "claim_partner",
    "HUB_OAUTH_CLAIM_SCOPE": "claim_scope",
    "HUB_OAUTH_CLIENTS_FILE": "clients_file",
    "HUB_OAUTH_ALGORITHMS": "algorithms",
    "HUB_OAUTH_ACCEPTED_TYP": "accepted_typ",
    "HUB_OAUTH_TOKEN_TTL_S": "token_ttl_s",
    "HUB_OAUTH_LEEWAY_S": "leeway_s",
    "HUB_OAUTH_JWKS_URI": "jwks_uri",
    "HUB_OAUTH_JWKS_REFRESH_MIN_S": "jwks_refresh_min_s",
    "HUB_OAUTH_JWKS_CACHE_S": "jwks_cache_s",
    "HUB_OAUTH_HTTP_TIMEOUT_S": "http_timeout_s",
}
_LISTS = {"algorithms", "accepted_typ"}


class AuthSettings(BaseModel):
    """Everything the OAuth layer needs; no secrets live here (they are files)."""

    model_config = ConfigDict(frozen=True)

    #: External issuer identifier (exactly as in its tokens' ``iss``); None =
    #: embedded profile.
    issuer: str | None = None
    #: The issuer identifier of the embedded authorization server: the
    #: gateway's public base URL. Clients put it in their assertion's ``aud``.
    embedded_issuer: str = "http://127.0.0.1:8080"
    #: The ``aud`` every access token must carry (the hub's API as a resource).
    audience: str = "procurement-hub"
    #: Claim naming the caller's partner. ``partner`` holds the id itself;
    #: ``azp``/``client_id`` hold an IdP client id, mapped through the clients
    #: file's ``[external.partners]`` table.
    claim_partner: str = "partner"
    #: Claim carrying the scopes: ``scope`` (space-separated string) or ``scp``
    #: / ``roles`` (list); both shapes are accepted whatever the name.
    claim_scope: str = "scope"
    clients_file: Path = DEFAULT_CLIENTS_FILE
    algorithms: tuple[str, ...] = ("ES256", "RS256")
    #: Accepted JWT ``typ`` headers (case-insensitive). RFC 9068 wants
    #: ``at+jwt``; Keycloak and Azure AD send ``JWT`` unless configured, so an
    #: operator may have to add it here for them, knowingly.
    accepted_typ: tuple[str, ...] = ("at+jwt", "application/at+jwt")
    token_ttl_s: int = Field(default=900, ge=30, le=86400)
    #: Clock-skew allowance for exp/nbf/iat.
    leeway_s: int = Field(default=30, ge=0, le=300)
    #: Override for the external issuer's JWKS location (else from metadata).
    jwks_uri: str | None = None
    #: Least time between two JWKS fetches triggered by an unknown ``kid``:
    #: forged tokens with random kids must not turn the hub into a DoS tool.
    jwks_refresh_min_s: float = Field(default=30.0, ge=0)
    #: How long a fetched JWKS is trusted before it is refetched anyway.
    jwks_cache_s: float = Field(default=3600.0, gt=0)
    http_timeout_s: float = Field(default=5.0, gt=0)
    #: Replay cache bound for private_key_jwt assertion ids.
    replay_cache_size: int = Field(default=10000, ge=100)

    @property
    def embedded(self) -> bool:
        return self.issuer is None

    @property
    def effective_issuer(self) -> str:
        """The ``iss`` tokens must carry, whichever profile."""
        return self.embedded_issuer if self.issuer is None else self.issuer

    @field_validator("issuer", "embedded_issuer", "jwks_uri")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL")
        return value

    @field_validator("embedded_issuer")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("algorithms")
    @classmethod
    def _asymmetric_only(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [alg for alg in value if alg not in ALLOWED_ALGORITHMS]
        if bad or not value:
            raise ValueError(f"only {', '.join(ALLOWED_ALGORITHMS)} are allowed, not {', '.join(bad) or 'nothing'}")
        return value

    @field_validator("accepted_typ")
    @classmethod
    def _lower(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(v.lower() for v in value)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "AuthSettings":
        """Build from ``HUB_OAUTH_*``; unset variables keep the defaults.

        ``HUB_OAUTH_EMBEDDED_ISSUER`` defaults to the gateway's own address
        (``HUB_GATEWAY_HOST``/``HUB_GATEWAY_PORT``), which is right for a
        laptop; behind a proxy set it to the public https URL.
        """
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for var, field in _VARS.items():
            raw = env.get(var, "")
            if raw == "":
                continue
            values[field] = tuple(raw.replace(",", " ").split()) if field in _LISTS else raw
        if "embedded_issuer" not in values:
            host = env.get("HUB_GATEWAY_HOST") or "127.0.0.1"
            port = env.get("HUB_GATEWAY_PORT") or "8080"
            values["embedded_issuer"] = f"http://{host}:{port}"
        try:
            return cls(**values)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = str(err["loc"][0]) if err["loc"] else ""
            var = next((v for v, f in _VARS.items() if f == field), field)
            raise SettingsError(f"invalid setting {var}: {err['msg']}") from None


def oauth_state_dir(data_dir: Path) -> Path:
    """Where the embedded authorization server keeps its key and secrets."""
    return Path(data_dir) / "oauth"


ProfileName = Literal["embedded", "external"]


def profile(settings: AuthSettings) -> ProfileName:
    return "embedded" if settings.embedded else "external"
