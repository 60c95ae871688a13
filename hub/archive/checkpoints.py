"""Signed checkpoints: the chain head at a moment, as a compact JWS (ES256).

A checkpoint says "the archive held ``count`` entries, the last one (``seq``)
with hash ``head``, at ``time``", signed with the hub's key. Because every
hash commits to everything before it, one valid checkpoint vouches for the
whole prefix up to its seq: altering, inserting or removing any entry in it
changes the head. The tail after the last checkpoint is only as trustworthy
as the disk, which is why checkpoints are frequent (docs/archive.md).

Checkpoints live in ``checkpoints.jws``, one token a line, and the public
keys that verify them in ``jwks.json`` beside them, so ``hub archive verify``
works offline. A verifier who does not trust the directory's own key file
passes an independently obtained JWKS (``--jwks``): whoever can rewrite the
archive could also re-sign it with a key of their own.

The key is handed in (the CLI loads the gateway's signing key); this module
never imports the gateway.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from hub.archive.files import CHECKPOINTS, JWKS, fsync_dir

ALG = "ES256"
TYP = "hub-archive-checkpoint"


def key_id(key) -> str:
    """The key's ``kid``, or its RFC 7638 thumbprint when it has none."""
    return key.get("kid") or key.thumbprint()


def public_jwk(key) -> dict[str, Any]:
    public = dict(key.as_dict(private=False))
    public.update({"kid": key_id(key), "alg": ALG, "use": "sig"})
    return public


def sign(key, seq: int, head: bytes, at_s: float) -> str:
    """A compact JWS over the chain head ``head`` at entry ``seq``."""
    from joserfc import jws

    at = datetime.fromtimestamp(at_s, tz=timezone.utc)
    payload = {"typ": TYP, "seq": seq, "count": seq + 1, "head": head.hex(),
               "time": at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z", "iat": int(at_s)}
    body = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return jws.serialize_compact({"alg": ALG, "kid": key_id(key), "typ": TYP}, body, key)


@dataclass(frozen=True)
class Checkpoint:
    """One line of ``checkpoints.jws``, checked against a key set."""

    line: int
    token: str
    #: None when the token is unreadable or its signature does not verify.
    seq: int | None = None
    head: str | None = None
    time: str | None = None
    kid: str | None = None
    #: ``valid``; or why not: ``bad-signature``, ``unknown-key``, ``unreadable``.
    status: str = "unreadable"

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def check(token: str, keys: Mapping[str, Any], line: int = 0) -> Checkpoint:
    """Parse and verify one token against ``keys`` (kid -> public JWK dict)."""
    from joserfc import jws
    from joserfc.errors import JoseError
    from joserfc.jwk import ECKey

    try:
        header = json.loads(_b64(token.split(".")[0]))
        kid = header.get("kid")
    except (ValueError, IndexError, AttributeError):
        return Checkpoint(line, token)
    jwk = keys.get(kid)
    if jwk is None:
        return Checkpoint(line, token, kid=kid, status="unknown-key")
    try:
        obj = jws.deserialize_compact(token, ECKey.import_key(dict(jwk)), algorithms=[ALG])
        payload = json.loads(obj.payload)
        if payload.get("typ") != TYP:
            return Checkpoint(line, token, kid=kid)
        return Checkpoint(line, token, int(payload["seq"]), str(payload["head"]), payload.get("time"), kid, "valid")
    except JoseError:
        return Checkpoint(line, token, kid=kid, status="bad-signature")
    except (ValueError, KeyError, TypeError):
        return Checkpoint(line, token, kid=kid)


def _b64(part: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def read_tokens(directory: Path) -> list[str]:
    """The tokens of ``checkpoints.jws``; a final line without its newline (a torn append) is left out."""
    path = directory / CHECKPOINTS
    try:
        text = path.read_text("ascii", errors="replace")
    except FileNotFoundError:
        return []
    lines = text.split("\n")
    return [t.strip() for t in lines[:-1] if t.strip()]


def read_keys(path: Path) -> dict[str, dict[str, Any]]:
    """kid -> public JWK, from a JWKS document (``{"keys": [...]}``) or a single JWK."""
    from hub.archive import ArchiveError

    try:
        doc = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"cannot read the key set {path}: {type(exc).__name__}") from None
    keys = doc.get("keys", [doc]) if isinstance(doc, dict) else []
    return {k["kid"]: k for k in keys if isinstance(k, dict) and k.get("kty") == "EC" and k.get("kid")}


def append(directory: Path, token: str) -> None:
    """Append one token durably."""
    path = directory / CHECKPOINTS
    new = not path.exists()
    with open(path, "ab") as fo:
        fo.write(token.encode("ascii") + b"\n")
        fo.flush()
        os.fsync(fo.fileno())
    if new:
        fsync_dir(directory)


def repair(directory: Path) -> None:
    """Cut a torn final line (an append interrupted by a crash) so the next append starts clean."""
    path = directory / CHECKPOINTS
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return
    if data and not data.endswith(b"\n"):
        with open(path, "r+b") as fo:
            fo.truncate(data.rfind(b"\n") + 1)
            os.fsync(fo.fileno())


def publish_key(directory: Path, key) -> None:
    """Add the key's public half to ``jwks.json`` (kept: old keys still verify old checkpoints)."""
    path = directory / JWKS
    keys = read_keys(path)
    jwk = public_jwk(key)
    if keys.get(jwk["kid"]) == jwk:
        return
    keys[jwk["kid"]] = jwk
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"keys": list(keys.values())}, indent=2) + "\n", "utf-8")
    with open(tmp, "rb") as fo:
        os.fsync(fo.fileno())
    os.replace(tmp, path)
    fsync_dir(directory)
