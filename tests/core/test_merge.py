"""Merging partner events into one supplier view.

Data: the Malaysian glove maker audited jointly in 2019 by Region
Östergötland, Region Kalmar län and Region Jönköpings län, and a Swedish
distributor known to several regions. Events go through the real Avro
schemas (fastavro), so the core sees exactly what the processors will pass.
"""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import date, datetime, timezone
from io import BytesIO
from pathlib import Path

import fastavro

from hub.core.merge import content_fingerprint, render
from hub.core.views import RiskBook, SupplierState, cpv_covers, cpv_prefix, risk_applies

from supplier_states import apply_audit, apply_record, merge_states

UTC = timezone.utc
SCHEMAS = Path(__file__).resolve().parents[2] / "schemas" / "avro"
TODAY = date(2019, 4, 1)
SECRET = "Recruitment fees of up to 40,000 SEK paid by worker R."


def roundtrip(schema_name: str, payload: dict) -> dict:
    schema = fastavro.parse_schema(json.loads((SCHEMAS / f"{schema_name}.avsc").read_text()))
    buf = BytesIO()
    fastavro.schemaless_writer(buf, schema, payload)
    buf.seek(0)
    return fastavro.schemaless_reader(buf, schema)


def ts(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def record(partner, record_id, name, *, at=ts(2019, 1, 10), country="MY", identifiers=(), trading_names=(),
           sites=(), categories=("33141420",), active=True, event_id=None) -> dict:
    return roundtrip("SupplierRecord", {
        "event_id": event_id or str(uuid.uuid4()), "partner": partner, "occurred_at": at,
        "record_id": record_id, "name": name, "trading_names": list(trading_names), "country": country,
        "identifiers": [{"scheme": s, "id": i} for s, i in identifiers],
        "address": None, "postal_code": None, "city": None,
        "sites": [dict({"address": None, "postal_code": None, "city": None, "kind": "factory"}, **s) for s in sites],
        "categories": list(categories), "active": active,
    })


KLANG = {"site_id": "KLG-2", "name": "Klang plant 2", "country": "MY"}


def finding(fid, severity="zero_tolerance", area="labour_rights", clause="2.1", status="open",
            cap_due=date(2019, 9, 30), actions=()):
    return {"finding_id": fid, "area": area, "clause": clause, "severity": severity, "description": SECRET,
            "status": status, "cap_due_date": cap_due, "corrective_actions": list(actions)}


def audit(partner="region-ostergotland", audit_id="OG-2019-GLOVE-03", *, findings=None, at=ts(2019, 3, 20),
          audit_date=date(2019, 3, 12), confidentiality="shared", sanction_step=None, record_id="LEV-40211",
          site=KLANG, event_id=None) -> dict:
    return roundtrip("AuditOutcome", {
        "event_id": event_id or str(uuid.uuid4()), "partner": partner, "occurred_at": at, "audit_id": audit_id,
        "supplier": {"record_id": record_id, "name": "Seri Glove Sdn. Bhd.", "country": "MY", "identifiers": [],
                     "address": None, "postal_code": None, "city": None},
        "site": dict({"address": None, "postal_code": None, "city": "Klang", "kind": "factory"}, **site) if site else None,
        "audit_date": audit_date, "audit_type": "site" if site else "office", "audit_firm": None,
        "participating_partners": ["region-ostergotland", "region-kalmar", "region-jonkoping"],
        "findings": findings if findings is not None else [
            finding("F1"),
            finding("F2", "major", clause="4.1", cap_due=date(2019, 6, 30)),
            finding("F3", "critical", area="human_rights", clause="5.3", status="closed"),
        ],
        "sanction_step": sanction_step, "confidentiality": confidentiality,
    })


def analysis(partner="region-skane", analysis_id="RA-2019-12", *, category="33141420", country="MY",
             level="very_high", at=ts(2019, 2, 1), valid_from=date(2019, 1, 1), valid_to=None, product="gloves"):
    return roundtrip("RiskAnalysis", {
        "event_id": str(uuid.uuid4()), "partner": partner, "occurred_at": at, "analysis_id": analysis_id,
        "category": category, "category_label": None, "product": product, "country": country,
        "risks": [{"area": "labour_rights", "risk_level": level, "rationale": "Migrant workers, fees", "mitigation": None}],
        "valid_from": valid_from, "valid_to": valid_to,
    })


def fold(events, hub_id="hub-seri") -> SupplierState:
    state = SupplierState(hub_id)
    for ev in events:
        apply = apply_audit if "audit_id" in ev else apply_record
        state, _ = apply(state, ev, ev["occurred_at"])
    return state


# ---------------------------------------------------------------- records

def test_redelivered_and_older_events_change_nothing():
    new = record("region-kalmar", "K-77", "Seri Glove Sdn Bhd", at=ts(2019, 2, 1))
    old = record("region-kalmar", "K-77", "Seri Gloves", at=ts(2019, 1, 1))
    state, changed = apply_record(SupplierState("hub-seri"), new, ts(2019, 2, 1, 0, 5))
    assert changed
    assert apply_record(state, new, ts(2019, 2, 2))[1] is False
    late, changed = apply_record(state, old, ts(2019, 2, 3))
    assert changed is False and late.records[("region-kalmar", "K-77")].name == "Seri Glove Sdn Bhd"


def test_a_resync_with_the_same_content_is_a_no_op():
    first = record("region-kalmar", "K-77", "Seri Glove Sdn Bhd", at=ts(2019, 2, 1))
    resync = dict(first, event_id=str(uuid.uuid4()), occurred_at=ts(2019, 2, 8))
    state, _ = apply_record(SupplierState("hub-seri"), first, ts(2019, 2, 1))
    assert apply_record(state, resync, ts(2019, 2, 8))[1] is False


def test_apply_does_not_mutate_its_input():
    state = SupplierState("hub-seri")
    apply_record(state, record("region-kalmar", "K-77", "Seri Glove Sdn Bhd"), ts(2019, 2, 1))
    assert state.records == {}


def test_a_valid_national_id_wins_the_name_over_a_majority():
    events = [
        record("region-skane", "S1", "Medisupply", country="SE"),
        record("region-vgr", "V1", "MEDISUPPLY", country="SE"),
        record("region-stockholm", "R1", "Medisupply Nordic AB", country="SE",
               identifiers=[("SE-ON", "556012-5790")]),
    ]
    view = render(fold(events, "hub-medi"), RiskBook(), TODAY)
    assert view["canonical_name"] == "Medisupply Nordic AB"
    assert view["aliases"] == ["Medisupply"]
    names = [p for p in view["provenance"] if p["field"] == "canonical_name"]
    assert [(p["partner"], p["record_id"]) for p in names] == [("region-stockholm", "R1")]


def test_without_national_ids_the_most_frequent_normalised_name_wins_then_the_most_recent():
    events = [
        record("region-ostergotland", "O1", "Seri Glove Sdn. Bhd.", at=ts(2018, 5, 1)),
        record("region-kalmar", "K1", "SERI GLOVE SDN BHD", at=ts(2018, 6, 1)),
        record("region-jonkoping", "J1", "Seri Gloves Manufacturing", at=ts(2019, 1, 1)),
    ]
    view = render(fold(events), RiskBook(), TODAY)
    assert view["canonical_name"] == "SERI GLOVE SDN BHD"  # majority "seri glove", then most recent of those
    assert view["aliases"] == ["Seri Gloves Manufacturing"]


def test_render_is_identical_whatever_order_events_arrive_in():
    events = [
        record("region-ostergotland", "O1", "Seri Glove Sdn. Bhd.", sites=[KLANG], at=ts(2018, 5, 1)),
        record("region-kalmar", "K1", "Seri Glove Sdn Bhd", trading_names=["SeriGlove"], at=ts(2018, 6, 1)),
        record("region-jonkoping", "J1", "Seri Glove", categories=("33141420", "18424300"), at=ts(2018, 7, 1)),
        audit(),
        audit("region-kalmar", "KAL-19-4", sanction_step="written_demand", at=ts(2019, 3, 25)),
    ]
    renders = {json.dumps(render(fold(p), RiskBook(), TODAY), default=str, sort_keys=True)
               for p in itertools.permutations(events)}
    assert len(renders) == 1


def test_identifiers_are_normalised_deduplicated_and_invalid_ones_dropped():
    events = [
        record("region-skane", "S1", "Medisupply Nordic AB", country="SE", identifiers=[("SE-ON", "556012-5790")]),
        record("adda", "A1", "Medisupply Nordic AB", country="SE", identifiers=[("VAT", "SE556012579001")]),
        record("region-vgr", "V1", "Medisupply Nordic AB", country="SE", identifiers=[("SE-ON", "556012-5791")]),
    ]
    view = render(fold(events, "hub-medi"), RiskBook(), TODAY)
    assert view["identifiers"] == [{"scheme": "SE-ON", "id": "5560125790"}]
    asserted = {(p["partner"], p["value"]) for p in view["provenance"] if p["field"] == "identifiers"}
    assert asserted == {("region-skane", "SE-ON:5560125790"), ("adda", "SE-ON:5560125790")}


def test_buyers_are_partners_with_active_records():
    events = [record("region-kalmar", "K1", "Seri Glove"), record("hus", "H1", "Seri Glove", active=False)]
    view = render(fold(events), RiskBook(), TODAY)
    assert view["buyers"] == ["region-kalmar"]
    assert {s["partner"] for s in view["source_records"]} == {"region-kalmar", "hus"}


# ---------------------------------------------------------------- audits

def test_descriptions_are_never_stored_or_rendered():
    state = fold([record("region-ostergotland", "LEV-40211", "Seri Glove Sdn. Bhd."), audit()])
    assert SECRET not in repr(state)
    assert SECRET not in json.dumps(render(state, RiskBook(), TODAY, include_confidential=True), default=str)


def test_audit_summary_and_open_findings():
    view = render(fold([record("region-ostergotland", "LEV-40211", "Seri Glove Sdn. Bhd.", sites=[KLANG]), audit()]),
                  RiskBook(), TODAY)
    (summary,) = view["audits"]
    assert summary["highest_severity"] == "zero_tolerance" and summary["open_findings"] == 2
    assert summary["participating_partners"] == ["region-jonkoping", "region-kalmar", "region-ostergotland"]
    assert [(f["finding_id"], f["severity"], f["site_id"]) for f in view["open_findings"]] == [
        ("F1", "zero_tolerance", "region-ostergotland:KLG-2"), ("F2", "major", "region-ostergotland:KLG-2")]
    assert view["last_audit_by_site"] == [{"site_id": "region-ostergotland:KLG-2", "last_audit_date": date(2019, 3, 12)}]
    assert [s["site_id"] for s in view["sites"]] == ["region-ostergotland:KLG-2"]


def test_participants_only_findings_are_counted_but_not_listed_in_the_shared_view():
    state = fold([audit(confidentiality="participants")])
    shared = render(state, RiskBook(), TODAY)
    assert shared["open_findings"] == [] and shared["audits"][0]["open_findings"] == 2
    assert shared["audits"][0]["highest_severity"] == "zero_tolerance"
    assert len(render(state, RiskBook(), TODAY, include_confidential=True)["open_findings"]) == 2


def test_without_cap_due_date_the_earliest_open_action_is_due():
    actions = [
        {"action_id": "A1", "description": "Repay fees", "owner": "HR", "due_date": date(2019, 8, 1), "status": "open", "closed_on": None},
        {"action_id": "A2", "description": "Fix fire alarms", "owner": None, "due_date": date(2019, 4, 15), "status": "done", "closed_on": date(2019, 4, 10)},
        {"action_id": "A3", "description": "Max 12 per dormitory room, not 48", "owner": None, "due_date": date(2019, 6, 1), "status": "open", "closed_on": None},
    ]
    view = render(fold([audit(findings=[finding("F1", cap_due=None, actions=actions)])]), RiskBook(), TODAY)
    assert view["open_findings"][0]["cap_due_date"] == date(2019, 6, 1)


def test_sanction_step_is_the_highest_of_each_partners_latest_step():
    events = [
        audit("region-kalmar", "K-1", sanction_step="formal_warning", audit_date=date(2019, 3, 1)),
        audit("region-kalmar", "K-2", sanction_step="dialogue", audit_date=date(2019, 9, 1), at=ts(2019, 9, 2)),
        audit("region-ostergotland", "O-1", sanction_step="written_demand"),
    ]
    assert render(fold(events), RiskBook(), date(2019, 10, 1))["sanction_step"] == "written_demand"


def test_with_only_an_audit_the_supplier_is_named_from_its_reference():
    view = render(fold([audit()]), RiskBook(), TODAY)
    assert (view["canonical_name"], view["country"]) == ("Seri Glove Sdn. Bhd.", "MY")


# ---------------------------------------------------------------- risks

def test_cpv_prefix_rule():
    assert cpv_prefix("33140000-2") == "3314" and cpv_prefix("33141420") == "3314142"
    assert cpv_covers("33140000", "33141420") and cpv_covers("3314", "33141420")
    assert not cpv_covers("33141420", "33140000")  # a narrower analysis says nothing of the broader category
    assert not cpv_covers("33169000", "33141420")


def test_risks_apply_by_category_prefix_and_site_country():
    book = RiskBook()
    book.add(analysis(category="33140000", country="MY"))                        # broader code, site country
    book.add(analysis("region-vgr", "RA-PK-7", category="33169000", country="PK"))  # surgical instruments, not ours
    book.add(analysis("hus", "RA-TH", category="33141420", country="TH", valid_to=date(2018, 12, 31)))  # expired
    state = fold([record("region-skane", "S1", "Nordic Glove Import AB", country="SE", sites=[KLANG],
                         identifiers=[("SE-ON", "556091-2148")])], "hub-ngi")
    risks = render(state, book, TODAY)["risks"]
    assert [(r["analysis_id"], r["country"], r["risk_level"]) for r in risks] == [("RA-2019-12", "MY", "very_high")]
    assert risk_applies(analysis(category="3314", country="MY"), ["33141420"], ["SE", "MY"])


def test_latest_analysis_from_a_partner_replaces_the_older_and_late_ones_are_ignored():
    book = RiskBook()
    assert book.add(analysis(analysis_id="RA-2018", level="high", at=ts(2018, 2, 1)))
    assert book.add(analysis(analysis_id="RA-2019", level="very_high", at=ts(2019, 2, 1)))
    late = analysis(analysis_id="RA-2017", level="low", at=ts(2017, 2, 1))
    assert book.add(late) is False
    assert [a.analysis_id for a in book.applicable(["33141420"], ["MY"], TODAY)] == ["RA-2019"]
    future = analysis("region-vgr", "RA-2020", valid_from=date(2020, 1, 1))
    book.add(future)
    assert [a.analysis_id for a in book.applicable(["33141420"], ["MY"], TODAY)] == ["RA-2019"]


# ---------------------------------------------------------------- fingerprints and the schema

def test_the_fingerprint_changes_with_content_only():
    book = RiskBook()
    state = fold([record("region-kalmar", "K1", "Seri Glove Sdn Bhd")])
    view = render(state, book, TODAY)
    assert content_fingerprint(render(state, book, TODAY)) == content_fingerprint(view)
    assert content_fingerprint(dict(view, version=99, event_id="x")) == content_fingerprint(view)
    audited, _ = apply_audit(state, audit(record_id="K1"), ts(2019, 3, 20))
    assert content_fingerprint(render(audited, book, TODAY)) != content_fingerprint(view)


def test_rendered_views_fit_the_merged_supplier_schema():
    book = RiskBook()
    book.add(analysis())
    state = fold([record("region-ostergotland", "LEV-40211", "Seri Glove Sdn. Bhd.", sites=[KLANG],
                         identifiers=[("MY-SSM", "199801012345")]), audit(sanction_step="written_demand")])
    merged, tomb = merge_states(state, fold([record("region-kalmar", "K1", "Seri Glove")], "hub-b"))
    for view in (render(merged, book, TODAY), render(tomb, book, TODAY)):
        envelope = {"event_id": str(uuid.uuid4()), "partner": "hub", "occurred_at": ts(2019, 4, 1)}
        decoded = roundtrip("MergedSupplier", dict(view, **envelope))
        assert decoded["hub_id"] == view["hub_id"]
