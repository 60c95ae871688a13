"""Settings of the web UI, built once per app from ``HUB_UI_*``.

The UI is an OAuth client of whichever authorization server the gateway
trusts: the embedded one (public client ``hub-ui``, no secret), or the
external IdP named by ``HUB_OAUTH_ISSUER`` (register a client there with the
redirect URI ``<public gateway URL>/ui/callback``; a confidential client also
sets ``HUB_UI_CLIENT_SECRET``).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from hub.settings import SettingsError

_VARS = {
    "HUB_UI_CLIENT_ID": "client_id",
    "HUB_UI_CLIENT_SECRET": "client_secret",
    "HUB_UI_SCOPE": "scope",
    "HUB_UI_REDIRECT_URI": "redirect_uri",
    "HUB_UI_SESSION_KEY": "session_key",
}

#: What the UI asks for; the token carries what the user actually holds.
DEFAULT_SCOPE = "hub:read hub:alerts hub:plan hub:review"


class UiSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    client_id: str = "hub-ui"
    #: Only for an external IdP that registers the UI as a confidential client.
    client_secret: SecretStr | None = None
    #: Scopes to request. With an external IdP, its names for the hub's scopes
    #: (they are mapped through the clients file's [external.scopes]).
    scope: str = DEFAULT_SCOPE
    #: Default: the gateway's public URL (HUB_OAUTH_EMBEDDED_ISSUER) + /ui/callback.
    redirect_uri: str | None = None
    #: base64url of 32 random bytes; every replica behind one load balancer
    #: must share it. Default: generated under <data_dir>/ui.
    session_key: SecretStr | None = None
    #: Upper bound of a UI session; the access token's own expiry comes first.
    max_session_s: int = Field(default=8 * 3600, ge=60)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "UiSettings":
        env = os.environ if env is None else env
        values = {field: env[var] for var, field in _VARS.items() if env.get(var, "") != ""}
        try:
            settings = cls(**values)
        except ValidationError as exc:
            field = str(exc.errors()[0]["loc"][0])
            var = next((v for v, f in _VARS.items() if f == field), field)
            raise SettingsError(f"invalid setting {var}: {exc.errors()[0]['msg']}") from None
        if settings.session_key is not None and len(settings.key_bytes() or b"") != 32:
            raise SettingsError("invalid setting HUB_UI_SESSION_KEY: must be base64url of 32 bytes")
        return settings

    def key_bytes(self) -> bytes | None:
        if self.session_key is None:
            return None
        raw = self.session_key.get_secret_value()
        try:
            return base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        except ValueError:
            return b""
