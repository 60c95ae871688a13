"""Standard Webhooks signatures (symmetric, ``v1``): sign, verify, and the secret format.

The signed content is ``{webhook-id}.{webhook-timestamp}.{body}``, the MAC
is HMAC-SHA256 keyed with the secret's bytes, and the header value is
``v1,<base64 MAC>``; several signatures (key rotation) are space-separated.
A secret is ``whsec_`` followed by the base64 of 24 to 64 random bytes.
``verify`` is what a receiver does (tests use it; so may partners): it
checks the timestamp's tolerance and compares in constant time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
SIGNATURE_VERSION = "v1"
#: How far a receiver lets ``webhook-timestamp`` stray from its clock (the spec's libraries use 5 minutes).
TOLERANCE_S = 300


class InvalidSignature(ValueError):
    """A delivery's headers do not verify with the secret."""


def new_secret() -> str:
    """A fresh signing secret, ``whsec_<base64 of 32 random bytes>``."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_key(secret: str) -> bytes:
    """The HMAC key of a ``whsec_...`` secret (the prefix is optional, as in the spec's libraries)."""
    text = secret[len(SECRET_PREFIX):] if secret.startswith(SECRET_PREFIX) else secret
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("a webhook secret is whsec_ followed by base64") from None
    if not 24 <= len(key) <= 64:
        raise ValueError("a webhook secret holds 24 to 64 bytes")
    return key


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value: ``v1,<base64 HMAC-SHA256 of id.timestamp.body>``."""
    if "." in webhook_id:
        raise ValueError("a webhook id must not contain '.'")
    mac = hmac.new(secret_key(secret), f"{webhook_id}.{int(timestamp)}.".encode() + body, hashlib.sha256)
    return f"{SIGNATURE_VERSION},{base64.b64encode(mac.digest()).decode('ascii')}"


def signed_headers(secret: str, webhook_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(timestamp)),
        "webhook-signature": sign(secret, webhook_id, timestamp, body),
    }


def verify(secret: str, headers: Mapping[str, str], body: bytes, *, now: float | None = None,
           tolerance_s: int = TOLERANCE_S) -> None:
    """Raise InvalidSignature unless ``headers`` carry a valid, fresh ``v1`` signature of ``body``."""
    lower = {k.lower(): v for k, v in headers.items()}
    webhook_id, stamp, signatures = (lower.get(h) for h in ("webhook-id", "webhook-timestamp", "webhook-signature"))
    if not webhook_id or not stamp or not signatures:
        raise InvalidSignature("missing webhook-id, webhook-timestamp or webhook-signature")
    try:
        timestamp = int(stamp)
    except ValueError:
        raise InvalidSignature("webhook-timestamp is not an integer") from None
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_s:
        raise InvalidSignature("webhook-timestamp is outside the tolerance")
    expected = sign(secret, webhook_id, timestamp, body).encode()
    for candidate in signatures.split():
        if candidate.startswith(SIGNATURE_VERSION + ",") and hmac.compare_digest(candidate.encode(), expected):
            return
    raise InvalidSignature("no signature matches")
