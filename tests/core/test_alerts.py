"""Alerts on state transitions.

Scenario: Region Östergötland, Region Kalmar län and Region Jönköpings län
audit a Malaysian glove factory in March 2019 and find recruitment-fee debt
bondage (zero tolerance), 339-hour months and 48 workers to a dormitory room.
Region Skåne and Region Kalmar buy gloves from the company. A collecting fake
stands in for the alert topic: it keeps what would be sent, keyed by alert_id
as a consumer de-duplicates.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date, datetime, timezone
from io import BytesIO
from pathlib import Path

import fastavro

from hub.core.alerts import Trigger, evaluate, overdue_scan
from hub.core.merge import render
from hub.core.views import RiskBook, SupplierState
from hub.rules.alerts import DEFAULT_ALERT_RULES

from supplier_states import apply_audit, apply_record, merge_states

UTC = timezone.utc
DAY = date(2019, 3, 20)
SECRET = "Worker interview 7: passport held by agent, fee 40,000 SEK"
AUDITS, RECORDS, RISKS = "hub.audit-outcomes.v1", "hub.supplier-records.v1", "hub.risk-analyses.v1"


class AlertSink:
    """What the processor would send, de-duplicated the way consumers do."""

    def __init__(self):
        self.sent: dict[str, dict] = {}

    def send_all(self, alerts):
        for a in alerts:
            self.sent.setdefault(a["alert_id"], a)

    def kinds(self):
        return sorted(a["kind"] for a in self.sent.values())


def ts(*args):
    return datetime(*args, tzinfo=UTC)


def rec(partner, record_id, active=True, categories=("33141420",)):
    return {"event_id": str(uuid.uuid4()), "partner": partner, "occurred_at": ts(2019, 1, 10), "record_id": record_id,
            "name": "Seri Glove Sdn. Bhd.", "trading_names": [], "country": "MY", "identifiers": [],
            "address": None, "postal_code": None, "city": None,
            "sites": [{"site_id": "KLG-2", "name": "Klang plant 2", "country": "MY", "address": None,
                       "postal_code": None, "city": "Klang", "kind": "factory"}],
            "categories": list(categories), "active": active}


def fnd(fid, severity, area="labour_rights", clause="2.1", status="open", cap_due=date(2019, 6, 30)):
    return {"finding_id": fid, "area": area, "clause": clause, "severity": severity, "description": SECRET,
            "status": status, "cap_due_date": cap_due, "corrective_actions": []}


def aud(findings, *, confidentiality="shared", sanction_step=None, audit_id="OG-2019-GLOVE-03", at=ts(2019, 3, 20)):
    return {"event_id": str(uuid.uuid4()), "partner": "region-ostergotland", "occurred_at": at, "audit_id": audit_id,
            "supplier": {"record_id": None, "name": "Seri Glove Sdn. Bhd.", "country": "MY", "identifiers": []},
            "site": {"site_id": "KLG-2", "name": "Klang plant 2", "country": "MY"},
            "audit_date": date(2019, 3, 12), "audit_type": "site", "audit_firm": None,
            "participating_partners": ["region-ostergotland", "region-kalmar", "region-jonkoping"],
            "findings": findings, "sanction_step": sanction_step, "confidentiality": confidentiality}


def risk(level, at=ts(2019, 2, 1), analysis_id="RA-SKANE-GLOVES"):
    return {"event_id": str(uuid.uuid4()), "partner": "region-skane", "occurred_at": at, "analysis_id": analysis_id,
            "category": "33140000", "category_label": "Medical consumables", "product": "nitrile gloves",
            "country": "MY", "risks": [{"area": "labour_rights", "risk_level": level, "rationale": "Migrant labour"}],
            "valid_from": date(2019, 1, 1), "valid_to": None}


def buyers_state(hub_id="hub-seri"):
    state = SupplierState(hub_id)
    for partner, rid in (("region-skane", "S-1"), ("region-kalmar", "K-9"), ("hus", "H-3")):
        state, _ = apply_record(state, rec(partner, rid, active=partner != "hus"), ts(2019, 1, 10))
    return state


def full(state, book=None, today=DAY):
    return render(state, book or RiskBook(), today, include_confidential=True)


def step(state, event, book=None, today=DAY, topic=AUDITS):
    """What a processor does per audit event: render, apply, render, evaluate."""
    before = full(state, book, today) if state.records or state.audits else None
    new, _ = apply_audit(state, event, event["occurred_at"])
    alerts = evaluate(before, full(new, book, today), Trigger(str(event["event_id"]), topic, event["occurred_at"]),
                      today=today)
    return new, alerts


def test_a_new_zero_tolerance_finding_alerts_every_buyer_once():
    sink = AlertSink()
    event = aud([fnd("F1", "zero_tolerance"), fnd("F2", "major", clause="4.1")])
    state, alerts = step(buyers_state(), event)
    sink.send_all(alerts)
    (alert,) = alerts
    assert alert["kind"] == "critical_finding" and alert["severity"] == "zero_tolerance"
    assert alert["partners"] == ["region-kalmar", "region-skane"]  # hus no longer buys
    assert "labour_rights" in alert["reason"] and "2.1" in alert["reason"] and "KLG-2" in alert["reason"]
    assert SECRET not in json.dumps(alert, default=str)
    assert alert["trigger_event_id"] == event["event_id"] and alert["raised_at"] == event["occurred_at"]
    # Redelivery: nothing changes, nothing is raised.
    state, again = step(state, event)
    assert again == []
    # Reprocessing after a crash (state not yet saved) yields the same id.
    _, replay = step(buyers_state(), event)
    sink.send_all(replay)
    assert [a["alert_id"] for a in replay] == [alert["alert_id"]] and len(sink.sent) == 1


def test_a_finding_raised_to_critical_alerts_but_an_unchanged_one_does_not():
    state, _ = step(buyers_state(), aud([fnd("F3", "major", area="human_rights", clause="5.3")]))
    state, alerts = step(state, aud([fnd("F3", "critical", area="human_rights", clause="5.3")], at=ts(2019, 3, 21)))
    assert [a["kind"] for a in alerts] == ["critical_finding"] and alerts[0]["severity"] == "critical"
    _, alerts = step(state, aud([fnd("F3", "critical", area="human_rights", clause="5.3"), fnd("F4", "minor")],
                                at=ts(2019, 3, 22)))
    assert alerts == []


def test_participants_only_findings_alert_without_area_clause_or_site():
    _, (alert,) = step(buyers_state(), aud([fnd("F1", "zero_tolerance")], confidentiality="participants"))
    assert "zero_tolerance" in alert["reason"] and "participants-only" in alert["reason"]
    assert "labour_rights" not in alert["reason"] and "2.1" not in alert["reason"] and "KLG" not in alert["reason"]


def test_areas_are_named_exactly_where_the_reason_names_them():
    # A shared audit: every finding alert carries its finding's area.
    _, alerts = step(buyers_state(), aud([fnd("F1", "zero_tolerance"), fnd("F3", "critical", "human_rights", "5.3")],
                                         sanction_step="formal_warning"), today=date(2019, 8, 1))
    by_kind = {}
    for a in alerts:
        by_kind.setdefault(a["kind"], []).append(a["areas"])
    assert by_kind == {"critical_finding": [["labour_rights"], ["human_rights"]],
                       "cap_overdue": [["labour_rights"], ["human_rights"]],
                       "sanction_escalated": [[]]}
    # A participants-only audit: the same alerts, no area (it is confidential), as in the reason.
    _, alerts = step(buyers_state(), aud([fnd("F1", "zero_tolerance")], confidentiality="participants",
                                         sanction_step="formal_warning"), today=date(2019, 8, 1))
    assert sorted(a["kind"] for a in alerts) == ["cap_overdue", "critical_finding", "sanction_escalated"]
    assert all(a["areas"] == [] and "labour_rights" not in a["reason"] for a in alerts)
    # A raised risk: the rated area.
    book, state = RiskBook(), buyers_state()
    before = full(state, book)
    very_high = risk("very_high")
    book.add(very_high)
    (raised,) = evaluate(before, full(state, book), Trigger(very_high["event_id"], RISKS, very_high["occurred_at"],
                                                           kind="risk_analysis"), today=DAY)
    assert raised["kind"] == "risk_raised" and raised["areas"] == ["labour_rights"]


def test_merge_alerts_name_no_area():
    state = audited_buyers_state(fnd("F1", "zero_tolerance"), fnd("F2", "critical", "environment", "3.2"))
    (joined,) = join(state, "region-vgr", "R-17")
    survivor, absorbed = buyers_state(), absorbed_state(fnd("F1", "zero_tolerance"))
    merged, _ = merge_states(survivor, absorbed)
    (merge,) = evaluate(full(survivor), full(merged), Trigger("e", "hub.match-decisions.v1", ts(2019, 4, 2),
                                                                "match_decision"), today=DAY)
    assert [(a["kind"], a["areas"]) for a in (joined, merge)] == [("merge_joins_critical", [])] * 2


def test_sanction_escalation_alerts_and_de_escalation_does_not():
    state, alerts = step(buyers_state(), aud([], sanction_step="written_demand"))
    assert [(a["kind"], a["severity"]) for a in alerts] == [("sanction_escalated", "major")]
    state, alerts = step(state, aud([], sanction_step="suspension", at=ts(2019, 5, 1)))
    assert [(a["kind"], a["severity"]) for a in alerts] == [("sanction_escalated", "critical")]
    assert "from written_demand to suspension" in alerts[0]["reason"]
    _, alerts = step(state, aud([], sanction_step="dialogue", at=ts(2019, 9, 1)))
    assert alerts == []


def test_cap_overdue_on_an_event_respects_the_grace_period():
    late = date(2019, 7, 10)  # 10 days after 2019-06-30: within the 14-day grace
    state, alerts = step(buyers_state(), aud([fnd("F2", "major", clause="4.1")]), today=late)
    assert alerts == []
    _, alerts = step(buyers_state(), aud([fnd("F2", "major", clause="4.1")]), today=date(2019, 7, 20))
    assert [a["kind"] for a in alerts] == ["cap_overdue"] and "overdue by 20 days" in alerts[0]["reason"]


def test_overdue_scan_raises_newly_overdue_plans_once():
    state, _ = step(buyers_state(), aud([fnd("F2", "major", clause="4.1"), fnd("F5", "minor", "environment", "6.2",
                                                                            cap_due=date(2019, 9, 1))]))
    view = full(state)
    assert overdue_scan(view, date(2019, 7, 14)) == []
    first = overdue_scan(view, date(2019, 7, 15), since=date(2019, 7, 14))
    assert [a["reason"].split(" for ")[0] for a in first] == ["Corrective action plan overdue by 15 days (due 2019-06-30)"]
    assert overdue_scan(view, date(2019, 7, 16), since=date(2019, 7, 15)) == []
    assert [a["alert_id"] for a in overdue_scan(view, date(2019, 7, 16))] == [first[0]["alert_id"]]
    closed = step(state, aud([fnd("F2", "major", clause="4.1", status="closed")], at=ts(2019, 7, 1)))[0]
    assert overdue_scan(full(closed), date(2019, 8, 1)) == []


def test_a_raised_risk_level_alerts_but_a_new_supplier_in_a_risky_category_does_not():
    book = RiskBook()
    state = buyers_state()
    trigger = lambda ev: Trigger(ev["event_id"], RISKS, ev["occurred_at"], kind="risk_analysis")
    before = full(state, book)
    medium = risk("medium")
    book.add(medium)
    assert evaluate(before, full(state, book), trigger(medium), today=DAY) == []
    before = full(state, book)
    very_high = risk("very_high", at=ts(2019, 3, 1))
    book.add(very_high)
    (alert,) = evaluate(before, full(state, book), trigger(very_high), today=DAY)
    assert alert["kind"] == "risk_raised" and alert["severity"] == "critical" and "(was medium)" in alert["reason"]
    # A supplier record that brings a new supplier under the same risk is not news about the risk.
    newcomer = SupplierState("hub-new")
    newcomer, _ = apply_record(newcomer, rec("region-vgr", "V-1"), ts(2019, 3, 5))
    assert evaluate(None, full(newcomer, book), Trigger("e", RECORDS, ts(2019, 3, 5), "supplier_record"), today=DAY) == []


def test_a_merge_that_joins_buyers_with_a_critical_finding_alerts():
    audited = SupplierState("hub-audited")
    audited, _ = apply_audit(audited, aud([fnd("F1", "zero_tolerance")]), ts(2019, 3, 20))
    survivor = buyers_state()
    before = full(survivor)
    merged, tomb = merge_states(survivor, audited)
    trigger = Trigger("match-decision-1", "hub.match-decisions.v1", ts(2019, 4, 2), "match_decision")
    alerts = evaluate(before, full(merged), trigger, today=DAY)
    assert [a["kind"] for a in alerts] == ["merge_joins_critical"]
    assert alerts[0]["severity"] == "zero_tolerance" and "hub-audited" in alerts[0]["reason"]
    assert alerts[0]["partners"] == ["region-kalmar", "region-skane"]
    assert evaluate(full(merged), full(merged), trigger, today=DAY) == []
    assert evaluate(None, full(tomb), trigger, today=DAY) == []


def absorbed_state(*findings, partner="region-vgr"):
    """A supplier of ``partner``'s with an audit of its own, about to be merged into buyers_state()."""
    state, _ = apply_record(SupplierState("hub-vgr"), rec(partner, "V-1"), ts(2019, 1, 12))
    return apply_audit(state, aud(list(findings), audit_id="VGR-2019-1"), ts(2019, 3, 18))[0]


