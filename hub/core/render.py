"""Render a SupplierState as the MergedSupplier payload.

Kept apart from ``hub.core.merge`` (which decides what the state is) because
this is where survivorship rules and confidentiality are applied, and both
deserve to be read on their own. Every list is sorted, so the same state
renders to the same dict whatever order events arrived in.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from hub.core.identifiers import NormalisedId, normalise_identifier
from hub.core.names import normalise_name as _normalise_name
from hub.core.views import AuditSnapshot, FindingSnapshot, RecordSnapshot, RiskBook, Site, SupplierState
from hub.rules.alerts import SEVERITIES, SanctionLadder
from hub.rules.survivorship import SurvivorshipRules


def normalise_name(name: str) -> str:
    """The comparison key of a name (hub.core.names: legal form, case,
    diacritics and punctuation ignored): "TOP GLOVE SDN. BHD." == "Top Glove Sdn Bhd"."""
    return _normalise_name(name).key


def _has_valid_national_id(rec: RecordSnapshot, rules: SurvivorshipRules) -> bool:
    for ident in rec.identifiers:
        checked = normalise_identifier(ident.scheme, ident.id, rec.country)
        if isinstance(checked, NormalisedId) and checked.scheme in rules.national_schemes:
            return True
    return False


def survivor_record(records, rules: SurvivorshipRules) -> RecordSnapshot | None:
    """The record that names the merged supplier (see hub.rules.survivorship)."""
    pool = sorted(records, key=lambda r: r.key)
    if len(pool) <= 1:  # most suppliers: one partner's record, nothing to choose
        return pool[0] if pool else None
    everyone = pool
    freq: Counter | None = None

    def frequency(r: RecordSnapshot) -> int:
        nonlocal freq
        if freq is None:
            freq = Counter(normalise_name(x.name) for x in everyone)
        return freq[normalise_name(r.name)]

    scores = {
        "valid_national_id": lambda r: _has_valid_national_id(r, rules),
        "active": lambda r: r.active,
        "name_frequency": frequency,
        "most_recent": lambda r: (r.occurred_at, r.event_id),
    }
    for criterion in rules.name_criteria:
        if len(pool) == 1:
            break
        if criterion == "partner_record_id":
            return pool[0]
        best = max(scores[criterion](r) for r in pool)
        pool = [r for r in pool if scores[criterion](r) == best]
    return pool[0]


def survivor_country(state: SupplierState, rules: SurvivorshipRules) -> str | None:
    rec = survivor_record(state.records.values(), rules)
    if rec is not None:
        return rec.country
    audit = _fallback_audit(state)
    return audit.supplier_country if audit else None


def _fallback_audit(state: SupplierState) -> AuditSnapshot | None:
    """With no supplier record yet, the latest audit's supplier reference names it."""
    audits = sorted(state.audits.values(), key=lambda a: (a.occurred_at, a.event_id))
    return audits[-1] if audits else None


def _merged_site_id(partner: str, site_id: str) -> str:
    """Site ids are only stable within a partner; the merged view qualifies
    them. Matching one factory across partners is the resolver's job."""
    return f"{partner}:{site_id}"


def _site_dict(partner: str, site: Site) -> dict:
    return {"site_id": _merged_site_id(partner, site.site_id), "name": site.name, "country": site.country,
            "address": site.address, "postal_code": site.postal_code, "city": site.city, "kind": site.kind}


def effective_cap_due(finding: FindingSnapshot) -> date | None:
    """The finding's CAP due date; without one, the earliest due date of its
    still-open corrective actions (the first one that can become overdue)."""
    if finding.cap_due_date is not None:
        return finding.cap_due_date
    open_dues = [a.due_date for a in finding.actions if a.status != "done"]
    return min(open_dues) if open_dues else None


def highest_severity(findings) -> str | None:
    known = [f.severity for f in findings if f.severity in SEVERITIES]
    if known:
        return max(known, key=SEVERITIES.index)
    return "unknown" if findings else None


