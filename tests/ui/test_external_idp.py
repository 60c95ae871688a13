"""Signing in to the dashboard against an external IdP (HUB_OAUTH_ISSUER set).

A small fake IdP on loopback publishes OpenID discovery metadata and a JWKS,
"authenticates" at once at its authorization endpoint (a person already
signed in there), and at its token endpoint checks the PKCE verifier against
the S256 challenge before issuing an RFC 9068 token. The gateway validates
that token as it validates any external token; the UI finds both endpoints
through the metadata.
"""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse
from joserfc import jwt
from joserfc.jwk import ECKey

from gateway.app import Gateway, create_app
from gateway.auth import AuthSettings, build_auth
from gateway.settings import GatewaySettings
from gateway.ui.settings import UiSettings
from hub.settings import HubSettings

from ui_support import StubState, bound_socket, serve, stub_api

CLIENT_ID = "dashboard-at-idp"


def fake_idp(issuer: str, key: ECKey, seen: dict) -> FastAPI:
    app = FastAPI()
    codes: dict[str, dict] = {}

    @app.get("/.well-known/openid-configuration")
    def metadata():
        return {"issuer": issuer, "authorization_endpoint": issuer + "/authorize", "token_endpoint": issuer + "/token",
                "jwks_uri": issuer + "/jwks", "code_challenge_methods_supported": ["S256"]}

    @app.get("/jwks")
    def jwks():
        return {"keys": [key.as_dict(private=False) | {"kid": key.kid, "alg": "ES256", "use": "sig"}]}

    @app.get("/authorize")
    def authorize(request: Request):
        q = dict(request.query_params)
        seen["authorize"] = q
        if q.get("client_id") != CLIENT_ID or q.get("code_challenge_method") != "S256":
            return JSONResponse({"error": "invalid_request"}, 400)
        code = uuid.uuid4().hex
        codes[code] = q
        return RedirectResponse(q["redirect_uri"] + "?" + urlencode({"code": code, "state": q["state"]}), 302)

    @app.post("/token")
    async def token(request: Request):
        from urllib.parse import parse_qsl

        form = dict(parse_qsl((await request.body()).decode()))
        seen["token"] = form
        asked = codes.pop(form.get("code", ""), None)
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if asked is None or challenge != asked["code_challenge"] or form.get("redirect_uri") != asked["redirect_uri"]:
            return JSONResponse({"error": "invalid_grant"}, 400)
        now = int(time.time())
        claims = {"iss": issuer, "aud": "procurement-hub", "sub": "u-4711", "client_id": CLIENT_ID,
                  "name": "Ingrid Berg", "partner": "sykehusinnkjop", "scope": "hub:read hub:alerts",
                  "iat": now, "exp": now + 600, "jti": uuid.uuid4().hex}
        token = jwt.encode({"alg": "ES256", "typ": "at+jwt", "kid": key.kid}, claims, key)
        return {"access_token": token, "token_type": "Bearer", "expires_in": 600}

    return app


@pytest.fixture(scope="module")
def external(tmp_path_factory):
    key = ECKey.generate_key("P-256", private=True, auto_kid=True)
    idp_sock, gw_sock = bound_socket(), bound_socket()
    idp_url = f"http://127.0.0.1:{idp_sock.getsockname()[1]}"
    gw_url = f"http://127.0.0.1:{gw_sock.getsockname()[1]}"
    seen: dict = {}
    with serve(fake_idp(idp_url, key, seen), idp_sock):
        data_dir = tmp_path_factory.mktemp("ext")
        auth = build_auth(AuthSettings(issuer=idp_url, embedded_issuer=gw_url), data_dir)
        app = create_app(Gateway(GatewaySettings(), HubSettings(data_dir=data_dir), auth),
                         router_modules=("gateway.ui",), manage_lifecycle=False)
        app.state.ui_settings = UiSettings(client_id=CLIENT_ID)
        app.include_router(stub_api(StubState()))
        with serve(app, gw_sock) as url:
            yield url, idp_url, seen
        auth.close()


def test_sign_in_at_the_external_idp(external):
    url, idp_url, seen = external
    with httpx.Client(base_url=url, follow_redirects=True, timeout=15, headers={"Accept-Language": "en"}) as client:
        page = client.get("/ui/suppliers")
    assert page.status_code == 200 and page.url.path == "/ui/suppliers", page.text[:500]
    assert "Ingrid Berg" in page.text and "Sykehusinnkjøp HF" in page.text
    assert [str(r.url).split("?")[0] for r in page.history][2] == idp_url + "/authorize"
    asked = seen["authorize"]
    assert asked["redirect_uri"] == url + "/ui/callback" and asked["scope"] == "hub:read hub:alerts hub:plan hub:review"
    assert seen["token"]["client_id"] == CLIENT_ID and "client_secret" not in seen["token"]
    # The IdP granted read and alerts only: the planner and review pages are not offered.
    assert "/ui/plan" not in page.text and "/ui/alerts" in page.text
    # The embedded login page does not exist in this profile.
    with httpx.Client(base_url=url) as client:
        assert client.get("/oauth/authorize").status_code == 404