def test_a_merge_given_the_absorbed_views_names_every_partner_that_newly_sees_a_finding():
    survivor, absorbed = buyers_state(), absorbed_state(fnd("F1", "zero_tolerance"))
    merged, _ = merge_states(survivor, absorbed)
    merged, _ = apply_record(merged, rec("adda", "A-1"), ts(2019, 4, 2))  # the record that bridged them
    trigger = Trigger("e", RECORDS, ts(2019, 4, 2), "supplier_record")
    (alert,) = evaluate(full(survivor), full(merged), trigger, today=DAY, absorbed={"hub-vgr": full(absorbed)})
    assert alert["kind"] == "merge_joins_critical" and alert["severity"] == "zero_tolerance"
    # Not region-vgr: it bought from the audited supplier already.
    assert alert["reason"].endswith("newly visible to adda, region-kalmar, region-skane.")
    assert alert["partners"] == ["adda", "region-kalmar", "region-skane", "region-vgr"]
    # Without the absorbed views only the survivor's buyers can be told apart.
    (legacy,) = evaluate(full(survivor), full(merged), trigger, today=DAY)
    assert legacy["reason"].endswith("newly visible to region-kalmar, region-skane.")
    assert legacy["alert_id"] == alert["alert_id"]
    # A merge that exposes nobody raises nothing: both had it already (the same audit).
    audited = audited_buyers_state(fnd("F1", "zero_tolerance"))
    twin = apply_audit(SupplierState("hub-vgr"), aud([fnd("F1", "zero_tolerance")]), ts(2019, 3, 20))[0]
    both, _ = merge_states(audited, twin)
    assert evaluate(full(audited), full(both), trigger, today=DAY, absorbed={"hub-vgr": full(twin)}) == []


