"""Rank suppliers and their sites as candidates for a joint audit.

Partners pick joint audits together and share the cost, so a candidate is
worth proposing when (the domain primer, "Joint audits"):

- it has open critical or zero-tolerance findings;
- its category is high-risk in the country where it produces;
- it has not been audited for a long time, or never;
- many partners buy from it (their joint leverage).

A candidate is a supplier (an office audit: its own due-diligence
processes) or one of its sites (a site audit at a factory). Findings made at
a site count for that site, the others for the supplier; a restricted audit
whose details the planner may not see counts for the supplier, by the highest
severity that everyone may see.

Everything here is pure: the caller passes views already redacted for the
viewer (``hub.core.visibility.redact``), the risk book and today's date. The
weights are data (``hub.rules.audit_plan``); a score is the sum of the
weights of its reasons, and ties break on name, hub_id and site so that the
same data always gives the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from hub.core.views import RiskBook, cpv_covers
from hub.core.visibility import PUBLIC_AUDIT_FIELDS, severity_rank
from hub.rules.alerts import RISK_LEVELS
from hub.rules.audit_plan import DEFAULT_AUDIT_PLAN_RULES, AuditPlanRules

_SEVERITY_WORDS = {"zero_tolerance": "zero-tolerance", "critical": "critical", "major": "major", "minor": "minor"}


@dataclass(frozen=True)
class Reason:
    """Why a candidate ranks where it does: ``text`` in English for any client, and ``params``,
    the same facts as data (codes, counts, ISO dates), so that a client can say it in its
    user's language (the dashboard does: gateway/ui/reasons.py)."""

    code: str
    text: str
    weight: float
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "text": self.text, "weight": self.weight, "params": dict(self.params)}


@dataclass(frozen=True)
class Candidate:
    hub_id: str
    canonical_name: str
    country: str
    site: dict | None
    reasons: tuple[Reason, ...]
    partners: tuple[str, ...]
    critical: int

    @property
    def score(self) -> float:
        return round(sum(r.weight for r in self.reasons), 2)

    def sort_key(self) -> tuple:
        site_id = self.site["site_id"] if self.site else ""
        return (-self.score, -self.critical, self.canonical_name.casefold(), self.hub_id, site_id)

    def as_dict(self, rank: int) -> dict:
        return {"rank": rank, "hub_id": self.hub_id, "canonical_name": self.canonical_name,
                "country": self.country, "site": self.site, "score": self.score,
                "reasons": [r.as_dict() for r in self.reasons], "partners": list(self.partners)}