def _tombstone(state: SupplierState) -> dict:
    return {"hub_id": state.hub_id, "version": state.version, "canonical_name": "", "country": "",
            "identifiers": [], "aliases": [], "source_records": [], "provenance": [], "sites": [],
            "categories": [], "buyers": [], "audits": [], "open_findings": [], "last_audit_by_site": [],
            "sanction_step": None, "risks": [], "merged_from": sorted(state.merged_from),
            "successor": state.successor}


def _identifiers(records, rules: SurvivorshipRules) -> dict[tuple[str, str], list[RecordSnapshot]]:
    """(scheme, canonical id) -> records asserting it, normalised by
    hub.core.identifiers (a SE VAT number and the SE-ON number it contains
    are one identifier); failed check digits dropped."""
    out: dict[tuple[str, str], list[RecordSnapshot]] = {}
    for rec in records:
        for ident in rec.identifiers:
            checked = normalise_identifier(ident.scheme, ident.id, rec.country)
            if isinstance(checked, NormalisedId):
                key = (checked.scheme, checked.value)
            elif rules.drop_invalid_identifiers or not ident.id.strip():
                continue
            else:
                key = (ident.scheme.strip(), ident.id.strip())
            if rec not in out.setdefault(key, []):
                out[key].append(rec)
    return out


def _provenance(records, survivor, canonical_name, identifiers, rules) -> list[dict]:
    def entry(field: str, value: str, rec: RecordSnapshot) -> dict:
        return {"field": field, "value": value, "partner": rec.partner, "record_id": rec.record_id,
                "asserted_at": rec.occurred_at}

    out: list[dict] = []
    norm = normalise_name(canonical_name)
    for rec in records:
        if "canonical_name" in rules.provenance_fields and normalise_name(rec.name) == norm:
            out.append(entry("canonical_name", canonical_name, rec))
        if "country" in rules.provenance_fields and rec.country == survivor.country:
            out.append(entry("country", survivor.country, rec))
        if "categories" in rules.provenance_fields:
            out.extend(entry("categories", c, rec) for c in sorted(set(rec.categories)))
    if "identifiers" in rules.provenance_fields:
        for (scheme, ident), recs in identifiers.items():
            out.extend(entry("identifiers", f"{scheme}:{ident}", rec) for rec in recs)
    out.sort(key=lambda e: (e["field"], e["value"], e["partner"], e["record_id"]))
    return out


def _aliases(records, canonical_name: str, rules: SurvivorshipRules) -> list[str]:
    """Other names and trading names, one per normalised name, excluding the
    canonical one. Each is shown as written, in its most common spelling,
    preferring mixed case over ALL CAPS (contract systems often shout)."""
    spellings: dict[str, dict[str, int]] = {}
    for r in records:
        if r.active or rules.alias_include_inactive:
            for n in (r.name, *r.trading_names):
                if n and n.strip():
                    counts = spellings.setdefault(normalise_name(n), {})
                    counts[n.strip()] = counts.get(n.strip(), 0) + 1
    spellings.pop(normalise_name(canonical_name), None)
    out = []
    for norm in sorted(spellings):
        counts = spellings[norm]
        out.append(min(counts, key=lambda n: (-counts[n], n.isupper(), n)))
    return out


def _sanction_step(audits, ladder: SanctionLadder) -> str | None:
    """Each partner's latest stated step counts (a partner may step down its
    own sanction); the supplier's step is the highest among partners, since
    one partner lifting a sanction does not undo another's."""
    latest: dict[str, AuditSnapshot] = {}
    for a in audits:
        if a.sanction_step is None:
            continue
        cur = latest.get(a.partner)
        if cur is None or (a.audit_date, a.occurred_at, a.audit_id) > (cur.audit_date, cur.occurred_at, cur.audit_id):
            latest[a.partner] = a
    return ladder.highest(a.sanction_step for a in latest.values())