def test_a_finding_that_came_with_a_merge_is_not_new_but_one_new_with_the_event_is():
    survivor, absorbed = buyers_state(), absorbed_state(fnd("F1", "critical", cap_due=date(2019, 1, 31)))
    merged, _ = merge_states(survivor, absorbed)
    # The event that merged them was an audit with a finding of its own.
    merged, _ = apply_audit(merged, aud([fnd("F7", "zero_tolerance", cap_due=date(2019, 2, 28))],
                                        audit_id="SK-2019-9"), ts(2019, 4, 2))
    trigger = Trigger("e", AUDITS, ts(2019, 4, 2), "audit_outcome")
    alerts = evaluate(full(survivor), full(merged), trigger, today=DAY, absorbed={"hub-vgr": full(absorbed)})
    assert [(a["kind"], "SK-2019-9" in a["reason"]) for a in alerts] == [
        ("critical_finding", True), ("cap_overdue", True), ("merge_joins_critical", False)]
    assert alerts[2]["reason"].endswith("newly visible to region-kalmar, region-skane.")
    # Without the absorbed views a merge raises only merge_joins_critical, as before.
    assert [a["kind"] for a in evaluate(full(survivor), full(merged), trigger, today=DAY)] == [
        "merge_joins_critical"]


def join(state, partner, record_id, at=ts(2019, 4, 2)):
    """What the service does when a partner's new record resolves into an existing hub_id."""
    event = rec(partner, record_id)
    before = full(state)
    new, _ = apply_record(state, event, at)
    return evaluate(before, full(new), Trigger(event["event_id"], RECORDS, at, "supplier_record"), today=DAY)


