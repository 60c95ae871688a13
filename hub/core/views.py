"""Per-supplier state and the global risk book, as plain dataclasses.

The stream processor keeps one ``SupplierState`` per hub_id (in a Faust table)
and one ``RiskBook`` for all risk analyses; ``hub.core.merge`` folds events
into them and renders the MergedSupplier view.

Why snapshots rather than the decoded events themselves:

- the state never holds finding descriptions, corrective-action descriptions
  or owners, so the table's changelog topic does not replicate confidential
  text that the merged view may never show anyway;
- snapshots are frozen and made of tuples, so "did this event change
  anything?" is plain equality, which makes redelivered events no-ops.

Risk analyses are not stored per supplier: an analysis is about a category
and a country of production, and applies to every supplier in them. The
merge asks the ``RiskBook`` which analyses apply, for a given ``today``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

#: (partner, record_id) and (partner, audit_id): ids are only unique within
#: the publishing partner.
Key = tuple[str, str]


@dataclass(frozen=True, order=True)
class Identifier:
    scheme: str
    id: str


@dataclass(frozen=True)
class Site:
    site_id: str
    name: str
    country: str
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    kind: str | None = None

    @classmethod
    def from_event(cls, d: dict) -> "Site":
        return cls(d["site_id"], d["name"], d["country"], d.get("address"), d.get("postal_code"),
                   d.get("city"), d.get("kind"))


@dataclass(frozen=True)
class RecordSnapshot:
    """One partner's latest SupplierRecord, as the merge needs it."""

    partner: str
    record_id: str
    event_id: str
    occurred_at: datetime
    received_at: datetime
    name: str
    country: str
    trading_names: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    sites: tuple[Site, ...] = ()
    categories: tuple[str, ...] = ()
    active: bool = True

    @property
    def key(self) -> Key:
        return (self.partner, self.record_id)

    @classmethod
    def from_event(cls, ev: dict, received_at: datetime) -> "RecordSnapshot":
        return cls(
            partner=ev["partner"], record_id=ev["record_id"], event_id=str(ev["event_id"]),
            occurred_at=ev["occurred_at"], received_at=received_at,
            name=ev["name"], country=ev["country"],
            trading_names=tuple(ev.get("trading_names") or ()),
            identifiers=tuple(Identifier(i["scheme"], i["id"]) for i in ev.get("identifiers") or ()),
            address=ev.get("address"), postal_code=ev.get("postal_code"), city=ev.get("city"),
            sites=tuple(Site.from_event(s) for s in ev.get("sites") or ()),
            categories=tuple(ev.get("categories") or ()),
            active=bool(ev.get("active", True)),
        )


@dataclass(frozen=True)
class ActionSnapshot:
    """A corrective action without its description and owner (confidential)."""

    action_id: str
    due_date: date
    status: str
    closed_on: date | None = None


@dataclass(frozen=True)
class FindingSnapshot:
    """A finding without its description (confidential)."""

    finding_id: str
    area: str
    clause: str
    severity: str
    status: str
    cap_due_date: date | None = None
    actions: tuple[ActionSnapshot, ...] = ()


@dataclass(frozen=True)
class AuditSnapshot:
    partner: str
    audit_id: str
    event_id: str
    occurred_at: datetime
    received_at: datetime
    audit_date: date
    audit_type: str
    confidentiality: str
    #: The audited supplier as the publisher named it: the merged view falls
    #: back on it when no partner has published a SupplierRecord yet.
    supplier_name: str = ""
    supplier_country: str = ""
    supplier_record_id: str | None = None
    site: Site | None = None
    participating_partners: tuple[str, ...] = ()
    findings: tuple[FindingSnapshot, ...] = ()
    sanction_step: str | None = None

    @property
    def key(self) -> Key:
        return (self.partner, self.audit_id)

    @classmethod
    def from_event(cls, ev: dict, received_at: datetime) -> "AuditSnapshot":
        findings = tuple(
            FindingSnapshot(
                f["finding_id"], f["area"], f["clause"], f["severity"], f.get("status", "open"),
                f.get("cap_due_date"),
                tuple(ActionSnapshot(a["action_id"], a["due_date"], a.get("status", "open"), a.get("closed_on"))
                      for a in f.get("corrective_actions") or ()),
            )
            for f in ev.get("findings") or ()
        )
        site = ev.get("site")
        return cls(
            partner=ev["partner"], audit_id=ev["audit_id"], event_id=str(ev["event_id"]),
            occurred_at=ev["occurred_at"], received_at=received_at,
            audit_date=ev["audit_date"], audit_type=ev.get("audit_type", "unknown"),
            # An absent or unrecognised confidentiality reads as the safer one.
            confidentiality="shared" if ev.get("confidentiality") == "shared" else "participants",
            supplier_name=(ev.get("supplier") or {}).get("name", ""),
            supplier_country=(ev.get("supplier") or {}).get("country", ""),
            supplier_record_id=(ev.get("supplier") or {}).get("record_id"),
            site=Site.from_event(site) if site else None,
            participating_partners=tuple(ev.get("participating_partners") or ()),
            findings=findings,
            sanction_step=ev.get("sanction_step"),
        )


