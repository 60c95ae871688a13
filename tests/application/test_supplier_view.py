"""The supplier-view service over a dict store: no broker, the whole core path."""

import json
import os
import subprocess
import sys
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from hub.application.state import DictStore
from hub.application.supplier_view import AUDIT, DECISION, RECORD, RISK, Inbound, SupplierView

T0 = datetime(2026, 3, 5, 9, 0, tzinfo=timezone.utc)


def _inb(kind, ev, at, key=None, topic=None):
    return Inbound(kind, topic or f"hub.{kind}", ev, at, origin=0, key=key)


def record(partner, record_id, name, *, country="MY", identifiers=(), address=None, city=None,
           postal_code=None, categories=("33141420",), at=T0, event_id=None):
    return {"event_id": event_id or str(uuid.uuid4()), "partner": partner, "occurred_at": at,
            "record_id": record_id, "name": name, "trading_names": [], "country": country,
            "identifiers": [{"scheme": s, "id": i} for s, i in identifiers], "address": address,
            "postal_code": postal_code, "city": city, "sites": [], "categories": list(categories), "active": True}


def audit(partner, audit_id, supplier, *, severity="critical", at=T0, participants=None, confidentiality="shared"):
    return {"event_id": str(uuid.uuid4()), "partner": partner, "occurred_at": at, "audit_id": audit_id,
            "supplier": supplier, "site": None, "audit_date": date(2026, 2, 20), "audit_type": "site",
            "audit_firm": None, "participating_partners": participants or [partner],
            "findings": [{"finding_id": "F1", "area": "labour_rights", "clause": "2.1", "severity": severity,
                          "description": "recruitment fees of up to 40,000 SEK charged to migrant workers",
                          "status": "open", "cap_due_date": date(2026, 6, 30), "corrective_actions": []}],
            "sanction_step": None, "confidentiality": confidentiality}


GLOVES = dict(address="Lot 23, Jalan Industri 3, Kawasan Perindustrian Bukit Beruntung", city="Rawang",
              postal_code="48300")


@pytest.fixture
def view():
    return SupplierView(), DictStore()


def test_a_critical_finding_from_one_partner_alerts_the_partner_that_buys(view):
    service, store = view
    out = service.handle_batch([_inb(RECORD, record("region-kalmar", "K-1", "Rubbercare Gloves Sdn. Bhd.",
                                                   **GLOVES), T0, key="MY")], store)
    assert len(out.suppliers) == 1 and not out.alerts
    hub_id = out.suppliers[0][0]
    supplier = {"record_id": None, "name": "RUBBERCARE GLOVES SDN BHD", "country": "MY", "identifiers": [],
                "address": "Lot 23 Jln Industri 3, Kaw. Perindustrian Bukit Beruntung", "postal_code": "48300",
                "city": "Rawang"}
    out = service.handle_batch([_inb(AUDIT, audit("adda", "A-2026-7", supplier), T0 + timedelta(days=1),
                                     key="MY")], store)
    assert [h for h, _ in out.suppliers] == [hub_id]
    assert len(out.alerts) == 1
    _, alert = out.alerts[0]
    assert alert["kind"] == "critical_finding" and alert["partners"] == ["region-kalmar"]
    assert "40,000" not in alert["reason"]  # never the finding's description
    merged = out.suppliers[0][1]
    assert merged["open_findings"][0]["severity"] == "critical"
    assert merged["version"] == 2


def test_the_same_event_twice_has_one_effect(view):
    service, store = view
    ev = record("adda", "S-1", "Nordic Medtech AB", country="SE", identifiers=[("SE-ON", "556012-5790")])
    first = service.handle_batch([_inb(RECORD, ev, T0, key="SE")], store)
    again = service.handle_batch([_inb(RECORD, ev, T0, key="SE"), _inb(RECORD, ev, T0, key="SE")], store)
    assert len(first.suppliers) == 1 and not again.suppliers and not again.alerts