def audited_buyers_state(*findings):
    return apply_audit(buyers_state(), aud(list(findings)), ts(2019, 3, 20))[0]


def test_a_new_buyers_record_joining_a_supplier_with_open_critical_findings_alerts():
    state = audited_buyers_state(fnd("F1", "zero_tolerance"), fnd("F2", "critical", clause="3.2"),
                                 fnd("F3", "major", clause="4.1"))
    (alert,) = join(state, "region-vgr", "R-17")
    assert alert["kind"] == "merge_joins_critical" and alert["severity"] == "zero_tolerance"
    assert alert["reason"] == ("region-vgr's record R-17 joined this supplier, which has 2 open critical or "
                               "zero-tolerance finding(s), now visible to region-vgr.")
    assert alert["partners"] == ["region-kalmar", "region-skane", "region-vgr"]
    assert SECRET not in json.dumps(alert, default=str)
    assert "labour_rights" not in alert["reason"] and "KLG" not in alert["reason"]


def test_a_new_buyer_of_a_supplier_with_only_minor_or_major_findings_is_not_alerted():
    state = audited_buyers_state(fnd("F2", "major", clause="4.1"), fnd("F5", "minor", "environment", "6.2"))
    assert join(state, "region-vgr", "R-17") == []


def test_a_partner_that_already_buys_adding_a_second_record_is_not_alerted():
    state = audited_buyers_state(fnd("F1", "zero_tolerance"))
    assert join(state, "region-skane", "S-2") == []


