"""The dashboard's server side over real HTTP, against a stub of the read API.

Sign-in (authorization code + PKCE against the embedded server), the sealed
session cookie, CSRF, each page's rendering in English and Swedish (and the
shell, the partner terms, exports and charts in Norwegian and Finnish), the
plan exports and the SSE proxy. The browser tests (test_browser.py) cover
the same story end to end on the real hub.
"""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from openpyxl import load_workbook

from ui_support import HUB_ID, csrf_of


def test_pages_need_a_session_and_sign_in_uses_pkce_s256(ui):
    with httpx.Client(base_url=ui.url, follow_redirects=False) as client:
        first = client.get("/ui/suppliers?q=glove")
        assert first.status_code == 303 and first.headers["location"].startswith("/ui/login?next=")
        login = client.get(first.headers["location"])
        assert login.status_code == 303
        auth = urlsplit(login.headers["location"])
        assert auth.path == "/oauth/authorize"
        q = parse_qs(auth.query)
        assert q["client_id"] == ["hub-ui"] and q["response_type"] == ["code"]
        assert q["code_challenge_method"] == ["S256"] and len(q["code_challenge"][0]) == 43
        assert q["redirect_uri"] == [ui.url + "/ui/callback"]
        cookie = login.headers["set-cookie"]
        assert "hub_ui_signin=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
        assert "Path=/ui" in cookie


def test_sign_in_lands_on_the_page_asked_for_with_a_sealed_session(ui):
    with ui.browser() as client:
        page = ui.sign_in(client, "anna.lind@region-kalmar", "/ui/suppliers?q=sentosa")
        assert page.status_code == 200 and page.url.path == "/ui/suppliers" and page.url.params["q"] == "sentosa"
        set_cookies = [r.headers.get_list("set-cookie") for r in page.history]
        session = next(c for cs in set_cookies for c in cs if c.startswith("hub_ui="))
        assert "HttpOnly" in session and "samesite=lax" in session.lower() and "Path=/ui" in session
        value = session.split(";")[0].split("=", 1)[1]
        assert "eyJ" not in value  # the access token (a JWT) is not readable in the cookie
        assert "Anna Lind" in page.text and "Region Kalmar län" in page.text
        assert ui.stub.searches[-1]["_subject"] == "anna.lind@region-kalmar"  # the API saw the user's token


def test_page_shell_is_accessible(anna):
    page = anna.get("/ui/suppliers")
    html = page.text
    assert '<html lang="en">' in html
    assert '<a class="skip" href="#main">' in html and '<main id="main"' in html
    assert '<label for="q">' in html and 'id="q"' in html
    assert '<th scope="col">' in html and 'aria-current="page"' in html
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script>" not in html  # no inline script