def test_the_same_audit_pushed_again_under_another_event_id_has_no_effect(view):
    # Pushed over HTTP, then overnight by the partner's connector: a new event id and a later
    # occurred_at, the same content. It supersedes nothing, so no version, no alert.
    service, store = view
    hub_id = _critical_supplier(service, store)
    supplier = {"record_id": "S-1", "name": "Nordic Medtech AB", "country": "SE", "identifiers": [],
                "address": None, "postal_code": None, "city": None}
    pushed = audit("adda", "A-1", supplier, at=T0 + timedelta(hours=1))
    resent = dict(pushed, event_id=str(uuid.uuid4()), occurred_at=T0 + timedelta(hours=14))
    out = service.handle_batch([_inb(AUDIT, resent, T0 + timedelta(hours=14), key="SE")], store)
    assert not out.suppliers and not out.alerts
    changed = dict(resent, event_id=str(uuid.uuid4()), sanction_step="written_demand")
    out = service.handle_batch([_inb(AUDIT, changed, T0 + timedelta(hours=15), key="SE")], store)
    assert [h for h, _ in out.suppliers] == [hub_id]  # a real change still counts


def test_vat_and_national_number_meet_in_one_hub_id(view):
    service, store = view
    out = service.handle_batch([
        _inb(RECORD, record("adda", "S-1", "Nordic Medtech AB", country="SE",
                            identifiers=[("SE-ON", "556012-5790")]), T0, key="SE"),
        _inb(RECORD, record("hus", "H-9", "Nordic Medtech Aktiebolag", country="SE",
                            identifiers=[("VAT", "SE556012579001")]), T0, key="SE"),
    ], store)
    assert len({h for h, _ in out.suppliers}) == 1
    merged = out.suppliers[-1][1]
    assert sorted(merged["buyers"]) == ["adda", "hus"]


def _critical_supplier(service, store):
    """adda's Nordic Medtech AB with a critical finding of adda's audit: its hub_id."""
    a = record("adda", "S-1", "Nordic Medtech AB", country="SE", identifiers=[("SE-ON", "556012-5790")])
    supplier = {"record_id": "S-1", "name": "Nordic Medtech AB", "country": "SE", "identifiers": [],
                "address": None, "postal_code": None, "city": None}
    first = service.handle_batch([_inb(RECORD, a, T0, key="SE"),
                                  _inb(AUDIT, audit("adda", "A-1", supplier), T0 + timedelta(hours=1), key="SE")],
                                 store)
    assert [x["kind"] for _, x in first.alerts] == ["critical_finding"]
    return first.suppliers[0][0]


def _spy_renders(service, monkeypatch) -> list[str]:
    """The hub_ids the service renders for alerts from now on ('before' and 'after' views).

    The renders still happen (the spies call through), so what the service
    outputs meanwhile is what it would output anyway."""
    renders: list[str] = []
    view, render = service._view, service._render

    def spy_view(hub_id, *args):
        renders.append(hub_id)
        return view(hub_id, *args)

    def spy_render(state, *args):
        renders.append(state.hub_id)
        return render(state, *args)

    monkeypatch.setattr(service, "_view", spy_view)
    monkeypatch.setattr(service, "_render", spy_render)
    return renders


def test_a_new_buyers_record_joining_a_supplier_with_a_critical_finding_alerts_it_once(view, monkeypatch):
    service, store = view
    hub_id = _critical_supplier(service, store)
    at = T0 + timedelta(days=1)
    b = record("region-vgr", "V-17", "Nordic Medtech AB", country="SE", identifiers=[("SE-ON", "5560125790")],
               at=at)
    batch = [_inb(RECORD, b, at, key="SE")]
    out = service.handle_batch(batch, store)
    assert not [d for _, d in out.decisions if d["status"] == "auto_merged"]  # it joined, no hub_id merged
    assert [(h, x["kind"]) for h, x in out.alerts] == [(hub_id, "merge_joins_critical")]
    alert = out.alerts[0][1]
    assert alert["partners"] == ["adda", "region-vgr"] and alert["severity"] == "critical"
    assert "region-vgr's record V-17" in alert["reason"] and "40,000" not in alert["reason"]
    assert service.handle_batch(batch, store).alerts == []  # a redelivery raises nothing again
    # A record that founds its own hub_id raises nothing, and renders no 'before' for alerts.
    views = _spy_renders(service, monkeypatch)
    c = record("region-vgr", "V-18", "Baltic Care AB", country="SE", at=at)
    assert service.handle_batch([_inb(RECORD, c, at, key="SE")], store).alerts == [] and views == []


