"""The embedded authorization server and the resource-server dependency, over real HTTP."""

from __future__ import annotations

import json
import socket
import time
import uuid

import httpx
import pytest
from fastapi import FastAPI
from joserfc import jws, jwt
from joserfc.jwk import ECKey, RSAKey

from gateway.auth import build_auth
from gateway.auth.config import AuthSettings, oauth_state_dir
from gateway.auth.keys import SIGNING_KEY_FILE_NAME, file_mode
from gateway.auth.clients import SECRETS_FILE_NAME

from oauth_support import bound_socket, protected_app, serve, write_clients_file

PROBLEM = "application/problem+json"


def _claims(token: str) -> tuple[dict, dict]:
    obj = jws.extract_compact(token.encode())
    return obj.headers(), json.loads(obj.payload)


def test_metadata_is_rfc8414(hub):
    meta = hub.http.get("/.well-known/oauth-authorization-server").json()
    assert meta["issuer"] == hub.issuer
    assert meta["token_endpoint"] == hub.issuer + "/oauth/token"
    assert meta["jwks_uri"] == hub.issuer + "/oauth/jwks.json"
    # authorization_code and "none" are the browser client's (test_authorization_code.py).
    assert meta["grant_types_supported"] == ["client_credentials", "authorization_code"]
    assert set(meta["token_endpoint_auth_methods_supported"]) == {"client_secret_basic", "private_key_jwt", "none"}
    assert "ES256" in meta["token_endpoint_auth_signing_alg_values_supported"]
    assert not any(a.startswith("HS") or a == "none" for a in meta["token_endpoint_auth_signing_alg_values_supported"])
    assert set(meta["scopes_supported"]) == {"hub:publish", "hub:read", "hub:alerts", "hub:plan", "hub:review",
                                             "hub:admin"}


def test_jwks_has_public_key_with_kid_only(hub):
    jwks = hub.http.get("/oauth/jwks.json").json()
    [key] = jwks["keys"]
    assert key["kty"] == "EC" and key["crv"] == "P-256" and key["kid"] == hub.signing_key.kid
    assert "d" not in key


