"""Response shapes of the read routes, as pydantic models, so ``/openapi.json`` documents them.

The routes build plain dicts (the hot ones send pre-rendered bytes) and
declare these models only for the contract; they mirror the Avro schemas'
JSON form (dates ``YYYY-MM-DD``, timestamps RFC 3339). Fields a caller may
not see (the details of a restricted audit) are optional here, because a
redacted audit carries only ``audit_id``, ``audit_date`` and
``highest_severity``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field


class Identifier(BaseModel):
    scheme: str
    id: str


class SourceRecord(BaseModel):
    partner: str
    record_id: str
    name: str
    event_id: str
    received_at: dt.datetime
    active: bool


class FieldProvenance(BaseModel):
    field: str
    value: str
    partner: str
    record_id: str
    asserted_at: dt.datetime


class Site(BaseModel):
    site_id: str
    name: str
    country: str
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    kind: str | None = None


class CorrectiveActionDetail(BaseModel):
    description: str
    owner: str | None = None
    due_date: dt.date
    status: str


class AuditFinding(BaseModel):
    """A finding of a participants-only audit in full: only its participants and the hub's admin see it."""

    finding_id: str
    area: str
    clause: str
    severity: str
    status: str
    cap_due_date: dt.date | None = None
    description: str
    corrective_actions: list[CorrectiveActionDetail] = []


class AuditSummary(BaseModel):
    """All fields for callers that may see the audit; the first three only for the others."""

    audit_id: str
    audit_date: dt.date
    highest_severity: str | None = None
    audit_type: str | None = None
    site_id: str | None = None
    participating_partners: list[str] | None = None
    confidentiality: str | None = None
    open_findings: int | None = None
    findings: list[AuditFinding] | None = Field(
        None, description="a participants-only audit's findings in full, for the partners that took part and "
                          "the hub's admin (the shared view only counts them)")


class OpenFinding(BaseModel):
    audit_id: str
    finding_id: str
    area: str
    severity: str
    clause: str
    cap_due_date: dt.date | None = None
    site_id: str | None = None


class SiteLastAudit(BaseModel):
    site_id: str
    last_audit_date: dt.date


class AppliedRisk(BaseModel):
    analysis_id: str
    partner: str
    category: str
    country: str
    area: str
    risk_level: str
    valid_to: dt.date | None = None


class MergedSupplier(BaseModel):
    """The ``MergedSupplier`` event as JSON. A merged-away view has ``successor`` set and little else."""

    event_id: str
    partner: str
    occurred_at: dt.datetime
    hub_id: str
    version: int
    canonical_name: str
    country: str
    identifiers: list[Identifier] = []
    aliases: list[str] = []
    source_records: list[SourceRecord] = []
    provenance: list[FieldProvenance] = []
    sites: list[Site] = []
    categories: list[str] = []
    buyers: list[str] = []
    audits: list[AuditSummary] = []
    open_findings: list[OpenFinding] = []
    last_audit_by_site: list[SiteLastAudit] = []
    sanction_step: str | None = None
    risks: list[AppliedRisk] = []
    merged_from: list[str] = []
    successor: str | None = None


class SupplierSummary(BaseModel):
    hub_id: str
    canonical_name: str
    country: str
    identifiers: list[Identifier]
    aliases: list[str]
    buyers: list[str]
    open_findings: int = Field(description="open findings the caller may know of")
    max_open_severity: str | None
    sanction_step: str | None
    last_audit_date: dt.date | None
    version: int
    score: float | None = Field(description="name match in [0, 1] when q is given, else null")


class SupplierPage(BaseModel):
    items: list[SupplierSummary]
    next_cursor: str | None


class FeedItem(BaseModel):
    cursor: str = Field(description="resume after this item with ?after=")
    hub_id: str
    version: int
    supplier: MergedSupplier


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str = Field(description="where to continue; an empty page means caught up: poll again later")


