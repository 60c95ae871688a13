"""Helpers for the dashboard's tests: a stub of the read API and a signed-in browser.

``stub_api`` answers the shapes docs/api.md and gateway/readmodel promise,
with canned data and the real scope checks, so the UI's own logic (sign-in,
session, CSRF, rendering, i18n, exports, SSE proxy) is tested fast and
deterministically; the browser tests (test_browser.py) then run the real
``hub up``. A module of its own (not conftest) so test modules can import it
whatever other conftest.py pytest loaded last.
"""

from __future__ import annotations

import asyncio
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse

from gateway.auth.users import PasswordStore
from gateway.auth.config import oauth_state_dir
from gateway.auth.dependencies import Caller, require_scopes
from gateway.problems import Problem
from gateway.readmodel.http import country_code

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "gateway"))
from oauth_support import bound_socket, serve  # noqa: E402,F401 (re-exported for the UI tests)

HUB_ID = "HUB-MY-7Q2K9"
SUPPLIER = {
    "event_id": "e1", "partner": "hub", "occurred_at": "2026-11-20T10:00:00.000Z", "hub_id": HUB_ID, "version": 4,
    "canonical_name": "Sentosa Glove Industries Sdn Bhd", "country": "MY",
    "identifiers": [{"scheme": "MY-SSM", "id": "199701012345"}], "aliases": ["Sentosa Gloves"],
    "source_records": [{"partner": "region-kalmar", "record_id": "RK-2231", "name": "Sentosa Glove Industries Sdn Bhd",
                        "event_id": "e0", "received_at": "2026-11-19T09:00:00.000Z", "active": True}],
    "provenance": [{"field": "canonical_name", "value": "Sentosa Glove Industries Sdn Bhd", "partner": "region-kalmar",
                    "record_id": "RK-2231", "asserted_at": "2026-11-19T09:00:00.000Z"}],
    "sites": [{"site_id": "S1", "name": "Klang factory 2", "country": "MY", "city": "Klang", "kind": "factory"}],
    "categories": ["33141420"], "buyers": ["region-kalmar", "adda"],
    "audits": [
        {"audit_id": "A-2024-17", "audit_date": "2024-03-05", "audit_type": "site", "site_id": "S1",
         "participating_partners": ["adda"], "confidentiality": "shared", "highest_severity": "critical",
         "open_findings": 1},
        {"audit_id": "A-2025-02", "audit_date": "2025-02-11", "highest_severity": "major"},
    ],
    "open_findings": [{"audit_id": "A-2024-17", "finding_id": "F-3", "area": "labour_rights", "severity": "critical",
                       "clause": "3.2", "cap_due_date": "2024-09-30", "site_id": "S1"}],
    "last_audit_by_site": [{"site_id": "S1", "last_audit_date": "2024-03-05"}],
    "sanction_step": "formal_warning",
    "risks": [{"analysis_id": "RA-GLOVES-MY", "partner": "region-ostergotland", "category": "33141420",
               "country": "MY", "area": "labour_rights", "risk_level": "very_high", "valid_to": None}],
    "merged_from": [], "successor": None,
}
ALERT = {"cursor": "0-5", "event_id": "a1", "partner": "hub", "occurred_at": "2026-11-20T10:00:01.000Z",
         "alert_id": "AL-1", "hub_id": HUB_ID, "kind": "critical_finding", "severity": "critical",
         "reason": "critical finding in labour_rights (clause 3.2)", "supplier_name": SUPPLIER["canonical_name"],
         "country": "MY", "trigger_event_id": "t1", "trigger_topic": "hub.audit-outcomes.v1",
         "partners": ["region-kalmar", "adda"], "raised_at": "2026-11-20T10:00:01.000Z"}
PLAN = {"rank": 1, "hub_id": HUB_ID, "canonical_name": "=HYPERLINK(\"x\") Sentosa", "country": "MY",
        "site": {"site_id": "S1", "name": "Klang factory 2", "country": "MY", "city": "Klang", "kind": "factory"},
        "score": 4.25, "reasons": [{"code": "open_critical", "text": "1 open critical finding", "weight": 3.0,
                     "params": {"count": 1, "severity": "critical", "areas": [], "at_site": False}},
                                   {"code": "risk", "text": "very high risk for 33141420 in MY", "weight": 1.25}],
        "partners": ["region-kalmar", "adda"]}
REVIEW = {"decision_id": "D-42", "status": "pending", "country": "MY", "occurred_at": "2026-11-20T09:00:00.000Z",
          "score": 0.81, "evidence": ["name similarity 0.91", "same city"],
          "record_a": {"partner": "region-kalmar", "record_id": "RK-2231", "name": "Sentosa Glove Industries Sdn Bhd",
                       "active": True, "received_at": None, "country": "MY", "identifiers": [], "categories": [],
                       "hub_id": HUB_ID, "canonical_name": "Sentosa Glove Industries Sdn Bhd", "aliases": [],
                       "sites": [], "buyers": ["region-kalmar"]},
          "record_b": {"partner": "hus", "record_id": "HUS-88", "name": "Sentosa Gloves Sdn. Bhd.", "active": True,
                       "received_at": None, "country": "MY", "identifiers": [], "categories": [],
                       "hub_id": "HUB-MY-OTHER", "canonical_name": "Sentosa Gloves Sdn. Bhd.", "aliases": [],
                       "sites": [], "buyers": ["hus"]}}
