"""Ranking joint-audit candidates: findings, risk, audit age, leverage; reasons explain every point."""

from __future__ import annotations

from datetime import date, datetime, timezone

from hub.core.audit_plan import months_between, plan
from hub.core.views import RiskBook
from hub.core.visibility import PUBLIC, redact
from hub.rules.audit_plan import AuditPlanRules

TODAY = date(2026, 11, 25)
GLOVES = "33141420"


def supplier(hub_id: str, name: str, *, country: str = "MY", buyers=("region-kalmar",), audits=(), findings=(),
             sites=(), categories=(GLOVES,), risks=(), by_site=()) -> dict:
    return {"hub_id": hub_id, "canonical_name": name, "country": country, "buyers": list(buyers),
            "categories": list(categories), "audits": list(audits), "open_findings": list(findings),
            "sites": list(sites), "risks": list(risks), "last_audit_by_site": list(by_site), "successor": None}


def audit(audit_id: str, when: date, *, severity=None, open_=0, shared=True, site=None, partners=("adda",)) -> dict:
    return {"audit_id": audit_id, "audit_date": when, "audit_type": "site" if site else "office", "site_id": site,
            "participating_partners": list(partners), "confidentiality": "shared" if shared else "participants",
            "highest_severity": severity, "open_findings": open_}


def finding(audit_id: str, severity: str, area="labour_rights", site=None) -> dict:
    return {"audit_id": audit_id, "finding_id": f"{audit_id}-{severity}", "area": area, "severity": severity,
            "clause": "4.2", "cap_due_date": None, "site_id": site}


def book(level: str, country="MY", category=GLOVES) -> RiskBook:
    b = RiskBook()
    b.add({"partner": "region-ostergotland", "analysis_id": "RA-1", "event_id": "e1",
           "occurred_at": datetime(2025, 1, 1, tzinfo=timezone.utc), "category": category, "country": country,
           "product": None, "valid_from": date(2025, 1, 1), "valid_to": None,
           "risks": [{"area": "labour_rights", "risk_level": level}]})
    return b


def codes(item: dict) -> list[str]:
    return [r["code"] for r in item["reasons"]]


def test_an_open_critical_finding_puts_a_supplier_first_with_its_reasons():
    recent = audit("A1", date(2026, 6, 1), severity="minor")
    views = [supplier("HUB-B", "Bravo Gloves", audits=[recent]),
             supplier("HUB-A", "Alpha Gloves", audits=[audit("A2", date(2024, 3, 5), severity="critical", open_=1)],
                      findings=[finding("A2", "critical")])]
    items = plan(views, book("very_high"), TODAY)
    top = items[0]
    assert (top["rank"], top["hub_id"], top["site"]) == (1, "HUB-A", None)
    assert codes(top) == ["open_critical", "category_risk", "audit_overdue"]
    assert top["score"] == sum(r["weight"] for r in top["reasons"])
    assert "1 open critical finding (labour rights)" in top["reasons"][0]["text"]
    assert "very high risk" in top["reasons"][1]["text"] and "MY" in top["reasons"][1]["text"]
    assert top["partners"] == ["region-kalmar"]
    # The same facts as data, for a client to say them in its user's language.
    assert [r["params"] for r in top["reasons"]] == [
        {"count": 1, "severity": "critical", "areas": ["labour_rights"], "at_site": False},
        {"level": "very_high", "areas": ["labour_rights"], "where": [{"category": GLOVES, "country": "MY"}]},
        {"at_site": False, "last_audit": "2024-03-05", "months": 32, "horizon_months": 12}]


def test_never_audited_and_leverage_count_and_ties_break_by_name():
    views = [supplier("HUB-2", "Zulu", buyers=("adda", "region-kalmar", "region-skane")),
             supplier("HUB-1", "Yankee", buyers=("adda", "region-kalmar", "region-skane"))]
    items = plan(views, None, TODAY)
    assert [i["canonical_name"] for i in items] == ["Yankee", "Zulu"]
    assert codes(items[0]) == ["never_audited", "leverage"]
    assert items[0]["partners"] == ["adda", "region-kalmar", "region-skane"]
    assert [r["params"] for r in items[0]["reasons"]] == [
        {"at_site": False}, {"count": 3, "partners": ["adda", "region-kalmar", "region-skane"]}]


def test_sites_are_candidates_of_their_own_and_findings_count_where_they_were_made():
    site = {"site_id": "adda:F1", "name": "Klang factory", "country": "MY", "city": "Klang", "kind": "factory"}
    views = [supplier("HUB-1", "Alpha", country="SE", sites=[site],
                      audits=[audit("A1", date(2026, 1, 10), severity="zero_tolerance", open_=1, site="adda:F1")],
                      findings=[finding("A1", "zero_tolerance", site="adda:F1")],
                      by_site=[{"site_id": "adda:F1", "last_audit_date": date(2026, 1, 10)}])]
    items = plan(views, book("high"), TODAY, country="MY")
    assert len(items) == 1  # the Swedish supplier itself is not in MY; its factory is
    assert items[0]["site"]["site_id"] == "adda:F1"
    assert codes(items[0]) == ["open_zero_tolerance", "category_risk"]


def test_a_restricted_audit_counts_by_its_public_severity_for_non_participants():
    hidden = audit("R1", date(2025, 2, 1), severity="critical", open_=2, shared=False, partners=("region-kalmar",))
    views = [redact(supplier("HUB-1", "Alpha", audits=[hidden]), PUBLIC)]
    (item,) = plan(views, None, TODAY)
    assert codes(item) == ["restricted_audit", "audit_overdue"]
    assert "restricted" in item["reasons"][0]["text"]


def test_a_participant_sees_its_restricted_audit_counted_as_an_open_finding():
    hidden = audit("R1", date(2026, 2, 1), severity="critical", open_=2, shared=False, partners=("region-kalmar",))
    (item,) = plan([supplier("HUB-1", "Alpha", audits=[hidden])], None, TODAY)
    assert codes(item) == ["open_critical"]


def test_category_filter_keeps_suppliers_at_or_under_the_code_and_horizon_matters():
    old = audit("A1", date(2025, 1, 15))
    views = [supplier("HUB-1", "Gloves", audits=[old]), supplier("HUB-2", "Scalpels", categories=("33169000",))]
    items = plan(views, None, TODAY, category="33140000")
    assert [i["hub_id"] for i in items] == ["HUB-1"]
    assert codes(items[0]) == ["audit_overdue"]
    assert plan(views, None, TODAY, category="33140000", horizon_months=36)[0]["reasons"] == []


def test_weights_are_data():
    views = [supplier("HUB-1", "Alpha")]
    (item,) = plan(views, None, TODAY, rules=AuditPlanRules(never_audited=99.0))
    assert item["score"] == 99.0


def test_months_between():
    assert months_between(date(2025, 11, 26), TODAY) == 11
    assert months_between(date(2025, 11, 25), TODAY) == 12
    assert months_between(date(2027, 1, 1), TODAY) == 0
