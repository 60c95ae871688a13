"""Which alerts a webhook subscription receives (hub.core.subscriptions).

The alerts here are raised by the real evaluator (hub.core.alerts) for a
Malaysian glove factory that Region Skåne and Region Kalmar buy from, so a
change in how reasons are worded breaks the area matching of alerts written
before the ``areas`` field (which read the reason) here, not in production.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timezone
from io import BytesIO

import fastavro
import pytest

from hub.core.alerts import Trigger, evaluate
from hub.core.merge import render
from hub.core.subscriptions import (
    ALERT_KINDS,
    InvalidFilter,
    SubscriptionFilter,
    areas_of,
    matches,
    parse_filter,
)
from hub.core.validation import AREAS
from hub.core.views import RiskBook, SupplierState
from hub.settings import DEFAULT_SCHEMA_DIR

from supplier_states import apply_audit, apply_record

UTC = timezone.utc
DAY = date(2019, 3, 20)
AT = datetime(2019, 3, 20, tzinfo=UTC)


def _record(partner: str, record_id: str) -> dict:
    return {"event_id": str(uuid.uuid4()), "partner": partner, "occurred_at": AT, "record_id": record_id,
            "name": "Seri Glove Sdn. Bhd.", "trading_names": [], "country": "MY", "identifiers": [],
            "address": None, "postal_code": None, "city": None, "sites": [], "categories": ["33141420"],
            "active": True}


def _audit(severity: str, area: str, confidentiality: str = "shared", sanction_step: str | None = None) -> dict:
    finding = {"finding_id": "F1", "area": area, "clause": "2.1", "severity": severity, "description": "secret",
               "status": "open", "cap_due_date": date(2019, 6, 30), "corrective_actions": []}
    return {"event_id": str(uuid.uuid4()), "partner": "region-ostergotland", "occurred_at": AT,
            "audit_id": "OG-2019-03", "supplier": {"record_id": None, "name": "Seri Glove Sdn. Bhd.", "country": "MY",
                                                   "identifiers": []},
            "site": None, "audit_date": date(2019, 3, 12), "audit_type": "site", "audit_firm": None,
            "participating_partners": ["region-ostergotland"], "findings": [finding],
            "sanction_step": sanction_step, "confidentiality": confidentiality}


def raise_alerts(audit: dict, today: date = DAY) -> list[dict]:
    state = SupplierState("hub-seri")
    for partner, rid in (("region-skane", "S-1"), ("region-kalmar", "K-9")):
        state, _ = apply_record(state, _record(partner, rid), AT)
    before = render(state, RiskBook(), DAY, include_confidential=True)
    after, _ = apply_audit(state, audit, AT)
    trigger = Trigger(audit["event_id"], "hub.audit-outcomes.v1", AT)
    return evaluate(before, render(after, RiskBook(), DAY, include_confidential=True), trigger, today=today)


@pytest.fixture(scope="module")
def critical_labour() -> dict:
    (alert,) = [a for a in raise_alerts(_audit("critical", "labour_rights")) if a["kind"] == "critical_finding"]
    return alert


def test_alert_kinds_are_the_schemas_symbols():
    schema = json.loads((DEFAULT_SCHEMA_DIR / "SupplierAlert.avsc").read_text())
    kind = next(f for f in schema["fields"] if f["name"] == "kind")["type"]
    assert list(ALERT_KINDS) == [s for s in kind["symbols"] if s != "unknown"]


def test_the_default_is_the_partners_own_suppliers(critical_labour):
    mine = parse_filter(None, "region-kalmar")
    assert mine == parse_filter({}, "region-kalmar") == SubscriptionFilter(mine=True)
    assert matches(mine, critical_labour, "region-kalmar")
    assert not matches(mine, critical_labour, "adda")  # adda holds no record of the supplier


def test_a_partner_known_to_hold_records_now_gets_an_alert_raised_before_its_record_joined(critical_labour):
    raised_early = critical_labour | {"partners": []}  # the record joined after the alert was raised
    mine = parse_filter(None, "adda")
    assert not matches(mine, raised_early, "adda")
    assert matches(mine, raised_early, "adda", holds_records=True)
    assert not matches(parse_filter({"countries": ["SE"]}, "adda"), raised_early, "adda", holds_records=True)


def test_criteria_narrow_and_all_must_hold(critical_labour):
    f = parse_filter({"min_severity": "critical", "countries": ["my"], "hub_ids": ["hub-seri"],
                      "kinds": ["critical_finding"], "areas": ["labour_rights"]}, "region-skane")
    assert f.countries == ("MY",) and f.mine
    assert matches(f, critical_labour, "region-skane")
    for narrower in ({"min_severity": "zero_tolerance"}, {"countries": ["SE"]}, {"hub_ids": ["hub-other"]},
                     {"kinds": ["sanction_escalated"]}, {"areas": ["environment"]}):
        assert not matches(parse_filter(narrower, "region-skane"), critical_labour, "region-skane"), narrower
    # Within a list, any entry suffices.
    assert matches(parse_filter({"countries": ["SE", "MY"]}, "region-skane"), critical_labour, "region-skane")


def test_severity_order_and_unknown_severity():
    f = parse_filter({"min_severity": "major"}, None)
    assert [matches(f, {"severity": s}, None) for s in ("minor", "major", "critical", "zero_tolerance")] == \
        [False, True, True, True]
    assert matches(f, {"severity": "unknown"}, None)  # a newer writer's severity: deliver, do not miss


RISK_REASON = ("Risk analysis RA-1 by region-skane rates environment risk very_high (was medium) "
               "for CPV 33141420 produced in MY.")


def test_areas_are_read_from_the_alerts_areas_field(critical_labour):
    assert critical_labour["areas"] == ["labour_rights"] and areas_of(critical_labour) == {"labour_rights"}
    # The field decides, not the reason.
    relabelled = critical_labour | {"areas": ["environment", "human_rights"]}
    assert areas_of(relabelled) == {"environment", "human_rights"}
    assert matches(parse_filter({"areas": ["human_rights"]}, "region-kalmar"), relabelled, "region-kalmar")
    assert not matches(parse_filter({"areas": ["labour_rights"]}, "region-kalmar"), relabelled, "region-kalmar")
    # A newer writer's area reads as unknown: it matches no area a filter can give.
    newer = critical_labour | {"areas": ["unknown"]}
    assert not matches(parse_filter({"areas": list(AREAS)}, "region-kalmar"), newer, "region-kalmar")


def test_an_alert_written_before_the_areas_field_falls_back_to_its_reason(critical_labour):
    old = {k: v for k, v in critical_labour.items() if k != "areas"}
    f = parse_filter({"areas": ["labour_rights"]}, "region-kalmar")
    assert areas_of(old) == {"labour_rights"} and matches(f, old, "region-kalmar")
    assert areas_of({"reason": RISK_REASON}) == {"environment"}
    # As the consumers decode it: written with the schema before the field, read with today's,
    # it has the default, an empty list, and the reason still decides.
    current = json.loads((DEFAULT_SCHEMA_DIR / "SupplierAlert.avsc").read_text())
    assert current["fields"][-1]["name"] == "areas"
    before = current | {"fields": current["fields"][:-1]}
    buf = BytesIO()
    fastavro.schemaless_writer(buf, fastavro.parse_schema(before),
                               dict(old, event_id=str(uuid.uuid4()), partner="hub", occurred_at=AT))
    buf.seek(0)
    decoded = fastavro.schemaless_reader(buf, fastavro.parse_schema(before), fastavro.parse_schema(current))
    assert decoded["areas"] == [] and matches(f, decoded, "region-kalmar")
    assert not matches(parse_filter({"areas": ["environment"]}, "region-kalmar"), decoded, "region-kalmar")


def test_the_field_and_the_reason_name_the_same_areas():
    """What keeps the fallback for old alerts equal to the field on new ones."""
    from hub.core.subscriptions import _reason_areas

    alerts = [a for audit in (_audit("critical", "labour_rights"), _audit("zero_tolerance", "environment"),
                              _audit("critical", "human_rights", "participants"),
                              _audit("minor", "anti_corruption", sanction_step="suspension"))
              for a in raise_alerts(audit, today=date(2019, 8, 1))]
    state = SupplierState("hub-seri")
    state, _ = apply_record(state, _record("region-skane", "S-1"), AT)
    book = RiskBook()
    before = render(state, book, DAY, include_confidential=True)
    analysis = {"event_id": str(uuid.uuid4()), "partner": "region-skane", "occurred_at": AT, "analysis_id": "RA-1",
                "category": "33141420", "category_label": "Surgical gloves", "product": None, "country": "MY",
                "risks": [{"area": "environment", "risk_level": "very_high", "rationale": "effluent"}],
                "valid_from": date(2019, 1, 1), "valid_to": None}
    book.add(analysis)
    alerts += evaluate(before, render(state, book, DAY, include_confidential=True),
                       Trigger(analysis["event_id"], "hub.risk-analyses.v1", AT, kind="risk_analysis"), today=DAY)
    kinds = {a["kind"] for a in alerts}
    assert {"critical_finding", "cap_overdue", "sanction_escalated", "risk_raised"} <= kinds
    # Not human_rights: that finding is a participants-only audit's (anti_corruption's plan is overdue).
    assert {a for alert in alerts for a in alert["areas"]} == {"labour_rights", "environment", "anti_corruption"}
    for alert in alerts:
        assert _reason_areas(alert) == set(alert["areas"]), alert["reason"]


def test_alerts_that_name_no_area_do_not_pass_an_areas_filter():
    (confidential,) = [a for a in raise_alerts(_audit("zero_tolerance", "labour_rights", "participants"))
                       if a["kind"] == "critical_finding"]
    assert confidential["areas"] == [] and areas_of(confidential) == frozenset()  # the area is confidential
    sanction = [a for a in raise_alerts(_audit("minor", "environment", sanction_step="written_demand"))
                if a["kind"] == "sanction_escalated"]
    assert sanction and sanction[0]["areas"] == [] and areas_of(sanction[0]) == frozenset()
    f = parse_filter({"areas": ["labour_rights"]}, "region-kalmar")
    assert not matches(f, confidential, "region-kalmar") and not matches(f, sanction[0], "region-kalmar")
    # ...but by kind or severity they are delivered.
    assert matches(parse_filter({"min_severity": "critical"}, "region-kalmar"), confidential, "region-kalmar")


def test_a_caller_without_a_partner_must_give_an_explicit_filter(critical_labour):
    for raw in (None, {}, {"mine": True}):
        with pytest.raises(InvalidFilter):
            parse_filter(raw, None)
    f = parse_filter({"countries": ["MY"]}, None)
    assert not f.mine and matches(f, critical_labour, None)


def test_a_partner_cannot_widen_beyond_its_own_suppliers():
    with pytest.raises(InvalidFilter) as exc:
        parse_filter({"mine": False, "countries": ["MY"]}, "region-kalmar")
    assert [p.path for p in exc.value.problems] == ["filter.mine"]


@pytest.mark.parametrize("raw, path", [
    ({"min_severity": "catastrophic"}, "filter.min_severity"),
    ({"areas": ["human_rights", "kindness"]}, "filter.areas[1]"),
    ({"kinds": ["weather"]}, "filter.kinds[0]"),
    ({"countries": ["UK"]}, "filter.countries[0]"),
    ({"hub_ids": [""]}, "filter.hub_ids[0]"),
    ({"hub_ids": "hub-seri"}, "filter.hub_ids"),
    ({"hub_ids": ["h"] * 501}, "filter.hub_ids"),
    ({"colour": "red"}, "filter.colour"),
    ({"mine": "yes"}, "filter.mine"),
])
def test_bad_filters_name_the_field_never_the_value(raw, path):
    with pytest.raises(InvalidFilter) as exc:
        parse_filter(raw, "region-kalmar")
    assert path in [p.path for p in exc.value.problems]
    assert "kindness" not in str(exc.value) and "catastrophic" not in str(exc.value)


def test_a_filter_with_symbols_a_reader_cannot_read_is_never_wider(critical_labour):
    f = parse_filter({"min_severity": "major", "areas": ["environment"], "kinds": ["cap_overdue"]}, "hus")
    assert SubscriptionFilter.from_record(f.as_dict()) == f
    newer = SubscriptionFilter.from_record(f.as_dict() | {"min_severity": "unknown", "areas": ["unknown"]})
    assert newer.min_severity == "zero_tolerance" and newer.areas == ("unknown",)
    assert not matches(newer, critical_labour | {"partners": ["hus"]}, "hus")