@dataclass
class SupplierState:
    """Everything the hub knows about one hub_id.

    ``version`` and ``fingerprint`` belong to the published view: the version
    goes up only when the rendered content's fingerprint changes.
    ``successor`` is set once this hub_id has been merged into another.
    """

    hub_id: str
    country: str | None = None
    records: dict[Key, RecordSnapshot] = field(default_factory=dict)
    audits: dict[Key, AuditSnapshot] = field(default_factory=dict)
    merged_from: tuple[str, ...] = ()
    version: int = 0
    fingerprint: str | None = None
    successor: str | None = None

    def copy(self) -> "SupplierState":
        return SupplierState(self.hub_id, self.country, dict(self.records), dict(self.audits),
                             self.merged_from, self.version, self.fingerprint, self.successor)


# --------------------------------------------------------------------------- risks

def cpv_prefix(code: str) -> str:
    """The significant part of a CPV code: check digit and trailing zeros dropped.

    CPV codes are hierarchical: "33140000" (medical consumables) is the
    parent of "33141420" (surgical gloves); writing a broader code pads it
    with zeros. So "33140000-2" -> "3314", "33141420" -> "3314142". At least
    the two division digits are kept ("03000000" -> "03").
    """
    digits = code.split("-", 1)[0].strip()
    sig = digits.rstrip("0")
    return sig if len(sig) >= 2 else digits[:2]


def cpv_covers(analysis_category: str, supplier_category: str) -> bool:
    """True when an analysis for ``analysis_category`` applies to a supplier
    category: the same code or a narrower one under it. An analysis of a
    narrower code (surgical gloves) does not apply to a supplier only known
    by a broader one (medical consumables): we can't tell it makes gloves."""
    return cpv_prefix(supplier_category).startswith(cpv_prefix(analysis_category))


@dataclass(frozen=True)
class AreaRisk:
    area: str
    risk_level: str


@dataclass(frozen=True)
class AnalysisSnapshot:
    partner: str
    analysis_id: str
    event_id: str
    occurred_at: datetime
    category: str
    country: str
    product: str | None
    valid_from: date
    valid_to: date | None
    risks: tuple[AreaRisk, ...] = ()

    @classmethod
    def from_event(cls, ev: dict) -> "AnalysisSnapshot":
        return cls(ev["partner"], ev["analysis_id"], str(ev["event_id"]), ev["occurred_at"], ev["category"],
                   ev["country"], ev.get("product"), ev["valid_from"], ev.get("valid_to"),
                   tuple(AreaRisk(r["area"], r["risk_level"]) for r in ev.get("risks") or ()))

    def valid_on(self, today: date) -> bool:
        return self.valid_from <= today and (self.valid_to is None or today <= self.valid_to)


@dataclass
class RiskBook:
    """Current risk analyses by (CPV prefix, country of production).

    The latest analysis (by ``occurred_at``, then event_id) from a partner for
    the same category, country and product replaces the older one, and so
    does a newer event for the same (partner, analysis_id). Validity dates are
    kept and respected on lookup, so a future analysis waits in the book
    until its ``valid_from``.
    """

    entries: dict[tuple[str, str], tuple[AnalysisSnapshot, ...]] = field(default_factory=dict)

    def add(self, analysis: dict) -> bool:
        """Fold a decoded RiskAnalysis event in; True when the book changed."""
        new = AnalysisSnapshot.from_event(analysis)
        ident = (new.partner, cpv_prefix(new.category), new.country, new.product)
        replaced: list[tuple[tuple[str, str], AnalysisSnapshot]] = []
        for key, bucket in self.entries.items():
            for old in bucket:
                if ((old.partner, cpv_prefix(old.category), old.country, old.product) == ident
                        or (old.partner, old.analysis_id) == (new.partner, new.analysis_id)):
                    replaced.append((key, old))
        if any((o.occurred_at, o.event_id) >= (new.occurred_at, new.event_id) for _, o in replaced):
            return False  # a redelivery, or an older analysis arriving late
        for key, old in replaced:
            bucket = tuple(a for a in self.entries[key] if a is not old)
            if bucket:
                self.entries[key] = bucket
            else:
                del self.entries[key]
        key = (cpv_prefix(new.category), new.country)
        self.entries[key] = tuple(sorted(self.entries.get(key, ()) + (new,), key=lambda a: (a.partner, a.analysis_id)))
        return True

    def applicable(self, categories, countries, today: date) -> list[AnalysisSnapshot]:
        """Analyses valid on ``today`` for any of the categories (CPV prefix
        rule, see ``cpv_covers``) and any of the countries."""
        if not self.entries:
            return []
        found: dict[tuple[str, str], AnalysisSnapshot] = {}
        for category in categories:
            sig = cpv_prefix(category)
            for n in range(2, len(sig) + 1):
                for country in countries:
                    for a in self.entries.get((sig[:n], country), ()):
                        if a.valid_on(today):
                            found[(a.partner, a.analysis_id)] = a
        return [found[k] for k in sorted(found)]


def risk_applies(analysis: dict, categories, countries) -> bool:
    """For the processor: does a RiskAnalysis event concern a supplier with
    these categories and countries (so it must be re-rendered)?"""
    return analysis["country"] in set(countries) and any(cpv_covers(analysis["category"], c) for c in categories)
