"""The detail of a participants-only audit over HTTP: its participants and the admin see it, nobody else.

Scenario (the demo's joint audit): Region Östergötland audited Sentosa's
Klang factory with Region Kalmar, participants only. The zero-tolerance
finding (recruitment fees) is closed; a critical one (fire alarms) is open,
with a CAP. The shared view, as the processors publish it, only counts it.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gateway.readmodel.models import MergedSupplier

from readmodel_support import T0, audit, merged, outcome

pytestmark = pytest.mark.integration

HUB = "HUB-SENTOSA"
SITE = "region-ostergotland:F1"
WHEN = date(2019, 3, 12)
FOUND = [("F1", "zero_tolerance", "closed", "Recruitment fees of up to 40,000 SEK"),
         ("F2", "critical", "open", "Fire alarms in the dormitories did not work")]


@pytest.fixture(scope="module")
def sentosa(live):
    summary = audit("RO-PR-2019-03", WHEN, severity="zero_tolerance", open_=1, shared=False,
                    partners=("region-kalmar", "region-ostergotland"), site=SITE)
    live.outcomes(outcome("RO-PR-2019-03", WHEN, FOUND))
    live.suppliers(merged(HUB, 1, "Sentosa Glove Industries Sdn Bhd", buyers=("region-kalmar", "region-skane"),
                          audits=[summary], sites=[{"site_id": SITE, "name": "Klang factory 1", "country": "MY",
                                                    "address": None, "postal_code": None, "city": "Klang",
                                                    "kind": "factory"}]))
    live.eventually(lambda: b"Fire alarms" in live.get(f"/v1/suppliers/{HUB}", "admin").content)


def test_a_participant_sees_the_findings_with_their_descriptions_and_caps(live, sentosa):
    body = live.get(f"/v1/suppliers/{HUB}", "region-kalmar").json()
    MergedSupplier.model_validate(body)
    assert body["open_findings"] == [{"audit_id": "RO-PR-2019-03", "finding_id": "F2", "area": "labour_rights",
                                      "severity": "critical", "clause": "Health and safety",
                                      "cap_due_date": "2026-12-31", "site_id": SITE}]
    (summary,) = body["audits"]
    assert summary["open_findings"] == 1 and summary["participating_partners"] == ["region-kalmar",
                                                                                   "region-ostergotland"]
    closed, critical = summary["findings"]
    assert (closed["finding_id"], closed["status"]) == ("F1", "closed")
    assert critical["description"] == "Fire alarms in the dormitories did not work"
    assert critical["corrective_actions"] == [{"description": "fix: Fire alarms in the dormitories did not work",
                                               "owner": "Factory HR manager", "due_date": "2026-12-31",
                                               "status": "open"}]


@pytest.mark.parametrize("client", ["region-skane", "planner"])
def test_a_non_participant_and_the_planner_see_only_that_it_happened_when_and_how_severe(live, sentosa, client):
    resp = live.get(f"/v1/suppliers/{HUB}", client)
    assert resp.json()["audits"] == [{"audit_id": "RO-PR-2019-03", "audit_date": "2019-03-12",
                                      "highest_severity": "zero_tolerance"}]
    assert resp.json()["open_findings"] == []
    assert b"Fire" not in resp.content and b"Recruitment" not in resp.content and b"Factory HR" not in resp.content


def test_the_admin_sees_all(live, sentosa):
    assert live.get(f"/v1/suppliers/{HUB}", "admin").json() == live.get(f"/v1/suppliers/{HUB}", "region-kalmar").json()


def test_search_summaries_count_a_participant_s_open_findings_and_never_a_closed_one(live, sentosa):
    def first(client, **params):
        items = live.get("/v1/suppliers", client, params={"q": "sentosa glove"} | params).json()["items"]
        return [(i["open_findings"], i["max_open_severity"]) for i in items if i["hub_id"] == HUB]

    assert first("region-kalmar") == [(1, "critical")]  # not the closed zero-tolerance finding
    assert first("region-skane") == [(0, None)]
    assert first("region-kalmar", min_severity="critical", area="labour_rights") == [(1, "critical")]
    assert first("region-kalmar", min_severity="zero_tolerance") == []
    assert first("region-skane", min_severity="minor") == []


def test_a_newer_outcome_renders_the_participants_view_anew(live, sentosa):
    closed = [(f, s, "closed", text) for f, s, _, text in FOUND]
    live.outcomes(outcome("RO-PR-2019-03", WHEN, closed, occurred_at=T0 + timedelta(days=1)))
    body = live.eventually(lambda: (b := live.get(f"/v1/suppliers/{HUB}", "region-kalmar").json())["open_findings"]
                           == [] and b)
    assert [f["status"] for f in body["audits"][0]["findings"]] == ["closed", "closed"]
