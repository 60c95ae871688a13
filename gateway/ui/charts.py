"""Shapes for the risk overview: the heat map, the tables and the charts' data.

Input is what ``GET /v1/risk-overview`` and ``GET /v1/findings-stats``
answer (gateway/readmodel/insights.py); read defensively, so a missing key or
a new enum symbol shows as an empty cell rather than an error. Every chart
also has its data as a table (WCAG: information not conveyed by colour or
canvas alone).
"""

from __future__ import annotations

from typing import Any

from .i18n import AREAS, RISK_LEVELS, SEVERITIES, Translator


def _rows(data: Any, *keys: str) -> list[dict]:
    if not isinstance(data, dict):
        return []
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            return [v for v in value if isinstance(v, dict)]
    return []


def heatmap(overview: Any) -> dict[str, Any]:
    """Categories as rows, countries as columns, the highest level in each cell."""
    cells = _rows(overview, "risks", "cells")
    countries = sorted({str(c.get("country")) for c in cells if c.get("country")})
    categories: dict[str, str | None] = {}
    by_key: dict[tuple[str, str], dict] = {}
    for c in cells:
        cat, country = str(c.get("category") or ""), str(c.get("country") or "")
        if not cat or not country:
            continue
        categories[cat] = categories.get(cat) or c.get("category_label")
        level = c.get("level") or c.get("risk_level")
        by_key[(cat, country)] = {"level": level if level in RISK_LEVELS else None,
                                  "areas": [a for a in c.get("areas") or () if isinstance(a, dict)],
                                  "analyses": len(c.get("analyses") or ())}
    rows = [{"category": cat, "label": categories[cat], "cells": [by_key.get((cat, country)) for country in countries]}
            for cat in sorted(categories)]
    return {"countries": countries, "rows": rows, "as_of": overview.get("as_of") if isinstance(overview, dict) else None}


def critical_by_country(overview: Any) -> list[dict]:
    rows = _rows(overview, "open_critical_by_country", "critical_by_country")
    out = [{"country": str(r.get("country") or "?"), "count": int(r.get("open_critical", r.get("count", 0)) or 0),
            "suppliers": r.get("suppliers")} for r in rows]
    return sorted(out, key=lambda r: (-r["count"], r["country"]))


def area_matrix(stats: Any) -> dict[str, Any]:
    """Open findings per area (rows) and severity (columns), with totals."""
    counts: dict[tuple[str | None, str], int] = {}
    for r in _rows(stats, "by_area"):
        key = (r.get("area"), str(r.get("severity")))
        counts[key] = counts.get(key, 0) + int(r.get("count") or 0)
    severities = [s for s in SEVERITIES] + sorted({s for _, s in counts if s not in SEVERITIES})
    areas: list[str | None] = [a for a in AREAS if any(k[0] == a for k in counts)]
    areas += sorted({a for a, _ in counts if a not in AREAS and a is not None})
    if any(a is None for a, _ in counts):
        areas.append(None)
    rows = [{"area": a, "counts": [counts.get((a, s), 0) for s in severities],
             "total": sum(counts.get((a, s), 0) for s in severities)} for a in areas]
    return {"severities": severities, "rows": rows, "total": sum(counts.values())}


def month_series(stats: Any, t: Translator) -> dict[str, Any]:
    """Per month (x), one series per severity: for a stacked bar chart and its table."""
    counts: dict[tuple[str, str], int] = {}
    for r in _rows(stats, "by_month"):
        month = str(r.get("month") or "")[:7]
        if month:
            key = (month, str(r.get("severity")))
            counts[key] = counts.get(key, 0) + int(r.get("count") or 0)
    months = sorted({m for m, _ in counts})
    present = {s for _, s in counts}
    severities = [s for s in SEVERITIES if s in present] + sorted(present - set(SEVERITIES))
    series = [{"key": s, "label": t.label("severity", s), "data": [counts.get((m, s), 0) for m in months]}
              for s in severities]
    return {"labels": months, "series": series, "totals": [sum(counts.get((m, s), 0) for s in severities)
                                                          for m in months]}


def area_chart(matrix: dict[str, Any], t: Translator) -> dict[str, Any]:
    labels = [t.label("area", a) if a else t("risk.area_hidden") for a in (r["area"] for r in matrix["rows"])]
    series = [{"key": s, "label": t.label("severity", s), "data": [r["counts"][i] for r in matrix["rows"]]}
              for i, s in enumerate(matrix["severities"]) if any(r["counts"][i] for r in matrix["rows"])]
    return {"labels": labels, "series": series}


def critical_chart(rows: list[dict], t: Translator) -> dict[str, Any]:
    return {"labels": [r["country"] for r in rows],
            "series": [{"key": "critical", "label": t("risk.critical_count"), "data": [r["count"] for r in rows]}]}