def test_a_record_joining_a_supplier_replays_to_the_same_alert_id():
    state = audited_buyers_state(fnd("F1", "zero_tolerance"))
    first, replay = join(state, "region-vgr", "R-17"), join(state, "region-vgr", "R-17", at=ts(2019, 4, 3))
    assert [a["alert_id"] for a in first] == [a["alert_id"] for a in replay] and len(first) == 1
    # Another record, or another buyer, is another alert; and none is a merge's id.
    assert join(state, "region-vgr", "R-18")[0]["alert_id"] != first[0]["alert_id"]
    assert join(state, "adda", "A-1")[0]["alert_id"] != first[0]["alert_id"]
    absorbed = SupplierState("hub-vgr")
    absorbed, _ = apply_record(absorbed, rec("region-vgr", "R-17"), ts(2019, 4, 2))
    merged, _ = merge_states(state, absorbed)
    trigger = Trigger("e", RECORDS, ts(2019, 4, 2), "supplier_record")
    (merge_alert,) = evaluate(full(state), full(merged), trigger, today=DAY)
    assert "Merged supplier hub-vgr" in merge_alert["reason"] and merge_alert["alert_id"] != first[0]["alert_id"]


def rejoin(state, event, at=ts(2019, 4, 2)):
    """What the service does when an update re-resolves a partner's record into an
    existing hub_id (``state`` lacks it) or makes it active again (``state`` holds it inactive)."""
    before = full(state)
    new, _ = apply_record(state, event, at)
    trigger = Trigger(event["event_id"], RECORDS, at, "supplier_record", record_update=True)
    return evaluate(before, full(new), trigger, today=DAY)