OVERVIEW = {"as_of": "2026-11-25", "risks": [
    {"country": "MY", "category": "33141420", "category_label": "Surgical gloves", "level": "very_high",
     "areas": [{"area": "labour_rights", "level": "very_high", "partners": ["region-ostergotland"]}],
     "analyses": [{"partner": "region-ostergotland", "analysis_id": "RA-1", "product": None, "valid_to": None}]},
    {"country": "PK", "category": "33169000", "category_label": "Surgical instruments", "level": "high",
     "areas": [{"area": "human_rights", "level": "high", "partners": ["region-skane"]}], "analyses": []}],
    "open_critical_by_country": [{"country": "MY", "open_critical": 3, "suppliers": 2}]}
STATS = {"total": 5, "by_area": [{"area": "labour_rights", "severity": "critical", "count": 3},
                                 {"area": "environment", "severity": "minor", "count": 1},
                                 {"area": None, "severity": "major", "count": 1}],
         "by_month": [{"month": "2024-03", "severity": "critical", "count": 3},
                      {"month": "2025-02", "severity": "major", "count": 1}]}


@dataclass
class StubState:
    decisions: list[dict] = field(default_factory=list)
    searches: list[dict] = field(default_factory=list)
    alerts: asyncio.Queue | None = None


def stub_api(state: StubState) -> APIRouter:
    """The read API as the UI consumes it, with canned data and real scope checks."""
    router = APIRouter()

    @router.get("/v1/suppliers")
    async def search(request: Request, caller: Caller = Depends(require_scopes("hub:read"))):
        state.searches.append(dict(request.query_params) | {"_subject": caller.subject})
        country_code(request.query_params.get("country"))  # the real API's check: a 422 naming the field
        q = request.query_params.get("q", "").lower()
        items = [] if q and q not in "sentosa glove industries" else [
            {"hub_id": HUB_ID, "canonical_name": SUPPLIER["canonical_name"], "country": "MY",
             "identifiers": SUPPLIER["identifiers"], "aliases": SUPPLIER["aliases"], "buyers": SUPPLIER["buyers"],
             "open_findings": 1, "max_open_severity": "critical", "sanction_step": "formal_warning",
             "last_audit_date": "2025-02-11", "version": 4, "score": 0.93}]
        return {"items": items, "next_cursor": "c2" if items and not request.query_params.get("cursor") else None}

    @router.get("/v1/suppliers/{hub_id}")
    async def one(hub_id: str, caller: Caller = Depends(require_scopes("hub:read"))):
        if hub_id == "HUB-OLD":
            return RedirectResponse(f"/v1/suppliers/{HUB_ID}", 308)
        if hub_id != HUB_ID:
            raise Problem(404, "no supplier with this hub_id")
        return SUPPLIER

    @router.get("/v1/alerts")
    async def alerts(request: Request, caller: Caller = Depends(require_scopes("hub:alerts"))):
        if request.query_params.get("after"):
            return {"items": [], "next_cursor": "0-5"}
        return {"items": [ALERT], "next_cursor": "0-5"}

    @router.get("/v1/alerts/stream")
    async def stream(request: Request, caller: Caller = Depends(require_scopes("hub:alerts"))):
        assert "text/event-stream" in request.headers.get("accept", "")
        start = request.headers.get("last-event-id", "")

        async def events():
            yield b"retry: 3000\n\n"
            yield b": keep-alive\n\n"
            alert = dict(ALERT, cursor="0-6", alert_id="AL-2", reason=f"after {start}")
            import json
            yield b"id: 0-6\nevent: alert\ndata: " + json.dumps(alert).encode() + b"\n\n"
            while True:
                await asyncio.sleep(0.2)
                yield b": keep-alive\n\n"
        return StreamingResponse(events(), media_type="text/event-stream")

    @router.get("/v1/audit-plan")
    async def plan(caller: Caller = Depends(require_scopes("hub:plan")), country: str | None = None,
                   category: str | None = Query(None, pattern=r"^[0-9]{2,8}(-[0-9])?$")):
        country_code(country)
        return {"items": [PLAN], "next_cursor": None}

    @router.get("/v1/match-reviews")
    async def reviews(caller: Caller = Depends(require_scopes("hub:review"))):
        decided = {d["decision_id"] for d in state.decisions}
        return {"items": [REVIEW] if REVIEW["decision_id"] not in decided else [], "next_cursor": None}

    @router.post("/v1/match-reviews/{decision_id}")
    async def decide(decision_id: str, request: Request, caller: Caller = Depends(require_scopes("hub:review"))):
        if any(d["decision_id"] == decision_id for d in state.decisions):
            raise Problem(409, "already decided")
        body = await request.json()
        state.decisions.append({"decision_id": decision_id, "by": caller.subject} | body)
        return JSONResponse({"event_id": "m1", "decision_id": decision_id,
                             "status": "confirmed" if body["decision"] == "confirm" else "rejected"}, 202)

    @router.get("/v1/risk-overview")
    async def overview(caller: Caller = Depends(require_scopes("hub:read"))):
        return OVERVIEW

    @router.get("/v1/findings-stats")
    async def stats(caller: Caller = Depends(require_scopes("hub:read"))):
        return STATS

    return router


@dataclass
class UiHub:
    url: str
    app: FastAPI
    data_dir: Path
    stub: StubState

    def password(self, username: str) -> str:
        return PasswordStore(oauth_state_dir(self.data_dir)).read()[username]["password"]

    def browser(self, accept_language: str | None = "en") -> httpx.Client:
        headers = {"Accept-Language": accept_language} if accept_language else {}
        return httpx.Client(base_url=self.url, timeout=15, follow_redirects=True, headers=headers)

    def sign_in(self, client: httpx.Client, username: str, path: str = "/ui/suppliers") -> httpx.Response:
        """Go to ``path``, get sent to the login page, sign in, land on ``path``."""
        page = client.get(path)
        assert page.url.path == "/oauth/authorize", page.url
        form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
        form |= {"username": username, "password": self.password(username), "action": "login"}
        return client.post("/oauth/authorize", data=form)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

