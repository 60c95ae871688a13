"""Jinja2 rendering: the environment, filters and the context every page gets.

Pages are full documents; with ``HX-Request`` (htmx) a route may render only
a fragment. Every response carries a strict Content-Security-Policy: scripts
and styles only from ``/ui/static`` (no inline script, no CDN), which is why
chart data travels in ``<script type="application/json">`` blocks.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.responses import HTMLResponse

from hub.rules.partners import get_partner

from .i18n import DEFAULT, LANGUAGE_NAMES, LANGUAGES, Translator, negotiate
from .session import LANG_COOKIE, UiSession

TEMPLATES = Path(__file__).with_name("templates")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")

#: (path, text key, scope needed)
NAV = (
    ("/ui/suppliers", "nav.suppliers", "hub:read"),
    ("/ui/risk", "nav.risk", "hub:read"),
    ("/ui/plan", "nav.plan", "hub:plan"),
    ("/ui/reviews", "nav.reviews", "hub:review"),
    ("/ui/alerts", "nav.alerts", "hub:alerts"),
)


def _date(value: Any) -> str:
    """An Avro date (days), epoch milliseconds, or an ISO string, as YYYY-MM-DD."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if abs(value) < 10**6:
            return (dt.date(1970, 1, 1) + dt.timedelta(days=int(value))).isoformat()
        return dt.datetime.fromtimestamp(value / 1000, dt.timezone.utc).date().isoformat()
    return str(value)[:10]


def _datetime(value: Any) -> str:
    """Epoch milliseconds or an RFC 3339 string, as ``YYYY-MM-DD HH:MM UTC``."""
    if value is None or value == "":
        return "–"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = dt.datetime.fromtimestamp(value / 1000, dt.timezone.utc)
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(dt.timezone.utc)
        except ValueError:
            return str(value)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _partner(value: Any) -> str:
    partner = get_partner(str(value)) if value else None
    return partner.name if partner else (str(value) if value else "–")


def _site(value: Any) -> str:
    if isinstance(value, dict):
        bits = [value.get("name") or value.get("site_id"), value.get("city"), value.get("country")]
        return ", ".join(str(b) for b in bits if b)
    return str(value) if value else "–"


def _json_script(value: Any) -> Markup:
    """JSON safe to put inside ``<script type="application/json">``."""
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&",
                                                                                                         "\\u0026")
    return Markup(text)


env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True)
env.filters.update(date=_date, datetime=_datetime, partner=_partner, site=_site, json_script=_json_script)


def language_of(request: Request, session: UiSession | None = None) -> tuple[str, bool]:
    """(language, whether ?lang= chose it just now): query, cookie, browser, partner, English."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked, True
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LANGUAGES:
        return cookie, False
    browser = negotiate(request.headers.get("accept-language"))
    if browser:
        return browser, False
    partner = get_partner(session.partner) if session and session.partner else None
    return (partner.language if partner and partner.language in LANGUAGES else DEFAULT), False


def lang_links(request: Request) -> list[dict[str, str]]:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [{"code": code, "name": LANGUAGE_NAMES[code],
             "href": request.url.path + "?" + urlencode(params + [("lang", code)])} for code in LANGUAGES]


def page(request: Request, template: str, *, session: UiSession | None, status: int = 200,
         headers: dict[str, str] | None = None, **values: Any) -> HTMLResponse:
    """Render ``template`` with the common context; sets the language cookie when ?lang= chose it."""
    lang, chosen = language_of(request, session)
    t = Translator(lang)
    nav = [{"href": href, "text": t(key), "current": request.url.path.startswith(href)}
           for href, key, scope in NAV if session is None or session.has(scope)]
    html = env.get_template(template).render(
        request=request, t=t, lang=lang, session=session, nav=nav, lang_links=lang_links(request),
        csrf=session.csrf if session else "", path=request.url.path, **values)
    resp = HTMLResponse(html, status, headers={"Content-Security-Policy": CSP, "Cache-Control": "no-store",
                                               "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                                               "Referrer-Policy": "same-origin"} | (headers or {}))
    if chosen:
        resp.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/ui", httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")
    return resp


def translator(request: Request, session: UiSession | None = None) -> Translator:
    return Translator(language_of(request, session)[0])
