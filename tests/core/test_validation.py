"""Business-rule validation of decoded events.

Valid baselines: Region Östergötland's 2019 glove-factory audit in Malaysia,
a Swedish distributor's supplier record, and Region VGR's risk analysis of
surgical instruments from Pakistan (child labour).
"""

from __future__ import annotations

import copy
from datetime import date, datetime, timezone

import pytest

from hub.core.validation import validate, validate_audit_outcome, validate_risk_analysis, validate_supplier_record

UTC = timezone.utc
NOW = datetime(2019, 3, 21, 12, 0, tzinfo=UTC)
SECRET = "Worker R. (passport no. A1234567) paid 40,000 SEK to the agent"
OWNER = "Ms. Tan, HR manager"


def supplier_record() -> dict:
    return {"event_id": "0f6f1f64-55c6-4f39-9d0c-0c0a4c1c3a01", "partner": "region-stockholm",
            "occurred_at": datetime(2019, 3, 1, tzinfo=UTC), "record_id": "LEV-8812",
            "name": "Medisupply Nordic AB", "trading_names": ["Medisupply"], "country": "SE",
            "identifiers": [{"scheme": "SE-ON", "id": "556012-5790"}],
            "address": "Industrigatan 4", "postal_code": "211 20", "city": "Malmö",
            "sites": [{"site_id": "SIA-1", "name": "Sialkot works", "country": "PK", "address": None,
                       "postal_code": None, "city": "Sialkot", "kind": "factory"}],
            "categories": ["33169000", "33141420-0"], "active": True}


def glove_audit() -> dict:
    return {
        "event_id": "6f1c1f64-55c6-4f39-9d0c-0c0a4c1c3a01", "partner": "region-ostergotland",
        "occurred_at": datetime(2019, 3, 20, 9, 30, tzinfo=UTC), "audit_id": "OG-2019-GLOVE-03",
        "supplier": {"record_id": "LEV-40211", "name": "Seri Glove Sdn. Bhd.", "country": "MY",
                     "identifiers": [{"scheme": "MY-SSM", "id": "199801012345"}],
                     "address": None, "postal_code": None, "city": "Klang"},
        "site": {"site_id": "KLG-2", "name": "Klang plant 2", "country": "MY", "address": None,
                 "postal_code": None, "city": "Klang", "kind": "factory"},
        "audit_date": date(2019, 3, 12), "audit_type": "site", "audit_firm": "Nordic Social Audits",
        "participating_partners": ["region-ostergotland", "region-kalmar", "region-jonkoping"],
        "findings": [{
            "finding_id": "F1", "area": "labour_rights", "clause": "2.1", "severity": "zero_tolerance",
            "description": SECRET, "status": "open", "cap_due_date": date(2019, 9, 30),
            "corrective_actions": [{"action_id": "A1", "description": SECRET, "owner": OWNER,
                                    "due_date": date(2019, 9, 30), "status": "open", "closed_on": None}],
        }],
        "sanction_step": "dialogue", "confidentiality": "participants",
    }


def instruments_risk() -> dict:
    return {"event_id": "1d1c1f64-55c6-4f39-9d0c-0c0a4c1c3a01", "partner": "region-vgr",
            "occurred_at": datetime(2019, 1, 15, tzinfo=UTC), "analysis_id": "VGR-RA-33169-PK",
            "category": "33169000", "category_label": "Surgical instruments", "product": "scissors, forceps",
            "country": "PK",
            "risks": [{"area": "human_rights", "risk_level": "very_high", "rationale": "Child labour in polishing",
                       "mitigation": "Site audits with worker interviews"}],
            "valid_from": date(2019, 1, 1), "valid_to": date(2021, 12, 31)}


def codes(result) -> set[str]:
    return {p.code for p in result.errors}


def test_the_baselines_are_valid():
    for kind, ev in (("SupplierRecord", supplier_record()), ("AuditOutcome", glove_audit()),
                     ("RiskAnalysis", instruments_risk())):
        result = validate(kind, ev, now=NOW, publisher=ev["partner"])
        assert result.ok and result.errors == [] and result.warnings == [], (kind, result)


def test_unknown_partner_and_a_partner_that_is_not_the_publisher():
    ev = supplier_record()
    assert "partner_mismatch" in codes(validate_supplier_record(ev, now=NOW, publisher="region-skane"))
    ev["partner"] = "region-gotland"
    assert "unknown_partner" in codes(validate_supplier_record(ev, now=NOW))
    ev["partner"] = "hub"  # no one publishes inbound events as the hub
    assert "unknown_partner" in codes(validate_supplier_record(ev, now=NOW))


