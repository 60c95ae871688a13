"""Survivorship rules as data: which source record names the merged supplier,
which names become aliases, and which fields carry provenance.

Several partners describe the same supplier in their own words ("Top Glove
Sdn Bhd", "TOP GLOVE SDN. BHD.", "Top Glove Corporation Bhd"). The merged view
needs one canonical name and country, and every partner must be able to see
*who* asserted the surviving value: that is what provenance is for. Keeping
the rules here, as data, lets the secretariat change an order of preference
without touching merge code; ``hub.core.merge`` interprets them.

Name criteria, applied in order until one record is left (each criterion
keeps the records that score best on it):

``valid_national_id``
    the record carries a national registration number (SE-ON, NO-BRC, FI-PRO,
    DK-CVR) whose check digit is valid. A partner that has the organisation
    number has the name from the register, not from an invoice.
``active``
    the partner still buys from the supplier; a withdrawn record may carry a
    name the supplier no longer uses.
``name_frequency``
    the most frequent normalised name (``hub.core.names``: legal form, case,
    diacritics and punctuation ignored, as the resolver compares them) among
    all records: the majority of partners is likelier right.
``most_recent``
    the latest ``occurred_at``: names change, the newest assertion wins.
``partner_record_id``
    a total order (partner id, record id) so that the choice is deterministic
    whatever order events arrived in.

The country follows the record chosen for the name: the name and the
registration belong together, and mixing them across records could pair one
company's name with another's country.
"""

from __future__ import annotations

from dataclasses import dataclass

NAME_CRITERIA = ("valid_national_id", "active", "name_frequency", "most_recent", "partner_record_id")

#: Schemes that are national business registers with check digits.
NATIONAL_SCHEMES = frozenset({"SE-ON", "NO-BRC", "FI-PRO", "DK-CVR"})

#: Fields whose surviving values are listed in ``provenance``, one entry per
#: (value, asserting record). Multi-valued fields get one entry per value.
PROVENANCE_FIELDS = ("canonical_name", "country", "identifiers", "categories")


@dataclass(frozen=True)
class SurvivorshipRules:
    name_criteria: tuple[str, ...] = NAME_CRITERIA
    national_schemes: frozenset[str] = NATIONAL_SCHEMES
    #: Aliases are every other distinct name and trading name from the source
    #: records (inactive ones too: an old name is still how a buyer may search
    #: for the supplier), compared after normalisation, shown as written.
    alias_include_inactive: bool = True
    provenance_fields: tuple[str, ...] = PROVENANCE_FIELDS
    #: Identifiers whose check digit fails are left out of the merged view
    #: (treated as absent, not trusted), as validation reports them.
    drop_invalid_identifiers: bool = True


DEFAULT_SURVIVORSHIP = SurvivorshipRules()
