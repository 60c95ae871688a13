"""The embedded authorization server's login page, and sealed cookies.

People sign in here when the hub is its own authorization server (embedded
profile): ``/oauth/authorize`` shows this page, checks the demo user's
password and, on success, remembers the sign-in in a *login session* cookie
(path ``/oauth``, HttpOnly, SameSite=Lax) so the next authorization request
within ``LOGIN_SESSION_S`` needs no password: the UI's access tokens are
short-lived and are renewed by a silent redirect.

``Sealer`` encrypts and authenticates small JSON payloads (AES-256-GCM with
the cookie's purpose as associated data, so one kind of cookie can never be
replayed as another). The UI uses it for its own session cookie too.

The page is plain HTML with its own small stylesheet: the authorization
server must work without the UI package, so it keeps its own few strings.
Text is English, Swedish, Norwegian Bokmål or Finnish, chosen by the
``ui_locales`` request parameter (OpenID Connect), English otherwise.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import time
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .clients import _check_private, write_private_json

#: The login session cookie of the authorization server.
LOGIN_COOKIE = "hub_login"
LOGIN_COOKIE_PATH = "/oauth"
#: Double-submit token that ties the login form to the browser that got it.
LOGIN_CSRF_COOKIE = "hub_login_csrf"
#: How long a password sign-in is remembered by the authorization server.
LOGIN_SESSION_S = 8 * 3600
LOGIN_KEY_FILE_NAME = "login-session-key.json"

_TEMPLATES = Path(__file__).with_name("templates")
_env = Environment(loader=FileSystemLoader(str(_TEMPLATES)), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Sign in",
        "hub": "Nordic procurement hub",
        "intro": "Sign in to the shared supplier view for sustainable public procurement.",
        "client": "Signing in to",
        "username": "User name",
        "username_hint": "For example anna.lind@region-kalmar",
        "password": "Password",
        "submit": "Sign in",
        "cancel": "Cancel",
        "bad_credentials": "Wrong user name or password.",
        "locked": "Too many failed attempts. Wait a minute and try again.",
        "expired_form": "The sign-in form expired. Please try again.",
        "demo": "Demo users (embedded profile): see `hub users list`; it shows every user with partner, "
                "roles and password.",
        "error_title": "Sign-in request refused",
        "error_intro": "The application sent a sign-in request the hub cannot accept.",
    },
    "sv": {
        "title": "Logga in",
        "hub": "Nordiskt delningsnav för hållbar upphandling",
        "intro": "Logga in i den gemensamma leverantörsvyn för hållbar offentlig upphandling.",
        "client": "Du loggar in i",
        "username": "Användarnamn",
        "username_hint": "Till exempel anna.lind@region-kalmar",
        "password": "Lösenord",
        "submit": "Logga in",
        "cancel": "Avbryt",
        "bad_credentials": "Fel användarnamn eller lösenord.",
        "locked": "För många misslyckade försök. Vänta en minut och försök igen.",
        "expired_form": "Inloggningsformuläret har gått ut. Försök igen.",
        "demo": "Demoanvändare (inbäddad profil): se `hub users list`; där står varje användare med "
                "partner, roller och lösenord.",
        "error_title": "Inloggningsbegäran nekad",
        "error_intro": "Applikationen skickade en inloggningsbegäran som navet inte kan ta emot.",
    },
    "nb": {
        "title": "Logg inn",
        "hub": "Nordisk delingsplattform for bærekraftige anskaffelser",
        "intro": "Logg inn i den felles leverandøroversikten for bærekraftige offentlige anskaffelser.",
        "client": "Du logger inn i",
        "username": "Brukernavn",
        "username_hint": "For eksempel ingrid.berg@sykehusinnkjop",
        "password": "Passord",
        "submit": "Logg inn",
        "cancel": "Avbryt",
        "bad_credentials": "Feil brukernavn eller passord.",
        "locked": "For mange mislykkede forsøk. Vent ett minutt og prøv igjen.",
        "expired_form": "Innloggingsskjemaet er utløpt. Prøv igjen.",
        "demo": "Demobrukere (innebygd profil): se `hub users list`; der står hver bruker med partner, "
                "roller og passord.",
        "error_title": "Innloggingsforespørselen ble avvist",
        "error_intro": "Applikasjonen sendte en innloggingsforespørsel som plattformen ikke kan ta imot.",
    },
    "fi": {
        "title": "Kirjaudu sisään",
        "hub": "Pohjoismainen kestävien hankintojen tietoalusta",
        "intro": "Kirjaudu kestävien julkisten hankintojen yhteiseen toimittajanäkymään.",
        "client": "Kirjaudut palveluun",
        "username": "Käyttäjätunnus",
        "username_hint": "Esimerkiksi aino.virtanen@hus",
        "password": "Salasana",
        "submit": "Kirjaudu sisään",
        "cancel": "Peruuta",
        "bad_credentials": "Väärä käyttäjätunnus tai salasana.",
        "locked": "Liian monta epäonnistunutta yritystä. Odota minuutti ja yritä uudelleen.",
        "expired_form": "Kirjautumislomake on vanhentunut. Yritä uudelleen.",
        "demo": "Demokäyttäjät (sulautettu profiili): katso `hub users list`; se näyttää jokaisen käyttäjän "
                "kumppanin, roolit ja salasanan.",
        "error_title": "Kirjautumispyyntö hylättiin",
        "error_intro": "Sovellus lähetti kirjautumispyynnön, jota alusta ei voi hyväksyä.",
    },
}
#: Tags for a language spoken here under another code: Norwegian browsers send "no" or "nn"
#: as well as "nb", and Nynorsk readers read Bokmål too. The dashboard uses the same table.
LANGUAGE_ALIASES = {"no": "nb", "nn": "nb"}


def base_language(tag: str) -> str:
    """The language a BCP 47 tag asks for, as the hub names it: its primary subtag, aliases applied
    ("nb-NO" and "nn" are "nb")."""
    base = tag.strip().split("-")[0].lower()
    return LANGUAGE_ALIASES.get(base, base)


def language(ui_locales: str | None) -> str:
    """The first of ``ui_locales`` the page speaks; English otherwise."""
    for tag in (ui_locales or "").split():
        base = base_language(tag)
        if base in TEXT:
            return base
    return "en"


def render_login(*, lang: str, params: dict[str, str], csrf: str, client_name: str, error: str | None = None,
                 username: str = "", demo_hint: bool = True, nonce: str = "") -> str:
    """The login form; ``params`` are the authorization request's, carried as hidden fields."""
    return _env.get_template("login.html").render(
        t=TEXT[lang], lang=lang, params=params, csrf=csrf, client_name=client_name,
        error=TEXT[lang].get(error, error) if error else None, username=username, demo_hint=demo_hint,
        nonce=nonce)


