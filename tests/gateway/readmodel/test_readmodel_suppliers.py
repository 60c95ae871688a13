"""Reading the shared view over HTTP: by id (308, 404, visibility), search, the feed and its cursors."""

from __future__ import annotations

from datetime import date

import pytest

from gateway.readmodel.models import FeedPage, MergedSupplier, SupplierPage

from readmodel_support import audit, finding, merged

pytestmark = pytest.mark.integration

SITE = "region-ostergotland:F1"
RESTRICTED = audit("OST-9", date(2019, 3, 20), severity="zero_tolerance", open_=2, shared=False,
                   partners=("region-kalmar", "region-ostergotland"), site=SITE)
SHARED = audit("ADDA-1", date(2024, 3, 5), severity="critical", open_=1, shared=True, partners=("adda",))


@pytest.fixture(scope="module")
def glove(live):
    view = merged("HUB-GLOVE", 3, "Kalmar Glove Sdn Bhd", buyers=("region-kalmar", "region-skane"),
                  aliases=("KALMAR GLOVES SDN. BHD.",), identifiers=(("MY-SSM", "201901012345 (1234567-X)"),),
                  audits=[RESTRICTED, SHARED], sanction_step="formal_warning",
                  findings=[finding("ADDA-1", "critical"), finding("OST-9", "zero_tolerance", site=SITE)],
                  sites=[{"site_id": SITE, "name": "Klang factory", "country": "MY", "address": None,
                          "postal_code": None, "city": "Klang", "kind": "factory"}])
    others = [merged("HUB-SCALPEL", 1, "Sialkot Surgical (Pvt) Ltd", country="PK", buyers=("region-skane",),
                     categories=("33169000",)),
              merged("HUB-MALMO", 1, "Malmö Medical AB", country="SE", buyers=("adda",),
                     identifiers=(("SE-ON", "556012-5790"),))]
    live.suppliers(merged("HUB-GLOVE", 2, "Kalmar Glove Sdn Bhd"), view, *others)
    live.eventually(lambda: live.get("/v1/suppliers/HUB-MALMO").status_code == 200)
    return view


def test_a_non_participant_sees_that_a_restricted_audit_happened_and_nothing_more(live, glove):
    resp = live.get("/v1/suppliers/HUB-GLOVE", "region-skane")
    assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
    body = resp.json()
    MergedSupplier.model_validate(body)
    restricted = next(a for a in body["audits"] if a["audit_id"] == "OST-9")
    assert restricted == {"audit_id": "OST-9", "audit_date": "2019-03-20", "highest_severity": "zero_tolerance"}
    assert [f["audit_id"] for f in body["open_findings"]] == ["ADDA-1"]
    assert body["version"] == 3 and body["source_records"][0]["received_at"].endswith("Z")


@pytest.mark.parametrize("client", ["region-kalmar", "admin"])
def test_participants_and_the_admin_see_the_details(live, glove, client):
    body = live.get("/v1/suppliers/HUB-GLOVE", client).json()
    restricted = next(a for a in body["audits"] if a["audit_id"] == "OST-9")
    assert restricted["participating_partners"] == ["region-kalmar", "region-ostergotland"]
    assert len(body["open_findings"]) == 2


def test_the_planner_is_no_participant(live, glove):
    body = live.get("/v1/suppliers/HUB-GLOVE", "planner").json()
    assert "participating_partners" not in body["audits"][0]


def test_a_merged_away_hub_id_answers_308_to_the_end_of_its_chain(live, glove):
    live.suppliers(merged("HUB-OLD2", 4, "", successor="HUB-OLD1"), merged("HUB-OLD1", 5, "", successor="HUB-GLOVE"))
    resp = live.eventually(lambda: (r := live.get("/v1/suppliers/HUB-OLD2", follow_redirects=False)).status_code == 308
                          and r)
    assert resp.headers["location"] == "/v1/suppliers/HUB-GLOVE"
    assert live.get("/v1/suppliers/HUB-OLD2", follow_redirects=True).json()["hub_id"] == "HUB-GLOVE"


def test_an_unknown_hub_id_is_a_404_problem(live, glove):
    resp = live.get("/v1/suppliers/HUB-NOPE")
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("application/problem+json")


def test_reading_needs_a_token_with_hub_read(live, glove):
    assert live.gateway.http.get("/v1/suppliers/HUB-GLOVE").status_code == 401
    token = live.gateway.token("region-kalmar", scope="hub:alerts")
    assert live.gateway.http.get("/v1/suppliers/HUB-GLOVE",
                                headers={"Authorization": f"Bearer {token}"}).status_code == 403


