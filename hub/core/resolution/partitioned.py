"""One ``Resolver`` per country of registration (see ``resolver``: records of two
countries are never compared, so partitions give the same hub ids as one
resolver for all, and scale out across workers)."""

from __future__ import annotations

from typing import Iterable

from hub.core.resolution.models import Resolution, SupplierRef
from hub.core.resolution.resolver import Resolver
from hub.rules.matching import DEFAULT_MATCH_SETTINGS, MatchSettings


class PartitionedResolver:
    """One ``Resolver`` per country of registration, behind the same add API.

    Shows the partitioning the module docstring describes; a deployment would
    put each partition on its own worker instead.
    """

    def __init__(self, settings: MatchSettings = DEFAULT_MATCH_SETTINGS) -> None:
        self.settings = settings
        self.partitions: dict[str, Resolver] = {}

    def partition(self, country: str) -> Resolver:
        c = (country or "").strip().upper()
        if c not in self.partitions:
            self.partitions[c] = Resolver(self.settings)
        return self.partitions[c]

    def add(self, ref: SupplierRef) -> Resolution:
        return self.partition(ref.country).add(ref)

    def add_many(self, refs: Iterable[SupplierRef]) -> list[Resolution]:
        return [self.add(r) for r in refs]

    def hub_ids(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for p in self.partitions.values():
            out.update(p.hub_ids())
        return out
