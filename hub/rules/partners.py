"""The partners that publish to the hub, as data.

Validation rejects events from unknown partners, alerts route to partner ids,
and the UI needs a display name and language per partner; one table serves
all three so they cannot disagree. Adding a partner is a one-line change here
(plus its credentials at the gateway, which is not this module's business).

``HUB`` is the pseudo-partner stamped on events the hub derives itself
(MergedSupplier, SupplierAlert). It is deliberately *not* in ``PARTNERS``:
no one may publish inbound events as "hub".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PartnerKind = Literal["region", "central_purchasing", "hospital", "hub"]
Language = Literal["sv", "nb", "fi"]


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    #: ISO 3166-1 alpha-2.
    country: str
    kind: PartnerKind
    #: The language its users read alert and UI text in (alert reasons are
    #: English in the event; translation happens at the edge).
    language: Language


PARTNERS: tuple[Partner, ...] = (
    Partner("region-skane", "Region Skåne", "SE", "region", "sv"),
    Partner("region-vgr", "Västra Götalandsregionen", "SE", "region", "sv"),
    Partner("region-stockholm", "Region Stockholm", "SE", "region", "sv"),
    Partner("region-ostergotland", "Region Östergötland", "SE", "region", "sv"),
    Partner("region-kalmar", "Region Kalmar län", "SE", "region", "sv"),
    Partner("region-jonkoping", "Region Jönköpings län", "SE", "region", "sv"),
    Partner("adda", "Adda Inköpscentral", "SE", "central_purchasing", "sv"),
    # Sykehusinnkjøp buys on behalf of the Norwegian health trusts: a central
    # purchasing body, not a hospital itself.
    Partner("sykehusinnkjop", "Sykehusinnkjøp HF", "NO", "central_purchasing", "nb"),
    Partner("hus", "HUS Helsingin yliopistollinen sairaala", "FI", "hospital", "fi"),
)

HUB = Partner("hub", "Hållbar upphandling – delningsnav", "SE", "hub", "sv")

PARTNERS_BY_ID: dict[str, Partner] = {p.id: p for p in PARTNERS}
PARTNER_IDS: frozenset[str] = frozenset(PARTNERS_BY_ID)


def get_partner(partner_id: str) -> Partner | None:
    """The partner with this id, ``HUB`` for "hub", or None when unknown."""
    if partner_id == HUB.id:
        return HUB
    return PARTNERS_BY_ID.get(partner_id)


def is_known_partner(partner_id: str) -> bool:
    """True for a partner that may publish inbound events (never "hub")."""
    return partner_id in PARTNER_IDS
