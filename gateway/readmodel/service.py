"""``ReadModel``: the gateway's query side, fed only from Kafka.

It folds five topics into memory and SQLite: the merged view
(``hub.suppliers.v1``: current views, search index, the feed), alerts, match
decisions (the review queue), risk analyses (the risk book) and audit
outcomes (the detail of participants-only audits, for the partners that took
part: ``audits.py``, memory only, never logged). Nothing is
shared between replicas but Kafka; each rebuilds from the beginning on
start, and ``ready()`` is True once it has caught up with the end offsets it
saw at start.

Routes call the query methods from the event loop. The ingest applies
batches on the same loop, so reads never see half a batch, and after each
batch that brought alerts it wakes the SSE streams waiting in
``wait_for_change``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from datetime import date, datetime, timezone

from hub.contracts.cloudevents import parse_headers
from hub.contracts.errors import ContractError
from hub.core import audit_plan as planning
from hub.core.validation import validate
from hub.core.views import RiskBook
from hub.core.visibility import Viewer, redact, severity_rank, summary
from hub.kafka import topics as t

from . import insights, reviews
from .cache import SupplierCache, dumps
from .cursors import decode_index, decode_log, encode_index, encode_log
from .ingest import KafkaIngest, Message
from .search import ranked
from .store import SearchFilter, Store

log = logging.getLogger(__name__)

TOPICS = {t.SUPPLIERS: "MergedSupplier", t.ALERTS: "SupplierAlert", t.MATCH_DECISIONS: "MatchDecision",
          t.RISK_ANALYSES: "RiskAnalysis", t.AUDIT_OUTCOMES: "AuditOutcome"}
FEED, ALERTS, SEARCH, REVIEWS = "feed", "alerts", "search", "reviews"


class ReadModel:
    name = "read_model"

    def __init__(self, hub, bootstrap: str | None, registry_url: str | None, path: str = ":memory:"):
        self.hub = hub
        self.bootstrap = bootstrap
        self.registry_url = registry_url
        self.path = path
        self.cache = SupplierCache()
        self.book = RiskBook()
        self.risk_labels: dict[tuple[str, str], str | None] = {}
        self.review_book = reviews.ReviewBook()
        #: decision_id -> status decided through this replica, until Kafka brings the decision back.
        self.posted: dict[str, str] = {}
        self.store: Store | None = None
        self.ingest: KafkaIngest | None = None
        self.closing = False
        self._changed = asyncio.Event()

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        self.closing = False
        self.store = Store(self.path)
        self.ingest = KafkaIngest(self.hub, self.bootstrap, self.registry_url, TOPICS, self.apply)
        try:
            await self.ingest.start()
        except BaseException:  # the gateway stops only the components that started: clean up here
            await self.stop()
            raise

    def close_streams(self) -> None:
        """End every open SSE stream now (call it when shutdown begins: uvicorn waits for open
        responses before it runs the lifespan's shutdown, so ``stop`` alone comes too late)."""
        self.closing = True
        self._notify()

    async def stop(self) -> None:
        self.close_streams()
        if self.ingest is not None:
            await self.ingest.stop()
        if self.store is not None:
            self.store.close()
            self.store = None

    def ready(self) -> tuple[bool, str]:
        if self.ingest is None or self.store is None:
            return False, "not started"
        if self.ingest.error:
            return False, self.ingest.error
        if not self.ingest.caught_up:
            return False, f"catching up with Kafka: about {self.ingest.behind()} records to go"
        return True, f"caught up: {len(self.cache.rendered)} suppliers"

    # -- ingest ----------------------------------------------------------------------------
    def apply(self, messages: list[Message]) -> None:
        """Fold a batch in, in one transaction; wake the streams if alerts came."""
        alerts = False
        self.store.begin()
        try:
            for m in messages:
                if m.value is None:
                    continue
                try:
                    alerts = self._apply_one(m) or alerts
                except Exception:  # one odd event must not stall the read model for every caller
                    self.ingest.skipped += 1
                    log.exception("skipping %s[%d]@%d", m.topic, m.partition, m.offset)
            self.store.commit()
        except BaseException:
            self.store.rollback()
            raise
        if alerts:
            self._notify()

    def _apply_one(self, m: Message) -> bool:
        """Fold one event in; True when it was a new alert."""
        if m.topic == t.SUPPLIERS:
            self._supplier(m)
        elif m.topic == t.ALERTS:
            return self._alert(m)
        elif m.topic == t.MATCH_DECISIONS:
            key = m.key.decode("utf-8", "replace") if m.key else None
            self.review_book.apply(json.loads(dumps(m.value)), key)
        elif m.topic == t.RISK_ANALYSES:
            self._risk(m)
        elif m.topic == t.AUDIT_OUTCOMES:
            self._audit(m)
        return False

    def _supplier(self, m: Message) -> None:
        changed, text = self.cache.apply(m.value)
        self.store.add_feed(m.partition, m.offset, m.timestamp, str(m.value["event_id"]), m.value["hub_id"],
                            int(m.value.get("version", 0)), text)
        if changed:
            hub_id = m.value["hub_id"]
            if hub_id in self.cache.rendered:
                self.store.put_supplier(self.cache.row(hub_id))
            else:
                self.store.drop_supplier(hub_id)

    def _alert(self, m: Message) -> bool:
        return self.store.add_alert(m.partition, m.offset, m.timestamp, m.value, severity_rank(m.value.get("severity")),
                                    dumps(m.value).decode("utf-8"))

    def _risk(self, m: Message) -> None:
        if not _valid("RiskAnalysis", m):
            return
        if self.book.add(m.value):
            self.risk_labels[(m.value["partner"], m.value["analysis_id"])] = m.value.get("category_label")

    def _audit(self, m: Message) -> None:
        if not _valid("AuditOutcome", m):
            return
        for hub_id in self.cache.apply_audit(m.value):
            self.store.put_supplier(self.cache.row(hub_id))

    def _notify(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def wait_for_change(self, timeout_s: float) -> bool:
        """Wait until new alerts arrive (True), ``timeout_s`` passes or the model stops (False)."""
        if self.closing:
            return False
        try:
            await asyncio.wait_for(self._changed.wait(), timeout_s)
        except asyncio.TimeoutError:
            return False
        return not self.closing

    # -- suppliers -------------------------------------------------------------------------
    def supplier_json(self, hub_id: str, viewer: Viewer) -> bytes | None:
        """The hot path: pre-rendered bytes, or None when not live (then ask ``successor_of``)."""
        return self.cache.body(hub_id, viewer)

    def view(self, hub_id: str, viewer: Viewer) -> dict | None:
        """A live supplier's view (JSON form) as ``viewer`` may see it, for other components."""
        doc = self.cache.full.get(hub_id)
        return redact(doc, viewer) if doc is not None and hub_id in self.cache.rendered else None

    def hub_ids_of(self, partner: str) -> list[str]:
        """The live suppliers ``partner`` holds records for ("my suppliers")."""
        return self.store.hub_ids_of(partner)

    def successor_of(self, hub_id: str) -> str | None:
        """Where a merged-away hub_id lives now (end of its successor chain), else None."""
        if hub_id not in self.cache.successors:
            return None
        return self.cache.resolve(hub_id)

    def search(self, viewer: Viewer, q: str | None, f: SearchFilter, limit: int,
               cursor: str | None) -> tuple[list[dict], str | None]:
        fingerprint = hashlib.sha256(repr((q or "", f)).encode()).hexdigest()[:12]
        start = decode_index(SEARCH, cursor, fingerprint)
        if q and q.strip():
            hits = ranked(self.store, self.cache, q, f, partner=viewer.partner, admin=viewer.admin)
            page = hits[start:start + limit + 1]
        else:
            page = [(h, None) for h, _ in self.store.search(f, partner=viewer.partner, admin=viewer.admin,
                                                            limit=limit + 1, offset=start)]
        more = len(page) > limit
        items = [dict(summary(self.cache.full[h], viewer), score=s) for h, s in page[:limit]]
        return items, encode_index(SEARCH, start + limit, fingerprint) if more else None

    # -- logs ------------------------------------------------------------------------------
    def feed(self, viewer: Viewer, after: str | None, limit: int) -> tuple[list[dict], str]:
        rows, pos = self.store.log_page("feed", decode_log(FEED, after), limit, self.ingest.reached_of(t.SUPPLIERS))
        items = []
        for row, at in rows:
            doc = json.loads(row.body)
            supplier = doc if doc.get("successor") else redact(doc, viewer)
            items.append({"cursor": encode_log(FEED, at), "hub_id": doc["hub_id"], "version": doc.get("version", 0),
                          "supplier": supplier})
        return items, encode_log(FEED, pos)

    def alerts(self, viewer: Viewer, after: str | None, limit: int, *, hub_id: str | None = None,
               kind: str | None = None, min_severity: str | None = None) -> tuple[list[dict], str]:
        where, args = [], []
        if viewer.partner is not None and not viewer.admin:
            where.append("EXISTS (SELECT 1 FROM json_each(alerts.partners) WHERE value = ?)")
            args.append(viewer.partner)
        for column, value in (("hub_id", hub_id), ("kind", kind)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        if min_severity:
            where.append("sev_rank >= ?")
            args.append(severity_rank(min_severity))
        rows, pos = self.store.log_page("alerts", decode_log(ALERTS, after), limit, self.ingest.reached_of(t.ALERTS),
                                        " AND ".join(where), tuple(args))
        items = [dict(json.loads(row.body), cursor=encode_log(ALERTS, at)) for row, at in rows]
        return items, encode_log(ALERTS, pos)

    def alerts_tail(self) -> str:
        """A cursor after every alert applied so far: where a stream without a cursor starts."""
        return encode_log(ALERTS, self.ingest.reached_of(t.ALERTS))

    def check_alerts_cursor(self, cursor: str | None) -> None:
        decode_log(ALERTS, cursor)

    # -- match reviews ---------------------------------------------------------------------
    def reviews(self, status: str, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
        start = decode_index(REVIEWS, cursor, status)
        listed = [r for r in self.review_book.listing("all", self.cache)
                  if status == "all" or self.review_status(r) == status]
        page = listed[start:start + limit]
        items = [reviews.item(r, self.review_status(r), self.cache) for r in page]
        more = len(listed) > start + limit
        return items, encode_index(REVIEWS, start + limit, status) if more else None

    def review(self, decision_id: str) -> reviews.Review | None:
        return self.review_book.reviews.get(decision_id)

    def review_status(self, review: reviews.Review) -> str:
        status = self.review_book.status(review, self.cache)
        if status == "pending":
            return self.posted.get(review.decision["decision_id"], "pending")
        return status

    def mark_decided(self, decision_id: str, status: str) -> None:
        self.posted[decision_id] = status

    # -- planning and overviews ------------------------------------------------------------
    def visible_views(self, viewer: Viewer) -> list[dict]:
        return [redact(v, viewer) for v in self.cache.live()]

    def audit_plan(self, viewer: Viewer, *, category: str | None, country: str | None, horizon_months: int,
                   limit: int, today: date) -> list[dict]:
        items = planning.plan(self.visible_views(viewer), self.book, today, category=category, country=country,
                              horizon_months=horizon_months)
        return items[:limit]

    def risk_overview(self, viewer: Viewer, today: date) -> dict:
        return insights.risk_overview(self.book, self.risk_labels, self.cache.live(), viewer, today)

    def findings_stats(self, viewer: Viewer) -> dict:
        return insights.findings_stats(self.cache.live(), viewer)


def _valid(record_type: str, m: Message) -> bool:
    """Valid as the processors judge it (at the record's time, against the partner its CloudEvents
    headers name): what they dead-letter, they never apply; neither do we."""
    try:
        publisher = parse_headers(m.headers).partner if m.headers else None
    except ContractError:
        publisher = None
    at = datetime.fromtimestamp(m.timestamp / 1000.0, tz=timezone.utc)
    return not validate(record_type, m.value, now=at, publisher=publisher).errors
