"""The current merged view of every supplier, in memory, with its JSON pre-rendered.

``GET /v1/suppliers/{hub_id}`` is the hub's hottest read, so it is answered
from a dict of ready-made JSON bytes: no SQLite query, no serialisation, no
thread hop. A view has one rendering per audience (``hub.core.visibility``):
``full`` (admins, and everyone when the supplier has no restricted audit),
``public`` (non-participants) and one per partner that took part in a
restricted audit. They are made once, when the version arrives, from the
view with the detail of its participants-only audits added (``audits.py``:
descriptions and CAPs, which only the admin's and the participants'
renderings keep), and again when one of those audits changes.

Also kept here: successors of merged-away hub_ids (308 chains), which
supplier holds each partner record now (match reviews), and the normalised
names (search ranking).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass

from hub.contracts.jsonform import to_json
from hub.core.names import normalise_name
from hub.core.visibility import (ADMIN, PUBLIC, Viewer, audiences, open_severities, redact, restricted,
                                  sanction_rank, severity_rank)

from .audits import AuditBook, disclose
from .store import SupplierRow

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")
#: Longest successor chain followed before giving up (a cycle would be a processor bug).
MAX_HOPS = 32


def _plain(value):
    """JSON for what Avro decodes into: RFC 3339 UTC with ms, ISO dates, uuids as text."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset():
            value = value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, bytes)):
        return to_json(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(value) -> bytes:
    """Compact UTF-8 JSON; decoded Avro values (datetimes, dates) are converted by the C encoder's hook."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_plain).encode("utf-8")


def compact_id(ident: str) -> str:
    return _NON_ALNUM.sub("", ident).upper()


@dataclass(frozen=True)
class Rendered:
    full: bytes
    public: bytes
    partners: dict[str, bytes]

    def for_viewer(self, viewer: Viewer) -> bytes:
        """``hub.core.visibility.variant`` precomputed: ``public`` is ``full`` when nothing is restricted."""
        if viewer.admin:
            return self.full
        return self.partners.get(viewer.partner, self.public)  # type: ignore[arg-type]


class SupplierCache:
    def __init__(self, book: AuditBook | None = None) -> None:
        #: hub_id -> the latest view (JSON form) as published, tombstones included.
        self.views: dict[str, dict] = {}
        #: The details of participants-only audits, from the audit outcomes.
        self.book = book if book is not None else AuditBook()
        #: hub_id -> a live view with those details added (the published one when there are none).
        self.full: dict[str, dict] = {}
        #: audit_id -> live hub_ids with a participants-only audit of that id.
        self.restricted_ids: dict[str, set[str]] = {}
        self.rendered: dict[str, Rendered] = {}
        self.successors: dict[str, str] = {}
        #: (partner, record_id) -> the live hub_id that holds the record.
        self.record_owner: dict[tuple[str, str], str] = {}
        #: hub_id -> normalised names (canonical, aliases, partners' names).
        self.names: dict[str, tuple[str, ...]] = {}
        self._choices: tuple[list[str], list[str]] | None = None

    def apply(self, view: dict) -> tuple[bool, str]:
        """Fold in one decoded MergedSupplier; returns (changed, its JSON text).

        A version older than the one held is ignored (a re-emission after a
        processor crash repeats versions in their order); an equal one
        replaces it, as compaction would.
        """
        text = dumps(view).decode("utf-8")
        doc = json.loads(text)  # the JSON form, at C speed (to_json walks the view in Python)
        hub_id = doc["hub_id"]
        held = self.views.get(hub_id)
        if held is not None and held.get("version", 0) > doc.get("version", 0):
            return False, text
        self._forget_records(hub_id)
        self._index_restricted(hub_id, None)
        self.views[hub_id] = doc
        if doc.get("successor"):
            self.successors[hub_id] = doc["successor"]
            self.rendered.pop(hub_id, None)
            self.full.pop(hub_id, None)
            self.names.pop(hub_id, None)
            self._choices = None
            return True, text
        self.successors.pop(hub_id, None)
        self._index_restricted(hub_id, doc)
        self._render(hub_id, text.encode("utf-8"))
        for rec in doc.get("source_records") or ():
            self.record_owner[(rec["partner"], rec["record_id"])] = hub_id
        self.names[hub_id] = tuple(sorted({k for k in map(_name_key, self._all_names(doc)) if k}))
        self._choices = None
        return True, text

    def apply_audit(self, outcome: dict) -> list[str]:
        """Fold in one decoded, valid AuditOutcome; returns the live hub_ids rendered anew."""
        if not self.book.apply(outcome):
            return []
        hub_ids = sorted(self.restricted_ids.get(outcome["audit_id"], ()))
        for hub_id in hub_ids:
            self._render(hub_id)
        return hub_ids

    def _render(self, hub_id: str, published: bytes | None = None) -> None:
        """Every rendering of a live view; ``published``: the view's own JSON, if at hand."""
        doc = self.views[hub_id]
        full = self.full[hub_id] = disclose(doc, self.book)
        full_bytes = published if full is doc and published is not None else dumps(full)
        if not any(restricted(a) for a in doc.get("audits") or ()):
            self.rendered[hub_id] = Rendered(full_bytes, full_bytes, {})
            return

        def rendering(viewer: Viewer) -> bytes:
            shown = redact(full, viewer)
            return full_bytes if shown is full else dumps(shown)

        self.rendered[hub_id] = Rendered(full_bytes, rendering(PUBLIC),
                                         {p: rendering(Viewer(p)) for p in audiences(doc)})

    def _index_restricted(self, hub_id: str, doc: dict | None) -> None:
        """Index ``doc``'s participants-only audit ids; None: forget those of the view held."""
        if doc is None:
            for a in (self.views.get(hub_id) or {}).get("audits") or ():
                held = self.restricted_ids.get(a["audit_id"])
                if held is not None:
                    held.discard(hub_id)
                    if not held:
                        del self.restricted_ids[a["audit_id"]]
            return
        for a in doc.get("audits") or ():
            if restricted(a):
                self.restricted_ids.setdefault(a["audit_id"], set()).add(hub_id)

    def _forget_records(self, hub_id: str) -> None:
        for rec in (self.views.get(hub_id) or {}).get("source_records") or ():
            key = (rec["partner"], rec["record_id"])
            if self.record_owner.get(key) == hub_id:
                del self.record_owner[key]

    @staticmethod
    def _all_names(doc: dict) -> list[str]:
        return [doc.get("canonical_name", ""), *(doc.get("aliases") or ()),
                *(r.get("name", "") for r in doc.get("source_records") or ())]

    # -- reads ---------------------------------------------------------------------------
    def body(self, hub_id: str, viewer: Viewer) -> bytes | None:
        """The pre-rendered JSON of a live supplier for ``viewer``; None if not live."""
        rendered = self.rendered.get(hub_id)
        if rendered is None:
            return None
        return rendered.for_viewer(viewer)

    def resolve(self, hub_id: str) -> str | None:
        """The live hub_id that holds ``hub_id`` now (itself if live), following successors; None if unknown."""
        seen = 0
        while hub_id in self.successors and seen < MAX_HOPS:
            hub_id = self.successors[hub_id]
            seen += 1
        if hub_id in self.successors:
            return None  # a cycle: better unknown than a redirect loop
        return hub_id if hub_id in self.rendered or seen else None

    def name_choices(self) -> tuple[list[str], list[str]]:
        """Every normalised name and the hub_id it belongs to, as flat lists (for rapidfuzz's batch scan)."""
        if self._choices is None:
            pairs = [(n, h) for h, names in self.names.items() for n in names]
            self._choices = ([n for n, _ in pairs], [h for _, h in pairs])
        return self._choices

    def live(self) -> list[dict]:
        """Every live view, with the details of its participants-only audits (redact before showing)."""
        return [self.full[h] for h in self.rendered]

    def row(self, hub_id: str) -> SupplierRow:
        """The search index row of a live supplier: its open findings as the admin knows them."""
        doc = self.full[hub_id]
        audits = {a["audit_id"]: a for a in doc.get("audits") or ()}
        findings = [(audit_id, area, severity_rank(severity), restricted(audits.get(audit_id, {})))
                    for area, severity, audit_id in open_severities(doc, ADMIN)]
        access = [(a["audit_id"], p) for a in audits.values() if restricted(a)
                  for p in a.get("participating_partners") or ()]
        idents = tuple(sorted({(i["scheme"], compact_id(i["id"])) for i in doc.get("identifiers") or ()}))
        name = doc.get("canonical_name", "")
        return SupplierRow(
            hub_id=hub_id, name_key=_name_key(name) or name.casefold(),
            country=doc.get("country", ""), sanction_rank=sanction_rank(doc.get("sanction_step")),
            partners=tuple(sorted({r["partner"] for r in doc.get("source_records") or ()})),
            idents=idents, findings=tuple(findings), access=tuple(access),
            names=" ".join(self.names.get(hub_id, ())), ident_text=" ".join(sorted({i for _, i in idents})).lower())


def _name_key(name: str) -> str:
    return normalise_name(name).key if name and name.strip() else ""
