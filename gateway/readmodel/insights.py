"""Aggregates for the web UI's overview pages: risk by country × category, open findings over time.

Computed on request from what the read model already holds (the risk book,
the current views), so they are always as fresh as the read model. Finding
counts respect visibility: each supplier's view is redacted for the caller
first, so a finding of an audit the caller may not see is never counted.
Risk analyses carry no confidential detail here: only levels per area, never
their rationale text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from hub.core.views import RiskBook
from hub.core.visibility import Viewer, open_severities, severity_rank
from hub.rules.alerts import RISK_LEVELS

CRITICAL = severity_rank("critical")


def _level_rank(level: str) -> int:
    return RISK_LEVELS.index(level) if level in RISK_LEVELS else -1


def risk_overview(book: RiskBook, labels: dict[tuple[str, str], str | None], views: Iterable[dict],
                  viewer: Viewer, today: date) -> dict:
    cells: dict[tuple[str, str], dict] = {}
    for bucket in book.entries.values():
        for a in bucket:
            if not a.valid_on(today):
                continue
            cell = cells.setdefault((a.country, a.category), {
                "country": a.country, "category": a.category, "category_label": None, "level": None,
                "areas": {}, "analyses": []})
            cell["category_label"] = cell["category_label"] or labels.get((a.partner, a.analysis_id))
            cell["analyses"].append({"partner": a.partner, "analysis_id": a.analysis_id, "product": a.product,
                                     "valid_to": a.valid_to.isoformat() if a.valid_to else None})
            for r in a.risks:
                area = cell["areas"].setdefault(r.area, {"area": r.area, "level": None, "partners": set()})
                if _level_rank(r.risk_level) > _level_rank(area["level"] or ""):
                    area["level"] = r.risk_level
                area["partners"].add(a.partner)
    risks = []
    for key in sorted(cells):
        cell = cells[key]
        areas = [dict(a, partners=sorted(a["partners"])) for _, a in sorted(cell["areas"].items())]
        levels = [a["level"] for a in areas if a["level"]]
        cell.update(areas=areas, level=max(levels, key=_level_rank) if levels else None)
        cell["analyses"].sort(key=lambda x: (x["partner"], x["analysis_id"]))
        risks.append(cell)
    return {"as_of": today.isoformat(), "risks": risks, "open_critical_by_country": _critical_by_country(views, viewer)}


def _critical_by_country(views: Iterable[dict], viewer: Viewer) -> list[dict]:
    """Open critical and zero-tolerance findings by the country where they were made (site, else supplier)."""
    findings: Counter[str] = Counter()
    suppliers: dict[str, set[str]] = {}
    for view in views:
        site_country = {s["site_id"]: s["country"] for s in view.get("sites") or ()}
        audit_site = {a["audit_id"]: a.get("site_id") for a in view.get("audits") or ()}
        site_of = {f["audit_id"]: f.get("site_id") for f in view.get("open_findings") or ()}
        for _, severity, audit_id in open_severities(view, viewer):
            if severity_rank(severity) < CRITICAL:
                continue
            site = site_of.get(audit_id) or audit_site.get(audit_id)
            country = site_country.get(site or "", view.get("country", ""))
            findings[country] += 1
            suppliers.setdefault(country, set()).add(view["hub_id"])
    return [{"country": c, "open_critical": findings[c], "suppliers": len(suppliers[c])} for c in sorted(findings)]


def findings_stats(views: Iterable[dict], viewer: Viewer) -> dict:
    """Open findings by area × severity and by month of the audit that found them.

    A restricted audit the caller may see but whose findings are not
    published counts once, with its highest severity and area null.
    """
    by_area: Counter[tuple[str | None, str]] = Counter()
    by_month: Counter[tuple[str, str]] = Counter()
    for view in views:
        dates = {a["audit_id"]: str(a["audit_date"]) for a in view.get("audits") or ()}  # visible to all
        for area, severity, audit_id in open_severities(view, viewer):
            by_area[(area, severity)] += 1
            month = dates.get(audit_id, "")[:7]
            if month:
                by_month[(month, severity)] += 1
    order = lambda s: (-severity_rank(s), s)  # noqa: E731 - most severe first
    return {
        "total": sum(by_area.values()),
        "by_area": [{"area": a, "severity": s, "count": n}
                    for (a, s), n in sorted(by_area.items(), key=lambda kv: (kv[0][0] or "~", order(kv[0][1])))],
        "by_month": [{"month": m, "severity": s, "count": n}
                     for (m, s), n in sorted(by_month.items(), key=lambda kv: (kv[0][0], order(kv[0][1])))],
    }