def test_client_credentials_with_client_secret_basic(hub):
    resp = hub.token("region-skane")
    assert resp.status_code == 200, resp.text
    assert resp.headers["cache-control"] == "no-store"
    body = resp.json()
    assert body["token_type"].lower() == "bearer" and body["expires_in"] > 0
    assert set(body["scope"].split()) == {"hub:publish", "hub:read", "hub:alerts", "hub:plan"}
    header, claims = _claims(body["access_token"])
    assert header["typ"] == "at+jwt" and header["alg"] == "ES256" and header["kid"] == hub.signing_key.kid
    assert claims["iss"] == hub.issuer and claims["aud"] == "procurement-hub"
    assert claims["sub"] == claims["client_id"] == "region-skane"
    assert claims["partner"] == "region-skane"
    assert claims["exp"] > claims["iat"] and claims["jti"]
    who = hub.http.get("/v1/whoami", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert who.status_code == 200
    assert who.json() == {"client_id": "region-skane", "partner": "region-skane",
                          "scopes": ["hub:alerts", "hub:plan", "hub:publish", "hub:read"], "subject": "region-skane"}


def test_requested_scope_is_narrowed_to_what_the_client_holds(hub):
    body = hub.token("hus", scope="hub:read hub:plan").json()
    assert body["scope"] == "hub:read"  # HUS does not plan
    assert hub.token("hus", scope="hub:nonsense").status_code == 400


def test_partner_comes_from_the_token_not_the_body(hub):
    token = hub.access_token("hus")
    resp = hub.http.post("/v1/publish", json={"partner": "region-skane"}, headers={"Authorization": f"Bearer {token}"})
    assert resp.json() == {"accepted_for": "hus"}


def test_admin_and_planner_have_no_partner(hub):
    token = hub.access_token("admin")
    resp = hub.http.get("/v1/admin", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200 and resp.json()["partner"] is None
    _, claims = _claims(hub.access_token("planner"))
    assert claims["partner"] is None and set(claims["scope"].split()) == {"hub:read", "hub:plan", "hub:review", "hub:alerts"}


def test_wrong_secret_is_invalid_client_problem(hub):
    resp = hub.http.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=("region-skane", "nope"))
    assert resp.status_code == 401
    assert resp.headers["content-type"].startswith(PROBLEM)
    body = resp.json()
    assert body["error"] == "invalid_client" and body["status"] == 401
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert resp.headers["www-authenticate"].startswith("Basic")
    assert "nope" not in resp.text


def test_unknown_client_and_other_grant_types_are_refused(hub):
    assert hub.http.post("/oauth/token", data={"grant_type": "client_credentials"},
                         auth=("stranger", "x")).status_code == 401
    resp = hub.http.post("/oauth/token", data={"grant_type": "password", "username": "a", "password": "b"},
                         auth=("region-skane", hub.secret("region-skane")))
    assert resp.status_code == 400 and resp.json()["error"] == "unsupported_grant_type"
    resp = hub.http.post("/oauth/token", json={"grant_type": "client_credentials"})
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_request"
    resp = hub.http.post("/oauth/token", content="grant_type=client_credentials&grant_type=client_credentials",
                         headers={"content-type": "application/x-www-form-urlencoded"},
                         auth=("region-skane", hub.secret("region-skane")))
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_request"


def test_private_key_jwt(hub):
    resp = hub.token_by_assertion(hub.assertion())
    assert resp.status_code == 200, resp.text
    _, claims = _claims(resp.json()["access_token"])
    assert claims["client_id"] == "jwt-client" and claims["partner"] == "region-kalmar"
    # the token endpoint URL is also a valid audience (RFC 7523 section 3)
    assert hub.token_by_assertion(hub.assertion(aud=hub.issuer + "/oauth/token")).status_code == 200


def test_private_key_jwt_client_cannot_use_a_secret(hub):
    # jwt-client is private_key_jwt only; it has no secret at all
    resp = hub.http.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=("jwt-client", "guess"))
    assert resp.status_code == 401


def test_missing_token_is_401_problem_with_bearer_challenge(hub):
    resp = hub.http.get("/v1/whoami")
    assert resp.status_code == 401
    assert resp.headers["content-type"].startswith(PROBLEM)
    challenge = resp.headers["www-authenticate"]
    assert challenge.startswith('Bearer realm="hub"') and 'error="invalid_token"' in challenge
    assert "error_description=" in challenge
    body = resp.json()
    assert body["status"] == 401 and body["instance"].startswith("urn:uuid:")
    resp = hub.http.get("/v1/whoami", headers={"Authorization": "Basic abc"})
    assert resp.status_code == 401


