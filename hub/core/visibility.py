"""Who may see what of a merged supplier view: pure functions over MergedSupplier dicts.

The domain's rule (docs/api.md, ../shared/domain.md): an audit marked
``participants`` shows its details only to the partners that took part.
Everyone else sees that it happened, when, and its highest severity, and
nothing derived from its details: not its findings, not its site, not its
open-finding count. The hub's operators (no partner, scope ``hub:admin``)
see everything. The planner (no partner, no admin) is a non-participant of
every restricted audit: it plans for all partners, so it may see only what
all partners may see.

The stream processors leave restricted findings out of the published view;
the gateway adds them back from the audit outcomes (``DETAIL_FIELD`` on the
audit summary, rows in ``open_findings``) and this module takes them away
again from everyone who may not see them, so the rule is applied at the edge
whatever a view carries.

Every function is pure and works on the decoded or the JSON form alike
(dates are compared, never parsed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hub.rules.alerts import SANCTION_STEPS, SEVERITIES

#: The fields of a restricted audit that everyone may see.
PUBLIC_AUDIT_FIELDS = ("audit_id", "audit_date", "highest_severity")
#: The audit summary's list of every finding in full (descriptions, CAPs), where the gateway knows them.
DETAIL_FIELD = "findings"


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a partner, the hub's admin, or neither (the planner)."""

    partner: str | None = None
    admin: bool = False

    @classmethod
    def of(cls, partner: str | None, scopes) -> "Viewer":
        """Admin rights only for the hub's own clients: a partner's token never sees everything."""
        return cls(partner, partner is None and "hub:admin" in scopes)


ADMIN = Viewer(None, True)
#: A viewer that took part in no audit: what every partner may see.
PUBLIC = Viewer(None, False)


def restricted(audit: dict) -> bool:
    """Anything but ``shared`` is restricted (an unknown newer value reads as participants)."""
    return audit.get("confidentiality") != "shared"


def sees_audit(audit: dict, viewer: Viewer) -> bool:
    """May ``viewer`` see this audit's details?"""
    if viewer.admin or not restricted(audit):
        return True
    return viewer.partner is not None and viewer.partner in (audit.get("participating_partners") or ())


def hidden_audits(view: dict, viewer: Viewer) -> frozenset[str]:
    """audit_ids whose details ``viewer`` may not see."""
    return frozenset(a["audit_id"] for a in view.get("audits") or () if not sees_audit(a, viewer))


def audiences(view: dict) -> frozenset[str]:
    """Partners for whom the view may differ from the public one (they took part in a restricted audit)."""
    return frozenset(p for a in view.get("audits") or () if restricted(a)
                     for p in a.get("participating_partners") or ())


def variant(view: dict, viewer: Viewer) -> str:
    """Which rendering ``viewer`` gets: "full", "public" or the partner's own.

    Lets a cache keep one rendering per audience instead of one per caller.
    """
    if viewer.admin or not any(restricted(a) for a in view.get("audits") or ()):
        return "full"
    if viewer.partner is not None and viewer.partner in audiences(view):
        return viewer.partner
    return "public"


def redact(view: dict, viewer: Viewer) -> dict:
    """The view as ``viewer`` may see it (a new dict; ``view`` is not changed).

    Restricted audits the viewer did not take part in keep only
    ``PUBLIC_AUDIT_FIELDS`` (``DETAIL_FIELD`` goes too); their open findings
    go, and the latest audit per site is recomputed without them (it would
    tell where they were held).
    """
    hidden = hidden_audits(view, viewer)
    if not hidden:
        return view
    out = dict(view)
    out["audits"] = [{k: a.get(k) for k in PUBLIC_AUDIT_FIELDS} if a["audit_id"] in hidden else a
                     for a in view.get("audits") or ()]
    out["open_findings"] = [f for f in view.get("open_findings") or () if f.get("audit_id") not in hidden]
    latest: dict[str, Any] = {}
    for a in view.get("audits") or ():
        site = a.get("site_id")
        if a["audit_id"] not in hidden and site is not None:
            latest[site] = max(a["audit_date"], latest.get(site, a["audit_date"]))
    out["last_audit_by_site"] = [{"site_id": s, "last_audit_date": d} for s, d in sorted(latest.items())]
    return out


def severity_rank(severity: str | None) -> int:
    """-1 for none or an unknown value, else the position in ``SEVERITIES`` (minor = 0)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def sanction_rank(step: str | None) -> int:
    return SANCTION_STEPS.index(step) if step in SANCTION_STEPS else -1


def open_severities(view: dict, viewer: Viewer) -> list[tuple[str | None, str, str | None]]:
    """(area, severity, audit_id) of every open finding ``viewer`` may know of.

    Listed findings count one each. A restricted audit the viewer may see
    whose findings are not listed (the processors never publish them) counts
    once if it has open findings, with its highest severity and no area: the
    viewer knows it has open findings, not which. Not when the audit carries
    its findings in full (``DETAIL_FIELD``): its highest severity may be that
    of a closed finding, and its open ones are listed.
    """
    hidden = hidden_audits(view, viewer)
    listed = [f for f in view.get("open_findings") or () if f.get("audit_id") not in hidden]
    out: list[tuple[str | None, str, str | None]] = [(f.get("area"), f.get("severity"), f.get("audit_id"))
                                                     for f in listed]
    with_rows = {f.get("audit_id") for f in listed}
    for a in view.get("audits") or ():
        if (a["audit_id"] not in hidden and a["audit_id"] not in with_rows and DETAIL_FIELD not in a
                and (a.get("open_findings") or 0) > 0 and a.get("highest_severity")):
            out.append((None, a["highest_severity"], a["audit_id"]))
    return out


def summary(view: dict, viewer: Viewer) -> dict:
    """The search summary of a live view, as ``viewer`` may see it (docs/api.md)."""
    hidden = hidden_audits(view, viewer)
    audits = view.get("audits") or ()
    open_count = sum(a.get("open_findings") or 0 for a in audits if a["audit_id"] not in hidden)
    severities = [s for _, s, _ in open_severities(view, viewer) if severity_rank(s) >= 0]
    dates = [a["audit_date"] for a in audits]  # the date of every audit is visible to all
    return {
        "hub_id": view["hub_id"],
        "canonical_name": view.get("canonical_name", ""),
        "country": view.get("country", ""),
        "identifiers": list(view.get("identifiers") or ()),
        "aliases": list(view.get("aliases") or ()),
        "buyers": list(view.get("buyers") or ()),
        "open_findings": open_count,
        "max_open_severity": max(severities, key=severity_rank) if severities else None,
        "sanction_step": view.get("sanction_step"),
        "last_audit_date": max(dates) if dates else None,
        "version": view.get("version", 0),
    }