def test_a_record_moved_into_a_supplier_with_a_critical_finding_alerts_its_partner_once(view, monkeypatch):
    service, store = view
    hub_id = _critical_supplier(service, store)
    # region-vgr's record first names another supplier, which hus buys from too.
    baltic = dict(country="SE", identifiers=[("SE-ON", "556091-2148")])
    out = service.handle_batch([_inb(RECORD, record("hus", "H-3", "Baltic Care AB", **baltic), T0, key="SE"),
                                _inb(RECORD, record("region-vgr", "V-17", "Baltic Care AB", **baltic), T0,
                                     key="SE")], store)
    baltic_hub = service._resolver("SE", store).hub_id_of("region-vgr:V-17")
    assert baltic_hub != hub_id and not out.alerts
    # It is corrected to Nordic Medtech's number: re-resolved, it moves into adda's supplier.
    at = T0 + timedelta(days=1)
    moved = record("region-vgr", "V-17", "Nordic Medtech AB", country="SE", identifiers=[("SE-ON", "5560125790")],
                   at=at)
    batch = [_inb(RECORD, moved, at, key="SE")]
    out = service.handle_batch(batch, store)
    resolver = service._resolver("SE", store)
    assert resolver.hub_id_of("region-vgr:V-17") == hub_id and resolver.hub_id_of("hus:H-3") == baltic_hub
    assert not [d for _, d in out.decisions if d["status"] == "auto_merged"]  # it moved, no hub_id merged
    assert [(h, x["kind"]) for h, x in out.alerts] == [(hub_id, "merge_joins_critical")]
    alert = out.alerts[0][1]
    assert alert["partners"] == ["adda", "region-vgr"] and alert["severity"] == "critical"
    assert alert["reason"] == ("region-vgr's record V-17 joined this supplier, which has 1 open critical or "
                               "zero-tolerance finding(s), now visible to region-vgr.")
    assert service.handle_batch(batch, store).alerts == []  # a redelivery raises nothing again
    # An update that stays where it is, as active as it was (new categories), renders nothing for alerts.
    renders = _spy_renders(service, monkeypatch)
    later = dict(moved, event_id=str(uuid.uuid4()), occurred_at=at + timedelta(days=1), categories=["33169000"])
    out = service.handle_batch([_inb(RECORD, later, at + timedelta(days=1), key="SE")], store)
    assert out.alerts == [] and renders == [] and [h for h, _ in out.suppliers] == [hub_id]


