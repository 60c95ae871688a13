"""Authorization code with PKCE (S256) at the embedded authorization server, over real HTTP.

The ``hub`` fixture (conftest) serves the OAuth routes with uvicorn on
loopback; its clients file is the default one, so the public ``hub-ui``
client and the demo users of ``gateway/auth/users.toml`` are there. Each test
drives its own "browser" (an httpx client with its own cookie jar) through
``/oauth/authorize`` and redeems codes at ``/oauth/token``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from joserfc import jws

from gateway.auth.authorize import AuthorizationCode, CodeStore
from gateway.auth.users import PasswordStore
from gateway.auth.config import oauth_state_dir

CLIENT = "hub-ui"
ANNA = "anna.lind@region-kalmar"
REVIEWER = "olof.reviewer@hub"


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def password(hub, username: str) -> str:
    return PasswordStore(oauth_state_dir(hub.data_dir)).read()[username]["password"]


def redirect_uri(hub) -> str:
    return hub.issuer + "/ui/callback"


def auth_params(hub, challenge: str | None, **extra) -> dict[str, str]:
    params = {"response_type": "code", "client_id": CLIENT, "redirect_uri": redirect_uri(hub),
              "scope": "hub:read hub:alerts hub:plan hub:review", "state": secrets.token_urlsafe(8)}
    if challenge is not None:
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    return {k: v for k, v in (params | extra).items() if v is not None}


@pytest.fixture
def browser(hub):
    with httpx.Client(base_url=hub.url, timeout=10, follow_redirects=False) as client:
        yield client


def login_form(page: httpx.Response) -> dict[str, str]:
    """The hidden fields of the login page, as a browser would post them back."""
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))


def sign_in(browser, hub, params: dict[str, str], username: str = ANNA, pw: str | None = None) -> httpx.Response:
    form = login_form(browser.get("/oauth/authorize", params=params))
    form |= {"username": username, "password": pw if pw is not None else password(hub, username), "action": "login"}
    return browser.post("/oauth/authorize", data=form)


def code_from(resp: httpx.Response, state: str) -> str:
    assert resp.status_code == 303, resp.text
    loc = urlsplit(resp.headers["location"])
    query = parse_qs(loc.query)
    assert query["state"] == [state]
    return query["code"][0]


def redeem(hub, code: str, verifier: str | None, **overrides) -> httpx.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri(hub),
            "client_id": CLIENT, "code_verifier": verifier} | overrides
    return hub.http.post("/oauth/token", data={k: v for k, v in form.items() if v is not None})


def error_redirect(resp: httpx.Response) -> dict[str, list[str]]:
    assert resp.status_code == 303, resp.text
    return parse_qs(urlsplit(resp.headers["location"]).query)


def claims_of(token: str) -> tuple[dict, dict]:
    obj = jws.extract_compact(token.encode())
    return obj.headers(), json.loads(obj.payload)


# -- metadata ---------------------------------------------------------------------

def test_metadata_advertises_the_code_flow_with_s256_only(hub):
    meta = hub.http.get("/.well-known/oauth-authorization-server").json()
    assert meta["authorization_endpoint"] == hub.issuer + "/oauth/authorize"
    assert meta["code_challenge_methods_supported"] == ["S256"]
    assert "authorization_code" in meta["grant_types_supported"]
    assert meta["response_types_supported"] == ["code"]
    assert "none" in meta["token_endpoint_auth_methods_supported"]


# -- the good path ------------------------------------------------------------------

def test_sign_in_and_redeem_code_for_a_user_token(hub, browser):
    verifier, challenge = pkce()
    params = auth_params(hub, challenge)
    page = browser.get("/oauth/authorize", params=params)
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert 'autocomplete="current-password"' in page.text and '<html lang="en">' in page.text
    resp = sign_in(browser, hub, params)
    assert resp.headers["location"].startswith(redirect_uri(hub) + "?")
    code = code_from(resp, params["state"])
    token = redeem(hub, code, verifier)
    assert token.status_code == 200, token.text
    assert token.headers["cache-control"] == "no-store"
    body = token.json()
    assert "refresh_token" not in body
    header, claims = claims_of(body["access_token"])
    assert header["typ"] == "at+jwt" and header["alg"] == "ES256"
    assert claims["sub"] == ANNA and claims["client_id"] == CLIENT and claims["name"] == "Anna Lind"
    assert claims["partner"] == "region-kalmar" and claims["aud"] == hub.audience and claims["iss"] == hub.issuer
    # Asked for review too; Anna does not review, so the token cannot either.
    assert set(claims["scope"].split()) == {"hub:read", "hub:alerts", "hub:plan"}
    who = hub.http.get("/v1/whoami", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert who.json() == {"client_id": CLIENT, "partner": "region-kalmar", "subject": ANNA,
                          "scopes": ["hub:alerts", "hub:plan", "hub:read"]}


def test_secretariat_user_has_no_partner_and_may_review(hub, browser):
    verifier, challenge = pkce()
    params = auth_params(hub, challenge)
    body = redeem(hub, code_from(sign_in(browser, hub, params, REVIEWER), params["state"]), verifier).json()
    _, claims = claims_of(body["access_token"])
    assert claims["partner"] is None and "hub:review" in claims["scope"].split()


def test_login_session_skips_the_password_next_time(hub, browser):
    verifier, challenge = pkce()
    params = auth_params(hub, challenge)
    code_from(sign_in(browser, hub, params), params["state"])
    assert any(c.name == "hub_login" for c in browser.cookies.jar)
    verifier2, challenge2 = pkce()
    again = auth_params(hub, challenge2)
    code = code_from(browser.get("/oauth/authorize", params=again), again["state"])
    assert redeem(hub, code, verifier2).status_code == 200
    # prompt=login asks for the password all the same.
    forced = browser.get("/oauth/authorize", params=auth_params(hub, challenge2, prompt="login"))
    assert forced.status_code == 200 and 'name="password"' in forced.text


def test_prompt_none_without_login_session_is_login_required(hub, browser):
    _, challenge = pkce()
    query = error_redirect(browser.get("/oauth/authorize", params=auth_params(hub, challenge, prompt="none")))
    assert query["error"] == ["login_required"]


def test_swedish_login_page(hub, browser):
    _, challenge = pkce()
    page = browser.get("/oauth/authorize", params=auth_params(hub, challenge, ui_locales="sv-SE en"))
    assert '<html lang="sv">' in page.text and "Lösenord" in page.text


# -- PKCE ----------------------------------------------------------------------------

def test_missing_code_challenge_is_refused(hub, browser):
    params = auth_params(hub, None)
    query = error_redirect(browser.get("/oauth/authorize", params=params))
    assert query["error"] == ["invalid_request"] and query["state"] == [params["state"]]
    assert "code" not in query


@pytest.mark.parametrize("method", ["plain", None, "S512"])
def test_plain_or_missing_challenge_method_is_refused(hub, browser, method):
    verifier, _ = pkce()
    params = auth_params(hub, verifier, code_challenge_method=method)  # plain: challenge == verifier
    query = error_redirect(browser.get("/oauth/authorize", params=params))
    assert query["error"] == ["invalid_request"]
    assert "S256" in query["error_description"][0]


def test_wrong_verifier_is_refused_and_burns_the_code(hub, browser):
    verifier, challenge = pkce()
    params = auth_params(hub, challenge)
    code = code_from(sign_in(browser, hub, params), params["state"])
    other, _ = pkce()
    resp = redeem(hub, code, other)
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_grant"
    assert resp.headers["content-type"].startswith("application/problem+json")
    # The code was taken by the failed attempt: the rightful verifier is too late.
    assert redeem(hub, code, verifier).json()["error"] == "invalid_grant"


def test_missing_verifier_is_refused(hub, browser):
    _, challenge = pkce()
    params = auth_params(hub, challenge)
    code = code_from(sign_in(browser, hub, params), params["state"])
    resp = redeem(hub, code, None)
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_request"


def test_code_reuse_is_refused(hub, browser):
    verifier, challenge = pkce()
    params = auth_params(hub, challenge)
    code = code_from(sign_in(browser, hub, params), params["state"])
    assert redeem(hub, code, verifier).status_code == 200
    again = redeem(hub, code, verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


# -- redirect URIs and clients ----------------------------------------------------------

@pytest.mark.parametrize("uri", ["http://evil.example/ui/callback", "{issuer}/ui/callback/../steal",
                                 "{issuer}/ui/callback?x=1", "{issuer}/UI/callback"])
def test_unregistered_redirect_uri_gets_an_error_page_not_a_redirect(hub, browser, uri):
    _, challenge = pkce()
    resp = browser.get("/oauth/authorize", params=auth_params(hub, challenge, redirect_uri=uri.format(issuer=hub.issuer)))
    assert resp.status_code == 400 and "location" not in resp.headers
    assert "invalid_request" in resp.text and resp.headers["content-type"].startswith("text/html")


def test_redirect_uri_mismatch_at_the_token_endpoint_is_refused(hub, browser):
    verifier, challenge = pkce()
    params = auth_params(hub, challenge)
    code = code_from(sign_in(browser, hub, params), params["state"])
    resp = redeem(hub, code, verifier, redirect_uri=hub.issuer + "/elsewhere")
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_grant"


def test_unknown_client_gets_an_error_page(hub, browser):
    _, challenge = pkce()
    resp = browser.get("/oauth/authorize", params=auth_params(hub, challenge, client_id="no-such-client"))
    assert resp.status_code == 400 and "location" not in resp.headers and "invalid_client" in resp.text


def test_machine_client_cannot_use_the_browser_flow(hub, browser):
    _, challenge = pkce()
    resp = browser.get("/oauth/authorize", params=auth_params(hub, challenge, client_id="region-skane"))
    assert resp.status_code == 400 and "location" not in resp.headers


def test_public_client_cannot_use_client_credentials(hub):
    resp = hub.http.post("/oauth/token", data={"grant_type": "client_credentials", "client_id": CLIENT})
    assert resp.status_code in (400, 401) and resp.json()["error"] == "invalid_client"


def test_code_issued_to_hub_ui_cannot_be_redeemed_by_a_machine_client(hub, browser):
    verifier, challenge = pkce()
    params = auth_params(hub, challenge)
    code = code_from(sign_in(browser, hub, params), params["state"])
    resp = hub.http.post("/oauth/token", auth=("region-skane", hub.secret("region-skane")),
                         data={"grant_type": "authorization_code", "code": code, "code_verifier": verifier,
                               "redirect_uri": redirect_uri(hub)})
    assert resp.status_code in (400, 401) and resp.json()["error"] in ("invalid_client", "unauthorized_client")


def test_repeated_parameter_is_refused(hub, browser):
    _, challenge = pkce()
    query = httpx.QueryParams(auth_params(hub, challenge)).add("scope", "hub:admin")
    resp = browser.get("/oauth/authorize?" + str(query))
    assert resp.status_code == 400 and "repeated" in resp.text


# -- the login form ---------------------------------------------------------------------

def test_wrong_password_shows_the_form_again_without_a_code(hub, browser):
    _, challenge = pkce()
    resp = sign_in(browser, hub, auth_params(hub, challenge), pw="not-the-password")
    assert resp.status_code == 401 and "location" not in resp.headers
    assert 'role="alert"' in resp.text and "not-the-password" not in resp.text


def test_unknown_user_looks_like_a_wrong_password(hub, browser):
    _, challenge = pkce()
    resp = sign_in(browser, hub, auth_params(hub, challenge), username="nobody@nowhere", pw="x")
    assert resp.status_code == 401


def test_repeated_failures_lock_the_user_name(hub, browser):
    _, challenge = pkce()
    params = auth_params(hub, challenge)
    for _ in range(5):
        assert sign_in(browser, hub, params, username=REVIEWER, pw="guess").status_code == 401
    locked = sign_in(browser, hub, params, username=REVIEWER)  # even the right password, for now
    assert locked.status_code == 429
    hub.auth.server.code_flow.users.failures.succeeded(REVIEWER)  # unlock for the other tests


def test_login_post_without_the_form_token_is_refused(hub, browser):
    _, challenge = pkce()
    form = auth_params(hub, challenge) | {"username": ANNA, "password": password(hub, ANNA), "action": "login"}
    resp = browser.post("/oauth/authorize", data=form)
    assert resp.status_code == 400 and "location" not in resp.headers


def test_cancel_redirects_with_access_denied(hub, browser):
    _, challenge = pkce()
    params = auth_params(hub, challenge)
    form = login_form(browser.get("/oauth/authorize", params=params)) | {"action": "cancel"}
    query = error_redirect(browser.post("/oauth/authorize", data=form))
    assert query["error"] == ["access_denied"] and query["state"] == [params["state"]]


def test_password_file_is_private(hub):
    store = PasswordStore(oauth_state_dir(hub.data_dir))
    assert store.path.stat().st_mode & 0o077 == 0
    assert all(len(e["password"]) >= 16 and e["hash"].startswith("scrypt$") for e in store.read().values())


def test_expired_code_is_not_redeemable():
    store = CodeStore()
    store.put(AuthorizationCode("c1", CLIENT, "http://x/cb", "hub:read", ANNA, "ch", "S256", expires_at=0))
    assert store.take("c1", CLIENT) is None
    store.put(AuthorizationCode("c2", CLIENT, "http://x/cb", "hub:read", ANNA, "ch", "S256"))
    assert store.take("c2", "other-client") is None and store.take("c2", CLIENT) is None  # taken once


# -- hub users ------------------------------------------------------------------------

def _hub_cli(tmp_path, *args: str, **env: str):
    import os
    import subprocess
    import sys
    from pathlib import Path

    clean = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    return subprocess.run([sys.executable, "-m", "hub", *args], cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, env=clean | {"HUB_DATA_DIR": str(tmp_path)} | env,
                          timeout=60)


def test_hub_users_list_shows_demo_users_and_passwords_only_in_json(tmp_path):
    out = _hub_cli(tmp_path, "users", "list", "--json")
    assert out.returncode == 0, out.stderr
    users = {u["username"]: u for u in json.loads(out.stdout)["users"]}
    assert users[ANNA]["partner"] == "region-kalmar" and users[REVIEWER]["partner"] is None
    assert "hub:review" in users[REVIEWER]["scopes"] and "hub:review" not in users[ANNA]["scopes"]
    stored = PasswordStore(oauth_state_dir(tmp_path)).read()
    assert users[ANNA]["password"] == stored[ANNA]["password"]  # generated once, shown as stored
    table = _hub_cli(tmp_path, "users", "list")
    assert ANNA in table.stdout and users[ANNA]["password"] not in table.stdout
    one = _hub_cli(tmp_path, "users", "password", ANNA)
    assert one.stdout.strip() == users[ANNA]["password"]


def test_hub_users_refuses_with_an_external_issuer(tmp_path):
    out = _hub_cli(tmp_path, "users", "list", HUB_OAUTH_ISSUER="https://idp.example")
    assert out.returncode != 0 and "external identity provider" in out.stderr