def test_search_results_and_htmx_partial(anna):
    page = anna.get("/ui/suppliers", params={"q": "sentosa"})
    assert "Sentosa Glove Industries Sdn Bhd" in page.text and f"/ui/suppliers/{HUB_ID}" in page.text
    assert "Formal warning" in page.text and "cursor=c2" in page.text
    part = anna.get("/ui/suppliers", params={"q": "sentosa"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert "<html" not in part.text and 'role="status"' in part.text
    none = anna.get("/ui/suppliers", params={"q": "nothing like it"})
    assert "No supplier matches the search." in none.text


def test_supplier_detail_shows_findings_provenance_risks_and_confidentiality(anna):
    page = anna.get(f"/ui/suppliers/{HUB_ID}")
    html = page.text
    assert page.status_code == 200
    assert 'id="open-findings"' in html and "F-3" in html and "Labour rights" in html and "Critical" in html
    assert "Klang factory 2" in html and "MY-SSM" in html and "199701012345" in html
    assert 'aria-current="step"' in html and "Formal warning" in html
    assert "Details are shared with the participating partners only." in html  # A-2025-02 is restricted
    assert "RA-GLOVES-MY" in html and "Very high" in html
    assert "Provenance" in html and "RK-2231" in html
    assert "Alert history" in html and "critical finding in labour_rights" in html


def test_merged_away_supplier_redirects_to_its_successor(anna):
    resp = anna.get("/ui/suppliers/HUB-OLD", follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == f"/ui/suppliers/{HUB_ID}"
    assert anna.get("/ui/suppliers/HUB-NOPE").status_code == 404


def test_swedish_is_chosen_by_lang_and_remembered(anna):
    page = anna.get(f"/ui/suppliers/{HUB_ID}", params={"lang": "sv"})
    html = page.text
    assert '<html lang="sv">' in html
    assert "Öppna avvikelser" in html and "Sanktionstrappa" in html and "Arbetsrätt" in html
    assert "Formell varning" in html and "Platsrevision" in html and "Kritisk" in html
    again = anna.get("/ui/risk")
    assert '<html lang="sv">' in again.text and "Riskbild" in again.text
    back = anna.get("/ui/risk", params={"lang": "en"})
    assert '<html lang="en">' in back.text


def test_browser_language_is_the_default(ui):
    with ui.browser("sv-SE,sv;q=0.9,en;q=0.5") as client:
        page = ui.sign_in(client, "olof.reviewer@hub")
        assert '<html lang="sv">' in page.text and "Sök leverantör" in page.text


@pytest.mark.parametrize("user, lang", [("anna.lind@region-kalmar", "sv"), ("ingrid.berg@sykehusinnkjop", "nb"),
                                        ("aino.virtanen@hus", "fi"), ("olof.reviewer@hub", "en")])
def test_without_a_browser_preference_the_partners_language_is_used(ui, user, lang):
    with ui.browser(None) as client:
        assert f'<html lang="{lang}">' in ui.sign_in(client, user).text


@pytest.mark.parametrize("lang, words", [
    ("nb", ["Åpne avvik", "Sanksjonstrapp", "Arbeidstakerrettigheter", "Formell advarsel", "Stedlig revisjon",
            "Kritisk", "Frist for plan for korrigerende tiltak"]),
    ("fi", ["Avoimet poikkeamat", "Sanktioportaikko", "Työntekijöiden oikeudet", "Virallinen varoitus",
            "Kriittinen", "Korjaavien toimenpiteiden määräaika"]),
])
def test_norwegian_and_finnish_are_chosen_by_lang_and_remembered(anna, lang, words):
    html = anna.get(f"/ui/suppliers/{HUB_ID}", params={"lang": lang}).text
    assert f'<html lang="{lang}">' in html
    assert all(word in html for word in words), [w for w in words if w not in html]
    for code, name in (("en", "English"), ("sv", "Svenska"), ("nb", "Norsk bokmål"), ("fi", "Suomi")):
        assert f'lang="{code}" hreflang="{code}"' in html and f">{name}</a>" in html  # the language switch
    assert f'hreflang="{lang}" aria-current="true"' in html
    assert f'<html lang="{lang}">' in anna.get("/ui/risk").text  # the cookie remembers it


@pytest.mark.parametrize("header, lang, words", [
    ("nb-NO,nb;q=0.9,en;q=0.5", "nb", ("Passord", "Søk etter leverandør")),
    ("no", "nb", ("Passord", "Søk etter leverandør")),
    ("nn-NO,nn;q=0.9", "nb", ("Passord", "Søk etter leverandør")),
    ("fi-FI,fi;q=0.9,en;q=0.5", "fi", ("Salasana", "Toimittajahaku")),
])
def test_norwegian_and_finnish_browsers_get_their_language_from_login_on(ui, header, lang, words):
    with ui.browser(header) as client:
        login = client.get("/ui/suppliers")
        assert login.url.path == "/oauth/authorize" and login.url.params["ui_locales"] == lang
        assert f'<html lang="{lang}">' in login.text and words[0] in login.text
        page = ui.sign_in(client, "olof.reviewer@hub")
        assert f'<html lang="{lang}">' in page.text and words[1] in page.text


def test_risk_overview_heatmap_and_chart_data(anna):
    page = anna.get("/ui/risk", params={"lang": "en"})
    html = page.text
    assert 'id="heatmap"' in html and "Surgical gloves" in html and "risk-very_high" in html
    assert 'id="critical-table"' in html and ">MY<" in html
    assert '/ui/static/vendor/chart.umd.min.js' in html
    data = json.loads(html.split('id="chart-months-data">')[1].split("</script>")[0])
    assert data["labels"] == ["2024-03", "2025-02"]
    assert {s["key"] for s in data["series"]} == {"critical", "major"}


def test_planner_ranking_and_exports(anna):
    page = anna.get("/ui/plan", params={"country": "my", "lang": "en"})
    assert 'id="plan-table"' in page.text and "Open findings, critical: 1" in page.text  # said from params
    assert "very high risk for 33141420 in MY" in page.text  # a reason without params: the API's English
    assert "Adda Inköpscentral" in page.text and "country=MY" in page.text
    got = anna.get("/ui/plan.csv", params={"country": "MY"})
    assert got.headers["content-type"].startswith("text/csv") and "attachment" in got.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Rank" and rows[1][2] == HUB_ID
    assert rows[1][1].startswith("'=")  # no formula injection
    xlsx = anna.get("/ui/plan.xlsx")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws["A1"].value == "Rank" and ws["C2"].value == HUB_ID and ws["B2"].data_type == "s"


def test_a_value_the_api_refuses_is_pointed_out_not_reported_as_an_outage(anna):
    page = anna.get("/ui/suppliers", params={"country": "XQ", "lang": "en"})
    assert page.status_code == 200 and 'role="alert"' in page.text
    assert 'aria-invalid="true" aria-describedby="country-error country-hint"' in page.text
    assert '<li id="country-error">Country: use a two-letter ISO code' in page.text
    assert "could not answer" not in page.text and "No supplier matches" not in page.text
    partial = anna.get("/ui/suppliers", params={"country": "XQ"}, headers={"HX-Request": "true", "HX-Target": "results"})
    assert 'role="alert"' in partial.text and "country-error" in partial.text
    plan = anna.get("/ui/plan", params={"category": "gloves", "lang": "fi"})
    assert plan.status_code == 200 and "Hankintaluokka: käytä 2–8-numeroista CPV-koodia" in plan.text
    assert 'id="category" name="category" value="gloves"' in plan.text and "plan.csv" not in plan.text
    export = anna.get("/ui/plan.csv", params={"country": "XQ", "lang": "en"})
    assert export.status_code == 422 and "two-letter ISO code" in export.text


@pytest.mark.parametrize("lang, rank, title, critical", [("nb", "Rangering", "Planlegg felles revisjon", "Kritisk"),
                                                         ("fi", "Sija", "Yhteisauditointien suunnittelu",
                                                          "Kriittinen")])
def test_exports_and_charts_speak_norwegian_and_finnish(anna, lang, rank, title, critical):
    rows = list(csv.reader(io.StringIO(anna.get("/ui/plan.csv", params={"lang": lang}).content.decode("utf-8-sig"))))
    assert rows[0][0] == rank and rows[1][2] == HUB_ID
    assert rows[1][6].startswith({"nb": "Åpne avvik, kritisk: 1", "fi": "Avoimia poikkeamia, kriittinen: 1"}[lang])
    wb = load_workbook(io.BytesIO(anna.get("/ui/plan.xlsx", params={"lang": lang}).content))
    assert wb.active.title == title and wb.active["A1"].value == rank
    html = anna.get("/ui/risk", params={"lang": lang}).text
    data = json.loads(html.split('id="chart-months-data">')[1].split("</script>")[0])
    assert critical in {s["label"] for s in data["series"]}


def test_reviews_need_the_review_scope(anna):
    page = anna.get("/ui/reviews")
    assert page.status_code == 403 and "hub:review" in page.text
    assert "/ui/reviews" not in anna.get("/ui/suppliers").text  # not in the navigation either


def test_review_decision_needs_csrf_and_is_made_as_the_user(ui, reviewer):
    page = reviewer.get("/ui/reviews")
    assert "Record A" in page.text and "Sentosa Gloves Sdn. Bhd." in page.text and "name similarity 0.91" in page.text
    refused = reviewer.post("/ui/reviews/D-42", data={"decision": "confirm"})
    assert refused.status_code == 403 and not ui.stub.decisions
    cross = reviewer.post("/ui/reviews/D-42", data={"decision": "confirm", "csrf": csrf_of(page.text)},
                          headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403 and not ui.stub.decisions
    done = reviewer.post("/ui/reviews/D-42", data={"decision": "confirm", "note": "same SSM number",
                                                    "csrf": csrf_of(page.text)})
    assert done.status_code == 200 and done.url.path == "/ui/reviews"
    assert "Confirmed. The records will be merged." in done.text
    assert ui.stub.decisions == [{"decision_id": "D-42", "by": "olof.reviewer@hub", "decision": "confirm",
                                  "note": "same SSM number"}]
    again = reviewer.post("/ui/reviews/D-42", data={"decision": "reject", "csrf": csrf_of(page.text)},
                          headers={"HX-Request": "true", "X-CSRF-Token": csrf_of(page.text)})
    assert "<html" not in again.text and "Someone has already decided this pair." in again.text
    ui.stub.decisions.clear()


def test_live_alerts_are_proxied_as_rendered_events(ui, anna):
    page = anna.get("/ui/alerts")
    assert 'data-stream="/ui/alerts/stream?after=0-5"' in page.text and "AL-1" not in page.text
    assert "critical finding in labour_rights" in page.text
    with anna.stream("GET", "/ui/alerts/stream?after=0-5") as resp:
        assert resp.headers["content-type"].startswith("text/event-stream")
        lines = []
        for line in resp.iter_lines():
            lines.append(line)
            if line.startswith("data: <li"):
                break
    assert "id: 0-6" in lines and "event: alert" in lines
    data = next(x for x in lines if x.startswith("data: <li"))
    assert "after 0-5" in data  # the cursor was handed upstream as Last-Event-ID
    assert f"/ui/suppliers/{HUB_ID}" in data and "Critical finding" in data


def test_stream_without_session_ends_at_once(ui):
    with ui.browser() as client:
        body = client.get("/ui/alerts/stream").text
    assert "event: ended" in body


def test_tampered_session_means_signing_in_again(ui):
    with httpx.Client(base_url=ui.url, follow_redirects=False) as client:
        client.cookies.set("hub_ui", "AAAA" * 40, domain="127.0.0.1", path="/ui")
        assert client.get("/ui/suppliers").headers["location"].startswith("/ui/login")


def test_login_next_is_never_an_open_redirect(ui):
    with httpx.Client(base_url=ui.url, follow_redirects=False) as client:
        for evil in ("https://evil.example/", "//evil.example/ui", "/ui\\@evil.example"):
            client.get("/ui/login", params={"next": evil})
            cookie = client.cookies.get("hub_ui_signin")
            assert cookie  # sealed: we check the landing instead
        page = ui.sign_in(client.__class__(base_url=ui.url, follow_redirects=True), "anna.lind@region-kalmar",
                          "/ui/login?next=https://evil.example/")
        assert page.url.host == "127.0.0.1"


def test_callback_with_a_foreign_state_is_refused(ui):
    with ui.browser() as client:
        client.get("/ui/login")
        resp = client.get("/ui/callback", params={"code": "x", "state": "not-mine"})
        assert resp.status_code == 400 and "state_mismatch" in resp.text


def test_cancelled_sign_in_says_so(ui):
    with ui.browser() as client:
        page = client.get("/ui/suppliers")
        import re
        form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text))
        resp = client.post("/oauth/authorize", data=form | {"action": "cancel"})
        assert resp.status_code == 400 and "Sign-in was cancelled." in resp.text


def test_sign_out_needs_csrf_and_ends_both_sessions(ui):
    with ui.browser() as client:
        page = ui.sign_in(client, "anna.lind@region-kalmar")
        assert client.post("/ui/logout", data={}).status_code == 403
        out = client.post("/ui/logout", data={"csrf": csrf_of(page.text)})
        assert out.url.path == "/ui/signed-out" and "You are signed out." in out.text
        assert "hub_ui" not in client.cookies and "hub_login" not in client.cookies
        assert client.get("/ui/suppliers").url.path == "/oauth/authorize"  # password again


def test_static_files_are_served_and_contained(ui):
    with ui.browser() as client:
        js = client.get("/ui/static/vendor/htmx.min.js")
        assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
        assert client.get("/ui/static/hub.css").status_code == 200
        assert client.get("/ui/static/../session.py").status_code == 404
        assert client.get("/ui/static/%2e%2e/session.py").status_code == 404


def test_ui_is_not_in_the_api_contract(ui):
    with ui.browser() as client:
        paths = client.get("/openapi.json").json()["paths"]
    assert not any(p.startswith("/ui") for p in paths)


@pytest.mark.parametrize("path", ["/ui", "/ui/"])
def test_home_goes_to_the_supplier_search(ui, path):
    with httpx.Client(base_url=ui.url, follow_redirects=False) as client:
        assert client.get(path).headers["location"] == "/ui/suppliers"
