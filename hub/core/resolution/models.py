"""The resolver's data types: its input, its outcomes, its errors.

Kept apart from the engine so that processors, the gateway and the review
queue can import the contract without the matching machinery. Plain frozen
dataclasses; ``record_key`` is the one way a partner record is named.
"""

from __future__ import annotations

from dataclasses import dataclass

from hub.core.identifiers import InvalidId
from hub.errors import HubError


class ResolutionError(HubError):
    """A request the resolver cannot carry out (unknown record, contradictory decision)."""


class DecisionConflict(ResolutionError):
    """A human decision contradicts an earlier one (confirm after reject or vice versa)."""


@dataclass(frozen=True)
class SupplierRef:
    """One partner's view of a supplier: the resolver's input."""

    partner: str
    record_id: str
    name: str
    country: str  # ISO 3166-1 alpha-2, country of registration
    identifiers: tuple[tuple[str, str], ...] = ()
    address: str | None = None
    postal_code: str | None = None
    city: str | None = None
    trading_names: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return record_key(self.partner, self.record_id)


def record_key(partner: str, record_id: str) -> str:
    """The resolver's key for a partner's record: ``partner:record_id``."""
    return f"{partner}:{record_id}"


@dataclass(frozen=True)
class ReviewCandidate:
    """An uncertain pair for the human review queue (status pending)."""

    record_key: str
    other_record_key: str
    other_hub_id: str
    score: float              # match probability
    weight: float             # match weight in bits
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Split:
    """Records that left ``from_hub_id`` for ``to_hub_id`` (subscribers re-key them)."""

    from_hub_id: str
    to_hub_id: str
    record_keys: tuple[str, ...]


@dataclass(frozen=True)
class Resolution:
    """The outcome of one ``add``."""

    record_key: str
    hub_id: str
    merged_away: tuple[str, ...] = ()   # ceased to exist, successor = hub_id
    review: tuple[ReviewCandidate, ...] = ()
    invalid_identifiers: tuple[InvalidId, ...] = ()
    evidence: tuple[str, ...] = ()
    split_from: str | None = None       # the record's previous hub_id if it moved
    splits: tuple[Split, ...] = ()      # other records re-keyed by this change
    changed: bool = True                # False for an idempotent repeat
    #: When clusters merged: (hub_id, record keys) of ``hub_id`` then of each of
    #: ``merged_away``, as each was just before this add (the record itself
    #: where it was, if it moved), so callers can show what each looked like.
    merged_members: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class DecisionOutcome:
    """The outcome of a human decision."""

    decision: str
    record_key_a: str
    record_key_b: str
    hub_id_a: str
    hub_id_b: str
    merged_away: tuple[str, ...] = ()
    splits: tuple[Split, ...] = ()
