"""``hub clients list [--json]``: the gateway's OAuth clients, for the operator.

Shows each client's partner, scopes and authentication methods. In the
embedded profile (no ``HUB_OAUTH_ISSUER``) ``--json`` also shows the generated
client secrets, so the operator can hand each partner its own; they are
generated here if the hub has not started yet. With an external IdP the hub
holds no secrets, so none are shown. The plain table never shows secrets:
it is what one pastes into a ticket.
"""

from __future__ import annotations

import argparse
import json
import sys

from gateway.auth.clients import SecretStore, load_clients
from gateway.auth.config import AuthSettings, oauth_state_dir
from gateway.auth.server import TOKEN_PATH
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("clients", help="the gateway's OAuth clients")
    verbs = p.add_subparsers(dest="clients_command", required=True, metavar="ACTION")
    lst = verbs.add_parser("list", help="list clients, scopes and (embedded profile, --json) secrets")
    lst.add_argument("--json", action="store_true", help="machine-readable, with secrets in the embedded profile")
    lst.set_defaults(func=run)
    sec = verbs.add_parser("secret", help="print one client's secret (embedded profile), e.g. for curl -u")
    sec.add_argument("client_id")
    sec.set_defaults(func=print_secret)


def print_secret(args: argparse.Namespace, settings: HubSettings) -> int:
    from hub.errors import HubError

    auth = _auth_settings(settings)
    if not auth.embedded:
        raise HubError("secrets are issued by the external identity provider (HUB_OAUTH_ISSUER), not the hub")
    registry = load_clients(auth.clients_file)
    store = SecretStore(oauth_state_dir(settings.data_dir))
    store.ensure(registry)
    entry = store.read().get(args.client_id)
    if entry is None:
        raise HubError(f"no client {args.client_id!r} with a secret; see `hub clients list`")
    print(entry["secret"])
    return 0


def _auth_settings(settings: HubSettings) -> AuthSettings:
    # Until HubSettings carries an ``auth`` section, build it from the environment.
    auth = getattr(settings, "auth", None)
    return auth if isinstance(auth, AuthSettings) else AuthSettings.from_env()


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    auth = _auth_settings(settings)
    registry = load_clients(auth.clients_file)
    secrets: dict[str, str] = {}
    secrets_file = None
    if auth.embedded:
        store = SecretStore(oauth_state_dir(settings.data_dir))
        store.ensure(registry)
        secrets = {cid: entry["secret"] for cid, entry in store.read().items()}
        secrets_file = str(store.path)
    rows = []
    for client in registry:
        row = {
            "client_id": client.client_id,
            "partner": client.partner,
            "scopes": list(client.scopes),
            "auth_methods": list(client.auth_methods),
            "has_public_key": client.jwks is not None,
        }
        if auth.embedded and client.uses_secret and client.client_id in secrets:
            row["client_secret"] = secrets[client.client_id]
        rows.append(row)
    if args.json:
        doc = {
            "profile": "embedded" if auth.embedded else "external",
            "issuer": auth.effective_issuer,
            "token_endpoint": auth.embedded_issuer + TOKEN_PATH if auth.embedded else None,
            "audience": auth.audience,
            "clients_file": str(registry.source),
            "secrets_file": secrets_file,
            "clients": rows,
        }
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    width = max((len(r["client_id"]) for r in rows), default=9)
    print(f"{'CLIENT':<{width}}  {'PARTNER':<19}  {'AUTH':<34}  SCOPES")
    for r in rows:
        print(f"{r['client_id']:<{width}}  {r['partner'] or '-':<19}  {','.join(r['auth_methods']):<34}  "
              f"{' '.join(r['scopes'])}")
    where = f"issuer {auth.effective_issuer}" + ("" if auth.embedded else " (external: no secrets here)")
    print(f"\n{len(rows)} clients from {registry.source}; {where}")
    if auth.embedded:
        print("secrets: `hub clients list --json` (kept in " + str(secrets_file) + ")")
    return 0
