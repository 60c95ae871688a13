"""Alert rules and the sanction ladder, as data.

Partners agree on *when* a supplier is worth an alert to every region that
buys from it (what counts as critical, how long a corrective action plan may
be late, which risk levels matter). Those are policy, not code: they live
here and ``hub.core.alerts`` interprets them. Alert severities use the same
scale as findings (minor < major < critical < zero_tolerance) because the
SupplierAlert schema reuses the Severity enum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

#: The partners' joint sanction ladder (sanktionstrappa), mildest first.
SANCTION_STEPS: tuple[str, ...] = (
    "dialogue",
    "written_demand",
    "formal_warning",
    "contractual_penalty",
    "suspension",
    "termination",
    "exclusion",
)

#: Finding severities and risk levels, least severe first.
SEVERITIES: tuple[str, ...] = ("minor", "major", "critical", "zero_tolerance")
RISK_LEVELS: tuple[str, ...] = ("low", "medium", "high", "very_high")


@dataclass(frozen=True)
class SanctionLadder:
    """An ordered ladder; ``rank`` is None for a step not on it ("unknown"
    from a newer writer), which never counts as an escalation."""

    steps: tuple[str, ...] = SANCTION_STEPS

    def rank(self, step: str | None) -> int | None:
        if step is None or step not in self.steps:
            return None
        return self.steps.index(step)

    def highest(self, steps) -> str | None:
        ranked = [s for s in steps if self.rank(s) is not None]
        return max(ranked, key=self.rank) if ranked else None


DEFAULT_LADDER = SanctionLadder()


@dataclass(frozen=True)
class AlertRule:
    """One kind of alert and the parameters of its trigger.

    Only the parameters meaningful for ``kind`` are read:

    - ``critical_finding``: ``finding_severities`` (a new *open* finding with
      one of them raises the alert);
    - ``sanction_escalated``: ``min_step`` (escalations to a step below it are
      not alerted) and the ``ladder``;
    - ``cap_overdue``: ``grace_days`` after the CAP due date, and
      ``finding_severities`` (empty: any severity);
    - ``risk_raised``: ``risk_levels`` that count as raised, and
      ``on_supplier_change`` (also alert when a supplier's own change, a new
      category or site, brings it under an existing high risk; off by
      default: that is not news about the risk, and would alert on every new
      supplier in a risky category);
    - ``merge_joins_critical``: ``finding_severities`` (a merge of hub_ids,
      or a partner's record joining an existing hub_id, that brings a
      supplier with an open finding of one of them to a partner that did not
      buy from it before; or a record moving in with the audits anchored to
      it, whose findings reach the supplier's other buyers).

    ``severity`` is the alert's severity; ``severity_by`` overrides it per
    finding severity, sanction step or risk level that fired the rule.
    """

    kind: str
    severity: str
    enabled: bool = True
    finding_severities: frozenset[str] = frozenset()
    min_step: str | None = None
    ladder: SanctionLadder = DEFAULT_LADDER
    grace_days: int = 0
    risk_levels: frozenset[str] = frozenset()
    on_supplier_change: bool = False
    severity_by: Mapping[str, str] = field(default_factory=dict, hash=False)

    def severity_for(self, level: str | None) -> str:
        return self.severity_by.get(level, self.severity) if level else self.severity


CRITICAL_SEVERITIES = frozenset({"critical", "zero_tolerance"})

DEFAULT_ALERT_RULES: tuple[AlertRule, ...] = (
    AlertRule("critical_finding", "critical", finding_severities=CRITICAL_SEVERITIES,
              severity_by={"zero_tolerance": "zero_tolerance"}),
    AlertRule("sanction_escalated", "major", min_step="dialogue",
              severity_by={"suspension": "critical", "termination": "critical", "exclusion": "critical"}),
    AlertRule("cap_overdue", "major", grace_days=14,
              severity_by={"critical": "critical", "zero_tolerance": "critical"}),
    AlertRule("risk_raised", "major", risk_levels=frozenset({"high", "very_high"}),
              severity_by={"very_high": "critical"}),
    AlertRule("merge_joins_critical", "critical", finding_severities=CRITICAL_SEVERITIES,
              severity_by={"zero_tolerance": "zero_tolerance"}),
)


def rule_for(kind: str, rules: tuple[AlertRule, ...] = DEFAULT_ALERT_RULES) -> AlertRule | None:
    """The first enabled rule of this kind, or None when the kind is off."""
    for rule in rules:
        if rule.kind == kind and rule.enabled:
            return rule
    return None
