"""``hub clients list``, run as a real subprocess against a private data dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gateway.auth.clients import ClientConfigError, load_clients, verify_secret
from gateway.auth.config import AuthSettings
from hub.settings import SettingsError

REPO = Path(__file__).resolve().parents[2]
PARTNERS = {"region-skane", "region-vgr", "region-stockholm", "region-ostergotland", "region-kalmar",
            "region-jonkoping", "adda", "sykehusinnkjop", "hus"}


def _hub(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HUB_")}
    return subprocess.run([sys.executable, "-m", "hub", *args], cwd=REPO, capture_output=True, text=True,
                          env=clean | {"HUB_DATA_DIR": str(tmp_path / "data")} | env, timeout=60)


def test_list_json_embedded_shows_clients_scopes_and_secrets(tmp_path):
    out = _hub(tmp_path, "clients", "list", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["profile"] == "embedded"
    clients = {c["client_id"]: c for c in doc["clients"]}
    assert set(clients) == PARTNERS | {"planner", "admin"}
    assert set(clients["region-vgr"]["scopes"]) == {"hub:publish", "hub:read", "hub:alerts", "hub:plan"}
    assert set(clients["adda"]["scopes"]) >= {"hub:plan"}
    assert "hub:plan" not in clients["hus"]["scopes"]
    assert set(clients["admin"]["scopes"]) == {"hub:admin", "hub:review", "hub:read", "hub:alerts"}
    assert set(clients["planner"]["scopes"]) == {"hub:read", "hub:plan", "hub:review", "hub:alerts"}
    assert clients["admin"]["partner"] is None and clients["hus"]["partner"] == "hus"
    assert all(len(c["client_secret"]) >= 40 for c in clients.values())
    assert len({c["client_secret"] for c in clients.values()}) == len(clients)
    # the secrets file: 0600, hashed for verification, and stable across runs
    secrets_file = Path(doc["secrets_file"])
    assert secrets_file.stat().st_mode & 0o777 == 0o600
    stored = json.loads(secrets_file.read_text())["clients"]
    assert verify_secret(clients["hus"]["client_secret"], stored["hus"]["hash"])
    again = json.loads(_hub(tmp_path, "clients", "list", "--json").stdout)
    assert {c["client_id"]: c["client_secret"] for c in again["clients"]} == \
           {cid: c["client_secret"] for cid, c in clients.items()}
    # secrets are not in the log output
    assert clients["hus"]["client_secret"] not in out.stderr


def test_list_table_never_shows_secrets(tmp_path):
    doc = json.loads(_hub(tmp_path, "clients", "list", "--json").stdout)
    out = _hub(tmp_path, "clients", "list")
    assert out.returncode == 0, out.stderr
    assert "region-ostergotland" in out.stdout and "hub:review" in out.stdout
    assert not any(c["client_secret"] in out.stdout for c in doc["clients"])


def test_list_json_external_profile_has_no_secrets(tmp_path):
    out = _hub(tmp_path, "clients", "list", "--json", HUB_OAUTH_ISSUER="https://login.example/realms/nordic")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["profile"] == "external" and doc["issuer"] == "https://login.example/realms/nordic"
    assert all("client_secret" not in c for c in doc["clients"])
    assert not (tmp_path / "data" / "oauth").exists()


def test_bad_settings_and_files_are_one_line_errors(tmp_path):
    out = _hub(tmp_path, "clients", "list", HUB_OAUTH_ALGORITHMS="HS256")
    assert out.returncode == 2 and "HUB_OAUTH_ALGORITHMS" in out.stderr and "Traceback" not in out.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('[[client]]\nclient_id = "x"\npartner = "region-atlantis"\n')
    out = _hub(tmp_path, "clients", "list", HUB_OAUTH_CLIENTS_FILE=str(bad))
    assert out.returncode == 2 and "region-atlantis" in out.stderr and "Traceback" not in out.stderr


def test_settings_from_env():
    s = AuthSettings.from_env({"HUB_GATEWAY_PORT": "9000", "HUB_OAUTH_ALGORITHMS": "ES256,RS256",
                               "HUB_OAUTH_ACCEPTED_TYP": "at+jwt JWT"})
    assert s.embedded and s.embedded_issuer == "http://127.0.0.1:9000"
    assert s.algorithms == ("ES256", "RS256") and s.accepted_typ == ("at+jwt", "jwt")
    for var, value in (("HUB_OAUTH_ALGORITHMS", "none"), ("HUB_OAUTH_ISSUER", "login.example"),
                       ("HUB_OAUTH_TOKEN_TTL_S", "5")):
        with pytest.raises(SettingsError, match=var):
            AuthSettings.from_env({var: value})


def test_clients_file_rules(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text('[[client]]\nclient_id = "a"\nscopes = ["hub:everything"]\n')
    with pytest.raises(ClientConfigError, match="hub:everything"):
        load_clients(f)
    f.write_text('[[client]]\nclient_id = "a"\nauth_methods = ["private_key_jwt"]\n')
    with pytest.raises(ClientConfigError, match="no jwk"):
        load_clients(f)
    f.write_text('[[client]]\nclient_id = "a"\nauth_methods = ["private_key_jwt"]\n'
                 'jwk = { kty = "oct", k = "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0" }\n')
    with pytest.raises(ClientConfigError, match="public asymmetric"):
        load_clients(f)
    # the shipped example loads
    assert load_clients(REPO / "gateway" / "clients.example.toml").get("region-skane").jwks
