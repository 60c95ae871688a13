"""The dashboard's routes under ``/ui``: pages, sign-in, exports, live alerts.

Each page: find the session (or sign in), call the JSON API as the user
(``bff.Api``), render a template. Routes are left out of OpenAPI: they are
HTML for people, not part of the API contract.
"""

from __future__ import annotations

import asyncio
import json
import mimetypes
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from gateway.auth.login import LOGIN_COOKIE, LOGIN_COOKIE_PATH
from gateway.auth.routes import strict_form

from . import charts, export
from .bff import Api, ApiResult, sse_events
from .i18n import SANCTION_STEPS, SEVERITIES
from .reasons import say
from .render import CSP, env, page, translator
from .session import UiContext, UiSession
from .signin import SignInError, begin, finish, safe_next

STATIC = Path(__file__).with_name("static")
PAGE_SIZE = 25
MAX_FORM_BYTES = 16 * 1024
EXPORTS = {"csv": (export.to_csv, "text/csv; charset=utf-8"),
           "xlsx": (export.to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
_HUB_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class _Stop(Exception):
    """Answer with ``response`` instead of the page (sign in, no access, error)."""

    def __init__(self, response: Response):
        self.response = response


def build_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    # -- plumbing ---------------------------------------------------------------
    def signin_redirect(request: Request) -> Response:
        target = "/ui/login?" + urlencode({"next": safe_next(request.url.path + (
            "?" + request.url.query if request.url.query else ""))})
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, 303)

    def guard(request: Request, scope: str = "hub:read") -> tuple[UiContext, UiSession]:
        ctx = UiContext.of(request)
        session = ctx.session(request)
        if session is None:
            raise _Stop(signin_redirect(request))
        if not session.has(scope):
            raise _Stop(page(request, "message.html", session=session, status=403,
                             message=translator(request, session)("no_access", scope=scope)))
        return ctx, session

    def failed(request: Request, session: UiSession, result: ApiResult) -> Response:
        t = translator(request, session)
        if result.expired:
            return signin_redirect(request)
        if result.status == 403:
            needed = ((result.problem or {}).get("required_scopes") or ["?"])[0]
            return page(request, "message.html", session=session, status=403, message=t("no_access", scope=needed))
        if result.missing_route:
            return page(request, "message.html", session=session, status=404, message=t("not_available"))
        if result.status == 404:
            return page(request, "message.html", session=session, status=404, message=t("not_found"))
        return page(request, "message.html", session=session, status=502, message=t("api_error",
                                                                                      status=result.status))

    def route(path: str, methods: tuple[str, ...] = ("GET",)):
        """Register a handler; ``_Stop`` raised inside answers with its response."""
        def wrap(handler):
            async def endpoint(request: Request) -> Response:
                try:
                    return await handler(request)
                except _Stop as stop:
                    return stop.response
            endpoint.__name__ = handler.__name__
            router.add_api_route(path, endpoint, methods=list(methods))
            return handler
        return wrap

    async def read_form(request: Request) -> dict[str, str]:
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            return {}
        try:
            return strict_form(body)
        except ValueError:
            return {}

    # -- sign-in ---------------------------------------------------------------------
    for home in ("/ui", "/ui/"):
        router.add_api_route(home, lambda: RedirectResponse("/ui/suppliers", 303), methods=["GET"])

    @route("/ui/login")
    async def login(request: Request) -> Response:
        ctx = UiContext.of(request)
        return await begin(request, ctx, safe_next(request.query_params.get("next")), translator(request).lang)

    @route("/ui/callback")
    async def callback(request: Request) -> Response:
        ctx = UiContext.of(request)
        try:
            return await finish(request, ctx)
        except SignInError as exc:
            t = translator(request)
            message = t("sign_in_cancelled") if exc.code == "access_denied" else t("sign_in_error", error=exc.code)
            return page(request, "signed_out.html", session=None, status=400, title=t("sign_in_failed"),
                        message=message)

    @route("/ui/logout", ("POST",))
    async def logout(request: Request) -> Response:
        ctx = UiContext.of(request)
        session = ctx.session(request)
        form = await read_form(request)
        if session is not None and not ctx.csrf_ok(request, session, form):
            return page(request, "message.html", session=session, status=403,
                        message=translator(request, session)("csrf_failed"))
        resp = RedirectResponse("/ui/signed-out", 303)
        ctx.end_session(resp)
        if ctx.embedded:  # also end the authorization server's login session (same host)
            resp.delete_cookie(LOGIN_COOKIE, path=LOGIN_COOKIE_PATH, secure=ctx.secure, httponly=True,
                               samesite="lax")
        return resp

    @route("/ui/signed-out")
    async def signed_out(request: Request) -> Response:
        t = translator(request)
        return page(request, "signed_out.html", session=None, title=t("signed_out"), message=t("signed_out"))

    # -- static files ------------------------------------------------------------------
    @router.get("/ui/static/{name:path}")
    async def static(name: str) -> Response:
        path = (STATIC / name).resolve()
        if not path.is_file() or STATIC.resolve() not in path.parents:
            return Response(status_code=404)
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".js":
            ctype = "text/javascript"
        return FileResponse(path, media_type=ctype, headers={"Cache-Control": "public, max-age=3600",
                                                             "X-Content-Type-Options": "nosniff"})

    # -- suppliers ------------------------------------------------------------------------
    @route("/ui/suppliers")
    async def suppliers(request: Request) -> Response:
        _, session = guard(request)
        q = request.query_params
        form = {k: q.get(k, "").strip() for k in ("q", "country", "identifier", "min_severity", "cursor")}
        if form["min_severity"] not in SEVERITIES:
            form["min_severity"] = ""
        params = {k: v for k, v in form.items() if v} | {"limit": PAGE_SIZE}
        async with Api(request.app, session) as api:
            result = await api.get("/v1/suppliers", params)
        if not result.ok and not result.invalid_fields:
            return failed(request, session, result)
        data = (result.data or {}) if result.ok else {}
        next_params = {k: v for k, v in form.items() if v and k != "cursor"}
        next_href = ("/ui/suppliers?" + urlencode(next_params | {"cursor": data["next_cursor"]})
                     if data.get("next_cursor") else None)
        template = "_supplier_results.html" if request.headers.get("hx-target") == "results" else "suppliers.html"
        return page(request, template, session=session, form=form, items=data.get("items") or [],
                    next_href=next_href, severities=SEVERITIES, invalid=result.invalid_fields)

    @route("/ui/suppliers/{hub_id}")
    async def supplier(request: Request) -> Response:
        _, session = guard(request)
        hub_id = request.path_params["hub_id"]
        if not _HUB_ID.match(hub_id):
            return page(request, "message.html", session=session, status=404,
                        message=translator(request, session)("not_found"))
        async with Api(request.app, session) as api:
            result = await api.get(f"/v1/suppliers/{quote(hub_id, safe='')}")
            if result.status in (301, 302, 307, 308) and result.location:
                successor = result.location.rstrip("/").rsplit("/", 1)[-1]
                return RedirectResponse(f"/ui/suppliers/{quote(successor, safe='')}", 303)
            if not result.ok:
                return failed(request, session, result)
            alerts = None
            if session.has("hub:alerts"):
                got = await api.pages("/v1/alerts", {"hub_id": hub_id, "limit": 500}, max_pages=4)
                alerts = list(reversed((got.data or {}).get("items") or [])) if got.ok else None
        view = result.data or {}
        sites = {s.get("site_id"): s for s in view.get("sites") or ()}
        return page(request, "supplier.html", session=session, s=view, sites=sites, alerts=alerts,
                    ladder=SANCTION_STEPS, unlisted=_unlisted_findings(view))

    # -- risk overview ------------------------------------------------------------------------
    @route("/ui/risk")
    async def risk(request: Request) -> Response:
        _, session = guard(request)
        async with Api(request.app, session) as api:
            overview, stats = await asyncio.gather(api.get("/v1/risk-overview"), api.get("/v1/findings-stats"))
        for result in (overview, stats):
            if not result.ok and not result.missing_route:
                return failed(request, session, result)
        t = translator(request, session)
        critical = charts.critical_by_country(overview.data)
        matrix = charts.area_matrix(stats.data)
        months = charts.month_series(stats.data, t)
        return page(request, "risk.html", session=session, heat=charts.heatmap(overview.data),
                    critical=critical, matrix=matrix, months=months,
                    overview_missing=overview.missing_route, stats_missing=stats.missing_route,
                    chart_critical=charts.critical_chart(critical, t), chart_area=charts.area_chart(matrix, t),
                    chart_months={"labels": months["labels"], "series": months["series"]})

    # -- joint-audit planner ---------------------------------------------------------------------
    def plan_params(request: Request) -> dict[str, Any]:
        q = request.query_params
        horizon = q.get("horizon_months", "12").strip()
        return {"category": q.get("category", "").strip()[:16], "country": q.get("country", "").strip()[:8].upper(),
                "horizon_months": horizon if horizon.isdigit() and 1 <= int(horizon) <= 120 else "12"}

    async def plan_items(request: Request, session: UiSession, limit: int) -> tuple[ApiResult, list[dict]]:
        async with Api(request.app, session) as api:
            result = await api.get("/v1/audit-plan", plan_params(request) | {"limit": limit})
        return result, ((result.data or {}).get("items") or []) if result.ok else []

    @route("/ui/plan")
    async def plan(request: Request) -> Response:
        _, session = guard(request, "hub:plan")
        result, items = await plan_items(request, session, 50)
        if not result.ok and not result.invalid_fields:
            return failed(request, session, result)
        form = plan_params(request)
        query = urlencode({k: v for k, v in form.items() if v})
        t = translator(request, session)
        for item in items:
            for r in item.get("reasons") or ():
                r["said"] = say(t, r)
        return page(request, "plan.html", session=session, form=form, items=items, export_query=query,
                    invalid=result.invalid_fields)

    @route("/ui/plan.{fmt}")
    async def plan_export(request: Request) -> Response:
        _, session = guard(request, "hub:plan")
        fmt = request.path_params["fmt"]
        if fmt not in EXPORTS:
            return page(request, "message.html", session=session, status=404,
                        message=translator(request, session)("not_found"))
        result, items = await plan_items(request, session, 500)
        if result.invalid_fields:
            t = translator(request, session)
            return page(request, "message.html", session=session, status=422,
                        message=" ".join(t.field_error(f) for f in result.invalid_fields))
        if not result.ok:
            return failed(request, session, result)
        write, media_type = EXPORTS[fmt]
        return Response(write(items, translator(request, session)), media_type=media_type,
                        headers=_download(f"joint-audit-plan.{fmt}"))

    # -- match review -------------------------------------------------------------------------------
    @route("/ui/reviews")
    async def reviews(request: Request) -> Response:
        _, session = guard(request, "hub:review")
        async with Api(request.app, session) as api:
            result = await api.get("/v1/match-reviews", {"status": "pending", "limit": 50})
        if not result.ok:
            return failed(request, session, result)
        done = request.query_params.get("done", "")
        return page(request, "reviews.html", session=session, items=(result.data or {}).get("items") or [],
                    done=done if done in ("confirm", "reject", "conflict") else None)

    @route("/ui/reviews/{decision_id}", ("POST",))
    async def decide(request: Request) -> Response:
        ctx, session = guard(request, "hub:review")
        form = await read_form(request)
        t = translator(request, session)
        htmx = bool(request.headers.get("hx-request"))
        if not ctx.csrf_ok(request, session, form):
            return page(request, "message.html", session=session, status=403, message=t("csrf_failed"))
        decision = form.get("decision")
        decision_id = request.path_params["decision_id"]
        if decision not in ("confirm", "reject") or not _HUB_ID.match(decision_id):
            return page(request, "message.html", session=session, status=400, message=t("not_found"))
        body = {"decision": decision} | ({"note": form["note"][:2000]} if form.get("note", "").strip() else {})
        async with Api(request.app, session) as api:
            result = await api.post(f"/v1/match-reviews/{quote(decision_id, safe='')}", body)
        if result.expired:
            return signin_redirect(request)
        outcome = decision if result.ok else ("conflict" if result.status == 409 else None)
        if not htmx:
            if outcome is None:
                return failed(request, session, result)
            return RedirectResponse(f"/ui/reviews?done={outcome}", 303)
        message = t(f"reviews.done.{decision}") if result.ok else (
            t("reviews.conflict") if result.status == 409 else t("reviews.failed", status=result.status))
        html = env.get_template("_review_done.html").render(message=message, ok=result.ok, decision_id=decision_id)
        return Response(html, media_type="text/html", headers={"Content-Security-Policy": CSP})

    # -- alerts ---------------------------------------------------------------------------------------
    @route("/ui/alerts")
    async def alerts(request: Request) -> Response:
        _, session = guard(request, "hub:alerts")
        async with Api(request.app, session) as api:
            result = await api.pages("/v1/alerts", {"limit": 500}, max_pages=20)
        if not result.ok:
            return failed(request, session, result)
        items = (result.data or {}).get("items") or []
        last = items[-1].get("cursor") if items else None
        return page(request, "alerts.html", session=session, items=list(reversed(items[-50:])),
                    stream_href="/ui/alerts/stream" + ("?" + urlencode({"after": last}) if last else ""))

    @route("/ui/alerts/stream")
    async def alerts_stream(request: Request) -> Response:
        ctx = UiContext.of(request)
        session = ctx.session(request)
        if session is None or not session.has("hub:alerts"):
            return Response("event: ended\ndata: signin\n\n", media_type="text/event-stream")
        last = request.headers.get("last-event-id") or request.query_params.get("after")
        t = translator(request, session)
        template = env.get_template("_alert_item.html")

        async def events():
            deadline = session.expires_at
            yield "retry: 5000\n\n"
            async for kind, fields in sse_events(request.app, session, "/v1/alerts/stream", last):
                if time.time() >= deadline:
                    yield "event: ended\ndata: expired\n\n"
                    return
                if kind == "status":
                    yield f"event: ended\ndata: {fields['status']}\n\n"
                    return
                if kind == "comment":
                    yield ": keep-alive\n\n"
                    continue
                if kind != "alert":
                    continue
                try:
                    alert = json.loads(fields["data"])
                except ValueError:
                    continue
                html = template.render(a=alert, t=t).replace("\n", " ")
                ident = fields.get("id") or alert.get("cursor") or ""
                yield f"id: {ident}\nevent: alert\ndata: {html}\n\n"

        return StreamingResponse(events(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    return router


def _download(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff"}


def _unlisted_findings(view: dict) -> int:
    """Open findings the audits count but the list does not itemise (participants-only detail)."""
    listed: dict[str, int] = {}
    for f in view.get("open_findings") or ():
        listed[str(f.get("audit_id"))] = listed.get(str(f.get("audit_id")), 0) + 1
    return sum(max(0, (a.get("open_findings") or 0) - listed.get(str(a.get("audit_id")), 0))
               for a in view.get("audits") or () if isinstance(a.get("open_findings"), int))
