"""The demo data set ``hub up`` loads, so a newcomer can query something real at once.

The events live in ``demo-events.json`` (data, not code). ``demo_documents``
gives them in publishing order (suppliers, then risk analyses, then audits),
each with a deterministic ``event_id`` so that loading the set again (every
``hub up``, or after an archive replay) has no second effect.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hub.contracts.records import content_event_id

DEMO_FILE = Path(__file__).with_name("demo-events.json")
#: Publishing order: the kinds an audit or a risk applies to come first.
ORDER = ("supplier-records", "risk-analyses", "audit-outcomes")
_NATURAL_ID = {"supplier-records": "record_id", "risk-analyses": "analysis_id", "audit-outcomes": "audit_id"}
#: When the demo events say they happened (a fixed time, so ids and content never change).
OCCURRED_AT = "2026-01-15T09:00:00.000Z"


def demo_documents(path: Path = DEMO_FILE) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """``[(kind, partner, documents)]`` in publishing order, each document with its event id."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out: list[tuple[str, str, list[dict[str, Any]]]] = []
    for kind in ORDER:
        by_partner: dict[str, list[dict[str, Any]]] = {}
        for doc in data.get(kind, []):
            partner = doc["partner"]
            event_id = content_event_id(f"demo:{kind}:{partner}:{doc[_NATURAL_ID[kind]]}")
            by_partner.setdefault(partner, []).append(doc | {"event_id": event_id, "occurred_at": OCCURRED_AT})
        out.extend((kind, partner, docs) for partner, docs in by_partner.items())
    return out