def render(state: SupplierState, risks: RiskBook, today: date, *, include_confidential: bool,
           rules: SurvivorshipRules, ladder: SanctionLadder) -> dict:
    """See ``hub.core.merge.render``."""
    if state.successor:
        return _tombstone(state)
    records = sorted(state.records.values(), key=lambda r: r.key)
    audits = sorted(state.audits.values(), key=lambda a: (a.audit_date, a.audit_id, a.partner))
    survivor = survivor_record(records, rules)
    if survivor is not None:
        canonical_name, country = survivor.name, survivor.country
    else:
        fallback = _fallback_audit(state)
        canonical_name = fallback.supplier_name if fallback else ""
        country = fallback.supplier_country if fallback else ""

    identifiers = _identifiers(records, rules)
    sites: dict[str, dict] = {}
    for rec in sorted(records, key=lambda r: (r.occurred_at, r.event_id)):
        for site in rec.sites:
            sites[_merged_site_id(rec.partner, site.site_id)] = _site_dict(rec.partner, site)
    for a in sorted(audits, key=lambda a: (a.occurred_at, a.event_id)):
        if a.site is not None:
            sites.setdefault(_merged_site_id(a.partner, a.site.site_id), _site_dict(a.partner, a.site))
    categories = sorted({c for r in records for c in r.categories})

    audit_rows, open_rows, last_by_site = [], [], {}
    for a in audits:
        site_id = _merged_site_id(a.partner, a.site.site_id) if a.site else None
        open_f = [f for f in a.findings if f.status == "open"]
        audit_rows.append({
            "audit_id": a.audit_id, "audit_date": a.audit_date, "audit_type": a.audit_type, "site_id": site_id,
            "participating_partners": sorted(set(a.participating_partners) | {a.partner}),
            "confidentiality": a.confidentiality, "highest_severity": highest_severity(a.findings),
            "open_findings": len(open_f),
        })
        if site_id is not None:
            last_by_site[site_id] = max(a.audit_date, last_by_site.get(site_id, a.audit_date))
        if a.confidentiality == "shared" or include_confidential:
            open_rows.extend({
                "audit_id": a.audit_id, "finding_id": f.finding_id, "area": f.area, "severity": f.severity,
                "clause": f.clause, "cap_due_date": effective_cap_due(f), "site_id": site_id,
            } for f in open_f)
    open_rows.sort(key=lambda r: (r["audit_id"], r["finding_id"]))

    countries = {country, *(s["country"] for s in sites.values())} - {""}
    risk_rows = sorted(
        ({"analysis_id": an.analysis_id, "partner": an.partner, "category": an.category, "country": an.country,
          "area": r.area, "risk_level": r.risk_level, "valid_to": an.valid_to}
         for an in risks.applicable(categories, sorted(countries), today) for r in an.risks),
        key=lambda r: (r["category"], r["country"], r["area"], r["partner"], r["analysis_id"], r["risk_level"]),
    )

    return {
        "hub_id": state.hub_id,
        "version": state.version,
        "canonical_name": canonical_name,
        "country": country,
        "identifiers": [{"scheme": s, "id": i} for s, i in sorted(identifiers)],
        "aliases": _aliases(records, canonical_name, rules),
        "source_records": [{"partner": r.partner, "record_id": r.record_id, "name": r.name, "event_id": r.event_id,
                            "received_at": r.received_at, "active": r.active} for r in records],
        "provenance": _provenance(records, survivor, canonical_name, identifiers, rules) if survivor else [],
        "sites": [sites[k] for k in sorted(sites)],
        "categories": categories,
        "buyers": sorted({r.partner for r in records if r.active}),
        "audits": audit_rows,
        "open_findings": open_rows,
        "last_audit_by_site": [{"site_id": k, "last_audit_date": v} for k, v in sorted(last_by_site.items())],
        "sanction_step": _sanction_step(audits, ladder),
        "risks": risk_rows,
        "merged_from": sorted(state.merged_from),
        "successor": None,
    }
