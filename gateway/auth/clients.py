"""Machine clients of the hub, as data, and their secrets.

Clients are declared in a TOML file (default ``gateway/auth/clients.toml``):
one per partner, plus ``planner`` and ``admin``. Each names its partner, its
scopes and how it authenticates (``client_secret_basic`` and/or
``private_key_jwt`` with a public JWK set). The same file maps an external
IdP's client ids and scope names onto the hub's, for the external profile.

Secrets are never in the file. In the embedded profile the hub generates one
per secret-using client on first start and keeps it in a 0600 JSON file under
the data dir: hashed (scrypt, salted) for verification, and in clear so the
operator can hand it to the partner (``hub clients list --json``). Only the
hash is held in memory; a ``Client`` never prints a secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from authlib.oauth2.rfc6749 import ClientMixin
from authlib.oauth2.rfc6749.util import scope_to_list
from joserfc.jwk import KeySet

from hub.errors import HubError
from hub.rules.partners import get_partner

log = logging.getLogger(__name__)

SCOPES: tuple[str, ...] = ("hub:publish", "hub:read", "hub:alerts", "hub:plan", "hub:review", "hub:admin")
AUTH_METHODS: tuple[str, ...] = ("client_secret_basic", "private_key_jwt")
SECRETS_FILE_NAME = "client-secrets.json"

# scrypt cost: secrets are 256-bit random, so the hash only has to stop a
# leaked file copy being replayed, not resist guessing; keep it cheap enough
# that the token endpoint is not a CPU sink.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


class ClientConfigError(HubError):
    """The clients file or the secrets file cannot be used; says which and why."""


@dataclass(frozen=True)
class Client(ClientMixin):
    """One registered machine client, as Authlib's server wants it."""

    client_id: str
    partner: str | None
    scopes: tuple[str, ...]
    auth_methods: tuple[str, ...]
    #: Public keys for private_key_jwt, as a JWKS dict (never private keys).
    jwks: dict[str, Any] | None = None
    #: ``scrypt$salt$hash`` (base64url); never the secret itself.
    secret_hash: str | None = field(default=None, repr=False)
    description: str = ""

    # -- authlib ClientMixin -------------------------------------------------
    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:  # no browser flows
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        """Requested scopes the client holds; all of them when none requested."""
        if not scope:
            return " ".join(self.scopes)
        return " ".join(s for s in scope_to_list(scope) if s in self.scopes)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return self.secret_hash is not None and verify_secret(client_secret, self.secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint == "token" and method in self.auth_methods

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"

    # -- hub -----------------------------------------------------------------
    def public_keys(self) -> KeySet:
        if not self.jwks:
            raise ClientConfigError(f"client {self.client_id!r} has no public keys for private_key_jwt")
        return KeySet.import_key_set(self.jwks)

    @property
    def uses_secret(self) -> bool:
        return "client_secret_basic" in self.auth_methods


@dataclass(frozen=True)
class ExternalMapping:
    """How an external IdP's tokens name partners and scopes."""

    #: claim value (e.g. an ``azp`` client id) -> partner id (or "hub").
    partners: dict[str, str] = field(default_factory=dict)
    #: IdP scope/role name -> hub scope.
    scopes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ClientRegistry:
    clients: dict[str, Client]
    external: ExternalMapping = ExternalMapping()
    source: Path | None = None

    def get(self, client_id: str) -> Client | None:
        return self.clients.get(client_id)

    def __iter__(self):
        return iter(self.clients.values())

    def with_secret_hashes(self, hashes: dict[str, str]) -> "ClientRegistry":
        clients = {cid: Client(**{**c.__dict__, "secret_hash": hashes.get(cid)}) for cid, c in self.clients.items()}
        return ClientRegistry(clients, self.external, self.source)


# -- loading the clients file ------------------------------------------------

def read_toml(path: Path, what: str) -> dict[str, Any]:
    """The parsed TOML file; a missing or malformed one is a ClientConfigError naming ``what`` file."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClientConfigError(f"{what} file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ClientConfigError(f"{what} file {path} is not valid TOML: {exc}") from None


def load_clients(path: Path) -> ClientRegistry:
    """Parse and check the clients file; every problem names the client."""
    data = read_toml(path, "clients")
    defaults = data.get("defaults", {})
    clients: dict[str, Client] = {}
    for entry in data.get("client", []):
        client = _client_from(entry, defaults, Path(path).parent)
        if client.client_id in clients:
            raise ClientConfigError(f"client {client.client_id!r} is declared twice in {path}")
        clients[client.client_id] = client
    ext = data.get("external", {})
    mapping = ExternalMapping(partners=dict(ext.get("partners", {})), scopes=dict(ext.get("scopes", {})))
    for claim_value, partner in mapping.partners.items():
        if get_partner(partner) is None:
            raise ClientConfigError(f"[external.partners] maps {claim_value!r} to unknown partner {partner!r}")
    for name, scope in mapping.scopes.items():
        if scope not in SCOPES:
            raise ClientConfigError(f"[external.scopes] maps {name!r} to unknown scope {scope!r}")
    return ClientRegistry(clients, mapping, Path(path))


def _client_from(entry: dict[str, Any], defaults: dict[str, Any], base: Path) -> Client:
    cid = entry.get("client_id")
    if not isinstance(cid, str) or not cid:
        raise ClientConfigError("a [[client]] entry has no client_id")
    partner = entry.get("partner")
    if partner is not None and get_partner(partner) is None:
        raise ClientConfigError(f"client {cid!r}: unknown partner {partner!r}")
    scopes = tuple(entry.get("scopes", defaults.get("scopes", ())))
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise ClientConfigError(f"client {cid!r}: unknown scope(s) {', '.join(unknown)}")
    methods = tuple(entry.get("auth_methods", defaults.get("auth_methods", ("client_secret_basic",))))
    bad = [m for m in methods if m not in AUTH_METHODS]
    if bad or not methods:
        raise ClientConfigError(f"client {cid!r}: auth_methods must be among {', '.join(AUTH_METHODS)}")
    jwks = _jwks_from(cid, entry, base)
    if jwks is None and methods == ("private_key_jwt",):
        raise ClientConfigError(f"client {cid!r}: private_key_jwt only, but no jwk, jwks or jwks_file")
    return Client(client_id=cid, partner=partner, scopes=scopes, auth_methods=methods, jwks=jwks,
                  description=str(entry.get("description", "")))


def _jwks_from(cid: str, entry: dict[str, Any], base: Path) -> dict[str, Any] | None:
    if "jwk" in entry:
        jwks = {"keys": [entry["jwk"]]}
    elif "jwks" in entry:
        jwks = entry["jwks"]
    elif "jwks_file" in entry:
        p = base / entry["jwks_file"]
        try:
            jwks = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ClientConfigError(f"client {cid!r}: cannot read jwks_file {p}: {exc}") from None
    else:
        return None
    try:
        keyset = KeySet.import_key_set(jwks)
    except Exception as exc:  # joserfc raises several types for bad key material
        raise ClientConfigError(f"client {cid!r}: invalid public key: {exc}") from None
    for key in keyset.keys:
        if key.key_type == "oct" or key.is_private:
            raise ClientConfigError(f"client {cid!r}: only public asymmetric keys may be registered")
    return jwks


# -- secrets -----------------------------------------------------------------

def hash_secret(secret: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    return "scrypt$" + _b64(salt) + "$" + _b64(digest)


def verify_secret(secret: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(secret.encode(), salt=_unb64(salt), n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, _unb64(digest))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class GeneratedCredentials:
    """A 0600 JSON file of credentials the embedded profile generated: name -> clear text and hash.

    The clear text is kept for the operator (``hub clients``/``hub users``
    show it); the gateway reads only the hashes. A subclass names the file,
    the JSON section and what the credentials are called in messages.
    """

    file_name: str = ""
    section: str = ""
    noun: str = ""

    def __init__(self, state_dir: Path):
        self.path = Path(state_dir) / self.file_name

    def __repr__(self) -> str:  # the path is fine to show; the content never
        return f"{type(self).__name__}({str(self.path)!r})"

    def read(self) -> dict[str, dict[str, str]]:
        """name -> {clear text field, "hash"}; empty when no file yet."""
        if not self.path.exists():
            return {}
        _check_private(self.path)
        try:
            return dict(json.loads(self.path.read_text(encoding="utf-8"))[self.section])
        except (OSError, ValueError, KeyError, TypeError):
            raise ClientConfigError(f"{self.noun} file {self.path} is unreadable or damaged; "
                                    f"delete it to generate new {self.noun}") from None

    def _save(self, stored: dict[str, dict[str, str]], generated: int) -> None:
        write_private_json(self.path, {"version": 1, self.section: stored})
        log.info("generated %d %s in %s", generated, self.noun, self.path)


class SecretStore(GeneratedCredentials):
    """The generated client secrets (embedded profile only)."""

    file_name, section, noun = SECRETS_FILE_NAME, "clients", "client secrets"

    def ensure(self, registry: ClientRegistry) -> dict[str, str]:
        """Generate missing secrets, persist, and return client_id -> hash."""
        stored = self.read()
        missing = [c.client_id for c in registry if c.uses_secret and c.client_id not in stored]
        for client_id in missing:
            secret = secrets.token_urlsafe(32)
            stored[client_id] = {"secret": secret, "hash": hash_secret(secret)}
        if missing:
            self._save(stored, len(missing))
        return {cid: entry["hash"] for cid, entry in stored.items()
                if registry.get(cid) is not None and registry.get(cid).uses_secret}


def write_private_json(path: Path, data: Any) -> None:
    """Write JSON readable by the owner only, atomically (tmp + rename)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _check_private(path: Path) -> None:
    """A key or secrets file others can read is fixed, loudly, not trusted silently."""
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        log.warning("%s had mode %o; tightening to 600", path, mode)
        os.chmod(path, 0o600)