def test_insufficient_scope_is_403_problem(hub):
    token = hub.access_token("region-skane", scope="hub:read")
    resp = hub.http.get("/v1/admin", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 403
    assert resp.headers["content-type"].startswith(PROBLEM)
    challenge = resp.headers["www-authenticate"]
    assert 'error="insufficient_scope"' in challenge and 'scope="hub:admin"' in challenge
    assert resp.json()["required_scopes"] == ["hub:admin"]


def test_errors_are_problems_without_tracebacks(hub):
    resp = hub.http.get("/nowhere")
    assert resp.status_code == 404 and resp.headers["content-type"].startswith(PROBLEM)
    resp = hub.http.get("/v1/boom")
    assert resp.status_code == 500 and resp.headers["content-type"].startswith(PROBLEM)
    assert "secret internal detail" not in resp.text and "Traceback" not in resp.text
    token = hub.access_token()
    resp = hub.http.post("/v1/publish", content="not json", headers={"Authorization": f"Bearer {token}",
                                                                      "content-type": "application/json"})
    assert resp.status_code == 422 and resp.headers["content-type"].startswith(PROBLEM)
    assert "not json" not in resp.text


def test_key_and_secrets_persist_across_restarts_with_mode_0600(hub, tmp_path):
    state = oauth_state_dir(hub.data_dir)
    assert file_mode(state / SIGNING_KEY_FILE_NAME) == 0o600
    assert file_mode(state / SECRETS_FILE_NAME) == 0o600
    token = hub.access_token("adda")
    secret = hub.secret("adda")
    again = build_auth(hub.auth.settings, hub.data_dir)  # a restart
    assert again.server.jwks() == hub.auth.server.jwks()
    assert again.validator.validate(token).partner == "adda"
    assert again.clients.get("adda").check_client_secret(secret)
    assert not again.clients.get("adda").check_client_secret(secret + "x")


def test_secrets_never_in_reprs(hub):
    client = hub.auth.clients.get("adda")
    secret = hub.secret("adda")
    assert secret not in repr(client) and client.secret_hash not in repr(client)
    assert secret not in repr(hub.auth)


# -- external identity provider -------------------------------------------------

class FakeIdP:
    """A tiny IdP on loopback: RFC 8414 metadata + JWKS; keys can rotate."""

    def __init__(self, sock: socket.socket):
        self.issuer = f"http://127.0.0.1:{sock.getsockname()[1]}/realms/nordic"
        self.keys = [RSAKey.generate_key(2048, private=True, auto_kid=True)]
        self.jwks_hits = 0
        self.app = FastAPI()

        @self.app.get("/.well-known/oauth-authorization-server/realms/nordic")
        def metadata() -> dict:
            return {"issuer": self.issuer, "jwks_uri": self.issuer + "/certs", "token_endpoint": self.issuer + "/t"}

        @self.app.get("/realms/nordic/certs")
        def certs() -> dict:
            self.jwks_hits += 1
            return {"keys": [k.as_dict(private=False) | {"kid": k.kid} for k in self.keys]}

    def token(self, claims: dict, key: RSAKey | None = None, typ: str = "at+jwt") -> str:
        key = key or self.keys[0]
        now = int(time.time())
        body = {"iss": self.issuer, "aud": "procurement-hub", "iat": now, "exp": now + 300,
                "jti": uuid.uuid4().hex} | claims
        return jwt.encode({"alg": "RS256", "typ": typ, "kid": key.kid}, body, key)


@pytest.fixture
def external(tmp_path):
    idp_sock = bound_socket()
    idp = FakeIdP(idp_sock)
    clients = write_clients_file(tmp_path / "clients.toml", ECKey.generate_key("P-256", private=True, auto_kid=True))
    clients.write_text(clients.read_text() + '''
[external.partners]
"0b7e4d2f-vgr-app" = "region-vgr"
"ops-app" = "hub"

[external.scopes]
"Hub.Read" = "hub:read"
''')
    settings = AuthSettings.from_env({"HUB_OAUTH_ISSUER": idp.issuer, "HUB_OAUTH_CLAIM_PARTNER": "azp",
                                      "HUB_OAUTH_CLAIM_SCOPE": "roles", "HUB_OAUTH_CLIENTS_FILE": str(clients),
                                      "HUB_OAUTH_JWKS_REFRESH_MIN_S": "0.5"})
    auth = build_auth(settings, tmp_path / "hub-data")
    hub_sock = bound_socket()
    with serve(idp.app, idp_sock), serve(protected_app(auth), hub_sock) as url, \
            httpx.Client(base_url=url, timeout=10) as http:
        yield idp, auth, http
    auth.close()
    assert not (tmp_path / "hub-data" / "oauth").exists()  # no key, no secrets in this profile


def test_external_issuer_tokens_are_validated_and_mapped(external):
    idp, auth, http = external
    token = idp.token({"sub": "svc-1", "azp": "0b7e4d2f-vgr-app", "roles": ["Hub.Read", "Something.Else"]})
    resp = http.get("/v1/whoami", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"client_id": "0b7e4d2f-vgr-app", "partner": "region-vgr", "scopes": ["hub:read"],
                           "subject": "svc-1"}
    # the hub issues no tokens in this profile
    assert http.post("/oauth/token", data={"grant_type": "client_credentials"}).status_code == 404
    assert not auth.settings.embedded


def test_external_issuer_maps_hub_clients_and_refuses_unknown_ones(external):
    idp, _, http = external
    ops = idp.token({"sub": "ops", "azp": "ops-app", "roles": ["Hub.Read"]})
    assert http.get("/v1/whoami", headers={"Authorization": f"Bearer {ops}"}).json()["partner"] is None
    stranger = idp.token({"sub": "x", "azp": "stranger-app", "roles": ["Hub.Read"]})
    resp = http.get("/v1/whoami", headers={"Authorization": f"Bearer {stranger}"})
    assert resp.status_code == 401 and "partner" in resp.json()["detail"]


def test_external_issuer_key_rotation_refetches_rate_limited(external):
    idp, _, http = external
    first = idp.token({"sub": "a", "azp": "0b7e4d2f-vgr-app", "roles": ["Hub.Read"]})
    assert http.get("/v1/whoami", headers={"Authorization": f"Bearer {first}"}).status_code == 200
    hits = idp.jwks_hits
    new_key = RSAKey.generate_key(2048, private=True, auto_kid=True)
    idp.keys.append(new_key)  # rotation: the IdP publishes a new key
    rotated = idp.token({"sub": "a", "azp": "0b7e4d2f-vgr-app", "roles": ["Hub.Read"]}, key=new_key)
    time.sleep(0.6)
    assert http.get("/v1/whoami", headers={"Authorization": f"Bearer {rotated}"}).status_code == 200
    assert idp.jwks_hits == hits + 1
    # a flood of unknown kids does not make the hub hammer the IdP
    stranger_key = RSAKey.generate_key(2048, private=True, auto_kid=True)
    for _ in range(5):
        forged = idp.token({"sub": "a", "azp": "0b7e4d2f-vgr-app"}, key=stranger_key)
        resp = http.get("/v1/whoami", headers={"Authorization": f"Bearer {forged}"})
        assert resp.status_code == 401
    assert idp.jwks_hits <= hits + 2


def test_external_issuer_wrong_issuer_and_typ(external):
    idp, _, http = external
    other = idp.token({"sub": "a", "azp": "0b7e4d2f-vgr-app", "iss": "https://evil.example"})
    assert http.get("/v1/whoami", headers={"Authorization": f"Bearer {other}"}).status_code == 401
    plain = idp.token({"sub": "a", "azp": "0b7e4d2f-vgr-app"}, typ="JWT")
    assert http.get("/v1/whoami", headers={"Authorization": f"Bearer {plain}"}).status_code == 401


def test_unreachable_external_issuer_is_503_not_401(tmp_path):
    dead = bound_socket()  # bound but never listening: connections are refused
    issuer = f"http://127.0.0.1:{dead.getsockname()[1]}"
    settings = AuthSettings(issuer=issuer, http_timeout_s=1)
    auth = build_auth(settings, tmp_path / "data")
    key = RSAKey.generate_key(2048, private=True, auto_kid=True)
    now = int(time.time())
    token = jwt.encode({"alg": "RS256", "typ": "at+jwt", "kid": key.kid},
                       {"iss": issuer, "aud": "procurement-hub", "sub": "a", "exp": now + 60, "iat": now}, key)
    with serve(protected_app(auth), bound_socket()) as url:
        resp = httpx.get(url + "/v1/whoami", headers={"Authorization": f"Bearer {token}"})
    dead.close()
    assert resp.status_code == 503 and resp.headers["content-type"].startswith(PROBLEM)
    assert resp.headers["retry-after"]
