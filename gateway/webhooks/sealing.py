"""Subscription secrets at rest: AES-256-GCM under the gateway's webhook key.

Every replica must be able to sign any subscription's deliveries, so the
secret travels in ``hub.subscriptions.v1``; it must not sit there in clear
(anyone who can read the topic could then forge deliveries). It is sealed
with a key kept outside Kafka, in ``<data_dir>/gateway/webhook-key`` (mode
0600), which all replicas share as a file or a mounted secret.

The key file is JSON, ``{"version": 1, "keys": ["<base64 32 bytes>", ...]}``:
the first key seals, every key listed opens, so a key can be rotated by
putting a new one first and keeping the old one until every subscription
was re-created. Each ciphertext names its key by ``key_id`` (16 hex digits
of the key's SHA-256) and is bound to its subscription id (AES-GCM
associated data), so a sealed secret cannot be moved to another subscription.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gateway.auth.clients import write_private_json
from hub.errors import HubError

log = logging.getLogger(__name__)

KEY_FILE_NAME = "webhook-key"
NONCE_BYTES = 12


class SealError(HubError):
    """A secret cannot be sealed or opened: a missing or different webhook key, or a damaged record."""


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:16]


class WebhookKey:
    """The keys of one key file; ``seal`` with the first, ``open`` with any."""

    def __init__(self, keys: list[bytes]):
        if not keys or any(len(k) != 32 for k in keys):
            raise SealError("a webhook key file needs at least one 32-byte key")
        self._keys = {key_id(k): k for k in keys}
        self.current_id = key_id(keys[0])

    @classmethod
    def load_or_create(cls, path: Path) -> "WebhookKey":
        """Read ``path``; on first start create it (0600) with one fresh key.

        Creation is exclusive (link, not rename), so replicas starting at once
        on a shared directory end up with the same key, never one each.
        """
        path = Path(path)
        if not path.exists():
            _create_exclusive(path, {"keys": [base64.b64encode(secrets.token_bytes(32)).decode()], "version": 1})
            log.info("generated the webhook key in %s", path)
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            log.warning("%s had mode %o; tightening to 600", path, mode)
            os.chmod(path, 0o600)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            keys = [base64.b64decode(k, validate=True) for k in data["keys"]]
        except (OSError, ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise SealError(f"webhook key file {path} is unusable ({type(exc).__name__})") from None
        return cls(keys)

    def knows(self, kid: str) -> bool:
        return kid in self._keys

    def seal(self, secret: str, subscription_id: str) -> tuple[str, str]:
        """``(ciphertext, key_id)`` of ``secret``, bound to ``subscription_id``."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = AESGCM(self._keys[self.current_id]).encrypt(nonce, secret.encode(), subscription_id.encode())
        return base64.urlsafe_b64encode(nonce + sealed).decode("ascii"), self.current_id

    def open(self, ciphertext: str, kid: str, subscription_id: str) -> str:
        key = self._keys.get(kid)
        if key is None:
            raise SealError(f"subscription {subscription_id} was sealed with webhook key {kid}, "
                            f"which this gateway's key file does not hold")
        try:
            raw = base64.urlsafe_b64decode(ciphertext.encode("ascii"))
            plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], subscription_id.encode())
        except (InvalidTag, ValueError, binascii.Error):
            raise SealError(f"the sealed secret of subscription {subscription_id} does not open") from None
        return plain.decode()


def _create_exclusive(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.new")
    write_private_json(tmp, data)
    try:
        os.link(tmp, path)  # fails if another replica created it first: then theirs is the key
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