def test_search_finds_a_name_however_it_is_written(live, glove):
    for q in ("KALMAR GLOVES SDN. BHD.", "kalmar glove", "Kalmr Gloves"):
        body = live.get("/v1/suppliers", params={"q": q}).json()
        SupplierPage.model_validate(body)
        assert body["items"][0]["hub_id"] == "HUB-GLOVE", q
        assert 0 < body["items"][0]["score"] <= 1
    assert live.get("/v1/suppliers", params={"q": "malmo"}).json()["items"][0]["hub_id"] == "HUB-MALMO"
    assert live.get("/v1/suppliers", params={"q": "556012-5790"}).json()["items"][0]["score"] == 1.0


def test_search_summaries_and_filters_respect_visibility(live, glove):
    def ids(client="planner", **params):
        return [i["hub_id"] for i in live.get("/v1/suppliers", client, params=params).json()["items"]]

    summary = live.get("/v1/suppliers", "region-skane", params={"q": "kalmar glove"}).json()["items"][0]
    assert (summary["open_findings"], summary["max_open_severity"]) == (1, "critical")
    assert summary["last_audit_date"] == "2024-03-05" and summary["sanction_step"] == "formal_warning"
    participant = live.get("/v1/suppliers", "region-kalmar", params={"q": "kalmar glove"}).json()["items"][0]
    assert (participant["open_findings"], participant["max_open_severity"]) == (3, "zero_tolerance")
    assert "HUB-GLOVE" not in ids("region-skane", min_severity="zero_tolerance")
    assert "HUB-GLOVE" in ids("region-kalmar", min_severity="zero_tolerance")
    assert ids(country="pk") == ["HUB-SCALPEL"]
    assert ids(identifier="SE-ON:5560125790") == ["HUB-MALMO"]
    assert ids(identifier="556012-5790") == ["HUB-MALMO"]
    assert "HUB-GLOVE" in ids(partner="region-skane") and "HUB-MALMO" not in ids(partner="region-skane")
    assert ids(sanction_step="written_demand") == ["HUB-GLOVE"]
    assert ids(area="environment") == []


def test_a_country_that_is_no_iso_code_or_an_empty_identifier_is_a_422_naming_it(live, glove):
    for bad in ("Sweden", "XQ", "ÖÖ"):
        resp = live.get("/v1/suppliers", params={"country": bad})
        assert resp.status_code == 422 and resp.headers["content-type"] == "application/problem+json"
        assert resp.json()["errors"] == [{"loc": ["query", "country"], "msg": "not an ISO 3166-1 alpha-2 code"}]
        assert bad not in resp.text  # the problem names the parameter, not what was sent
    blank = live.get("/v1/suppliers", params={"identifier": "--"})
    assert blank.status_code == 422 and blank.json()["errors"][0]["loc"] == ["query", "identifier"]


def test_search_pages_with_an_opaque_cursor_and_refuses_bad_paging(live, glove):
    seen, cursor = [], None
    while True:
        body = live.get("/v1/suppliers", params={"limit": 1} | ({"cursor": cursor} if cursor else {})).json()
        seen += [i["hub_id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [i["hub_id"] for i in live.get("/v1/suppliers").json()["items"]]
    assert live.get("/v1/suppliers", params={"limit": 501}).status_code == 422
    assert live.get("/v1/suppliers", params={"cursor": "bm90IGEgY3Vyc29y"}).status_code == 422
    feed_cursor = live.get("/v1/feed", params={"limit": 1}).json()["next_cursor"]
    assert live.get("/v1/suppliers", params={"cursor": feed_cursor}).status_code == 422


def test_the_feed_has_every_version_in_order_and_resumes_from_a_cursor(live, glove):
    def page(after=None, limit=500):
        params = {"limit": limit} | ({"after": after} if after else {})
        body = live.get("/v1/feed", "region-skane", params=params).json()
        FeedPage.model_validate(body)
        return body

    versions = [(i["hub_id"], i["version"]) for i in page()["items"]]
    assert versions.index(("HUB-GLOVE", 2)) < versions.index(("HUB-GLOVE", 3))
    first = page(limit=2)
    rest = page(after=first["next_cursor"])
    assert [(i["hub_id"], i["version"]) for i in first["items"] + rest["items"]] == versions
    assert page(after=first["items"][0]["cursor"])["items"][0] == first["items"][1]
    glove_v3 = next(i for i in page()["items"] if (i["hub_id"], i["version"]) == ("HUB-GLOVE", 3))
    assert "participating_partners" not in glove_v3["supplier"]["audits"][0]  # redacted here too

    tail = rest["next_cursor"]
    assert page(after=tail)["items"] == []
    live.suppliers(merged("HUB-SCALPEL", 2, "Sialkot Surgical (Pvt) Ltd", country="PK", buyers=("region-skane",)))
    new = live.eventually(lambda: page(after=tail)["items"])
    assert [(i["hub_id"], i["version"]) for i in new] == [("HUB-SCALPEL", 2)]
