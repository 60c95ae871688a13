"""``hub users list [--json]`` and ``hub users password USER``: the demo users of the web UI.

People sign in to the dashboard (``/ui``) with the authorization code flow.
In the embedded profile the hub is the authorization server and its users
are declared in ``gateway/auth/users.toml``; each gets a generated password,
kept in a 0600 file under the data dir (generated here if the hub has not
started yet). ``--json`` and ``password`` show them; the plain table never
does. With an external IdP (``HUB_OAUTH_ISSUER``) people sign in there and
the hub holds no users.
"""

from __future__ import annotations

import argparse
import json
import sys

from gateway.auth.users import USERS_FILE, PasswordStore, load_users
from gateway.auth.config import AuthSettings, oauth_state_dir
from hub.errors import HubError
from hub.settings import HubSettings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("users", help="the web UI's demo users (embedded profile)")
    verbs = p.add_subparsers(dest="users_command", required=True, metavar="ACTION")
    lst = verbs.add_parser("list", help="list users, partners and roles; --json adds passwords")
    lst.add_argument("--json", action="store_true", help="machine-readable, with passwords")
    lst.set_defaults(func=run)
    pw = verbs.add_parser("password", help="print one user's password")
    pw.add_argument("username")
    pw.set_defaults(func=print_password)


def _passwords(settings: HubSettings) -> tuple[dict, dict[str, dict[str, str]], PasswordStore]:
    if not AuthSettings.from_env().embedded:
        raise HubError("people sign in at the external identity provider (HUB_OAUTH_ISSUER); the hub has no users")
    users = load_users(USERS_FILE)
    store = PasswordStore(oauth_state_dir(settings.data_dir))
    store.ensure(users)
    return users, store.read(), store


def print_password(args: argparse.Namespace, settings: HubSettings) -> int:
    users, stored, _ = _passwords(settings)
    if args.username not in users:
        raise HubError(f"no user {args.username!r}; see `hub users list`")
    print(stored[args.username]["password"])
    return 0


def run(args: argparse.Namespace, settings: HubSettings) -> int:
    users, stored, store = _passwords(settings)
    rows = [{"username": u.username, "name": u.name, "partner": u.partner, "title": u.title,
             "scopes": list(u.scopes)} for u in users.values()]
    if args.json:
        for row in rows:
            row["password"] = stored[row["username"]]["password"]
        doc = {"users_file": str(USERS_FILE), "passwords_file": str(store.path), "sign_in": "/ui", "users": rows}
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    width = max((len(r["username"]) for r in rows), default=8)
    print(f"{'USER':<{width}}  {'PARTNER':<19}  {'NAME':<16}  SCOPES")
    for r in rows:
        print(f"{r['username']:<{width}}  {r['partner'] or '-':<19}  {r['name']:<16}  {' '.join(r['scopes'])}")
    print(f"\n{len(rows)} users from {USERS_FILE}; sign in at /ui")
    print(f"passwords: `hub users list --json` or `hub users password USER` (kept in {store.path})")
    return 0
