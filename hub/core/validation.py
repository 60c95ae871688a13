"""Business-rule validation of decoded events.

Avro decoding already guarantees types and required fields; this checks what
a schema cannot: known partners, ISO country codes, sane dates, enum values
that are not the reader-side ``unknown``, non-empty ids and names, and
identifiers with valid check digits.

Errors reject the event (the processor routes it to the DLQ); warnings
accept it and are reported back to the partner. An identifier whose check
digit fails is a warning, not an error: the rest of the record is useful,
the identifier is simply treated as absent (the merge drops it).

Messages never contain the value of a possibly confidential field (finding
and corrective-action descriptions, owners): they name the path only. They
do quote codes that are not confidential (a country code, a CPV code), so a
partner can see what was wrong.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Literal

from hub.core.identifiers import InvalidId, normalise_identifier
from hub.rules.alerts import RISK_LEVELS, SANCTION_STEPS, SEVERITIES
from hub.rules.countries import is_iso_alpha2
from hub.rules.partners import is_known_partner

EARLIEST = date(1990, 1, 1)
FUTURE_SLACK = timedelta(days=1)
CPV = re.compile(r"^\d{8}(-\d)?$")
AREAS = ("human_rights", "labour_rights", "environment", "anti_corruption")


@dataclass(frozen=True)
class Problem:
    path: str
    code: str
    message: str
    level: Literal["error", "warning"] = "error"


@dataclass
class Validation:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, path: str, code: str, message: str) -> None:
        self.errors.append(Problem(path, code, message, "error"))

    def warn(self, path: str, code: str, message: str) -> None:
        self.warnings.append(Problem(path, code, message, "warning"))


def _aware(ts: datetime) -> datetime:
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=timezone.utc)


def _blank(value) -> bool:
    return not isinstance(value, str) or not value.strip()


def _required(v: Validation, ev: dict, path: str, *names: str) -> None:
    for name in names:
        if _blank(ev.get(name)):
            v.error(f"{path}{name}", "empty", f"{path}{name} must not be empty")


def _country(v: Validation, value, path: str) -> None:
    if not is_iso_alpha2(value):
        shown = value if isinstance(value, str) and len(value) <= 8 else "(not a code)"
        v.error(path, "invalid_country", f"{path} must be an ISO 3166-1 alpha-2 code, got {shown!r}")


def _enum(v: Validation, value, allowed: tuple[str, ...], path: str) -> None:
    if value not in allowed:
        v.error(path, "unknown_enum", f"{path} must be one of {', '.join(allowed)}")


def _envelope(v: Validation, ev: dict, publisher: str | None, now: datetime) -> None:
    try:
        uuid.UUID(str(ev.get("event_id")))
    except ValueError:
        v.error("event_id", "invalid_uuid", "event_id must be a UUID")
    partner = ev.get("partner")
    if not isinstance(partner, str) or not is_known_partner(partner):
        v.error("partner", "unknown_partner", f"partner {partner!r} is not a known partner")
    elif publisher is not None and partner != publisher:
        v.error("partner", "partner_mismatch", f"partner {partner!r} differs from the publishing partner {publisher!r}")
    occurred = ev.get("occurred_at")
    if isinstance(occurred, datetime) and _aware(occurred) > _aware(now) + FUTURE_SLACK:
        v.error("occurred_at", "future_timestamp", "occurred_at is more than 1 day in the future")


def _identifiers(v: Validation, idents, path: str, country: str | None) -> None:
    for n, ident in enumerate(idents or ()):
        p = f"{path}[{n}]"
        _required(v, ident, f"{p}.", "scheme", "id")
        if _blank(ident.get("scheme")) or _blank(ident.get("id")):
            continue
        checked = normalise_identifier(ident["scheme"], ident["id"], country if isinstance(country, str) else "")
        if isinstance(checked, InvalidId):
            # checked.reason names the scheme and the failed rule, never the value.
            v.warn(p, "identifier_check_failed", f"{p}: {checked.reason}; the identifier is ignored for matching")


def _site(v: Validation, site: dict, path: str) -> None:
    _required(v, site, f"{path}.", "site_id", "name")
    _country(v, site.get("country"), f"{path}.country")


def _date_sane(v: Validation, value, path: str, today: date) -> None:
    if not isinstance(value, date):
        return
    if value > today + FUTURE_SLACK:
        v.error(path, "future_date", f"{path} is more than 1 day in the future")
    if value < EARLIEST:
        v.error(path, "date_too_early", f"{path} is before {EARLIEST.isoformat()}")


def _unique_ids(v: Validation, items, key: str, path: str) -> None:
    seen: set[str] = set()
    for n, item in enumerate(items):
        value = item.get(key)
        if isinstance(value, str) and value in seen:
            v.error(f"{path}[{n}].{key}", "duplicate_id", f"{path}[{n}].{key} repeats an earlier id")
        seen.add(value)


def validate_supplier_record(ev: dict, *, now: datetime, publisher: str | None = None) -> Validation:
    v = Validation()
    _envelope(v, ev, publisher, now)
    _required(v, ev, "", "record_id", "name")
    _country(v, ev.get("country"), "country")
    for n, name in enumerate(ev.get("trading_names") or ()):
        if _blank(name):
            v.warn(f"trading_names[{n}]", "empty", f"trading_names[{n}] is empty and is ignored")
    _identifiers(v, ev.get("identifiers"), "identifiers", ev.get("country"))
    sites = ev.get("sites") or ()
    for n, site in enumerate(sites):
        _site(v, site, f"sites[{n}]")
    _unique_ids(v, sites, "site_id", "sites")
    for n, code in enumerate(ev.get("categories") or ()):
        if not isinstance(code, str) or not CPV.match(code):
            v.error(f"categories[{n}]", "invalid_cpv", f"categories[{n}] must be a CPV code (8 digits, optional -check)")
    return v


def _finding(v: Validation, f: dict, p: str, audit_date, today: date) -> None:
    _required(v, f, f"{p}.", "finding_id", "clause", "description")
    _enum(v, f.get("area"), AREAS, f"{p}.area")
    _enum(v, f.get("severity"), SEVERITIES, f"{p}.severity")
    _enum(v, f.get("status"), ("open", "closed"), f"{p}.status")
    due = f.get("cap_due_date")
    if isinstance(due, date) and isinstance(audit_date, date) and due < audit_date:
        v.error(f"{p}.cap_due_date", "due_before_audit", f"{p}.cap_due_date is before the audit date")
    actions = f.get("corrective_actions") or ()
    _unique_ids(v, actions, "action_id", f"{p}.corrective_actions")
    for m, a in enumerate(actions):
        q = f"{p}.corrective_actions[{m}]"
        _required(v, a, f"{q}.", "action_id", "description")
        _enum(v, a.get("status"), ("open", "done"), f"{q}.status")
        if isinstance(a.get("due_date"), date) and isinstance(audit_date, date) and a["due_date"] < audit_date:
            v.error(f"{q}.due_date", "due_before_audit", f"{q}.due_date is before the audit date")
        closed = a.get("closed_on")
        if closed is not None:
            _date_sane(v, closed, f"{q}.closed_on", today)
            if isinstance(audit_date, date) and closed < audit_date:
                v.error(f"{q}.closed_on", "closed_before_audit", f"{q}.closed_on is before the audit date")
        elif a.get("status") == "done":
            v.warn(f"{q}.closed_on", "missing_closed_on", f"{q} is done but has no closed_on date")


def validate_audit_outcome(ev: dict, *, now: datetime, publisher: str | None = None) -> Validation:
    v = Validation()
    today = _aware(now).date()
    _envelope(v, ev, publisher, now)
    _required(v, ev, "", "audit_id")
    supplier = ev.get("supplier") or {}
    _required(v, supplier, "supplier.", "name")
    if supplier.get("record_id") is not None and _blank(supplier["record_id"]):
        v.error("supplier.record_id", "empty", "supplier.record_id must be null or non-empty")
    _country(v, supplier.get("country"), "supplier.country")
    _identifiers(v, supplier.get("identifiers"), "supplier.identifiers", supplier.get("country"))
    audit_type = ev.get("audit_type")
    _enum(v, audit_type, ("office", "site", "desk"), "audit_type")
    if ev.get("site"):
        _site(v, ev["site"], "site")
    elif audit_type == "site":
        v.warn("site", "site_audit_without_site", "a site audit should name its site")
    audit_date = ev.get("audit_date")
    _date_sane(v, audit_date, "audit_date", today)
    confidentiality = ev.get("confidentiality")
    _enum(v, confidentiality, ("shared", "participants"), "confidentiality")
    participants = ev.get("participating_partners") or ()
    for n, p in enumerate(participants):
        if not is_known_partner(p):
            v.error(f"participating_partners[{n}]", "unknown_partner", f"participating partner {p!r} is not known")
    if len(set(participants)) != len(participants):
        v.warn("participating_partners", "duplicate", "participating_partners lists a partner twice")
    publishing = publisher or ev.get("partner")
    if confidentiality == "participants" and publishing not in participants:
        v.error("participating_partners", "publisher_not_participant",
                "a participants-only audit must list its publishing partner among participating_partners")
    if ev.get("sanction_step") is not None:
        _enum(v, ev["sanction_step"], SANCTION_STEPS, "sanction_step")
    findings = ev.get("findings") or ()
    _unique_ids(v, findings, "finding_id", "findings")
    for n, f in enumerate(findings):
        _finding(v, f, f"findings[{n}]", audit_date, today)
    return v


def validate_risk_analysis(ev: dict, *, now: datetime, publisher: str | None = None) -> Validation:
    v = Validation()
    _envelope(v, ev, publisher, now)
    _required(v, ev, "", "analysis_id")
    if not isinstance(ev.get("category"), str) or not CPV.match(ev["category"]):
        v.error("category", "invalid_cpv", "category must be a CPV code (8 digits, optional -check)")
    _country(v, ev.get("country"), "country")
    risks = ev.get("risks") or ()
    if not risks:
        v.warn("risks", "no_risks", "the analysis lists no risks")
    areas = [r.get("area") for r in risks]
    if len(set(areas)) != len(areas):
        v.warn("risks", "duplicate_area", "an area is assessed twice; the highest level counts")
    for n, r in enumerate(risks):
        _enum(v, r.get("area"), AREAS, f"risks[{n}].area")
        _enum(v, r.get("risk_level"), RISK_LEVELS, f"risks[{n}].risk_level")
        if _blank(r.get("rationale")):
            v.warn(f"risks[{n}].rationale", "empty", f"risks[{n}].rationale is empty")
    valid_from, valid_to = ev.get("valid_from"), ev.get("valid_to")
    if isinstance(valid_from, date) and valid_from < EARLIEST:
        v.error("valid_from", "date_too_early", f"valid_from is before {EARLIEST.isoformat()}")
    if isinstance(valid_from, date) and isinstance(valid_to, date) and valid_to < valid_from:
        v.error("valid_to", "ends_before_start", "valid_to is before valid_from")
    return v


VALIDATORS = {
    "SupplierRecord": validate_supplier_record,
    "AuditOutcome": validate_audit_outcome,
    "RiskAnalysis": validate_risk_analysis,
}


def validate(record_type: str, ev: dict, *, now: datetime, publisher: str | None = None) -> Validation:
    """Validate a decoded event of the named Avro record type."""
    try:
        validator = VALIDATORS[record_type]
    except KeyError:
        raise ValueError(f"no validator for record type {record_type!r}") from None
    return validator(ev, now=now, publisher=publisher)
