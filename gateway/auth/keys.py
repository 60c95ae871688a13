"""Keys: the embedded issuer's signing key, and an external issuer's JWKS.

The embedded key is an ES256 (P-256) key generated on first start and kept as
a private JWK in a 0600 file under the data dir, so tokens issued before a
restart stay valid after it. Its ``kid`` is the RFC 7638 thumbprint, which is
stable and needs no bookkeeping.

An external issuer's keys come from its ``jwks_uri`` (found through RFC 8414
or OpenID discovery metadata), cached, and refetched when a token names a
``kid`` the cache does not know (key rotation), at most once per
``jwks_refresh_min_s`` so random kids cannot make the hub hammer the IdP.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from joserfc.jwk import ECKey, KeySet

from hub.errors import HubError

from .clients import _check_private, write_private_json

log = logging.getLogger(__name__)

SIGNING_KEY_FILE_NAME = "signing-key.jwk.json"


class SigningKeyError(HubError):
    """A key file or an issuer's key set cannot be used."""


class JwksUnavailable(Exception):
    """The external issuer's keys could not be fetched (a 503, not a 401)."""


def load_or_create_signing_key(state_dir: Path) -> ECKey:
    """The embedded issuer's private key; generated once, then reused."""
    path = Path(state_dir) / SIGNING_KEY_FILE_NAME
    if not path.exists():
        key = ECKey.generate_key("P-256", private=True)
        data = key.as_dict(private=True)
        data["kid"] = key.thumbprint()
        data["alg"] = "ES256"
        data["use"] = "sig"
        write_private_json(path, data)
        log.info("generated OAuth signing key %s in %s", data["kid"], path)
    _check_private(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        key = ECKey.import_key(data)
    except (OSError, ValueError, TypeError) as exc:
        raise SigningKeyError(f"signing key file {path} is unusable ({type(exc).__name__}); "
                        "delete it to generate a new key (issued tokens become invalid)") from None
    if not key.is_private or data.get("crv") != "P-256":
        raise SigningKeyError(f"signing key file {path} must hold a private P-256 key")
    return key


def public_jwks(key: ECKey) -> dict[str, Any]:
    """The JWKS document: the public half only, with kid, alg and use."""
    public = key.as_dict(private=False)
    for name in ("kid", "alg", "use"):
        if key.get(name):
            public[name] = key.get(name)
    return {"keys": [public]}


def signing_keyset(key: ECKey) -> KeySet:
    """A one-key set: joserfc then writes the ``kid`` into each token header."""
    return KeySet([key])


def discover_metadata(issuer: str, client: httpx.Client) -> dict[str, Any]:
    """RFC 8414 metadata, falling back to OpenID discovery; ``issuer`` must match.

    RFC 8414 puts the well-known segment *before* any issuer path; OpenID
    Connect (and Keycloak, Azure AD) append it; both are tried.
    """
    base = issuer.rstrip("/")
    scheme, _, after = base.partition("://")
    host, _, rest = after.partition("/")
    origin = f"{scheme}://{host}"
    suffix = f"/{rest}" if rest else ""
    candidates = [
        f"{origin}/.well-known/oauth-authorization-server{suffix}",
        f"{base}/.well-known/openid-configuration",
        f"{origin}/.well-known/openid-configuration{suffix}",
    ]
    last_error = "no metadata"
    for url in dict.fromkeys(candidates):
        try:
            resp = client.get(url)
        except httpx.HTTPError as exc:
            last_error = f"{url}: {type(exc).__name__}"
            continue
        if resp.status_code != 200:
            last_error = f"{url}: HTTP {resp.status_code}"
            continue
        try:
            meta = resp.json()
        except ValueError:
            last_error = f"{url}: not JSON"
            continue
        if meta.get("issuer") != issuer:
            # RFC 8414 section 3.3: a mismatch means the document is not for this issuer.
            last_error = f"{url}: issuer mismatch"
            continue
        return meta
    raise JwksUnavailable(f"no usable metadata for issuer {issuer} ({last_error})")


class RemoteJwks:
    """An external issuer's key set, cached and refetched on unknown kid."""

    def __init__(self, issuer: str, *, jwks_uri: str | None = None, refresh_min_s: float = 30.0,
                 cache_s: float = 3600.0, timeout_s: float = 5.0,
                 http: httpx.Client | None = None, clock: Callable[[], float] = time.monotonic):
        self.issuer = issuer
        self._jwks_uri = jwks_uri
        self._refresh_min_s = refresh_min_s
        self._cache_s = cache_s
        self._http = http or httpx.Client(timeout=timeout_s, follow_redirects=False)
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: KeySet | None = None
        self._kids: frozenset[str] = frozenset()
        self._fetched_at = float("-inf")

    def __repr__(self) -> str:
        return f"RemoteJwks(issuer={self.issuer!r}, jwks_uri={self._jwks_uri!r})"

    def get(self, kid: str | None) -> KeySet:
        """Keys that may verify a token with this ``kid``.

        Fetches when nothing is cached or the cache is stale; refetches when
        ``kid`` is unknown, unless the last fetch was too recent.
        """
        with self._lock:
            now = self._clock()
            stale = self._keys is None or now - self._fetched_at > self._cache_s
            unknown = kid is not None and kid not in self._kids
            if stale or (unknown and now - self._fetched_at >= self._refresh_min_s):
                try:
                    self._fetch(now)
                except JwksUnavailable:
                    if self._keys is None:
                        raise
                    log.warning("JWKS refresh for %s failed; keeping cached keys", self.issuer)
            return self._keys  # type: ignore[return-value]

    def _fetch(self, now: float) -> None:
        try:
            if self._jwks_uri is None:
                meta = discover_metadata(self.issuer, self._http)
                uri = meta.get("jwks_uri")
                if not isinstance(uri, str) or not uri.startswith(("https://", "http://")):
                    raise JwksUnavailable(f"issuer {self.issuer} publishes no jwks_uri")
                self._jwks_uri = uri
            resp = self._http.get(self._jwks_uri)
            if resp.status_code != 200:
                raise JwksUnavailable(f"JWKS {self._jwks_uri}: HTTP {resp.status_code}")
            doc = resp.json()
            # Only asymmetric public keys; an "oct" entry would enable HS* forgery.
            doc = {"keys": [k for k in doc.get("keys", []) if isinstance(k, dict) and k.get("kty") in ("EC", "RSA")]}
            keys = KeySet.import_key_set(doc)
        except JwksUnavailable:
            self._fetched_at = now  # a failing IdP is also rate-limited
            raise
        except (httpx.HTTPError, ValueError, TypeError, AttributeError) as exc:
            self._fetched_at = now
            raise JwksUnavailable(f"JWKS for {self.issuer} unusable: {type(exc).__name__}") from None
        self._keys = keys
        self._kids = frozenset(k.kid for k in keys.keys if k.kid)
        self._fetched_at = now
        log.info("fetched %d key(s) for issuer %s", len(keys.keys), self.issuer)

    def close(self) -> None:
        self._http.close()


def file_mode(path: Path) -> int:
    """Permission bits of a file (for tests and ``hub clients`` checks)."""
    return os.stat(path).st_mode & 0o777
