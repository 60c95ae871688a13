"""The detail of participants-only audits, for the partners that took part: in memory only, never logged.

The shared view (``hub.suppliers.v1``) is readable by every partner, so it
only counts the findings of an audit marked ``participants``. The
participants may see them in full (../shared/domain.md, Confidentiality), so
the read model also reads ``hub.audit-outcomes.v1`` and keeps, per
(publishing partner, audit_id), the latest participants-only outcome: its
participants and its findings with descriptions and corrective actions.
``disclose`` adds them to a merged view, as the hub's admin may see it;
``hub.core.visibility.redact`` then takes them away again from everyone who
did not take part, like every other detail of a restricted audit.

An audit summary in a merged view names the audit_id, not who published it
(audit ids are each partner's own), so it is matched to the outcome with
that audit_id whose audit_date and participants (with the publisher, as the
processors render them) are the summary's. An outcome that disagrees with
the summary (the view has not caught up with it yet) is not matched:
nothing is shown rather than another audit's detail.

Nothing here is ever logged or put into an error: descriptions, owners and
CAP texts may name workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hub.contracts.jsonform import to_json
from hub.core.render import effective_cap_due
from hub.core.views import AuditSnapshot
from hub.core.visibility import DETAIL_FIELD, restricted

Key = tuple[str, str]  # (publishing partner, audit_id)


@dataclass(frozen=True)
class AuditDetail:
    """What the participants of one audit see beyond the shared view (JSON form)."""

    partner: str
    audit_id: str
    audit_date: str                 # ISO, as in the JSON form of a view
    participants: frozenset[str]    # participating_partners and the publisher, as the summary lists them
    findings: tuple[dict, ...] = field(repr=False)   # every finding, with description and CAP
    open_rows: tuple[dict, ...] = field(repr=False)  # MergedSupplier.OpenFinding rows, without site_id

    @property
    def key(self) -> Key:
        return (self.partner, self.audit_id)


def detail_of(outcome: dict) -> AuditDetail:
    """The detail of a decoded AuditOutcome (one that is participants-only)."""
    snap = AuditSnapshot.from_event(outcome, outcome["occurred_at"])
    findings = [{
        "finding_id": f["finding_id"], "area": f["area"], "clause": f["clause"], "severity": f["severity"],
        "status": f.get("status", "open"), "cap_due_date": f.get("cap_due_date"), "description": f["description"],
        "corrective_actions": [{"description": a["description"], "owner": a.get("owner"), "due_date": a["due_date"],
                                "status": a.get("status", "open")} for a in f.get("corrective_actions") or ()],
    } for f in outcome.get("findings") or ()]
    rows = [{"audit_id": snap.audit_id, "finding_id": f.finding_id, "area": f.area, "severity": f.severity,
             "clause": f.clause, "cap_due_date": effective_cap_due(f)} for f in snap.findings if f.status == "open"]
    findings, rows = to_json([findings, rows])  # the JSON form, like the views it joins
    return AuditDetail(snap.partner, snap.audit_id, to_json(snap.audit_date),
                       frozenset(snap.participating_partners) | {snap.partner}, tuple(findings), tuple(rows))


class AuditBook:
    """The latest participants-only outcome per (partner, audit_id)."""

    def __init__(self) -> None:
        #: (partner, audit_id) -> (occurred_at, event_id) of the latest outcome, shared ones too.
        self.latest: dict[Key, tuple] = {}
        self.details: dict[Key, AuditDetail] = {}
        #: audit_id -> partners holding details under that id.
        self.by_id: dict[str, set[str]] = {}

    def apply(self, outcome: dict) -> bool:
        """Fold in one decoded (and valid) AuditOutcome; True when the detail held for it changed.

        The latest outcome per (partner, audit_id) wins by ``occurred_at``
        (ties by event_id), as in the merged view; one that turned
        ``shared`` drops the detail (the shared view lists its findings).
        """
        key = (outcome["partner"], outcome["audit_id"])
        order = (outcome["occurred_at"], str(outcome["event_id"]))
        if key in self.latest and order <= self.latest[key]:
            return False
        self.latest[key] = order
        old = self.details.get(key)
        new = detail_of(outcome) if restricted(outcome) else None
        if new == old:
            return False
        if new is None:
            del self.details[key]
            self.by_id[key[1]].discard(key[0])
            if not self.by_id[key[1]]:
                del self.by_id[key[1]]
        else:
            self.details[key] = new
            self.by_id.setdefault(key[1], set()).add(key[0])
        return True

    def match(self, summary: dict, taken: set[Key] = frozenset()) -> AuditDetail | None:
        """The detail behind a merged view's audit summary, if held and not ``taken``.

        Two partners may publish one joint audit under the same id (the view
        then has a summary from each, ordered by partner): the first free
        one by partner is taken.
        """
        audit_id = summary["audit_id"]
        partners = frozenset(summary.get("participating_partners") or ())
        when = str(summary.get("audit_date"))
        for partner in sorted(self.by_id.get(audit_id, ())):
            d = self.details[(partner, audit_id)]
            if d.key not in taken and d.audit_date == when and d.participants == partners:
                return d
        return None


def disclose(view: dict, book: AuditBook) -> dict:
    """``view`` (JSON form) with the detail ``book`` holds of its participants-only audits.

    A matched audit summary gets ``findings`` (every finding in full) and
    its open findings join ``open_findings`` (site_id from the summary). A
    new dict; ``view`` itself when there is nothing to add.
    """
    audits = view.get("audits") or ()
    matched: dict[int, AuditDetail] = {}
    for i, a in enumerate(audits):
        if restricted(a) and a["audit_id"] in book.by_id:
            d = book.match(a, {m.key for m in matched.values()})
            if d is not None:
                matched[i] = d
    if not matched:
        return view
    rows = list(view.get("open_findings") or ())
    listed = {(f["audit_id"], f["finding_id"]) for f in rows}
    for i, d in matched.items():
        site = audits[i].get("site_id")
        rows += [dict(r, site_id=site) for r in d.open_rows if (r["audit_id"], r["finding_id"]) not in listed]
    rows.sort(key=lambda r: (r["audit_id"], r["finding_id"]))
    return dict(view, open_findings=rows,
                audits=[dict(a, **{DETAIL_FIELD: list(matched[i].findings)}) if i in matched else a
                        for i, a in enumerate(audits)])