def test_a_record_moving_in_with_its_critical_finding_is_news_to_the_suppliers_buyers_not_a_new_finding(view):
    service, store = view
    # adda buys from Nordic Medtech AB (no findings); region-vgr's record V-17 first
    # names another supplier, and region-vgr's own audit of V-17 found a critical.
    nordic = dict(country="SE", identifiers=[("SE-ON", "5560125790")])
    baltic = dict(country="SE", identifiers=[("SE-ON", "556091-2148")])
    out = service.handle_batch([_inb(RECORD, record("adda", "S-1", "Nordic Medtech AB", **nordic), T0, key="SE"),
                                _inb(RECORD, record("hus", "H-3", "Baltic Care AB", **baltic), T0, key="SE"),
                                _inb(RECORD, record("region-vgr", "V-17", "Baltic Care AB", **baltic), T0,
                                     key="SE")], store)
    resolver = service._resolver("SE", store)
    nordic_hub, baltic_hub = resolver.hub_id_of("adda:S-1"), resolver.hub_id_of("hus:H-3")
    supplier = {"record_id": "V-17", "name": "Baltic Care AB", "country": "SE", "identifiers": [],
                "address": None, "postal_code": None, "city": None}
    out = service.handle_batch([_inb(AUDIT, audit("region-vgr", "V-A1", supplier), T0 + timedelta(hours=1),
                                     key="SE")], store)
    assert [(h, x["kind"]) for h, x in out.alerts] == [(baltic_hub, "critical_finding")]
    # V-17 is corrected to Nordic Medtech's number: it moves there, and its audit with it.
    at = T0 + timedelta(days=1)
    moved = record("region-vgr", "V-17", "Nordic Medtech AB", at=at, **nordic)
    batch = [_inb(RECORD, moved, at, key="SE")]
    out = service.handle_batch(batch, store)
    assert resolver.hub_id_of("region-vgr:V-17") == nordic_hub
    merged = {h: v for h, v in out.suppliers}
    assert [f["audit_id"] for f in merged[nordic_hub]["open_findings"]] == ["V-A1"]
    # Not a new finding: the finding is as old as it was. adda is told it now buys
    # from a supplier with one; region-vgr, which saw it all along, is not.
    assert [(h, x["kind"]) for h, x in out.alerts] == [(nordic_hub, "merge_joins_critical")]
    alert = out.alerts[0][1]
    assert alert["reason"] == ("region-vgr's record V-17 joined this supplier, which has 1 open critical or "
                               "zero-tolerance finding(s), now visible to adda.")
    assert service.handle_batch(batch, store).alerts == []  # a redelivery raises nothing again


def test_a_record_active_again_at_a_supplier_with_a_critical_finding_alerts_its_partner_each_time(view):
    service, store = view
    hub_id = _critical_supplier(service, store)
    nordic = dict(country="SE", identifiers=[("SE-ON", "5560125790")])
    at = T0 + timedelta(days=1)
    inactive = dict(record("region-vgr", "V-17", "Nordic Medtech AB", at=at, **nordic), active=False)
    out = service.handle_batch([_inb(RECORD, inactive, at, key="SE")], store)
    assert service._resolver("SE", store).hub_id_of("region-vgr:V-17") == hub_id
    assert out.alerts == []  # an inactive record makes no buyer

    def toggle(active, days):
        when = at + timedelta(days=days)
        ev = dict(inactive, event_id=str(uuid.uuid4()), occurred_at=when, active=active)
        return [_inb(RECORD, ev, when, key="SE")]

    batch = toggle(True, 1)
    out = service.handle_batch(batch, store)
    assert [(h, x["kind"]) for h, x in out.alerts] == [(hub_id, "merge_joins_critical")]
    alert = out.alerts[0][1]
    assert alert["partners"] == ["adda", "region-vgr"] and alert["severity"] == "critical"
    assert alert["reason"] == ("region-vgr's record V-17 became active again at this supplier, which has 1 open "
                               "critical or zero-tolerance finding(s), now visible to region-vgr.")
    assert "40,000" not in alert["reason"]
    assert service.handle_batch(batch, store).alerts == []  # a redelivery raises nothing again
    # Inactive again raises nothing; active once more is another exposure, with an id of its own.
    assert service.handle_batch(toggle(False, 2), store).alerts == []
    (again,) = service.handle_batch(toggle(True, 3), store).alerts
    assert again[1]["kind"] == "merge_joins_critical" and again[1]["alert_id"] != alert["alert_id"]


NORDIC_HUS = dict(identifiers=[("SE-ON", "556012-5790")], address="Box 112", postal_code="11122", city="Stockholm")
MALMO = dict(address="Industrivägen 4", postal_code="21124", city="Malmö")


