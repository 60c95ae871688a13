"""The read model's parts without a broker: cursors, log paging, the view cache, reviews, search."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from gateway.readmodel.cache import SupplierCache, dumps
from gateway.readmodel.cursors import InvalidCursor, decode_index, decode_log, encode_index, encode_log
from gateway.readmodel.ingest import Message
from gateway.readmodel.reviews import ReviewBook
from gateway.readmodel.search import fts_queries, ranked
from gateway.readmodel.service import _valid
from gateway.readmodel.store import SearchFilter, Store
from hub.contracts.cloudevents import headers_for_event
from hub.kafka import topics as t
from hub.core.visibility import ADMIN, PUBLIC, Viewer, summary
from readmodel_support import T0, audit, decision, merged, outcome


def test_log_cursors_round_trip_and_refuse_what_they_did_not_make():
    token = encode_log("feed", {0: 12, 2: -1})
    assert decode_log("feed", token) == {0: 12, 2: -1}
    assert decode_log("feed", None) == {}
    too_far = encode_log("feed", {0: 2 ** 63})
    for bad in ("%%%", "abc", "é", encode_log("alerts", {0: 1}), encode_index("feed", 3), too_far):
        with pytest.raises(InvalidCursor):
            decode_log("feed", bad)
    assert decode_index("s", encode_index("s", 40, "q1"), "q1") == 40
    with pytest.raises(InvalidCursor):
        decode_index("s", encode_index("s", 40, "q1"), "q2")  # issued for another query


def test_log_pages_keep_a_prefix_of_every_partition():
    store = Store()
    store.begin()
    for part, off, ts in [(0, 0, 10), (0, 1, 30), (1, 0, 20), (1, 1, 5), (0, 2, 40)]:
        store.add_feed(part, off, ts, f"e{part}{off}", "H", off, f'{{"p":{part},"o":{off}}}')
    store.commit()
    reached = {0: 2, 1: 1}
    page, pos = store.log_page("feed", {}, 2, reached)
    # partition 1's offset 1 has an earlier timestamp but comes after its offset 0: order within a partition wins
    assert [(r.part, r.off) for r, _ in page] == [(0, 0), (1, 0)]
    assert pos == {0: 0, 1: 0}
    page, pos = store.log_page("feed", pos, 10, reached)
    assert [(r.part, r.off) for r, _ in page] == [(1, 1), (0, 1), (0, 2)]
    assert store.log_page("feed", pos, 10, reached) == ([], pos)


def test_a_filtered_reader_skips_past_what_did_not_match():
    store = Store()
    store.begin()
    for off in range(5):
        store.add_alert(0, off, off, {"alert_id": f"a{off}", "hub_id": "H", "kind": "cap_overdue",
                                      "partners": ["adda" if off == 1 else "hus"]}, 1, "{}")
    store.commit()
    where = "EXISTS (SELECT 1 FROM json_each(alerts.partners) WHERE value = ?)"
    page, pos = store.log_page("alerts", {}, 10, {0: 4}, where, ("adda",))
    assert [r.off for r, _ in page] == [1] and page[0][1] == {0: 1} and pos == {0: 4}


def test_re_emitted_versions_and_alerts_are_kept_once():
    store = Store()
    store.begin()
    assert store.add_feed(0, 0, 1, "e1", "H", 1, "{}")
    assert not store.add_feed(0, 5, 1, "e1", "H", 1, "{}")
    store.commit()


def test_the_cache_keeps_the_newest_version_and_follows_successors():
    cache = SupplierCache()
    assert cache.apply(merged("H1", 2, "Alpha AB"))[0]
    assert not cache.apply(merged("H1", 1, "Old Alpha AB"))[0]  # an older re-emission
    assert b"Alpha AB" in cache.body("H1", PUBLIC)
    cache.apply(merged("H0", 3, "", successor="H9"))
    cache.apply(merged("H9", 4, "", successor="H1"))
    assert cache.body("H0", PUBLIC) is None and cache.resolve("H0") == "H1"
    cache.apply(merged("C1", 1, "", successor="C2"))
    cache.apply(merged("C2", 1, "", successor="C1"))
    assert cache.resolve("C1") is None  # a cycle is unknown, never a redirect loop
    assert cache.resolve("NOPE") is None


def test_the_cache_renders_one_variant_per_audience():
    hidden = audit("R1", "2025-01-01", severity="critical", open_=1, shared=False, partners=("region-kalmar",))
    cache = SupplierCache()
    cache.apply(merged("H1", 1, "Alpha AB", audits=[hidden]))
    assert b"participating_partners" not in cache.body("H1", Viewer("adda"))
    assert b"participating_partners" in cache.body("H1", Viewer("region-kalmar"))
    assert b"participating_partners" in cache.body("H1", ADMIN)


SENTOSA = audit("OST-7", "2019-03-12", severity="zero_tolerance", open_=1, shared=False,
                 partners=("region-kalmar", "region-ostergotland"), site="region-ostergotland:F1")
FOUND = [("F1", "zero_tolerance", "closed", "Recruitment fees"), ("F2", "critical", "open", "Fire alarms broken")]


def test_the_detail_of_a_restricted_audit_reaches_its_participants_and_nobody_else():
    cache = SupplierCache()
    cache.apply(merged("H1", 1, "Sentosa", audits=[SENTOSA]))
    assert cache.apply_audit(outcome("OST-7", date(2019, 3, 12), FOUND)) == ["H1"]
    kalmar = json.loads(cache.body("H1", Viewer("region-kalmar")))
    assert kalmar["open_findings"] == [{"audit_id": "OST-7", "finding_id": "F2", "area": "labour_rights",
                                        "severity": "critical", "clause": "Health and safety",
                                        "cap_due_date": "2026-12-31", "site_id": "region-ostergotland:F1"}]
    f1, f2 = kalmar["audits"][0]["findings"]
    assert (f1["status"], f2["description"]) == ("closed", "Fire alarms broken")
    assert f2["corrective_actions"] == [{"description": "fix: Fire alarms broken", "owner": "Factory HR manager",
                                         "due_date": "2026-12-31", "status": "open"}]
    assert cache.body("H1", ADMIN) == cache.body("H1", Viewer("region-kalmar"))
    for viewer in (Viewer("adda"), PUBLIC):
        body = cache.body("H1", viewer)
        assert b"Fire" not in body and b"Recruitment" not in body
        assert json.loads(body)["audits"] == [{"audit_id": "OST-7", "audit_date": "2019-03-12",
                                               "highest_severity": "zero_tolerance"}]
    # the closed zero-tolerance finding is no open severity; others' summaries are as before
    assert (summary(cache.full["H1"], Viewer("region-kalmar"))["max_open_severity"]) == "critical"
    assert summary(cache.full["H1"], Viewer("adda"))["max_open_severity"] is None
    assert summary(cache.views["H1"], Viewer("region-kalmar"))["max_open_severity"] == "zero_tolerance"  # no detail
    row = cache.row("H1")
    assert row.findings == (("OST-7", "labour_rights", 2, True),)


def test_a_restricted_audit_s_detail_is_matched_by_date_and_participants_and_follows_its_latest_outcome():
    cache = SupplierCache()
    when = date(2019, 3, 12)
    assert cache.apply_audit(outcome("OST-7", when, FOUND)) == []  # no view names it yet
    cache.apply_audit(outcome("OST-7", when, [("F9", "minor", "open", "Other audit")], partner="adda",
                              partners=("adda",)))  # another partner's audit id, other participants
    cache.apply(merged("H1", 1, "Sentosa", audits=[SENTOSA]))
    assert [f["finding_id"] for f in json.loads(cache.body("H1", ADMIN))["open_findings"]] == ["F2"]

    later = T0 + timedelta(days=1)
    closed = [("F2", "critical", "closed", "Fire alarms broken")]
    assert cache.apply_audit(outcome("OST-7", when, closed, occurred_at=later)) == ["H1"]
    assert cache.apply_audit(outcome("OST-7", when, FOUND)) == []  # older: ignored
    kalmar = json.loads(cache.body("H1", Viewer("region-kalmar")))
    assert kalmar["open_findings"] == [] and kalmar["audits"][0]["findings"][0]["status"] == "closed"
    assert summary(cache.full["H1"], Viewer("region-kalmar"))["max_open_severity"] is None

    moved = outcome("OST-7", date(2019, 3, 13), FOUND, occurred_at=later + timedelta(days=1))
    cache.apply_audit(moved)  # the view has not caught up with the new date: nothing is shown
    assert "findings" not in json.loads(cache.body("H1", ADMIN))["audits"][0]
    cache.apply(merged("H1", 2, "Sentosa", audits=[dict(SENTOSA, audit_date="2019-03-13")]))
    assert "findings" in json.loads(cache.body("H1", ADMIN))["audits"][0]
    shared = outcome("OST-7", date(2019, 3, 13), FOUND, shared=True, occurred_at=later + timedelta(days=2))
    assert cache.apply_audit(shared) == ["H1"]  # now the shared view lists its findings itself
    assert b"Fire" not in cache.body("H1", ADMIN) and list(cache.book.details) == [("adda", "OST-7")]


def test_an_outcome_is_applied_only_if_the_processors_would_apply_it():
    event = outcome("OST-7", date(2019, 3, 12), FOUND)

    def message(ev: dict, headers=None) -> Message:
        headers = headers_for_event("AuditOutcome", ev) if headers is None else headers
        return Message(t.AUDIT_OUTCOMES, 0, 0, int(T0.timestamp() * 1000), None, ev, tuple(headers))

    assert _valid("AuditOutcome", message(event))
    assert not _valid("AuditOutcome", message(event, headers_for_event("AuditOutcome", dict(event, partner="adda"))))
    assert not _valid("AuditOutcome", message(dict(event, participating_partners=["region-kalmar"])))


def test_a_review_stays_pending_until_decided_or_joined():
    cache, book = SupplierCache(), ReviewBook()
    cache.apply(merged("H1", 1, "Alpha", records=[_rec("adda", "A")]))
    cache.apply(merged("H2", 1, "Alpha", records=[_rec("hus", "B")]))
    book.apply(_json(decision("d1", "pending", ("adda", "A"), ("hus", "B"), hub_a="H1", hub_b="H2")), "se")
    (review,) = book.listing("pending", cache)
    assert review.country == "SE" and book.status(review, cache) == "pending"
    book.apply(_json(decision("m", "auto_merged", ("hus", "B"), None) | {"new_hub_id": "H1",
                                                                        "old_hub_ids": ["H2"]}), "SE")
    assert book.status(review, cache) == "merged"
    book.apply(_json(decision("d1", "rejected", ("hus", "B"), ("adda", "A"), decided_by="planner")), "SE")
    assert book.status(review, cache) == "rejected"  # a person's word on the pair, whichever way round


def test_search_ranks_spellings_of_one_name_first():
    store, cache = Store(), SupplierCache()
    store.begin()
    for view in (merged("H1", 1, "Kalmar Glove Sdn Bhd", aliases=("KALMAR GLOVES SDN. BHD.",)),
                 merged("H2", 1, "Kalmar Medical AB", country="SE"),
                 merged("H3", 1, "Malmö Gloves AB", country="SE")):
        cache.apply(view)
        store.put_supplier(cache.row(view["hub_id"]))
    store.commit()
    hits = ranked(store, cache, "kalmar gloves sdn. bhd.", SearchFilter(), partner=None, admin=False)
    assert hits[0] == ("H1", 1.0) and [h for h, _ in hits][1:] == []  # every word must match first
    assert [h for h, _ in ranked(store, cache, "malmo", SearchFilter(), partner=None, admin=False)] == ["H3"]
    assert ranked(store, cache, "kalmar", SearchFilter(country="SE"), partner=None, admin=False)[0][0] == "H2"
    assert [h for h, _ in ranked(store, cache, "klamar glove", SearchFilter(), partner=None, admin=False)][0] == "H1"
    assert fts_queries("*)(\"") == []
    assert store.hub_ids_of("region-kalmar") == ["H1", "H2", "H3"] and store.hub_ids_of("adda") == []


def _rec(partner: str, record_id: str) -> dict:
    return {"partner": partner, "record_id": record_id, "name": "Alpha", "event_id": "e",
            "received_at": "2026-01-01T00:00:00.000Z", "active": True}


def _json(event: dict) -> dict:
    """The JSON form the read model keeps decisions in."""
    return json.loads(dumps(event))