def test_country_codes_must_be_iso_alpha2():
    ev = supplier_record()
    ev["country"] = "UK"
    ev["sites"][0]["country"] = "pk"
    result = validate_supplier_record(ev, now=NOW)
    assert [p.path for p in result.errors] == ["country", "sites[0].country"]


def test_a_failed_check_digit_is_a_warning_but_an_empty_identifier_is_an_error():
    ev = supplier_record()
    ev["identifiers"] = [{"scheme": "SE-ON", "id": "556012-5791"}]
    result = validate_supplier_record(ev, now=NOW)
    assert result.ok and [p.code for p in result.warnings] == ["identifier_check_failed"]
    assert result.warnings[0].level == "warning" and "556012" not in result.warnings[0].message
    ev["identifiers"] = [{"scheme": "", "id": "556012-5790"}, {"scheme": "SE-ON", "id": " "}]
    assert [p.path for p in validate_supplier_record(ev, now=NOW).errors] == [
        "identifiers[0].scheme", "identifiers[1].id"]


def test_empty_names_ids_and_bad_cpv_codes():
    ev = supplier_record()
    ev["name"], ev["record_id"], ev["categories"] = "  ", "", ["3316900"]
    assert codes(validate_supplier_record(ev, now=NOW)) == {"empty", "invalid_cpv"}


def test_dates_must_be_sane():
    ev = glove_audit()
    ev["audit_date"] = date(2019, 3, 25)
    assert "future_date" in codes(validate_audit_outcome(ev, now=NOW))
    ev["audit_date"] = date(1987, 6, 1)
    assert "date_too_early" in codes(validate_audit_outcome(ev, now=NOW))
    ev = glove_audit()
    ev["findings"][0]["cap_due_date"] = date(2019, 3, 1)
    ev["findings"][0]["corrective_actions"][0]["due_date"] = date(2019, 3, 1)
    assert [p.path for p in validate_audit_outcome(ev, now=NOW).errors] == [
        "findings[0].cap_due_date", "findings[0].corrective_actions[0].due_date"]
    ev = glove_audit()
    ev["occurred_at"] = datetime(2019, 3, 23, tzinfo=UTC)
    assert "future_timestamp" in codes(validate_audit_outcome(ev, now=NOW))
    risk = instruments_risk()
    risk["valid_to"] = date(2018, 12, 31)
    assert codes(validate_risk_analysis(risk, now=NOW)) == {"ends_before_start"}


def test_reader_side_unknown_enum_values_are_rejected():
    ev = glove_audit()
    ev["audit_type"] = "unknown"
    ev["findings"][0]["severity"] = "unknown"
    ev["sanction_step"] = "unknown"
    assert [p.path for p in validate_audit_outcome(ev, now=NOW).errors] == [
        "audit_type", "sanction_step", "findings[0].severity"]
    risk = instruments_risk()
    risk["risks"][0]["risk_level"] = "unknown"
    assert codes(validate_risk_analysis(risk, now=NOW)) == {"unknown_enum"}


def test_participants_only_audits_must_include_their_publisher_and_known_partners():
    ev = glove_audit()
    ev["participating_partners"] = ["region-kalmar", "region-jonkopings-lan"]
    assert codes(validate_audit_outcome(ev, now=NOW)) == {"unknown_partner", "publisher_not_participant"}
    ev["confidentiality"] = "shared"
    assert codes(validate_audit_outcome(ev, now=NOW)) == {"unknown_partner"}


def test_duplicate_finding_ids_are_rejected():
    ev = glove_audit()
    ev["findings"].append(copy.deepcopy(ev["findings"][0]))
    assert codes(validate_audit_outcome(ev, now=NOW)) == {"duplicate_id"}


@pytest.mark.parametrize("breakage", ["empty", "dates", "enums"])
def test_messages_never_contain_descriptions_or_owners(breakage):
    ev = glove_audit()
    f, a = ev["findings"][0], ev["findings"][0]["corrective_actions"][0]
    if breakage == "empty":
        f["clause"], f["finding_id"], a["action_id"] = "", "", ""
    elif breakage == "dates":
        f["cap_due_date"], a["due_date"], a["closed_on"] = date(2018, 1, 1), date(2018, 1, 1), date(2017, 1, 1)
    else:
        f["area"], f["status"], a["status"] = "unknown", "pending", "done"
    result = validate_audit_outcome(ev, now=NOW)
    assert result.errors
    for problem in result.errors + result.warnings:
        assert SECRET not in problem.message and OWNER not in problem.message
        assert "40,000" not in problem.message and "Tan" not in problem.message


def test_an_unknown_record_type_is_a_programming_error():
    with pytest.raises(ValueError):
        validate("Invoice", {}, now=NOW)