class Alert(BaseModel):
    """A ``SupplierAlert`` event as JSON, with its position."""

    cursor: str
    event_id: str
    partner: str
    occurred_at: dt.datetime
    alert_id: str
    hub_id: str
    kind: str
    severity: str
    reason: str
    supplier_name: str
    country: str
    trigger_event_id: str
    trigger_topic: str
    partners: list[str]
    raised_at: dt.datetime
    areas: list[str] = Field(default_factory=list,
                             description="the Code of Conduct areas the alert is about, as its reason names them: "
                                         "set for findings of shared audits and for risk analyses; empty for "
                                         "sanction steps, merges, findings of participants-only audits (their "
                                         "area is confidential) and alerts raised before the field existed")


class AlertPage(BaseModel):
    items: list[Alert]
    next_cursor: str = Field(description="where to continue; an empty page means caught up: poll again later")


class ReviewRecord(BaseModel):
    """One side of a pair: the partner's record and the supplier that holds it now."""

    partner: str
    record_id: str
    name: str | None
    active: bool | None
    received_at: dt.datetime | None
    country: str | None
    identifiers: list[Identifier]
    categories: list[str]
    hub_id: str | None
    canonical_name: str | None
    aliases: list[str]
    sites: list[Site]
    buyers: list[str]


class MatchReview(BaseModel):
    decision_id: str
    status: Literal["pending", "confirmed", "rejected", "merged"]
    country: str
    occurred_at: dt.datetime | None
    score: float | None
    evidence: list[str]
    record_a: ReviewRecord
    record_b: ReviewRecord


class MatchReviewPage(BaseModel):
    items: list[MatchReview]
    next_cursor: str | None


class ReviewDecision(BaseModel):
    decision: Literal["confirm", "reject"]
    note: str | None = Field(default=None, max_length=2000)


class ReviewAccepted(BaseModel):
    event_id: str
    decision_id: str
    status: Literal["confirmed", "rejected"]


class PlanReason(BaseModel):
    code: str
    text: str = Field(description="the reason in English")
    weight: float
    params: dict[str, Any] = Field(default_factory=dict, description=(
        "the same facts as data, to say them in another language: count, severity, areas (codes), at_site, "
        "audit_date, level, where [{category, country}], last_audit, months, horizon_months, partners, by code"))


class PlanSite(BaseModel):
    site_id: str
    name: str | None
    country: str | None
    city: str | None
    kind: str | None


class AuditPlanItem(BaseModel):
    rank: int
    hub_id: str
    canonical_name: str
    country: str
    site: PlanSite | None
    score: float
    reasons: list[PlanReason]
    partners: list[str] = Field(description="partners that buy from the supplier: those that would join")


class AuditPlanPage(BaseModel):
    items: list[AuditPlanItem]
    next_cursor: str | None


class AreaRisk(BaseModel):
    area: str
    level: str | None
    partners: list[str]


class RiskAnalysisRef(BaseModel):
    partner: str
    analysis_id: str
    product: str | None
    valid_to: dt.date | None


class RiskCell(BaseModel):
    country: str
    category: str
    category_label: str | None
    level: str | None = Field(description="the highest level across areas and partners")
    areas: list[AreaRisk]
    analyses: list[RiskAnalysisRef]


class CountryCritical(BaseModel):
    country: str
    open_critical: int
    suppliers: int


class RiskOverview(BaseModel):
    as_of: dt.date
    risks: list[RiskCell]
    open_critical_by_country: list[CountryCritical]


class AreaCount(BaseModel):
    area: str | None = Field(description="null: a restricted audit the caller took part in; findings not itemised")
    severity: str
    count: int


class MonthCount(BaseModel):
    month: str = Field(description="YYYY-MM of the audit that found them")
    severity: str
    count: int


class FindingsStats(BaseModel):
    total: int
    by_area: list[AreaCount]
    by_month: list[MonthCount]
