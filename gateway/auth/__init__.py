"""OAuth 2.0 for the gateway: one ``GatewayAuth`` built from ``AuthSettings``.

``build_auth`` picks the profile. Embedded: load the clients file, ensure the
signing key and client secrets under ``<data_dir>/oauth``, and run Authlib's
authorization server for client_credentials. External: validate tokens of
``HUB_OAUTH_ISSUER`` with keys from its JWKS. Either way routes depend on
``require_scopes(...)`` and get a ``Caller``; they never see which profile.

Typical wiring::

    auth = build_auth(AuthSettings.from_env(), settings.data_dir)
    app = FastAPI()
    install_problem_handlers(app)
    install_auth(app, auth)

    @app.get("/v1/things")
    def things(caller: Caller = Depends(require_scopes("hub:read"))): ...
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import httpx

from .authorize import enable_authorization_code
from .clients import SCOPES, Client, ClientRegistry, SecretStore, load_clients
from .config import AuthSettings, oauth_state_dir
from .keys import RemoteJwks, load_or_create_signing_key, signing_keyset
from .server import HubAuthorizationServer
from .tokens import AccessTokenValidator, Caller, InsufficientScope, InvalidToken

__all__ = [
    "SCOPES", "AuthSettings", "Caller", "Client", "ClientRegistry", "GatewayAuth", "InsufficientScope",
    "InvalidToken", "build_auth", "install_auth",
]


@dataclass
class GatewayAuth:
    """The OAuth pieces one gateway process uses; ``server`` is None when external."""

    settings: AuthSettings
    clients: ClientRegistry
    validator: AccessTokenValidator
    server: HubAuthorizationServer | None = None
    remote: RemoteJwks | None = None

    def close(self) -> None:
        if self.remote is not None:
            self.remote.close()


def build_auth(settings: AuthSettings, data_dir: Path, *, http: httpx.Client | None = None) -> GatewayAuth:
    """Load clients, keys and secrets for ``settings``' profile (files under ``data_dir``)."""
    # Authlib's client_credentials grant logs the issued token dict at DEBUG;
    # access tokens are credentials and must never reach a log.
    authlib_log = logging.getLogger("authlib")
    if authlib_log.level == logging.NOTSET or authlib_log.level < logging.INFO:
        authlib_log.setLevel(logging.INFO)
    registry = load_clients(settings.clients_file)
    if settings.issuer is not None:
        remote = RemoteJwks(settings.issuer, jwks_uri=settings.jwks_uri, refresh_min_s=settings.jwks_refresh_min_s,
                            cache_s=settings.jwks_cache_s, timeout_s=settings.http_timeout_s, http=http)
        validator = AccessTokenValidator(settings, remote.get, registry.external)
        return GatewayAuth(settings, registry, validator, remote=remote)
    state = oauth_state_dir(data_dir)
    keys = signing_keyset(load_or_create_signing_key(state))
    registry = registry.with_secret_hashes(SecretStore(state).ensure(registry))
    server = HubAuthorizationServer(settings, registry, keys)
    enable_authorization_code(server, state)  # people sign in to the UI (if a public client is declared)
    validator = AccessTokenValidator(settings, lambda kid: keys)
    return GatewayAuth(settings, registry, validator, server=server)


def install_auth(app, auth: GatewayAuth) -> None:
    """Attach ``auth`` to a FastAPI app: state for the dependencies, plus the OAuth routes."""
    from .routes import build_router  # FastAPI only where an app is wired

    app.state.hub_auth = auth
    app.include_router(build_router(auth))
