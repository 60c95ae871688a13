"""How joint-audit candidates are weighed, as data.

The partners rank candidates for a joint audit by four things (the domain
primer, "Joint audits"): open critical findings, the risk of the category
in the country of production, time since the last audit, and how many
partners buy from the supplier (their collective leverage). How much each
counts is policy that the partners tune together, so the numbers live here
and ``hub.core.audit_plan`` only adds them up.

A candidate's score is the sum of the weights of its reasons, so every
point of a score is explained by a reason shown to the planner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class AuditPlanRules:
    #: Points per open finding, by severity. Critical and zero-tolerance
    #: findings dominate; minor ones do not make an audit urgent.
    open_finding: Mapping[str, float] = field(default_factory=lambda: {
        "zero_tolerance": 40.0, "critical": 25.0, "major": 6.0, "minor": 0.0})
    #: At most this many findings of one severity count (a long list of the
    #: same problem is one problem to audit, not twenty).
    max_findings_counted: int = 3
    #: Points for a restricted audit the planner may not see into, by its
    #: highest severity: it had such findings, whether still open is unknown.
    restricted_audit: Mapping[str, float] = field(default_factory=lambda: {
        "zero_tolerance": 20.0, "critical": 12.0})
    #: Points for the highest risk level of the category in the country.
    risk_level: Mapping[str, float] = field(default_factory=lambda: {
        "very_high": 20.0, "high": 12.0, "medium": 4.0, "low": 0.0})
    #: Never audited: as good a reason as any to go.
    never_audited: float = 15.0
    #: Last audit longer ago than the horizon: this much, plus ``per_extra_year``
    #: for every further year, up to ``max_overdue``.
    audit_overdue: float = 8.0
    per_extra_year: float = 2.0
    max_overdue: float = 14.0
    #: Points per buying partner beyond the first, up to ``max_leverage``:
    #: one partner alone can audit on its own.
    per_extra_buyer: float = 4.0
    max_leverage: float = 20.0
    #: Planning horizon when the caller names none (months).
    default_horizon_months: int = 12


DEFAULT_AUDIT_PLAN_RULES = AuditPlanRules()
