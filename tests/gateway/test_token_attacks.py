"""Forged, replayed and misdirected tokens and assertions are refused, over real HTTP.

Each access-token attack must end in a 401 problem with an RFC 6750
``invalid_token`` challenge; each client-assertion attack in an
``invalid_client`` error from the token endpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey

from oauth_support import b64url

PROBLEM = "application/problem+json"


def _refused(hub, token: str) -> dict:
    resp = hub.http.get("/v1/whoami", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 401, resp.text
    assert resp.headers["content-type"].startswith(PROBLEM)
    assert 'error="invalid_token"' in resp.headers["www-authenticate"]
    assert token not in resp.text
    return resp.json()


def test_the_control_token_is_accepted(hub):
    # every forgery below differs from this one in exactly one respect
    resp = hub.http.get("/v1/whoami", headers={"Authorization": f"Bearer {hub.forge()}"})
    assert resp.status_code == 200, resp.text


def test_alg_none(hub):
    good = hub.forge()
    _, payload, _ = good.split(".")
    for alg in ("none", "None", "NONE"):
        _refused(hub, f"{b64url({'alg': alg, 'typ': 'at+jwt'})}.{payload}.")


def test_hs256_signed_with_the_public_key(hub):
    """RS/ES-to-HS confusion: the public key (PEM or JWK JSON) used as an HMAC secret."""
    _, payload, _ = hub.forge().split(".")
    public_pem = hub.signing_key.as_pem(private=False)
    jwks_text = hub.http.get("/oauth/jwks.json").content
    for secret in (public_pem, jwks_text):
        signing_input = f"{b64url({'alg': 'HS256', 'typ': 'at+jwt', 'kid': hub.signing_key.kid})}.{payload}"
        sig = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        _refused(hub, f"{signing_input}.{b64url(sig)}")


def test_wrong_audience(hub):
    _refused(hub, hub.forge({"aud": "some-other-api"}))
    _refused(hub, hub.forge(drop=("aud",)))


def test_wrong_issuer(hub):
    _refused(hub, hub.forge({"iss": "https://evil.example"}))
    _refused(hub, hub.forge(drop=("iss",)))


def test_expired(hub):
    now = int(time.time())
    body = _refused(hub, hub.forge({"iat": now - 3600, "exp": now - 120}))
    assert "expired" in body["detail"]
    _refused(hub, hub.forge(drop=("exp",)))


def test_not_yet_valid_and_issued_in_the_future(hub):
    now = int(time.time())
    _refused(hub, hub.forge({"nbf": now + 600}))
    _refused(hub, hub.forge({"iat": now + 600, "exp": now + 900}))


def test_tampered_signature_and_payload(hub):
    header, payload, sig = hub.forge().split(".")
    flipped = sig[:-4] + ("AAAA" if sig[-4:] != "AAAA" else "BBBB")
    _refused(hub, f"{header}.{payload}.{flipped}")
    # a payload promoting the caller to admin, under the original signature
    evil = b64url({"iss": hub.issuer, "aud": hub.audience, "sub": "region-skane", "client_id": "region-skane",
                   "scope": "hub:admin", "exp": int(time.time()) + 300, "iat": int(time.time())})
    _refused(hub, f"{header}.{evil}.{sig}")


def test_wrong_typ(hub):
    _refused(hub, hub.forge(header={"typ": "JWT"}))
    _refused(hub, hub.forge(header={"typ": "dpop+jwt"}))
    token = hub.forge()
    # a token without typ: RFC 9068 says resource servers MUST check it
    no_typ = jwt.encode({"alg": "ES256", "kid": hub.signing_key.kid},
                        {"iss": hub.issuer, "aud": hub.audience, "sub": "x", "client_id": "x",
                         "exp": int(time.time()) + 60, "iat": int(time.time())}, hub.signing_key)
    _refused(hub, no_typ)
    # case-insensitive, and the media-type form is accepted
    for typ in ("AT+JWT", "application/at+jwt"):
        resp = hub.http.get("/v1/whoami", headers={"Authorization": f"Bearer {hub.forge(header={'typ': typ})}"})
        assert resp.status_code == 200
    assert token


def test_unknown_kid_and_foreign_key(hub):
    stranger = ECKey.generate_key("P-256", private=True, auto_kid=True)
    body = _refused(hub, hub.forge(header={"kid": stranger.kid}, key=stranger))
    assert "unknown key" in body["detail"]
    # a foreign key that claims the hub's kid
    _refused(hub, hub.forge(key=stranger))


def test_garbage_tokens(hub):
    # No junk that is all hex digits: the leak check reads the whole body, and the
    # problem's random instance id once contained "abc" (a failure 1 run in ~150).
    for junk in ("xyz", "a.b.c", "....", "eyJ.eyJ.", "x" * 20000):
        _refused(hub, junk)


def test_unknown_partner_claim_is_refused(hub):
    _refused(hub, hub.forge({"partner": "region-atlantis"}))


# -- private_key_jwt assertion attacks --------------------------------------------

def _client_refused(resp) -> None:
    assert resp.status_code in (400, 401), resp.text
    assert resp.headers["content-type"].startswith(PROBLEM)
    assert resp.json()["error"] == "invalid_client"


def test_replayed_assertion_jti(hub):
    assertion = hub.assertion()
    assert hub.token_by_assertion(assertion).status_code == 200
    _client_refused(hub.token_by_assertion(assertion))
    # the same jti in a fresh assertion is a replay too
    a1 = hub.assertion(jti="fixed-jti")
    assert hub.token_by_assertion(a1).status_code == 200
    _client_refused(hub.token_by_assertion(hub.assertion(jti="fixed-jti")))


def test_assertion_expired(hub):
    now = int(time.time())
    _client_refused(hub.token_by_assertion(hub.assertion(iat=now - 600, exp=now - 300)))


def test_assertion_wrong_audience(hub):
    _client_refused(hub.token_by_assertion(hub.assertion(aud="https://someone-else.example")))
    _client_refused(hub.token_by_assertion(hub.assertion(aud=None)))


def test_assertion_wrong_iss_or_sub(hub):
    _client_refused(hub.token_by_assertion(hub.assertion(iss="region-skane")))
    # sub names another client: that client's key would be needed
    _client_refused(hub.token_by_assertion(hub.assertion(sub="region-skane", iss="region-skane")))
    _client_refused(hub.token_by_assertion(hub.assertion(jti=None)))


def test_assertion_signed_by_another_key(hub):
    stranger = ECKey.generate_key("P-256", private=True, auto_kid=True)
    _client_refused(hub.token_by_assertion(hub.assertion(key=stranger)))


def test_assertion_alg_none_and_hs256(hub):
    now = int(time.time())
    claims = {"iss": "jwt-client", "sub": "jwt-client", "aud": hub.issuer, "jti": "n1", "exp": now + 60}
    _client_refused(hub.token_by_assertion(f"{b64url({'alg': 'none'})}.{b64url(claims)}."))
    signing_input = f"{b64url({'alg': 'HS256'})}.{b64url(claims | {'jti': 'h1'})}"
    pem = hub.client_key.as_pem(private=False)
    sig = hmac.new(pem, signing_input.encode(), hashlib.sha256).digest()
    _client_refused(hub.token_by_assertion(f"{signing_input}.{b64url(sig)}"))


def test_assertion_living_too_long(hub):
    now = int(time.time())
    _client_refused(hub.token_by_assertion(hub.assertion(iat=now, exp=now + 3600)))


@pytest.mark.parametrize("grant", ["client_credentials"])
def test_assertion_cannot_be_used_as_an_access_token(hub, grant):
    _refused(hub, hub.assertion())


def test_malformed_token_requests_are_problems_not_crashes(hub):
    for form in ({}, {"grant_type": ""}, {"client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                           "client_assertion": "garbage", "grant_type": "client_credentials"}):
        resp = hub.http.post("/oauth/token", data=form)
        assert resp.status_code in (400, 401), resp.text
        assert resp.headers["content-type"].startswith(PROBLEM) and "error" in resp.json()
    assert hub.http.get("/oauth/token").status_code == 405


def test_replay_cache_is_bounded_and_forgets_expired_ids():
    from gateway.auth.server import ReplayCache

    now = [1000.0]
    cache = ReplayCache(max_entries=100, clock=lambda: now[0])
    assert cache.add("a", 1010) and not cache.add("a", 1010)
    for i in range(99):
        assert cache.add(f"k{i}", 1020)
    assert not cache.add("overflow", 1020)  # full of live ids: refuse, never forget one
    now[0] = 1030.0
    assert cache.add("a", 1090) and len(cache) == 1  # expired ids are gone


def test_access_tokens_never_reach_the_logs(hub, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    token = hub.access_token("hus")
    assert token.split(".")[2] not in caplog.text
    assert hub.secret("hus") not in caplog.text
