"""The match-review queue, folded from ``hub.match-decisions.v1``.

The resolver announces a pair of partner records it is unsure about as a
``pending`` MatchDecision, keyed by the supplier's country. A person then
confirms or rejects it: the gateway publishes a ``confirmed``/``rejected``
MatchDecision with the same decision_id and records, ``decided_by`` set, on
the same key, and the supplier-view processor applies it
(``hub.application.supplier_view._decision``).

A review stops being pending when any of these arrives: a human decision on
the same pair, an automatic merge that joined both hub_ids, or a merged view
that now holds both records (the resolver found the match by itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cache import SupplierCache

DECIDED = ("confirmed", "rejected")


def pair_key(a: dict, b: dict | None) -> str:
    refs = sorted(f"{r.get('partner', '')}:{r.get('record_id', '')}" for r in (a, b or {}))
    return "|".join(refs)


@dataclass
class Review:
    decision: dict          # the pending MatchDecision (JSON form)
    country: str            # its Kafka key: where the processor keeps the pair
    order: tuple            # (occurred_at, decision_id): the listing order


@dataclass
class ReviewBook:
    reviews: dict[str, Review] = field(default_factory=dict)
    #: pair -> (status, decision_id, decided_by) of the latest human decision.
    decided: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)
    #: sets of hub_ids joined by an automatic merge.
    merged: list[frozenset[str]] = field(default_factory=list)

    def apply(self, decision: dict, key: str | None) -> None:
        status = decision.get("status")
        if status == "pending" and decision.get("record_b"):
            country = (key or "").strip().upper()
            held = self.reviews.get(decision["decision_id"])
            if held is None:
                order = (decision.get("occurred_at", ""), decision["decision_id"])
                self.reviews[decision["decision_id"]] = Review(decision, country, order)
        elif status in DECIDED and decision.get("decided_by"):
            self.decided[pair_key(decision["record_a"], decision.get("record_b"))] = (
                status, decision["decision_id"], decision.get("decided_by"))
        elif status == "auto_merged" and decision.get("new_hub_id"):
            self.merged.append(frozenset([decision["new_hub_id"], *(decision.get("old_hub_ids") or ())]))

    def status(self, review: Review, cache: SupplierCache) -> str:
        """pending, confirmed, rejected, or merged (the resolver joined the records itself)."""
        d = review.decision
        decided = self.decided.get(pair_key(d["record_a"], d["record_b"]))
        if decided is not None:
            return decided[0]
        a, b = d["record_a"], d["record_b"]
        owner_a = cache.record_owner.get((a["partner"], a["record_id"]))
        owner_b = cache.record_owner.get((b["partner"], b["record_id"]))
        if owner_a is not None and owner_a == owner_b:
            return "merged"
        ids = {d.get("hub_id_a"), d.get("hub_id_b")} - {None}
        if len(ids) == 2 and any(ids <= joined for joined in self.merged):
            return "merged"
        return "pending"

    def listing(self, status: str, cache: SupplierCache) -> list[Review]:
        chosen = (r for r in self.reviews.values() if status == "all" or self.status(r, cache) == status)
        return sorted(chosen, key=lambda r: r.order)


def side(ref: dict, hub_id_then: str | None, cache: SupplierCache) -> dict:
    """One record of a pair as the reviewer needs it, from the view that holds it now.

    Name, activity and arrival come from the view's ``source_records``;
    country, identifiers and categories from its ``provenance`` (what that
    record asserted). Sites and other names are the supplier's, since the
    merged view does not keep them per record.
    """
    partner, record_id = ref.get("partner", ""), ref.get("record_id", "")
    hub_id = cache.record_owner.get((partner, record_id)) or (cache.resolve(hub_id_then) if hub_id_then else None)
    view = cache.views.get(hub_id or "") or {}
    source = next((s for s in view.get("source_records") or ()
                   if s["partner"] == partner and s["record_id"] == record_id), {})
    asserted = [p for p in view.get("provenance") or () if p["partner"] == partner and p["record_id"] == record_id]
    identifiers = []
    for p in asserted:
        if p["field"] == "identifiers":
            scheme, _, ident = p["value"].partition(":")
            identifiers.append({"scheme": scheme, "id": ident})
    countries = [p["value"] for p in asserted if p["field"] == "country"]
    return {
        "partner": partner, "record_id": record_id,
        "name": source.get("name"), "active": source.get("active"), "received_at": source.get("received_at"),
        "country": countries[0] if countries else view.get("country"),
        "identifiers": identifiers,
        "categories": sorted({p["value"] for p in asserted if p["field"] == "categories"}),
        "hub_id": hub_id if view else None,
        "canonical_name": view.get("canonical_name"),
        "aliases": list(view.get("aliases") or ()),
        "sites": [{k: s.get(k) for k in ("site_id", "name", "country", "address", "postal_code", "city", "kind")}
                  for s in view.get("sites") or ()],
        "buyers": list(view.get("buyers") or ()),
    }


def item(review: Review, status: str, cache: SupplierCache) -> dict:
    d = review.decision
    return {
        "decision_id": d["decision_id"], "status": status, "country": review.country,
        "occurred_at": d.get("occurred_at"), "score": d.get("score"), "evidence": list(d.get("evidence") or ()),
        "record_a": side(d["record_a"], d.get("hub_id_a"), cache),
        "record_b": side(d["record_b"], d.get("hub_id_b"), cache),
    }
