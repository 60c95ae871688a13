"""Content fingerprints.

The case that matters: region-ostergotland pushes its 2019 glove-factory
audit over HTTP, and its connector pushes the same audit again overnight
under a new event id. Both must get one fingerprint; any real change must not.
"""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone

from hub.core.dedup import canonical_json, fingerprint

UTC = timezone.utc


def glove_audit() -> dict:
    return {
        "event_id": "6f1c1f64-55c6-4f39-9d0c-0c0a4c1c3a01",
        "partner": "region-ostergotland",
        "occurred_at": datetime(2019, 3, 20, 9, 30, tzinfo=UTC),
        "audit_id": "OG-2019-GLOVE-03",
        "supplier": {"record_id": "LEV-40211", "name": "Seri Glove Sdn. Bhd.", "country": "MY",
                     "identifiers": [{"scheme": "MY-SSM", "id": "199801012345"}],
                     "address": None, "postal_code": None, "city": "Klang"},
        "site": {"site_id": "KLG-2", "name": "Klang plant 2", "country": "MY", "address": None,
                 "postal_code": None, "city": "Klang", "kind": "factory"},
        "audit_date": date(2019, 3, 12),
        "audit_type": "site",
        "audit_firm": "Nordic Social Audits",
        "participating_partners": ["region-ostergotland", "region-kalmar", "region-jonkoping"],
        "findings": [
            {"finding_id": "F1", "area": "labour_rights", "clause": "2.1", "severity": "zero_tolerance",
             "description": "Recruitment fees of up to 40,000 SEK", "status": "open",
             "cap_due_date": date(2019, 9, 30), "corrective_actions": []},
            {"finding_id": "F2", "area": "labour_rights", "clause": "4.1", "severity": "major",
             "description": "Up to 339 hours of work in a month", "status": "open",
             "cap_due_date": date(2019, 6, 30), "corrective_actions": []},
        ],
        "sanction_step": "dialogue",
        "confidentiality": "participants",
    }


def test_same_audit_under_a_new_event_id_has_the_same_fingerprint():
    http = glove_audit()
    connector = copy.deepcopy(http)
    connector["event_id"] = "0b8e5a53-8f0e-4a1c-9a52-3b7d0f5fd2aa"
    connector["occurred_at"] = http["occurred_at"] + timedelta(hours=14)
    assert fingerprint(http) == fingerprint(connector)


def test_list_order_and_omitted_nulls_do_not_change_the_fingerprint():
    a = glove_audit()
    b = copy.deepcopy(a)
    b["findings"].reverse()
    b["participating_partners"].sort()
    del b["audit_firm"]  # an HTTP body may omit what Avro decoding fills with null
    b["audit_firm"] = "Nordic Social Audits"
    del b["supplier"]["address"]
    assert fingerprint(a) == fingerprint(b)


def test_a_real_change_changes_the_fingerprint():
    a = glove_audit()
    closed = copy.deepcopy(a)
    closed["findings"][1]["status"] = "closed"
    other_partner = copy.deepcopy(a)
    other_partner["partner"] = "region-kalmar"
    assert len({fingerprint(a), fingerprint(closed), fingerprint(other_partner)}) == 3


def test_fingerprint_is_sha256_hex():
    fp = fingerprint(glove_audit())
    assert len(fp) == 64 and int(fp, 16) >= 0


def test_canonical_json_sorts_keys_and_writes_dates_in_iso_and_utc():
    cet = timezone(timedelta(hours=1))
    text = canonical_json({"b": date(2019, 3, 12), "a": datetime(2019, 3, 20, 10, 30, tzinfo=cet)})
    assert text == '{"a":"2019-03-20T09:30:00+00:00","b":"2019-03-12"}'
