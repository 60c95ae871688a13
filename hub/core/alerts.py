"""Supplier alerts from state transitions.

Alerts compare the rendered merged view *before* and *after* an event, so
they fire on transitions only: a redelivered event that changes nothing
raises nothing. Every alert_id is a uuid5 of the hub_id, the kind and the
specific thing (finding, step, analysis, the hub_ids a merge absorbed, the
new buyers and their records that joined, and the update that joined them),
so reprocessing a trigger after a crash yields the same id and consumers
de-duplicate on it.

On a merge, ``before`` is the surviving hub_id's view from before it; pass
the absorbed hub_ids' views from before it too (``absorbed``), so that what
came with them is told apart from what is new: then findings that merely
moved raise no ``critical_finding`` or ``cap_overdue`` (a merge is
``merge_joins_critical``'s business) while one that is new with the event
still does, and ``merge_joins_critical`` names exactly the partners that now
see a critical finding they did not see before.

Pass renders made with ``include_confidential=True``: findings of
participants-only audits must still raise alerts, but their reasons then
name only the severity and the audit, never the area, clause or site (the
domain's rule: others see that an audit happened, when, and the highest
severity). No reason ever contains a finding description; renders do not
carry them.

An alert's ``areas`` are exactly the Code of Conduct areas its reason names:
the finding's area for ``critical_finding`` and ``cap_overdue`` when the
audit's confidentiality allows naming it (``_finding_areas`` and
``_describe_finding`` share that one rule), the rated area for
``risk_raised``, and none for ``sanction_escalated``, ``merge_joins_critical``
or a participants-only audit's finding.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Mapping

from hub.rules.alerts import DEFAULT_ALERT_RULES, RISK_LEVELS, SEVERITIES, AlertRule, rule_for

#: Namespace for alert ids (uuid5 of the dns name of the hub's namespace).
ALERT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "alerts.hub.regionerna.se")

TIMER_TOPIC = "timer"


@dataclass(frozen=True)
class Trigger:
    """The event being processed, as far as alerts need to know it.

    ``kind`` is "supplier_record", "audit_outcome", "risk_analysis",
    "match_decision" or "timer"; left empty, "risk" in the topic name marks
    a risk analysis. ``record_update``: a supplier record event for a record
    the hub already held (not the partner's first event for it).
    """

    event_id: str
    topic: str
    occurred_at: datetime
    kind: str = ""
    record_update: bool = False

    @property
    def is_risk_analysis(self) -> bool:
        return self.kind == "risk_analysis" or (not self.kind and "risk" in self.topic)


def alert_id(hub_id: str, kind: str, *parts: object) -> str:
    return str(uuid.uuid5(ALERT_NAMESPACE, "|".join([hub_id, kind, *map(str, parts)])))


def _rank(levels: tuple[str, ...], value: str | None) -> int:
    return levels.index(value) if value in levels else -1


def _alert(after: dict, kind: str, severity: str, reason: str, ident: tuple, trigger: Trigger,
           areas: Iterable[str] = ()) -> dict:
    return {
        "alert_id": alert_id(after["hub_id"], kind, *ident),
        "hub_id": after["hub_id"],
        "kind": kind,
        "severity": severity,
        "reason": reason,
        "supplier_name": after["canonical_name"],
        "country": after["country"],
        "trigger_event_id": trigger.event_id,
        "trigger_topic": trigger.topic,
        "partners": sorted(after.get("buyers") or ()),
        "raised_at": trigger.occurred_at,
        "areas": sorted(set(areas)),
    }


def _audits(view: dict) -> dict[str, dict]:
    """audit_id -> summary. Ids could collide across partners; the
    participants-only one wins so a collision never widens disclosure."""
    out: dict[str, dict] = {}
    for a in view.get("audits") or ():
        if a["audit_id"] not in out or a["confidentiality"] == "participants":
            out[a["audit_id"]] = a
    return out


def _details_shared(f: dict, audits: dict[str, dict]) -> bool:
    """May an alert name the finding's area, clause and site? Only for a shared audit
    (an unknown audit counts as participants-only)."""
    return audits.get(f["audit_id"], {}).get("confidentiality", "participants") == "shared"


def _finding_areas(f: dict, audits: dict[str, dict]) -> tuple[str, ...]:
    """The areas an alert about finding ``f`` carries: the ones ``_describe_finding`` names."""
    return (f["area"],) if _details_shared(f, audits) else ()


def _describe_finding(f: dict, audits: dict[str, dict]) -> str:
    """"zero_tolerance finding (labour_rights, clause 2.1) at site X in audit A of 2019-03-12";
    for a participants-only audit only the severity and the audit."""
    audit = audits.get(f["audit_id"], {})
    when = f" of {audit['audit_date'].isoformat()}" if audit.get("audit_date") else ""
    if not _details_shared(f, audits):
        who = ", ".join(audit.get("participating_partners") or ()) or "the participating partners"
        return f"{f['severity']} finding in participants-only audit {f['audit_id']}{when} (details with {who})"
    site = f" at site {f['site_id']}" if f.get("site_id") else ""
    return f"{f['severity']} finding ({f['area']}, clause {f['clause']}){site} in audit {f['audit_id']}{when}"


def _open(view: dict | None) -> dict[tuple[str, str], dict]:
    return {(f["audit_id"], f["finding_id"]): f for f in (view or {}).get("open_findings") or ()}


def _merged(before: dict | None, after: dict) -> set[str]:
    return set(after.get("merged_from") or ()) - set((before or {}).get("merged_from") or ())


def _prior(before: dict | None, absorbed: Mapping[str, dict | None], of) -> dict:
    """``of(view)`` over the view before and every absorbed one's: what was already there somewhere.
    A key in several keeps the first (the survivor's, then absorbed ones by hub_id)."""
    out: dict = {}
    for view in (before, *(absorbed[h] for h in sorted(absorbed))):
        for key, value in of(view).items():
            out.setdefault(key, value)
    return out


def _critical_findings(before, after, rule: AlertRule, trigger, today, absorbed=None) -> list[dict]:
    if _merged(before, after) and absorbed is None:
        return []  # findings that came with a merge are merge_joins_critical's business
    audits, old = _audits(after), _prior(before, absorbed or {}, _open)
    out = []
    for key, f in sorted(_open(after).items()):
        if f["severity"] not in rule.finding_severities:
            continue
        if key in old and old[key]["severity"] in rule.finding_severities:
            continue
        reason = f"New open {_describe_finding(f, audits)}."
        out.append(_alert(after, rule.kind, rule.severity_for(f["severity"]), reason,
                          (f["audit_id"], f["finding_id"], f["severity"]), trigger, _finding_areas(f, audits)))
    return out


def _sanction(before, after, rule: AlertRule, trigger, today, absorbed=None) -> list[dict]:
    ladder = rule.ladder
    new, old = after.get("sanction_step"), (before or {}).get("sanction_step")
    new_rank, old_rank = ladder.rank(new), ladder.rank(old)
    if new_rank is None or (old_rank is not None and new_rank <= old_rank):
        return []
    if rule.min_step is not None and new_rank < (ladder.rank(rule.min_step) or 0):
        return []
    was = f" from {old}" if old_rank is not None else ""
    reason = f"Sanction step escalated{was} to {new} (step {new_rank + 1} of {len(ladder.steps)})."
    return [_alert(after, rule.kind, rule.severity_for(new), reason, (new, trigger.event_id), trigger)]


def _overdue(view: dict | None, rule: AlertRule, day: date) -> dict[tuple[str, str], dict]:
    grace = timedelta(days=rule.grace_days)
    return {k: f for k, f in _open(view).items()
            if f.get("cap_due_date") is not None and f["cap_due_date"] + grace < day
            and (not rule.finding_severities or f["severity"] in rule.finding_severities)}


def _cap_alert(after: dict, f: dict, rule: AlertRule, audits, trigger, today) -> dict:
    days = (today - f["cap_due_date"]).days
    reason = (f"Corrective action plan overdue by {days} days (due {f['cap_due_date'].isoformat()}) "
              f"for the open {_describe_finding(f, audits)}.")
    return _alert(after, rule.kind, rule.severity_for(f["severity"]), reason,
                  (f["audit_id"], f["finding_id"], f["cap_due_date"].isoformat()), trigger, _finding_areas(f, audits))


def _cap_overdue(before, after, rule: AlertRule, trigger, today, absorbed=None) -> list[dict]:
    if _merged(before, after) and absorbed is None:
        return []
    old, audits = _prior(before, absorbed or {}, lambda v: _overdue(v, rule, today)), _audits(after)
    return [_cap_alert(after, f, rule, audits, trigger, today)
            for key, f in sorted(_overdue(after, rule, today).items())
            if key not in old or old[key]["cap_due_date"] != f["cap_due_date"]]


def _risk_levels(view: dict | None) -> dict[tuple[str, str, str], dict]:
    """(category, country, area) -> the row with the highest level (ties: lowest analysis id)."""
    out: dict[tuple[str, str, str], dict] = {}
    for r in (view or {}).get("risks") or ():
        key = (r["category"], r["country"], r["area"])
        cur = out.get(key)
        rank, cur_rank = _rank(RISK_LEVELS, r["risk_level"]), _rank(RISK_LEVELS, (cur or {}).get("risk_level"))
        if cur is None or rank > cur_rank or (rank == cur_rank and r["analysis_id"] < cur["analysis_id"]):
            out[key] = r
    return out


def _risk_raised(before, after, rule: AlertRule, trigger, today, absorbed=None) -> list[dict]:
    old, out = _risk_levels(before), []
    for key, r in sorted(_risk_levels(after).items()):
        if r["risk_level"] not in rule.risk_levels:
            continue
        prev = old.get(key)
        if prev is None and not (trigger.is_risk_analysis or rule.on_supplier_change):
            continue
        if prev is not None and _rank(RISK_LEVELS, r["risk_level"]) <= _rank(RISK_LEVELS, prev["risk_level"]):
            continue
        was = f" (was {prev['risk_level']})" if prev else ""
        reason = (f"Risk analysis {r['analysis_id']} by {r['partner']} rates {r['area']} risk {r['risk_level']}{was} "
                  f"for CPV {r['category']} produced in {r['country']}.")
        out.append(_alert(after, rule.kind, rule.severity_for(r["risk_level"]), reason,
                          (*key, r["risk_level"], r["analysis_id"]), trigger, (r["area"],)))
    return out


def _critical(view: dict | None, rule: AlertRule) -> dict[tuple[str, str], dict]:
    """The view's open findings of a severity ``rule`` watches, by (audit_id, finding_id)."""
    return {k: f for k, f in _open(view).items() if f["severity"] in rule.finding_severities}


def _newly_exposed(after: dict, views: Iterable[dict | None], rule: AlertRule) -> set[str]:
    """Buyers of ``after`` that now see an open critical finding which was in
    one of ``views`` (what was there before the event, anywhere) but in none
    of those they bought from. One that arrives with the event itself is
    critical_finding's business, not this."""
    seen: dict[str, set] = {}
    moved: set = set()
    for view in views:
        crit = set(_critical(view, rule))
        moved |= crit
        for partner in (view or {}).get("buyers") or ():
            seen.setdefault(partner, set()).update(crit)
    shown = moved & set(_critical(after, rule))
    return {p for p in after.get("buyers") or () if shown - seen.get(p, set())}


def _merge_joins_critical(before, after, rule: AlertRule, trigger, today, absorbed=None) -> list[dict]:
    merged = _merged(before, after)
    if not merged:
        return _record_joins_critical(before, after, rule, trigger, absorbed)
    crit_after = _critical(after, rule)
    if absorbed is not None:
        exposed = _newly_exposed(after, (before, *absorbed.values()), rule)
    else:
        crit_before = set(_critical(before, rule))
        buyers_before = set((before or {}).get("buyers") or ())
        new_buyers = set(after.get("buyers") or ()) - buyers_before
        # Findings that came with the absorbed supplier now reach the survivor's
        # buyers; the survivor's own findings now reach the absorbed one's buyers.
        exposed = (buyers_before if set(crit_after) - crit_before else set()) | (new_buyers if crit_before else set())
    if not exposed:
        return []
    worst = max((f["severity"] for f in crit_after.values()), key=lambda s: _rank(SEVERITIES, s))
    reason = (f"Merged supplier {', '.join(sorted(merged))} into this one: it now has {len(crit_after)} open "
              f"critical or zero-tolerance finding(s), newly visible to {', '.join(sorted(exposed))}.")
    return [_alert(after, rule.kind, rule.severity_for(worst), reason, tuple(sorted(merged)), trigger)]


def _record_joins_critical(before, after, rule: AlertRule, trigger, absorbed=None) -> list[dict]:
    """No hub_id absorbed, but a partner's record joined a supplier the hub
    already knew (a partner's first record for it, resolved into its hub_id;
    or an update that re-resolved it into this hub_id, or made it active
    again): whoever now buys from a supplier with open critical findings it
    did not see must be told. That is the record's partner, for the findings
    the supplier had; and, when the record moved in from another hub_id
    (``absorbed``: that hub_id's view from before), the supplier's buyers too,
    for the findings of audits anchored to the record, which came with it.
    Only counts go into the reason, as for a merge.

    A first record joins once, so its id is keyed on the record; an update
    can bring the record back (moved away and back, inactive and active
    again) while its partner saw none of the findings in between, so each
    update that joins is an exposure of its own, keyed on its event too."""
    if before is None:
        return []
    exposed = sorted(_newly_exposed(after, (before, *(absorbed or {}).values()), rule))
    if not exposed:
        return []
    crit_after = list(_critical(after, rule).values())
    # The records that made the change: active now, and not before (new, moved in, or active again).
    was_active = {(r["partner"], r["record_id"]) for r in before.get("source_records") or () if r.get("active")}
    joined = sorted({(r["partner"], r["record_id"]) for r in after.get("source_records") or ()
                     if r.get("active")} - was_active)
    worst = max((f["severity"] for f in crit_after), key=lambda s: _rank(SEVERITIES, s))
    who = " and ".join(f"{p}'s record {r}" for p, r in joined) or "a record"
    held = {(r["partner"], r["record_id"]) for r in before.get("source_records") or ()}
    verb = "became active again at" if joined and held.issuperset(joined) else "joined"
    reason = (f"{who} {verb} this supplier, which has {len(crit_after)} open critical or zero-tolerance "
              f"finding(s), now visible to {', '.join(exposed)}.")
    ident = ("joined", *exposed, *(f"{p}:{r}" for p, r in joined),
             *(("update", trigger.event_id) if trigger.record_update else ()))
    return [_alert(after, rule.kind, rule.severity_for(worst), reason, ident, trigger)]


_EVALUATORS = {
    "critical_finding": _critical_findings,
    "sanction_escalated": _sanction,
    "cap_overdue": _cap_overdue,
    "risk_raised": _risk_raised,
    "merge_joins_critical": _merge_joins_critical,
}


def evaluate(before: dict | None, after: dict, trigger: Trigger,
             rules: tuple[AlertRule, ...] = DEFAULT_ALERT_RULES, today: date | None = None,
             absorbed: Mapping[str, dict | None] | None = None) -> list[dict]:
    """Alerts raised by the change from ``before`` (None: a new hub_id) to
    ``after``, both full renders. ``today`` defaults to the trigger's date,
    which keeps a replay deterministic. On a merge, ``absorbed`` maps each
    hub_id ``after`` absorbed to its view from before (see the module's
    docstring). Returns SupplierAlert payloads without envelope fields,
    ordered by kind then id."""
    if after.get("successor"):
        return []  # merged away: the survivor's evaluation speaks for it
    day = today or trigger.occurred_at.date()
    out: list[dict] = []
    for kind, fn in _EVALUATORS.items():
        rule = rule_for(kind, rules)
        if rule is not None:
            out.extend(fn(before, after, rule, trigger, day, absorbed))
    return out


def overdue_scan(state_render: dict, today: date, *, rules: tuple[AlertRule, ...] = DEFAULT_ALERT_RULES,
                 since: date | None = None, now: datetime | None = None) -> list[dict]:
    """Periodic check for corrective action plans that went overdue with no
    event to notice it. With ``since`` (the previous scan's day), only those
    that became overdue after it; without, every overdue one (same alert ids
    as the event path, so consumers de-duplicate)."""
    rule = rule_for("cap_overdue", rules)
    if rule is None or state_render.get("successor"):
        return []
    raised = now or datetime.combine(today, time(0), tzinfo=timezone.utc)
    trigger = Trigger(f"overdue-scan:{today.isoformat()}", TIMER_TOPIC, raised, kind="timer")
    already = _overdue(state_render, rule, since) if since is not None else {}
    audits = _audits(state_render)
    return [_cap_alert(state_render, f, rule, audits, trigger, today)
            for key, f in sorted(_overdue(state_render, rule, today).items()) if key not in already]
