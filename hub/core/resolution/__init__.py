"""Entity resolution: which partner records denote the same legal entity.

``Resolver(settings).add(SupplierRef) -> Resolution`` is the incremental core
(see ``resolver``); ``batch.resolve_jsonl`` runs it over a JSON-lines file.
Rules and thresholds are data in ``hub.rules.matching.MatchSettings``.
"""

from hub.core.resolution.hub_id import is_valid_hub_id
from hub.core.resolution.partitioned import PartitionedResolver
from hub.core.resolution.resolver import (
    DecisionConflict, DecisionOutcome, Resolution, ResolutionError,
    Resolver, ReviewCandidate, Split, SupplierRef, record_key,
)

__all__ = [
    "DecisionConflict", "DecisionOutcome", "PartitionedResolver", "Resolution",
    "ResolutionError", "Resolver", "ReviewCandidate", "Split", "SupplierRef",
    "is_valid_hub_id", "record_key",
]