def render_error(*, lang: str, error: str, description: str | None, nonce: str = "") -> str:
    """A request that cannot be redirected back (unknown client, bad redirect_uri)."""
    return _env.get_template("authorize_error.html").render(t=TEXT[lang], lang=lang, error=error,
                                                            description=description, nonce=nonce)


class Sealer:
    """AES-256-GCM sealing of small JSON payloads for cookies, with expiry.

    A sealed value is ``base64url(nonce || ciphertext)``; the purpose is the
    associated data, so a value sealed for one purpose fails to open for
    another. Opening never raises: a forged, truncated, expired or foreign
    value is simply ``None``.
    """

    def __init__(self, key: bytes):
        if len(key) != 32:
            raise ValueError("a Sealer needs a 32-byte key")
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        return "Sealer(<key>)"

    def seal(self, purpose: str, payload: dict[str, Any], ttl_s: float) -> str:
        body = dict(payload, _exp=int(time.time() + ttl_s))
        nonce = os.urandom(12)
        data = self._aead.encrypt(nonce, json.dumps(body, separators=(",", ":")).encode(), purpose.encode())
        return base64.urlsafe_b64encode(nonce + data).rstrip(b"=").decode()

    def open(self, purpose: str, value: str | None) -> dict[str, Any] | None:
        if not value or len(value) > 8192:
            return None
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            body = json.loads(self._aead.decrypt(raw[:12], raw[12:], purpose.encode()))
        except (ValueError, InvalidTag, TypeError):
            return None
        if not isinstance(body, dict) or not isinstance(body.get("_exp"), int) or body["_exp"] < time.time():
            return None
        body.pop("_exp")
        return body


def load_or_create_key(path: Path) -> bytes:
    """A 32-byte key kept in a 0600 JSON file; generated on first use."""
    if not path.exists():
        write_private_json(path, {"key": base64.urlsafe_b64encode(os.urandom(32)).decode()})
    _check_private(path)
    try:
        key = base64.urlsafe_b64decode(json.loads(path.read_text(encoding="utf-8"))["key"])
    except (OSError, ValueError, KeyError, TypeError):
        raise ValueError(f"key file {path} is damaged; delete it (sessions will end)") from None
    if len(key) != 32:
        raise ValueError(f"key file {path} does not hold a 32-byte key; delete it (sessions will end)")
    return key


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)