def months_between(earlier: date, later: date) -> int:
    """Whole months from ``earlier`` to ``later`` (0 when later is not later)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)
    return max(0, months)


def plan(views: Iterable[dict], book: RiskBook | None, today: date, *, category: str | None = None,
         country: str | None = None, horizon_months: int | None = None,
         rules: AuditPlanRules = DEFAULT_AUDIT_PLAN_RULES) -> list[dict]:
    """Ranked candidates as dicts (``rank`` from 1), best first.

    ``views`` are live MergedSupplier views (decoded: dates are ``date``),
    redacted for the viewer. ``category`` keeps suppliers with a category at
    or under that CPV code; ``country`` keeps suppliers registered there and
    sites located there.
    """
    horizon = horizon_months if horizon_months is not None else rules.default_horizon_months
    wanted_country = country.strip().upper() if country else None
    out: list[Candidate] = []
    for view in views:
        if view.get("successor"):
            continue
        categories = list(view.get("categories") or ())
        if category:
            categories = [c for c in categories if cpv_covers(category, c)]
            if not categories:
                continue
        for site in [None, *(view.get("sites") or ())]:
            where = site["country"] if site else view.get("country", "")
            if wanted_country and where.upper() != wanted_country:
                continue
            out.append(_candidate(view, site, categories, book, today, horizon, rules, wanted_country))
    out.sort(key=Candidate.sort_key)
    return [c.as_dict(i) for i, c in enumerate(out, 1)]


def _candidate(view: dict, site: dict | None, categories: list[str], book: RiskBook | None, today: date,
               horizon: int, rules: AuditPlanRules, wanted_country: str | None) -> Candidate:
    reasons: list[Reason] = []
    site_id = site["site_id"] if site else None
    findings = [f for f in _open_findings(view) if f.get("site_id") == site_id]
    reasons += _finding_reasons(findings, site is not None, rules)
    if site is None:
        reasons += _restricted_reasons(view, rules)
    if site is not None:
        countries = [site["country"]]
    elif wanted_country:
        countries = [wanted_country]
    else:
        countries = sorted({view.get("country", ""), *(s["country"] for s in view.get("sites") or ())} - {""})
    risk = _risk_reason(view, categories, countries, book, today, rules)
    if risk:
        reasons.append(risk)
    reasons += _audit_age_reasons(view, site, today, horizon, rules)
    buyers = tuple(sorted(view.get("buyers") or ()))
    if len(buyers) > 1:
        weight = min(rules.max_leverage, rules.per_extra_buyer * (len(buyers) - 1))
        reasons.append(Reason("leverage", f"{len(buyers)} partners buy from this supplier: {', '.join(buyers)}",
                              weight, {"count": len(buyers), "partners": list(buyers)}))
    critical = sum(1 for f in findings if severity_rank(f.get("severity")) >= severity_rank("critical"))
    shown_site = None if site is None else {k: site.get(k) for k in ("site_id", "name", "country", "city", "kind")}
    return Candidate(view["hub_id"], view.get("canonical_name", ""), view.get("country", ""), shown_site,
                     tuple(reasons), buyers, critical)


def _open_findings(view: dict) -> list[dict]:
    """Listed open findings, plus one for each visible audit with open findings that are not listed.

    The processors never publish the findings of restricted audits, so a
    participant knows such an audit has open findings (its count) but not
    which: it counts once, at its highest severity.
    """
    listed = list(view.get("open_findings") or ())
    with_rows = {f.get("audit_id") for f in listed}
    for a in view.get("audits") or ():
        if a["audit_id"] not in with_rows and (a.get("open_findings") or 0) > 0 and a.get("highest_severity"):
            listed.append({"audit_id": a["audit_id"], "severity": a["highest_severity"], "site_id": a.get("site_id")})
    return listed


def _finding_reasons(findings: list[dict], at_site: bool, rules: AuditPlanRules) -> list[Reason]:
    out = []
    where = " at this site" if at_site else ""
    for severity in sorted(rules.open_finding, key=severity_rank, reverse=True):
        hits = [f for f in findings if f.get("severity") == severity]
        weight = rules.open_finding[severity] * min(len(hits), rules.max_findings_counted)
        if not hits or weight <= 0:
            continue
        codes = sorted({str(f.get("area", "")) for f in hits} - {""})
        areas = [a.replace("_", " ") for a in codes]
        noun = "finding" if len(hits) == 1 else "findings"
        text = f"{len(hits)} open {_SEVERITY_WORDS.get(severity, severity)} {noun}{where}"
        out.append(Reason(f"open_{severity}", text + (f" ({', '.join(areas)})" if areas else ""), weight,
                          {"count": len(hits), "severity": severity, "areas": codes, "at_site": at_site}))
    return out


def _restricted_reasons(view: dict, rules: AuditPlanRules) -> list[Reason]:
    """Audits the viewer sees only the public fields of: their severity still counts."""
    out = []
    for audit in view.get("audits") or ():
        if set(audit) - set(PUBLIC_AUDIT_FIELDS):
            continue  # the viewer sees this audit's details (and its findings, if any are open)
        severity = audit.get("highest_severity")
        weight = rules.restricted_audit.get(severity or "", 0.0)
        if weight > 0:
            text = (f"the audit of {_iso(audit['audit_date'])} found {_SEVERITY_WORDS.get(severity, severity)} "
                    "issues; its details are restricted to the partners that took part")
            out.append(Reason("restricted_audit", text, weight,
                              {"audit_date": _iso(audit["audit_date"]), "severity": severity}))
    return out


def _risk_reason(view: dict, categories: list[str], countries: list[str], book: RiskBook | None, today: date,
                 rules: AuditPlanRules) -> Reason | None:
    """The highest risk level over the categories and countries, from the view's risks and the book."""
    rows: list[tuple[str, str, str, str]] = []  # (level, area, category, country)
    for r in view.get("risks") or ():
        if r.get("country") in countries and any(cpv_covers(r.get("category", ""), c) for c in categories) \
                and (r.get("valid_to") is None or _iso(r["valid_to"]) >= today.isoformat()):
            rows.append((r["risk_level"], r["area"], r["category"], r["country"]))
    if book is not None and categories:
        for analysis in book.applicable(categories, countries, today):
            rows += [(a.risk_level, a.area, analysis.category, analysis.country) for a in analysis.risks]
    rows = [r for r in rows if r[0] in RISK_LEVELS]
    if not rows:
        return None
    level = max((r[0] for r in rows), key=RISK_LEVELS.index)
    weight = rules.risk_level.get(level, 0.0)
    if weight <= 0:
        return None
    top = [r for r in rows if r[0] == level]
    codes = sorted({r[1] for r in top})
    areas = [a.replace("_", " ") for a in codes]
    where = sorted({(r[2], r[3]) for r in top})
    pairs = [f"{category} in {country}" for category, country in where]
    text = f"{level.replace('_', ' ')} risk ({', '.join(areas)}) for {', '.join(pairs)}"
    return Reason("category_risk", text, weight, {"level": level, "areas": codes,
                                                  "where": [{"category": c, "country": k} for c, k in where]})


def _audit_age_reasons(view: dict, site: dict | None, today: date, horizon: int,
                       rules: AuditPlanRules) -> list[Reason]:
    if site is None:
        dates = [a["audit_date"] for a in view.get("audits") or ()]
        subject = "the supplier"
    else:
        dates = [s["last_audit_date"] for s in view.get("last_audit_by_site") or () if s["site_id"] == site["site_id"]]
        subject = "this site"
    if not dates:
        return [Reason("never_audited", f"{subject} has never been audited", rules.never_audited,
                       {"at_site": site is not None})]
    last = max(dates, key=_iso)
    months = months_between(date.fromisoformat(_iso(last)), today)
    if months <= horizon:
        return []
    extra_years = (months - horizon) // 12
    weight = min(rules.max_overdue, rules.audit_overdue + rules.per_extra_year * extra_years)
    text = f"{subject} was last audited on {_iso(last)}, {months} months ago (horizon {horizon} months)"
    return [Reason("audit_overdue", text, weight, {"at_site": site is not None, "last_audit": _iso(last),
                                                   "months": months, "horizon_months": horizon})]


def _iso(value) -> str:
    return value if isinstance(value, str) else value.isoformat()