def _look_alikes(service, store, *, adda_first=False):
    """Batch 1: hus's record with the org number and a critical audit of it, and adda's
    look-alike (one letter apart: Swedish company names are unique, so not the same name)
    with no identifiers at another address, which stays a supplier of its own."""
    hus = _inb(RECORD, record("hus", "H-1", "Nordic Medtech AB", country="SE", **NORDIC_HUS), T0, key="SE")
    adda = _inb(RECORD, record("adda", "A-1", "Nordic Medtek AB", country="SE", **MALMO), T0, key="SE")
    supplier = {"record_id": "H-1", "name": "Nordic Medtech AB", "country": "SE", "identifiers": [],
                "address": None, "postal_code": None, "city": None}
    first = service.handle_batch([*([adda, hus] if adda_first else [hus, adda]),
                                  _inb(AUDIT, audit("hus", "HA-1", supplier), T0 + timedelta(hours=1), key="SE")],
                                 store)
    assert [(x["kind"], x["partners"]) for _, x in first.alerts] == [("critical_finding", ["hus"])]
    resolver = service._resolver("SE", store)
    hubs = resolver.hub_id_of("hus:H-1"), resolver.hub_id_of("adda:A-1")
    assert hubs[0] != hubs[1]
    return hubs


def _bridge(at):
    """region-skane's record: hus's number (as VAT), adda's address: the two are one supplier."""
    ev = record("region-skane", "K-2", "Nordic Medtech AB", country="SE", identifiers=[("VAT", "SE556012579001")],
                at=at, **MALMO)
    return [_inb(RECORD, ev, at, key="SE")]


def test_an_auto_merge_with_a_supplier_with_a_critical_finding_alerts_its_new_buyers_once(view):
    service, store = view
    hus_hub, adda_hub = _look_alikes(service, store)
    batch = _bridge(T0 + timedelta(days=1))
    out = service.handle_batch(batch, store)
    assert [(d["status"], d["new_hub_id"], d["old_hub_ids"]) for _, d in out.decisions] == [
        ("auto_merged", hus_hub, [adda_hub])]
    # One alert: the merge's, not also a critical_finding for the finding, nor a new buyer's "joined" one.
    assert [(h, x["kind"]) for h, x in out.alerts] == [(hus_hub, "merge_joins_critical")]
    alert = out.alerts[0][1]
    assert alert["partners"] == ["adda", "hus", "region-skane"] and alert["severity"] == "critical"
    assert alert["reason"] == (f"Merged supplier {adda_hub} into this one: it now has 1 open critical or "
                               "zero-tolerance finding(s), newly visible to adda, region-skane.")
    assert service.handle_batch(batch, store).alerts == []  # a redelivery raises nothing again


def test_an_auto_merge_that_brings_a_critical_finding_alerts_the_survivors_buyers(view):
    service, store = view
    hus_hub, adda_hub = _look_alikes(service, store, adda_first=True)  # adda's supplier is the older one
    out = service.handle_batch(_bridge(T0 + timedelta(days=1)), store)
    assert [(h, x["kind"]) for h, x in out.alerts] == [(adda_hub, "merge_joins_critical")]
    alert = out.alerts[0][1]
    assert alert["partners"] == ["adda", "hus", "region-skane"]
    assert alert["reason"].startswith(f"Merged supplier {hus_hub} into this one")
    assert alert["reason"].endswith("newly visible to adda, region-skane.")  # not hus: it knew


def _confirmed_merge_alerts() -> list[tuple[str, str, str]]:
    """Two suppliers, each with its own critical finding, merged by a person:
    (hub_id, kind, alert_id) of the decision's alerts."""
    from hub.application.state import DictStore as Store

    service, store = SupplierView(), Store()
    a = record("adda", "S-1", "Alfa Medtech AB", country="SE", identifiers=[("SE-ON", "556012-5790")])
    b = record("hus", "H-9", "Baltic Care AB", country="SE")
    events = [_inb(RECORD, a, T0, key="SE"), _inb(RECORD, b, T0, key="SE")]
    for partner, record_id, name in (("adda", "S-1", "Alfa Medtech AB"), ("hus", "H-9", "Baltic Care AB")):
        supplier = {"record_id": record_id, "name": name, "country": "SE", "identifiers": [], "address": None,
                    "postal_code": None, "city": None}
        events.append(_inb(AUDIT, audit(partner, f"{partner}-audit", supplier), T0 + timedelta(hours=1), key="SE"))
    service.handle_batch(events, store)
    confirm = {"event_id": "decision-1", "partner": "hub", "occurred_at": T0, "decision_id": "d1",
               "status": "confirmed", "record_a": {"partner": "hus", "record_id": "H-9"},
               "record_b": {"partner": "adda", "record_id": "S-1"}, "hub_id_a": None, "hub_id_b": None,
               "old_hub_ids": [], "new_hub_id": None, "score": None, "evidence": [],
               "decided_by": "reviewer@region-skane", "note": None}
    out = service.handle_batch([_inb(DECISION, confirm, T0 + timedelta(days=1), key="SE")], store)
    return [(h, x["kind"], x["alert_id"], x["reason"]) for h, x in out.alerts]


