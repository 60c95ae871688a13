"""The resolver's state as JSON-able data: what ``Resolver.snapshot`` writes and
``Resolver.restore`` reads, and the fragments ``Resolver.drain_changes`` hands a
stream processor to persist one key each (``hub.application.resolver_state``).
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.core.resolution.models import SupplierRef

#: Bumped when the snapshot's form changes; ``restore`` refuses another version.
SNAPSHOT_VERSION = 1


def ref_to_dict(ref: SupplierRef) -> dict:
    # Spelled out rather than dataclasses.asdict, which deep-copies field by field.
    return {"partner": ref.partner, "record_id": ref.record_id, "name": ref.name, "country": ref.country,
            "identifiers": [list(p) for p in ref.identifiers], "address": ref.address,
            "postal_code": ref.postal_code, "city": ref.city, "trading_names": list(ref.trading_names)}


def ref_from_dict(d: dict) -> SupplierRef:
    return SupplierRef(
        partner=d["partner"], record_id=d["record_id"], name=d["name"], country=d["country"],
        identifiers=tuple((s, v) for s, v in d.get("identifiers", ())),
        address=d.get("address"), postal_code=d.get("postal_code"), city=d.get("city"),
        trading_names=tuple(d.get("trading_names", ())),
    )


@dataclass(frozen=True)
class ResolverChanges:
    """Snapshot fragments changed since the last ``drain_changes``."""

    seq: int
    records: dict[str, dict]          # record key -> {"seq", "hub_id", "ref"}
    clusters: dict[str, dict]         # hub_id -> {"created"} or {"successor"}
    decisions: list[tuple[int, dict]]  # (index, decision) appended since
    decision_count: int
