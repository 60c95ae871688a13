"""An audit-plan reason in the reader's language, from the facts the API sends with it.

The API gives each reason an English ``text`` for any client and ``params``
(codes, counts, ISO dates: ``hub.core.audit_plan.Reason``). The dashboard
says the reason from ``params`` with its own words (``reason.*`` in
``gateway/ui/texts``), so a planner in Oslo or Helsinki reads the whole
plan in one language. Sentences are built to need no plural or case
endings ("Open findings, critical: 2"). A reason whose code or params
this module does not know is shown in English, as the API wrote it.
"""

from __future__ import annotations

from typing import Any, Mapping

from .i18n import Translator
from .render import _partner


def say(t: Translator, reason: Mapping[str, Any]) -> str:
    """``reason`` (one item of a candidate's ``reasons``) in ``t``'s language."""
    english = str(reason.get("text") or reason.get("code") or "")
    code, p = str(reason.get("code") or ""), reason.get("params")
    if not isinstance(p, Mapping) or not p:
        return english
    try:
        text = _say(t, code, p)
    except (KeyError, TypeError, ValueError):
        return english
    return text if text is not None else english


def _lower(t: Translator, kind: str, code: Any) -> str:
    return t.label(kind, code).lower()


def _areas(t: Translator, codes: Any) -> str:
    return ", ".join(t.label("area", a) for a in codes or ())


def _say(t: Translator, code: str, p: Mapping[str, Any]) -> str | None:
    site = "_site" if p.get("at_site") else ""
    if code.startswith("open_"):
        text = t("reason.open" + site, severity=_lower(t, "severity", p["severity"]), count=int(p["count"]))
        return text + (f" ({_areas(t, p['areas'])})" if p.get("areas") else "")
    if code == "restricted_audit":
        return t("reason.restricted_audit", date=p["audit_date"], severity=_lower(t, "severity", p["severity"]))
    if code == "category_risk":
        where = ", ".join(t("reason.where", category=w["category"], country=w["country"]) for w in p["where"])
        return t("reason.category_risk", level=_lower(t, "risk_level", p["level"]), areas=_areas(t, p["areas"]),
                 where=where)
    if code == "never_audited":
        return t("reason.never_audited" + site)
    if code == "audit_overdue":
        return t("reason.audit_overdue" + site, date=p["last_audit"], months=int(p["months"]),
                 horizon=int(p["horizon_months"]))
    if code == "leverage":
        return t("reason.leverage", count=int(p["count"]),
                 partners=", ".join(_partner(x) for x in p.get("partners") or ()))
    return None