def test_a_confirmed_merge_raises_the_same_alerts_in_every_process():
    alerts = _confirmed_merge_alerts()
    assert [kind for _, kind, _, _ in alerts] == ["merge_joins_critical"]
    assert alerts[0][3].endswith("2 open critical or zero-tolerance finding(s), newly visible to adda, hus.")
    # The order of the two hub_ids in a set depends on the hash seed: it differs under these two.
    code = ("import json, sys; sys.path.insert(0, sys.argv[1]); import test_supplier_view as t; "
            "print(json.dumps(t._confirmed_merge_alerts()))")
    here = str(Path(__file__).parent)
    for seed in ("0", "1"):
        run = subprocess.run([sys.executable, "-c", code, here], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}, cwd=Path(__file__).parents[2])
        assert [tuple(a) for a in json.loads(run.stdout)] == alerts, seed


def test_invalid_events_are_rejected_with_paths_not_values(view):
    service, store = view
    bad = record("not-a-partner", "X", "Secret Name AB", country="SE")
    out = service.handle_batch([_inb(RECORD, bad, T0, key="SE")], store)
    assert not out.suppliers and len(out.rejects) == 1
    assert out.rejects[0].stage == "validate" and "Secret Name" not in out.rejects[0].message


def test_a_human_reject_splits_and_is_never_undone(view):
    service, store = view
    a = record("adda", "S-1", "Nordic Medtech AB", country="SE", identifiers=[("SE-ON", "556012-5790")])
    b = record("hus", "H-9", "Nordic Medtech AB", country="SE", identifiers=[("VAT", "SE556012579001")])
    out = service.handle_batch([_inb(RECORD, a, T0, key="SE"), _inb(RECORD, b, T0, key="SE")], store)
    decision = {"event_id": str(uuid.uuid4()), "partner": "hub", "occurred_at": T0, "decision_id": "d1",
                "status": "rejected", "record_a": {"partner": "adda", "record_id": "S-1"},
                "record_b": {"partner": "hus", "record_id": "H-9"}, "hub_id_a": None, "hub_id_b": None,
                "old_hub_ids": [], "new_hub_id": None, "score": None, "evidence": [],
                "decided_by": "reviewer@region-skane", "note": None}
    out = service.handle_batch([_inb(DECISION, decision, T0 + timedelta(hours=1), key="SE")], store)
    assert len({h for h, _ in out.suppliers}) == 2
    assert any(d["status"] == "split" for _, d in out.decisions)
    # A later update of the same record does not merge them back.
    b2 = dict(b, event_id=str(uuid.uuid4()), occurred_at=T0 + timedelta(days=2), city="Malmö")
    out = service.handle_batch([_inb(RECORD, b2, T0 + timedelta(days=2), key="SE")], store)
    hub_a = service._resolver("SE", store).hub_id_of("adda:S-1")
    hub_b = service._resolver("SE", store).hub_id_of("hus:H-9")
    assert hub_a != hub_b


