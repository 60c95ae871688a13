"""Derived events with deterministic envelopes.

Every id here is a function of content (UUIDv5 via ``content_event_id``) and
every ``occurred_at`` is the causing event's own timestamp, so recomputing a
batch after a crash yields byte-identical events, which consumers dedupe.
"""

from __future__ import annotations

from datetime import datetime

from hub.contracts.records import content_event_id, hub_envelope


def merged(view: dict, at: datetime) -> dict:
    return {**hub_envelope(f"merged:{view['hub_id']}:{view['version']}", at), **view}


def alert(payload: dict) -> dict:
    return {**hub_envelope(f"alert:{payload['alert_id']}", payload["raised_at"]), **payload}


def _decision(decision_id: str, at: datetime, **fields) -> dict:
    base = {"decision_id": decision_id, "record_b": None, "hub_id_a": None, "hub_id_b": None,
            "old_hub_ids": [], "new_hub_id": None, "score": None, "evidence": [], "decided_by": None,
            "note": None}
    return {**hub_envelope(f"decision:{decision_id}", at), **base, **fields}


def _ref(record_key: str) -> dict:
    partner, _, record_id = record_key.partition(":")
    return {"partner": partner, "record_id": record_id}


def pending_review(candidate, hub_id: str, inbound) -> dict:
    pair = sorted((candidate.record_key, candidate.other_record_key))
    decision_id = content_event_id("review:" + "|".join(pair))
    return _decision(decision_id, inbound.received_at, status="pending",
                     record_a=_ref(candidate.record_key), record_b=_ref(candidate.other_record_key),
                     hub_id_a=hub_id, hub_id_b=candidate.other_hub_id, score=float(candidate.score),
                     evidence=list(candidate.evidence))


def auto_merge(survivor: str, merged_away, inbound) -> dict:
    absorbed = sorted(merged_away)
    decision_id = content_event_id(f"merge:{survivor}:" + ",".join(absorbed))
    ev = inbound.event
    partner = ev.get("partner", "")
    record_id = ev.get("record_id") or f"audit:{ev.get('audit_id', '')}"
    return _decision(decision_id, inbound.received_at, status="auto_merged",
                     record_a={"partner": partner, "record_id": record_id},
                     old_hub_ids=absorbed, new_hub_id=survivor)


def split(s, inbound) -> dict:
    decision_id = content_event_id(f"split:{s.from_hub_id}:{s.to_hub_id}")
    return _decision(decision_id, inbound.received_at, status="split", record_a=_ref(s.record_keys[0]),
                     old_hub_ids=[s.from_hub_id], new_hub_id=s.to_hub_id,
                     evidence=[f"moved: {', '.join(s.record_keys)}"])