def test_an_update_that_joins_a_supplier_with_open_critical_findings_alerts_once_per_update():
    state = audited_buyers_state(fnd("F1", "zero_tolerance"))
    moved_in = rec("region-vgr", "R-17")
    (alert,) = rejoin(state, moved_in)
    assert alert["kind"] == "merge_joins_critical" and alert["severity"] == "zero_tolerance"
    assert alert["reason"] == ("region-vgr's record R-17 joined this supplier, which has 1 open critical or "
                               "zero-tolerance finding(s), now visible to region-vgr.")
    assert SECRET not in json.dumps(alert, default=str)
    # A replay of the update is the same alert; the record's first join, or another update, is not.
    assert [a["alert_id"] for a in rejoin(state, moved_in, at=ts(2019, 4, 3))] == [alert["alert_id"]]
    assert join(state, "region-vgr", "R-17")[0]["alert_id"] != alert["alert_id"]
    assert rejoin(state, rec("region-vgr", "R-17"))[0]["alert_id"] != alert["alert_id"]


def test_a_record_active_again_at_a_supplier_with_open_critical_findings_alerts():
    state, _ = apply_record(audited_buyers_state(fnd("F1", "zero_tolerance")), rec("region-vgr", "R-17", False),
                            ts(2019, 4, 1))
    assert full(state)["buyers"] == ["region-kalmar", "region-skane"]
    active = dict(rec("region-vgr", "R-17"), occurred_at=ts(2019, 4, 2))
    (alert,) = rejoin(state, active)
    assert alert["reason"] == ("region-vgr's record R-17 became active again at this supplier, which has 1 open "
                               "critical or zero-tolerance finding(s), now visible to region-vgr.")
    assert alert["partners"] == ["region-kalmar", "region-skane", "region-vgr"]
    # An update that changes nothing for the buyers raises nothing.
    state, _ = apply_record(state, active, ts(2019, 4, 2))
    assert rejoin(state, dict(active, event_id="later", occurred_at=ts(2019, 4, 3), categories=["33169000"])) == []


def test_disabled_rules_raise_nothing():
    rules = tuple(replace(r, enabled=False) for r in DEFAULT_ALERT_RULES)
    before = full(buyers_state())
    after = full(apply_audit(buyers_state(), aud([fnd("F1", "zero_tolerance")], sanction_step="exclusion"), ts(2019, 3, 20))[0])
    assert evaluate(before, after, Trigger("e", AUDITS, ts(2019, 3, 20)), rules, today=DAY) == []


def test_alerts_fit_the_supplier_alert_schema():
    schema = fastavro.parse_schema(json.loads(
        (Path(__file__).resolve().parents[2] / "schemas" / "avro" / "SupplierAlert.avsc").read_text()))
    _, alerts = step(buyers_state(), aud([fnd("F1", "zero_tolerance")], sanction_step="formal_warning"),
                     today=date(2019, 8, 1))
    assert sorted(a["kind"] for a in alerts) == ["cap_overdue", "critical_finding", "sanction_escalated"]
    for alert in alerts:
        buf = BytesIO()
        fastavro.schemaless_writer(buf, schema, dict(alert, event_id=alert["alert_id"], partner="hub",
                                                     occurred_at=alert["raised_at"]))


def test_a_record_that_moves_in_with_its_audits_is_news_to_the_buyers_not_a_new_finding():
    """An update re-resolves region-vgr's record V-1 out of hub-vgr into this
    supplier, and the audit anchored to it comes along: the service passes
    hub-vgr's view from before as ``absorbed``."""
    before, old_home = buyers_state(), absorbed_state(fnd("F1", "zero_tolerance"))
    after, _ = apply_record(before, rec("region-vgr", "V-1"), ts(2019, 4, 2))
    after, _ = apply_audit(after, aud([fnd("F1", "zero_tolerance")], audit_id="VGR-2019-1"), ts(2019, 3, 18))
    trigger = Trigger("e-move", RECORDS, ts(2019, 4, 2), "supplier_record", record_update=True)
    (alert,) = evaluate(full(before), full(after), trigger, today=DAY, absorbed={"hub-vgr": full(old_home)})
    assert alert["kind"] == "merge_joins_critical" and alert["severity"] == "zero_tolerance"
    # Not region-vgr: its own audit, seen all along.
    assert alert["reason"] == ("region-vgr's record V-1 joined this supplier, which has 1 open critical or "
                               "zero-tolerance finding(s), now visible to region-kalmar, region-skane.")
    # Without the old home's view the same change reads as a finding new with the event.
    assert [a["kind"] for a in evaluate(full(before), full(after), trigger, today=DAY)] == ["critical_finding"]
