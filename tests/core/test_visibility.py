"""Who sees what of a merged view: participants-only audits, admins, the planner.

Scenario: Region Östergötland and Region Kalmar audited a Malaysian glove
factory (participants only) and found debt bondage; Adda ran a shared office
audit with one open major finding.
"""

from __future__ import annotations

from datetime import date

from hub.core.visibility import ADMIN, PUBLIC, Viewer, audiences, redact, summary, variant

SITE = "region-ostergotland:F1"


def view() -> dict:
    return {
        "hub_id": "HUB-1", "version": 4, "canonical_name": "Kalmar Glove Sdn Bhd", "country": "MY",
        "identifiers": [], "aliases": ["KALMAR GLOVES SDN. BHD."], "buyers": ["region-kalmar", "region-skane"],
        "sites": [{"site_id": SITE, "name": "Klang factory", "country": "MY"}],
        "audits": [
            {"audit_id": "ADDA-1", "audit_date": date(2024, 3, 5), "audit_type": "office", "site_id": None,
             "participating_partners": ["adda"], "confidentiality": "shared", "highest_severity": "major",
             "open_findings": 1},
            {"audit_id": "OST-9", "audit_date": date(2019, 3, 20), "audit_type": "site", "site_id": SITE,
             "participating_partners": ["region-kalmar", "region-ostergotland"], "confidentiality": "participants",
             "highest_severity": "zero_tolerance", "open_findings": 2},
        ],
        "open_findings": [
            {"audit_id": "ADDA-1", "finding_id": "F1", "area": "labour_rights", "severity": "major", "clause": "4.1",
             "cap_due_date": None, "site_id": None},
            {"audit_id": "OST-9", "finding_id": "F7", "area": "labour_rights", "severity": "zero_tolerance",
             "clause": "2.1", "cap_due_date": None, "site_id": SITE},
        ],
        "last_audit_by_site": [{"site_id": SITE, "last_audit_date": date(2019, 3, 20)}],
        "sanction_step": "formal_warning",
    }


def test_a_non_participant_sees_only_the_public_fields_of_a_restricted_audit():
    seen = redact(view(), Viewer("region-skane"))
    restricted = next(a for a in seen["audits"] if a["audit_id"] == "OST-9")
    assert restricted == {"audit_id": "OST-9", "audit_date": date(2019, 3, 20), "highest_severity": "zero_tolerance"}
    assert [f["audit_id"] for f in seen["open_findings"]] == ["ADDA-1"]
    assert seen["last_audit_by_site"] == []  # it would tell where the restricted audit was held


def test_participants_and_admins_see_everything_and_the_input_is_not_changed():
    original = view()
    assert redact(original, Viewer("region-kalmar")) == view()
    assert redact(original, ADMIN) == view()
    redact(original, PUBLIC)
    assert original == view()


def test_the_planner_is_a_non_participant():
    planner = Viewer.of(None, {"hub:read", "hub:plan", "hub:review"})
    assert not planner.admin
    assert "audit_type" not in redact(view(), planner)["audits"][1]
    assert Viewer.of(None, {"hub:admin"}).admin
    assert not Viewer.of("adda", {"hub:admin"}).admin  # a partner's token never sees everything


def test_variants_name_the_audiences_that_see_more():
    assert audiences(view()) == {"region-kalmar", "region-ostergotland"}
    assert variant(view(), ADMIN) == "full"
    assert variant(view(), Viewer("region-kalmar")) == "region-kalmar"
    assert variant(view(), Viewer("adda")) == "public"
    shared_only = dict(view(), audits=view()["audits"][:1])
    assert variant(shared_only, Viewer("adda")) == "full"


def test_summaries_count_only_what_the_viewer_may_know():
    public = summary(view(), PUBLIC)
    assert public["open_findings"] == 1 and public["max_open_severity"] == "major"
    assert public["last_audit_date"] == date(2024, 3, 5)  # audit dates are visible to all
    participant = summary(view(), Viewer("region-ostergotland"))
    assert participant["open_findings"] == 3 and participant["max_open_severity"] == "zero_tolerance"


def test_a_visible_restricted_audit_without_listed_findings_counts_by_its_highest_severity():
    published = dict(view(), open_findings=view()["open_findings"][:1])  # as the processors publish it
    assert summary(published, Viewer("region-kalmar"))["max_open_severity"] == "zero_tolerance"
    assert summary(published, Viewer("adda"))["max_open_severity"] == "major"


def test_an_audit_with_its_findings_in_full_counts_only_its_open_ones():
    """The gateway adds a restricted audit's findings for its participants: a closed one is no open severity."""
    detailed = dict(view(), open_findings=view()["open_findings"][:1])
    detailed["audits"] = [detailed["audits"][0], dict(detailed["audits"][1], findings=[
        {"finding_id": "F7", "severity": "zero_tolerance", "status": "closed", "description": "debt bondage"}])]
    assert summary(detailed, Viewer("region-kalmar"))["max_open_severity"] == "major"
    seen = redact(detailed, Viewer("adda"))
    assert seen["audits"][1] == {"audit_id": "OST-9", "audit_date": date(2019, 3, 20),
                                 "highest_severity": "zero_tolerance"}
    assert summary(detailed, Viewer("adda")) == summary(view(), Viewer("adda"))
