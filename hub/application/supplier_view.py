"""The shared supplier view: one application service over the pure core.

For each batch of decoded inbound events this service validates, drops
repeats, resolves suppliers to hub_ids, folds records and audits into
per-supplier state, renders the merged view and evaluates alert rules. It
returns what to send (``Outputs``) and writes its state through a
``StateStore``. It imports no Kafka, Faust or HTTP: the Faust agent in
``hub.processors.supplier_view`` decodes, calls ``handle_batch`` and sends;
the tests call it directly with a ``DictStore``.

Why state is derived from membership: a supplier's state is rebuilt from the
records and audits whose keys the resolver puts in its cluster, instead of
being moved around on merges and splits. So merges, splits, human decisions
and re-resolved records can never leave state behind in the wrong hub_id.

Why outputs are deterministic: every event id, version and alert id is a
function of the state and the inbound events (their own timestamps, not the
wall clock), so a batch replayed after a crash re-emits identical records,
and consumers (the compacted topic, the gateway, webhooks) dedupe on them.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any, Callable, Iterable, Sequence

from hub.application.resolver_state import load_resolver, save_changes
from hub.application.messages import AUDIT, DECISION, RECORD, RISK, Batch, Inbound, Outputs, Reject, country_of
from hub.application.state import StateStore
from hub.application import envelopes
from hub.application.batches import in_time_order, touch, with_merges
from hub.core import merge
from hub.core.alerts import Trigger, evaluate, overdue_scan
from hub.core.resolution.resolver import Resolution, Resolver, ResolutionError, SupplierRef, record_key
from hub.core.validation import validate
from hub.core.views import AuditSnapshot, RecordSnapshot, RiskBook, SupplierState, risk_applies
from hub.rules.alerts import DEFAULT_ALERT_RULES
from hub.rules.matching import DEFAULT_MATCH_SETTINGS, MatchSettings

log = logging.getLogger(__name__)

_SCHEMA = {RECORD: "SupplierRecord", AUDIT: "AuditOutcome", RISK: "RiskAnalysis"}


class SupplierView:
    def __init__(self, match_settings: MatchSettings = DEFAULT_MATCH_SETTINGS,
                 alert_rules=DEFAULT_ALERT_RULES,
                 owns: Callable[[str, Any], bool] = lambda country, origin: True,
                 fingerprint: Callable[[dict], str] = merge.content_fingerprint) -> None:
        self.match_settings = match_settings
        self.alert_rules = alert_rules
        #: Does partition ``origin`` hold ``country``? (risk fan-out touches only its own)
        self.owns = owns
        #: A rendered view's content fingerprint: equal for equal content. The worker
        #: hashes the Avro body it will send (hub.processors.merged_codec).
        self.fingerprint = fingerprint
        self._resolvers: dict[str, Resolver] = {}
        self._anchored: dict[str, dict[str, set[str]]] = {}   # country -> anchor key -> audit keys
        self._books: dict[Any, RiskBook] = {}

    def reset(self) -> None:
        """Forget the caches (on rebalance: another worker may have moved on)."""
        self._resolvers.clear()
        self._anchored.clear()
        self._books.clear()

    # -- the batch ---------------------------------------------------------------
    def handle_batch(self, events: Sequence[Inbound], store: StateStore) -> Outputs:
        batch = Batch()
        dirty_countries: dict[str, Any] = {}
        for inbound in in_time_order(events):
            try:
                country = self._handle(inbound, store, batch)
            except ResolutionError as exc:
                batch.out.rejects.append(Reject(inbound, "process", type(exc).__name__, str(exc)))
                continue
            if country:
                dirty_countries[country] = inbound.origin
        for country, origin in dirty_countries.items():
            save_changes(store, country, self._resolvers[country], origin)
        self._publish(batch, store)
        return batch.out

    def _handle(self, inbound: Inbound, store: StateStore, batch: Batch) -> str | None:
        if inbound.kind == DECISION:
            return self._decision(inbound, store, batch)
        problems = validate(_SCHEMA[inbound.kind], inbound.event, now=inbound.received_at,
                            publisher=inbound.publisher)
        if problems.errors:
            message = "; ".join(f"{p.path}: {p.code}: {p.message}" for p in problems.errors)
            batch.out.rejects.append(Reject(inbound, "validate", "ValidationError", message))
            return None
        if inbound.kind == RECORD:
            return self._record(inbound, store, batch)
        if inbound.kind == AUDIT:
            return self._audit(inbound, store, batch)
        self._risk(inbound, store, batch)
        return None

    # -- caches ------------------------------------------------------------------
    def _resolver(self, country: str, store: StateStore) -> Resolver:
        r = self._resolvers.get(country)
        if r is None:
            r = self._resolvers[country] = load_resolver(store, country, self.match_settings)
        return r

    def _anchors(self, country: str, store: StateStore) -> dict[str, set[str]]:
        a = self._anchored.get(country)
        if a is None:
            a = self._anchored[country] = {}
            for key, (anchor, _snap) in store.scan("audits", f"{country}|"):
                a.setdefault(anchor, set()).add(key)
        return a

    def _book(self, origin: Any, store: StateStore) -> RiskBook:
        book = self._books.get(origin)
        if book is None:
            book = self._books[origin] = RiskBook()
            for _key, ev in sorted(store.scan("risks", f"{origin}|"), key=lambda kv: kv[1]["occurred_at"]):
                book.add(ev)
        return book

    # -- state of one hub_id -----------------------------------------------------
    def _state(self, hub_id: str, country: str, store: StateStore,
               members: Iterable[str] | None = None) -> SupplierState:
        """``hub_id``'s state from what the store holds for its members: the
        resolver's, or ``members`` (a hub_id as it was before a merge)."""
        meta = store.get("suppliers", hub_id) or {}
        state = SupplierState(hub_id, version=meta.get("version", 0), fingerprint=meta.get("fingerprint"),
                              merged_from=tuple(meta.get("merged_from", ())), successor=meta.get("successor"))
        if state.successor:
            return state
        anchors = self._anchors(country, store)
        for member in self._resolver(country, store).members(hub_id) if members is None else members:
            snap = store.get("records", f"{country}|{member}")
            if snap is not None:
                state.records[snap.key] = snap
            for audit_key in anchors.get(member, ()):
                _anchor, audit = store.get("audits", audit_key)
                state.audits[audit.key] = audit
        state.country = country  # every member's country of registration: the resolver is per country
        return state

    def _view(self, hub_id: str, country: str, inbound: Inbound, store: StateStore, batch: Batch) -> dict | None:
        """The confidential render of ``hub_id`` as it stands now (cached per batch).

        Rendered as of the day of ``inbound`` (its own timestamp, not the
        clock), so that a replay evaluates alerts exactly as the first run did.
        """
        if hub_id not in batch.views:
            batch.views[hub_id] = self._render(with_merges(self._state(hub_id, country, store), batch),
                                               inbound, store)
        return batch.views[hub_id]

    def _render(self, state: SupplierState, inbound: Inbound, store: StateStore) -> dict | None:
        """The confidential render of ``state`` as of the day of ``inbound`` (None: nothing to show)."""
        if not state.records and not state.audits and not state.successor:
            return None
        return merge.render(state, self._book(inbound.origin, store), inbound.received_at.date(),
                            include_confidential=True)

    def _before(self, resolution: Resolution, country: str, inbound: Inbound, store: StateStore,
                batch: Batch, update: bool = False) -> dict[str, dict | None]:
        """The views of the hub_ids a resolver ``add`` changed, as they were before it.

        On a merge: the survivor first, then each hub_id it absorbed, each
        with its own members from before the merge (the resolver already
        holds the merged cluster, so not from it, and not cached). Else the
        hub_id's view (a new record is in its cluster but not yet in the
        store). On an ``update``, from the members the resolver holds now,
        less the record if it moved in (the store's old snapshot is of its
        old hub_id), not cached: before and after differ by this record; and
        if it moved in, its old hub_id second, as it was with the record (its
        audits came along: news to the new hub_id's buyers, not new findings)."""
        if resolution.merged_members:
            members = resolution.merged_members
        elif update:
            resolver = self._resolver(country, store)
            moved_in = resolution.record_key if resolution.split_from else None
            now = resolver.members(resolution.hub_id)
            members = ((resolution.hub_id, [m for m in now if m != moved_in]),)
            if moved_in:
                old = resolution.split_from
                left = [k for s in resolution.splits if s.from_hub_id == old for k in s.record_keys]
                members += ((old, [*resolver.members(old), *left, moved_in]),)
        else:
            return {resolution.hub_id: self._view(resolution.hub_id, country, inbound, store, batch)}
        return {h: self._render(with_merges(self._state(h, country, store, keys), batch), inbound, store)
                for h, keys in members}

    def _alerts(self, batch, inbound, country, store, before: dict[str, dict | None], kind: str,
                absorbed: dict[str, dict | None] | None = None, update: bool = False) -> None:
        """Alerts of each hub_id in ``before`` (its view before the event);
        ``absorbed``: on a merge, the absorbed hub_ids' views from before it;
        ``update``: the event updates a record the store held."""
        trigger = Trigger(str(inbound.event.get("event_id")), inbound.topic, inbound.received_at, kind=kind,
                          record_update=update)
        for hub_id, old in before.items():
            new = self._view(hub_id, country, inbound, store, batch)
            if new is None:
                continue
            for alert in evaluate(old, new, trigger, self.alert_rules, today=inbound.received_at.date(),
                                  absorbed=absorbed):
                batch.out.alerts.append((hub_id, envelopes.alert(alert)))

    def _merge_alerts(self, batch, inbound, country, store, survivor: str, before: dict[str, dict | None],
                      kind: str, merged_away: Sequence[str] | None = None, update: bool = False) -> None:
        """Alerts of ``survivor`` after an event whose 'before' views are ``before``
        (the survivor's first); those of ``merged_away`` (default: every other
        one) are the hub_ids it absorbed in this event."""
        absorbed = {h: v for h, v in before.items() if h != survivor
                    and (merged_away is None or h in merged_away)}
        self._alerts(batch, inbound, country, store, {survivor: _combined(before)}, kind,
                     absorbed=absorbed or None, update=update)

    # -- event kinds -------------------------------------------------------------
    def _record(self, inbound: Inbound, store: StateStore, batch: Batch) -> str | None:
        ev = inbound.event
        country = country_of(RECORD, ev)
        snap = RecordSnapshot.from_event(ev, inbound.received_at)
        key = record_key(snap.partner, snap.record_id)
        old = store.get("records", f"{country}|{key}")
        if old is not None and not merge.supersedes(snap, old):
            return None  # a repeat, an older event arriving late, or a no-op resync
        resolver = self._resolver(country, store)
        ref = SupplierRef(snap.partner, snap.record_id, snap.name, country,
                          tuple((i.scheme, i.id) for i in snap.identifiers),
                          snap.address, snap.postal_code, snap.city, snap.trading_names)
        resolution = resolver.add(ref)
        merged, update = bool(resolution.merged_away), old is not None
        # A partner's record newly among the active ones of a supplier the hub already
        # knew (not one it founded): its first record, or an update that moved it into
        # another hub_id or made it active again. The partner may now buy from one with
        # open critical findings. Most new records found their own hub_id, and most
        # updates stay where they were, as active as they were: they render nothing extra.
        enters = not update or (snap.active and (resolution.split_from is not None or not old.active))
        # (Right after ``add``, a hub_id the record founded, or moved into alone, holds only it.)
        joined = not merged and enters and len(resolver.members(resolution.hub_id)) > 1
        # Before the put: the record is in the cluster but its new snapshot not yet in the store.
        before = self._before(resolution, country, inbound, store, batch, update) if merged or joined else {}
        store.put("records", f"{country}|{key}", snap, inbound.origin)
        self._structural(inbound, country, resolution.hub_id, resolution.merged_away, resolution.splits,
                         resolution.split_from, batch)
        self._reviews(inbound, country, resolution, store, batch)
        if merged or joined:
            self._merge_alerts(batch, inbound, country, store, resolution.hub_id, before, RECORD, update=update)
        return country

    def _audit(self, inbound: Inbound, store: StateStore, batch: Batch) -> str | None:
        ev = inbound.event
        supplier = ev["supplier"]
        country = country_of(AUDIT, ev)
        snap = AuditSnapshot.from_event(ev, inbound.received_at)
        audit_key = f"{country}|{snap.partner}:{snap.audit_id}"
        old = store.get("audits", audit_key)
        if old is not None and not merge.supersedes(snap, old[1]):
            return None
        resolver = self._resolver(country, store)
        named = supplier.get("record_id")
        if named and store.get("records", f"{country}|{record_key(snap.partner, named)}") is not None:
            anchor = record_key(snap.partner, named)   # the partner says which of its records it audited
            resolution = None
        else:
            resolution = resolver.add(SupplierRef(
                snap.partner, f"audit:{snap.audit_id}", supplier["name"], country,
                tuple((i["scheme"], i["id"]) for i in supplier.get("identifiers") or ()),
                supplier.get("address"), supplier.get("postal_code"), supplier.get("city")))
            anchor = resolution.record_key
        hub_id = resolver.hub_id_of(anchor)
        old_hub = None
        if old is not None and old[0] != anchor:
            self._anchors(country, store).get(old[0], set()).discard(audit_key)
            try:
                old_hub = resolver.hub_id_of(old[0])
            except ResolutionError:
                old_hub = None
        before = (self._before(resolution, country, inbound, store, batch) if resolution is not None
                  else {hub_id: self._view(hub_id, country, inbound, store, batch)})
        store.put("audits", audit_key, (anchor, snap), inbound.origin)
        self._anchors(country, store).setdefault(anchor, set()).add(audit_key)
        if resolution is not None:
            self._structural(inbound, country, hub_id, resolution.merged_away, resolution.splits,
                             resolution.split_from, batch)
            self._reviews(inbound, country, resolution, store, batch)
        touch(batch, inbound, country, hub_id, old_hub)
        self._merge_alerts(batch, inbound, country, store, hub_id, before, AUDIT)
        return country

    def _decision(self, inbound: Inbound, store: StateStore, batch: Batch) -> str | None:
        ev = inbound.event
        if ev.get("status") not in ("confirmed", "rejected") or not ev.get("decided_by"):
            return None  # the hub's own pending/auto_merged/split announcements
        country = country_of(DECISION, ev, inbound.key) or ""
        a, b = ev["record_a"], ev.get("record_b") or {}
        key_a = record_key(a["partner"], a["record_id"])
        key_b = record_key(b.get("partner", ""), b.get("record_id", ""))
        resolver = self._resolver(country, store)
        before = {h: self._view(h, country, inbound, store, batch)
                  for h in {resolver.hub_id_of(key_a), resolver.hub_id_of(key_b)}}
        outcome = resolver.decide(key_a, key_b, "confirm" if ev["status"] == "confirmed" else "reject")
        survivor = resolver.hub_id_of(key_a)
        # The survivor first, the rest by hub_id: never the order of a set (it varies between processes).
        before = {h: before[h] for h in sorted(before, key=lambda h: (h != survivor, h))}
        merged_away = tuple(h for h in before if h != survivor and resolver.current_hub_id(h) == survivor)
        self._structural(inbound, country, survivor, merged_away, outcome.splits, None, batch)
        touch(batch, inbound, country, *before)
        self._merge_alerts(batch, inbound, country, store, survivor, before, DECISION, merged_away)
        return country

    def _risk(self, inbound: Inbound, store: StateStore, batch: Batch) -> None:
        ev = inbound.event
        book = self._book(inbound.origin, store)
        affected: dict[str, str] = {}
        countries = {k.split("|", 1)[0] for k, _ in store.scan("resolver", "") if k.endswith("|meta")}
        for country in sorted(c for c in countries if self.owns(c, inbound.origin)):
            resolver = self._resolver(country, store)
            for hub_id in sorted(set(resolver.hub_ids().values())):
                view = self._view(hub_id, country, inbound, store, batch)
                if view and risk_applies(ev, view["categories"],
                                         {view["country"], *(s["country"] for s in view["sites"])}):
                    affected[hub_id] = country
        before = {h: batch.views[h] for h in affected}
        if not book.add(ev):
            return
        store.put("risks", f"{inbound.origin}|{ev['partner']}:{ev['analysis_id']}", ev, inbound.origin)
        for hub_id, country in affected.items():
            touch(batch, inbound, country, hub_id)
            self._alerts(batch, inbound, country, store, {hub_id: before[hub_id]}, RISK)

    # -- the clock ---------------------------------------------------------------
    def overdue(self, store: StateStore, today: date, since: date | None, origins) -> list[tuple[str, dict]]:
        """Corrective-action plans that went overdue with no event to notice it.

        Called from a timer for the partitions this worker holds. With
        ``since`` (the previous scan's day) only plans overdue since then;
        after a restart (``since`` None) every overdue plan again, with the
        same alert ids, which consumers dedupe.
        """
        out: list[tuple[str, dict]] = []
        countries = {k.split("|", 1)[0] for k, _ in store.scan("resolver", "") if k.endswith("|meta")}
        for origin in origins:
            for country in sorted(c for c in countries if self.owns(c, origin)):
                resolver = self._resolver(country, store)
                for hub_id in sorted(set(resolver.hub_ids().values())):
                    state = self._state(hub_id, country, store)
                    if not state.audits:
                        continue
                    view = merge.render(state, self._book(origin, store), today, include_confidential=True)
                    for alert in overdue_scan(view, today, rules=self.alert_rules, since=since):
                        out.append((hub_id, envelopes.alert(alert)))
        return out

    # -- merges, splits, reviews -------------------------------------------------
    def _structural(self, inbound, country, hub_id, merged_away, splits, split_from, batch) -> None:
        touch(batch, inbound, country, hub_id, split_from, *merged_away)
        for gone in merged_away:
            batch.successors[gone] = hub_id
        if merged_away:
            batch.out.decisions.append((country, envelopes.auto_merge(hub_id, merged_away, inbound)))
        for s in splits:
            touch(batch, inbound, country, s.from_hub_id, s.to_hub_id)
            batch.out.decisions.append((country, envelopes.split(s, inbound)))

    def _reviews(self, inbound, country, resolution, store, batch) -> None:
        for candidate in resolution.review:
            decision = envelopes.pending_review(candidate, resolution.hub_id, inbound)
            pair = f"{country}|{'|'.join(sorted((candidate.record_key, candidate.other_record_key)))}"
            if store.get("reviews", pair) is None:
                store.put("reviews", pair, decision["decision_id"], inbound.origin)
                batch.out.decisions.append((country, decision))

    # -- publishing ----------------------------------------------------------------
    def _publish(self, batch: Batch, store: StateStore) -> None:
        for hub_id, t in batch.touched.items():
            state = with_merges(self._state(hub_id, t.country, store), batch)
            if not state.records and not state.audits and not state.successor:
                continue  # every member moved away in this batch; nothing to show
            view = merge.render(state, self._book(t.origin, store), t.received_at.date())
            fingerprint = self.fingerprint(view)
            version = state.version + t.changes
            store.put("suppliers", hub_id, {"version": version, "fingerprint": fingerprint,
                                            "merged_from": list(state.merged_from),
                                            "successor": state.successor}, t.origin)
            if fingerprint != state.fingerprint:
                view["version"] = version
                batch.out.suppliers.append((hub_id, envelopes.merged(view, t.received_at)))


def _combined(before: dict[str, dict | None]) -> dict | None:
    """The survivor's 'before' for alert rules: the first view in ``before``.

    On a merge, alert rules compare the survivor's new view with the old view
    of the hub_id that survives (callers put it first), and are given the
    absorbed ones' old views besides, so that findings brought in by them
    surface as ``merge_joins_critical`` for whoever newly sees them.
    """
    return next(iter(before.values()), None)