def test_a_raised_risk_alerts_suppliers_in_that_category_and_country(view):
    service, store = view
    service.handle_batch([_inb(RECORD, record("region-ostergotland", "O-1", "Rubbercare Gloves Sdn Bhd",
                                              **GLOVES), T0, key="MY")], store)
    risk = {"event_id": str(uuid.uuid4()), "partner": "region-ostergotland", "occurred_at": T0,
            "analysis_id": "R-gloves-MY", "category": "33141420", "category_label": "surgical gloves",
            "product": "nitrile gloves", "country": "MY",
            "risks": [{"area": "labour_rights", "risk_level": "very_high",
                       "rationale": "recruitment-fee debt bondage of migrant workers", "mitigation": None}],
            "valid_from": date(2026, 1, 1), "valid_to": None}
    out = service.handle_batch([_inb(RISK, risk, T0 + timedelta(hours=2))], store)
    assert [a["kind"] for _, a in out.alerts] == ["risk_raised"]
    assert out.suppliers and out.suppliers[0][1]["risks"][0]["risk_level"] == "very_high"


def test_a_plan_that_goes_overdue_later_is_found_by_the_daily_scan(view):
    service, store = view
    ev = audit("region-jonkoping", "J-2026-3", {"record_id": None, "name": "Rubbercare Gloves Sdn Bhd",
                                                 "country": "MY", "identifiers": [], **GLOVES},
               severity="major")
    ev["findings"][0]["cap_due_date"] = date(2026, 4, 1)
    out = service.handle_batch([_inb(AUDIT, ev, T0, key="MY")], store)
    assert not [a for _, a in out.alerts if a["kind"] == "cap_overdue"]
    later = service.overdue(store, date(2026, 5, 1), since=date(2026, 3, 5), origins=[0])
    assert [a["kind"] for _, a in later] == ["cap_overdue"]
    assert service.overdue(store, date(2026, 5, 2), since=date(2026, 5, 1), origins=[0]) == []


def test_every_kind_of_output_fits_its_schema(view):
    """The Faust adapter encodes outputs without validating them first (they are the hub's own): this is the check."""
    from fastavro.validation import validate as avro_validate

    from hub.contracts.schemas import SchemaSet
    from hub.contracts.validation import find_problems

    service, store = view
    a = record("adda", "S-1", "Alfa Medtech AB", country="SE", identifiers=[("SE-ON", "556012-5790")])
    b = record("hus", "H-9", "Baltic Care AB", country="SE")
    # The same number as S-1 and the same name as H-9: the two suppliers are one (auto_merged).
    c = record("region-skane", "K-2", "Baltic Care AB", country="SE", identifiers=[("VAT", "SE556012579001")])
    outs = [service.handle_batch([_inb(RECORD, a, T0, key="SE"), _inb(RECORD, b, T0, key="SE")], store),
            service.handle_batch([_inb(RECORD, c, T0, key="SE")], store)]
    supplier = {"record_id": "S-1", "name": "Alfa Medtech AB", "country": "SE", "identifiers": [],
                "address": None, "postal_code": None, "city": None}
    outs.append(service.handle_batch([_inb(AUDIT, audit("adda", "A-1", supplier), T0 + timedelta(days=1),
                                           key="SE")], store))
    reject = {"event_id": str(uuid.uuid4()), "partner": "hub", "occurred_at": T0, "decision_id": "d1",
              "status": "rejected", "record_a": {"partner": "adda", "record_id": "S-1"},
              "record_b": {"partner": "region-skane", "record_id": "K-2"}, "hub_id_a": None, "hub_id_b": None,
              "old_hub_ids": [], "new_hub_id": None, "score": None, "evidence": [],
              "decided_by": "reviewer@region-skane", "note": None}
    outs.append(service.handle_batch([_inb(DECISION, reject, T0 + timedelta(days=2), key="SE")], store))
    schemas = SchemaSet.load()
    seen = set()
    for out in outs:
        for name, items in (("MergedSupplier", out.suppliers), ("SupplierAlert", out.alerts),
                            ("MatchDecision", out.decisions)):
            for _key, item in items:
                parsed = schemas.get(name).parsed
                assert not find_problems(parsed, item) and avro_validate(item, parsed, strict=True), name
                seen.add(item.get("status", name))
    assert {"MergedSupplier", "SupplierAlert", "auto_merged", "split"} <= seen
