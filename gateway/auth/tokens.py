"""Issuing and validating RFC 9068 JWT access tokens.

Issuing uses Authlib's ``JWTBearerTokenGenerator`` (RFC 9068 claims, ``typ``
``at+jwt``) with the hub's ES256 key and its ``partner`` claim added.

Validation is written out here on top of joserfc (the JOSE library Authlib
1.9 delegates to, ``authlib.jose`` being deprecated) rather than Authlib's
``JWTBearerTokenValidator``, because the hub needs stricter rules than that
class applies: the algorithm list is pinned (it decodes with joserfc's
defaults), a missing ``typ`` is rejected (it lets one through), and the
partner/scope claims of external issuers need mapping. The checks, in order:
well-formed compact JWS, ``alg`` in the pinned list (so ``none`` and HS* never
reach a key), ``typ``, signature with a key of the issuer (by ``kid``), then
``iss``, ``aud``, ``exp``, ``nbf``, ``iat`` with a small leeway.

The caller's identity (client, partner, scopes) comes only from a token that
passed all of that, never from a request body.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from joserfc import jws, jwt
from joserfc.errors import ExpiredTokenError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from hub.rules.partners import HUB, get_partner

from .clients import SCOPES, Client, ExternalMapping
from .config import EMBEDDED_SIGNING_ALG, AuthSettings

#: The claim the embedded issuer writes the partner id into.
PARTNER_CLAIM = "partner"


class InvalidToken(Exception):
    """The token cannot be trusted: 401 with ``error="invalid_token"``.

    ``description`` is safe to send back: it never quotes the token.
    """

    def __init__(self, description: str):
        super().__init__(description)
        self.description = description


class InsufficientScope(Exception):
    """The token is good but lacks a scope: 403 ``insufficient_scope``."""

    def __init__(self, required: tuple[str, ...]):
        super().__init__("the access token lacks scope " + " ".join(required))
        self.required = required


@dataclass(frozen=True)
class Caller:
    """Who is calling, as proven by a validated access token."""

    client_id: str
    #: A publishing partner's id; None for the hub's own clients (planner,
    #: admin) and for external tokens that carry no partner claim.
    partner: str | None
    scopes: frozenset[str]
    subject: str

    def has(self, *scopes: str) -> bool:
        return set(scopes) <= self.scopes


class HubTokenGenerator(JWTBearerTokenGenerator):
    """Authlib's RFC 9068 generator with the hub's key, audience and partner claim."""

    def __init__(self, settings: AuthSettings, keys: KeySet):
        super().__init__(issuer=settings.embedded_issuer, alg=EMBEDDED_SIGNING_ALG,
                         expires_generator=settings.token_ttl_s)
        self._keys = keys
        self._audience = settings.audience

    def __repr__(self) -> str:
        return f"HubTokenGenerator(issuer={self.issuer!r})"

    def get_jwks(self) -> KeySet:
        # A KeySet (not a bare key) makes joserfc put the kid in the header.
        return self._keys

    def get_audiences(self, client: Client, user: Any, scope: str) -> str:
        return self._audience

    def get_extra_claims(self, client: Client, grant_type: str, user: Any, scope: str) -> dict[str, Any]:
        return {PARTNER_CLAIM: client.partner}


class AccessTokenValidator:
    """Turns a bearer token into a ``Caller`` or raises ``InvalidToken``.

    ``keys(kid)`` returns the issuer's key set for a token's ``kid``: a fixed
    set for the embedded issuer, ``RemoteJwks.get`` for an external one.
    """

    def __init__(self, settings: AuthSettings, keys: Callable[[str | None], KeySet],
                 mapping: ExternalMapping | None = None, clock: Callable[[], float] = time.time):
        self._settings = settings
        self._keys = keys
        self._mapping = mapping or ExternalMapping()
        self._clock = clock
        self._embedded = settings.embedded
        self._claim_partner = PARTNER_CLAIM if settings.embedded else settings.claim_partner
        self._claim_scope = "scope" if settings.embedded else settings.claim_scope
        # Tokens already proven valid, until their exp: a partner's job sends
        # the same token hundreds of times, and an ECDSA verify per request
        # (plus a thread-pool hop) would dominate a cached read. Only tokens
        # that passed every check get in; none is kept past its exp.
        self._proven: OrderedDict[str, tuple[Caller, float]] = OrderedDict()
        self._proven_max = 4096
        self._lock = threading.Lock()

    def cached(self, token: str) -> Caller | None:
        """The caller of a token validated before and not yet expired, else None (cheap, no I/O)."""
        hit = self._proven.get(token)
        if hit is None:
            return None
        if hit[1] <= self._clock():
            with self._lock:
                self._proven.pop(token, None)
            return None
        return hit[0]

    def validate(self, token: str) -> Caller:
        caller, exp = self._validate(token)
        with self._lock:
            self._proven[token] = (caller, exp)
            while len(self._proven) > self._proven_max:
                self._proven.popitem(last=False)
        return caller

    def _validate(self, token: str) -> tuple[Caller, float]:
        header = self._check_header(token)
        # May raise JwksUnavailable: not the caller's fault, the adapter answers 503.
        keys = self._keys(header.get("kid"))
        try:
            decoded = jwt.decode(token, keys, algorithms=list(self._settings.algorithms))
        except InvalidKeyIdError:
            raise InvalidToken("the token is signed with an unknown key") from None
        except JoseError:
            raise InvalidToken("the token signature is invalid") from None
        claims = decoded.claims
        self._check_claims(claims)
        return self._caller(claims), float(claims["exp"])

    # -- steps ---------------------------------------------------------------
    def _check_header(self, token: str) -> dict[str, Any]:
        if not isinstance(token, str) or token.count(".") != 2 or len(token) > 16384:
            raise InvalidToken("the token is not a signed JWT")
        try:
            header = jws.extract_compact(token.encode("ascii")).headers()
        except (JoseError, ValueError, UnicodeError, json.JSONDecodeError):
            raise InvalidToken("the token is not a signed JWT") from None
        alg = header.get("alg")
        if alg not in self._settings.algorithms:
            raise InvalidToken("the token's signing algorithm is not accepted")
        typ = header.get("typ")
        if not isinstance(typ, str) or typ.lower() not in self._settings.accepted_typ:
            raise InvalidToken("the token is not an access token (typ must be at+jwt)")
        if "crit" in header:
            raise InvalidToken("the token uses unsupported critical header parameters")
        return header

    def _check_claims(self, claims: dict[str, Any]) -> None:
        s = self._settings
        registry = JWTClaimsRegistry(
            now=int(self._clock()), leeway=s.leeway_s,
            iss={"essential": True, "value": s.effective_issuer},
            aud={"essential": True, "value": s.audience},
            exp={"essential": True},
            iat={"essential": self._embedded},
            sub={"essential": self._embedded},
        )
        try:
            registry.validate(claims)
        except ExpiredTokenError:
            raise InvalidToken("the token has expired") from None
        except JoseError as exc:
            claim = getattr(exc, "claim", None) or getattr(exc, "description", "") or "claims"
            raise InvalidToken(f"the token's claims are invalid ({_short(claim)})") from None
        exp = claims["exp"]
        if not isinstance(exp, (int, float)) or isinstance(exp, bool):
            raise InvalidToken("the token's claims are invalid (exp)")
        iat = claims.get("iat")
        if iat is not None and (not isinstance(iat, (int, float)) or exp < iat):
            raise InvalidToken("the token's claims are invalid (iat)")

    def _caller(self, claims: dict[str, Any]) -> Caller:
        client_id = _first_str(claims, "client_id", "azp", "appid", "sub")
        subject = _first_str(claims, "sub", "client_id", "azp")
        if client_id is None or subject is None:
            raise InvalidToken("the token names no client")
        return Caller(client_id=client_id, partner=self._partner(claims),
                      scopes=frozenset(self._scopes(claims)), subject=subject)

    def _partner(self, claims: dict[str, Any]) -> str | None:
        raw = claims.get(self._claim_partner)
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise InvalidToken("the token's partner claim is malformed")
        partner = self._mapping.partners.get(raw, raw) if not self._embedded else raw
        if get_partner(partner) is None:
            raise InvalidToken("the token names no known partner")
        return None if partner == HUB.id else partner

    def _scopes(self, claims: dict[str, Any]) -> set[str]:
        raw = claims.get(self._claim_scope)
        if raw is None and not self._embedded:
            raw = claims.get("scp")  # scope/scp: accept the other common shape
        if isinstance(raw, str):
            names = raw.split()
        elif isinstance(raw, list) and all(isinstance(x, str) for x in raw):
            names = raw
        elif raw is None:
            names = []
        else:
            raise InvalidToken("the token's scope claim is malformed")
        mapped = (self._mapping.scopes.get(n, n) for n in names) if not self._embedded else iter(names)
        return {n for n in mapped if n in SCOPES}


def _first_str(claims: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = claims.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def _short(text: Any) -> str:
    """A claim name or short reason, never an attacker-sized string."""
    return "".join(ch for ch in str(text)[:60] if ch.isprintable()).replace('"', "'")
