"""The web dashboard under ``/ui``: server-rendered pages over the gateway's own API.

People sign in with OAuth 2.0 authorization code + PKCE (``signin.py``);
the access token stays server-side in a sealed, HttpOnly cookie
(``session.py``); every page calls the JSON API as that user in-process
(``bff.py``) and renders Jinja2 templates (``render.py``, ``templates/``) in
English, Swedish, Norwegian or Finnish (``i18n.py``, words in ``texts/``).
htmx and Chart.js are vendored under ``static/vendor`` (no CDN, no build
step). See docs/ui.md.
"""

from fastapi import APIRouter


def build_router() -> APIRouter:
    from .routes import build_router as build

    return build()
