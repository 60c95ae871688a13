"""The incremental resolver: ``Resolver(settings).add(record) -> Resolution``.

Records from the partners (Swedish regions, Adda, Sykehusinnkjøp, HUS) that
denote one legal entity get one stable ``hub_id``; different legal entities
never share one. The resolver is incremental because supplier records arrive
as a stream: each ``add`` blocks, scores against candidate clusters and
joins, merges or opens a cluster (rules in ``clustering``, scores in
``scoring``).

Partitioning. The country of registration must agree for two records to
match, so records of different countries are never compared. One Resolver per
country therefore gives exactly the same result as one for all countries, and
partitions scale out across workers with no cross-partition matching (key a
stream by ``SupplierRef.country``). Hub ids are derived from the founding
record and its country, so partitions never hand out the same id.

Stability. ``add`` is idempotent; a changed record is re-resolved and may
move (a split, reported in ``split_from``/``splits``). When clusters merge the
oldest cluster's hub id survives and the others are reported in
``merged_away`` (and remembered as successors); ids are never reused. Human
decisions (``decide``) are constraints that automatic matching never undoes.

State is plain JSON-able data: ``snapshot()`` / ``Resolver.restore()`` (its
form in ``snapshot``). ``partitioned.PartitionedResolver`` keeps one Resolver
per country.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from hub.core.resolution import hub_id as hub_ids
from hub.core.resolution.blocking import BlockIndex, block_keys
from hub.core.resolution.clustering import Constraints, GroupMatch, evaluate_group, place
from hub.core.resolution.prefilter import may_reach, names_near
from hub.core.resolution.models import (  # noqa: F401  (re-exported: the contract)
    DecisionConflict, DecisionOutcome, Resolution, ResolutionError, ReviewCandidate, Split,
    SupplierRef, record_key,
)
from hub.core.resolution.scoring import RecordFeatures, best_rest_weight, cannot_reach, prepare
from hub.core.resolution.snapshot import SNAPSHOT_VERSION, ResolverChanges, ref_from_dict, ref_to_dict
from hub.rules.matching import DEFAULT_MATCH_SETTINGS, MatchSettings

@dataclass
class _Record:
    ref: SupplierRef
    features: RecordFeatures
    keys: tuple[str, ...]
    seq: int


@dataclass
class _Cluster:
    hub_id: str
    created: int
    members: list[str] = field(default_factory=list)


class Resolver:
    """Incremental entity resolver for one partition (or all countries at once)."""

    def __init__(self, settings: MatchSettings = DEFAULT_MATCH_SETTINGS) -> None:
        self.settings = settings
        self._records: dict[str, _Record] = {}
        self._cluster_of: dict[str, str] = {}
        self._clusters: dict[str, _Cluster] = {}
        self._issued: set[str] = set()
        self._successor: dict[str, str] = {}
        self._constraints = Constraints()
        self._decisions: list[dict] = []
        self._index = BlockIndex(settings)
        self._seq = 0
        self._best_rest = best_rest_weight(settings)
        # What changed since the last drain_changes(), for fine-grained persistence.
        self._dirty_records: set[str] = set()
        self._dirty_clusters: set[str] = set()
        self._decisions_drained = 0

    # -- queries ---------------------------------------------------------------
    def hub_id_of(self, key: str) -> str:
        try:
            return self._cluster_of[key]
        except KeyError:
            raise ResolutionError(f"unknown record {key!r}") from None

    def members(self, hub_id: str) -> tuple[str, ...]:
        c = self._clusters.get(self.current_hub_id(hub_id))
        return tuple(c.members) if c else ()

    def current_hub_id(self, hub_id: str) -> str:
        """Follow merges: the hub id that now stands for ``hub_id``."""
        seen = set()
        while hub_id in self._successor and hub_id not in seen:
            seen.add(hub_id)
            hub_id = self._successor[hub_id]
        return hub_id

    def hub_ids(self) -> dict[str, str]:
        """Record key -> current hub id, for every record."""
        return dict(self._cluster_of)

    def __len__(self) -> int:
        return len(self._records)

    # -- internals -------------------------------------------------------------
    def _features(self, key: str) -> RecordFeatures:
        return self._records[key].features

    def _new_cluster(self, founder: str) -> _Cluster:
        ref = self._records[founder].ref
        hid = hub_ids.allocate_hub_id(ref.country.upper(), ref.partner, ref.record_id, self._issued)
        c = _Cluster(hid, self._records[founder].seq)
        self._clusters[hid] = c
        self._dirty_clusters.add(hid)
        return c

    def _join(self, key: str, c: _Cluster) -> None:
        c.members.append(key)
        c.members.sort(key=lambda k: self._records[k].seq)
        self._cluster_of[key] = c.hub_id
        self._dirty_records.add(key)

    def _merge(self, hids: list[str]) -> tuple[str, list[str]]:
        """Merge clusters; the oldest survives. Returns (survivor, merged-away ids)."""
        ordered = sorted(set(hids), key=lambda h: (self._clusters[h].created, h))
        survivor = self._clusters[ordered[0]]
        for hid in ordered[1:]:
            for k in self._clusters.pop(hid).members:
                self._join(k, survivor)
            self._successor[hid] = survivor.hub_id
            self._dirty_clusters.add(hid)
        return survivor.hub_id, ordered[1:]

    def _match_clusters(self, f: RecordFeatures, keys: tuple[str, ...]) -> list[GroupMatch]:
        """Compare a record with the clusters its block keys lead to (and must-links)."""
        found = self._index.candidates(keys, exclude=f.key)
        by_cluster: dict[str, list[str]] = {}
        cut = self.settings.prefilter_name_similarity * 100
        records = self._records
        ordered = sorted(found.items(), key=lambda kv: (-kv[1], records[kv[0]].seq))
        weak = [k for k, strength in ordered if strength < 100]
        # No shared identifier, and not even the names are close: a cheap check first (C loops).
        near = set(k for k, ok in zip(weak, names_near(f, [records[k].features for k in weak], cut, self.settings)) if ok)
        for k, strength in ordered:
            if strength < 100 and k not in near:
                continue
            by_cluster.setdefault(self._cluster_of[k], []).append(k)
        component = self._constraints.component(f.key)
        for k in component - {f.key}:
            if k in self._cluster_of:
                by_cluster.setdefault(self._cluster_of[k], [])
        gids = list(by_cluster)[: self.settings.max_candidate_clusters]
        matches = []
        floor, compared = self.settings.review_weight, self.settings.max_members_compared
        asked = [k for g in gids for k in by_cluster[g][:compared]]
        reachable = {k for k, ok in zip(asked, may_reach(f, [records[k].features for k in asked], floor,
                                                          self.settings, self._best_rest)) if ok}
        for g in gids:
            members, candidates = self._clusters[g].members, by_cluster[g]
            # A cluster no candidate can reach the review threshold with has no
            # say in ``place`` (neither a join nor a review), unless a person
            # tied the record to it: skip it without the full comparison.
            if (candidates and not (len(component) > 1 and not component.isdisjoint(members))
                    and all(k not in reachable
                            or cannot_reach(f, records[k].features, floor, self.settings, self._best_rest)
                            for k in candidates[:compared])):
                continue
            matches.append(evaluate_group(f, g, members, candidates, self._features,
                                          self._constraints, self.settings))
        return matches

    def _review(self, key: str, matches: Iterable[GroupMatch]) -> tuple[ReviewCandidate, ...]:
        return tuple(
            ReviewCandidate(key, m.member, self._cluster_of[m.member],
                            round(self.settings.probability(m.weight), 4), round(m.weight, 2),
                            m.evidence)
            for m in matches
        )

    def _recluster(self, hid: str) -> list[Split]:
        """Re-run clustering inside one cluster (after a reject or a changed record).

        The part holding the oldest member keeps ``hid``; other parts get new ids.
        """
        c = self._clusters[hid]
        members = list(c.members)
        if not members:
            return []
        groups: dict[str, list[str]] = {}
        age: dict[str, int] = {}
        for k in members:
            f = self._features(k)
            matches = [
                evaluate_group(f, g, ms, list(ms), self._features, self._constraints, self.settings)
                for g, ms in groups.items()
            ]
            p = place(matches, groups.__getitem__, age.__getitem__, self._features,
                      self._constraints, self.settings)
            if not p.join:
                groups[k] = [k]
                age[k] = self._records[k].seq
                continue
            target = min(p.join, key=lambda g: age[g])
            for g in p.join:
                if g != target:
                    groups[target].extend(groups.pop(g))
            groups[target].append(k)
        if len(groups) == 1:
            return []
        splits = []
        parts = sorted(groups.values(), key=lambda ms: min(self._records[k].seq for k in ms))
        c.members = []
        for k in parts[0]:
            self._join(k, c)
        for part in parts[1:]:
            part.sort(key=lambda k: self._records[k].seq)
            new = self._new_cluster(part[0])
            for k in part:
                self._join(k, new)
            splits.append(Split(hid, new.hub_id, tuple(part)))
        return splits

    # -- commands --------------------------------------------------------------
    def add(self, ref: SupplierRef) -> Resolution:
        """Resolve one record; idempotent for unchanged content."""
        key = ref.key
        old = self._records.get(key)
        if old is not None and old.ref == ref:
            return Resolution(key, self._cluster_of[key], invalid_identifiers=old.features.invalid,
                              changed=False)
        splits: list[Split] = []
        old_hid = None
        vacated = None
        if old is not None:
            old_hid = self._cluster_of.pop(key)
            self._index.remove(key, old.keys)
            c = self._clusters[old_hid]
            c.members.remove(key)
            if c.members:
                splits = self._recluster(old_hid)
            else:
                vacated = c
            seq = old.seq
        else:
            self._seq += 1
            seq = self._seq
        f = prepare(key, ref.country, ref.name, tuple(ref.trading_names), tuple(ref.identifiers),
                    ref.address, ref.postal_code, ref.city, self.settings)
        keys = block_keys(f, self.settings)
        self._records[key] = _Record(ref, f, keys, seq)
        self._dirty_records.add(key)
        matches = self._match_clusters(f, keys)
        p = place(matches, lambda g: self._clusters[g].members,
                  lambda g: self._clusters[g].created, self._features,
                  self._constraints, self.settings)
        merged_away: list[str] = []
        merged_members: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if p.join:
            # On a merge, each cluster's members before it (and before this record left one).
            was = ({h: [*self._clusters[h].members, *([key] if h == old_hid else [])] for h in p.join}
                   if len(set(p.join)) > 1 or vacated is not None else {})
            if vacated is not None:
                was[vacated.hub_id] = [key]
            target, merged_away = self._merge(list(p.join))
            self._join(key, self._clusters[target])
            if vacated is not None:
                del self._clusters[vacated.hub_id]
                self._successor[vacated.hub_id] = target
                self._dirty_clusters.add(vacated.hub_id)
                merged_away.append(vacated.hub_id)
            if merged_away:
                merged_members = tuple((h, tuple(sorted(was[h], key=lambda k: self._records[k].seq)))
                                       for h in (target, *merged_away))
            evidence = p.best.evidence if p.best else ()
        else:
            target = (vacated or self._new_cluster(key)).hub_id
            self._join(key, self._clusters[target])
            evidence = ("no matching supplier: new entity",)
        self._index.add(key, keys)
        split_from = old_hid if old_hid is not None and old_hid != target and vacated is None else None
        return Resolution(
            record_key=key, hub_id=target, merged_away=tuple(merged_away),
            review=self._review(key, p.review), invalid_identifiers=f.invalid,
            evidence=tuple(evidence), split_from=split_from, splits=tuple(splits),
            merged_members=merged_members,
        )

    def add_many(self, refs: Iterable[SupplierRef]) -> list[Resolution]:
        """Resolve records in order (the cheap batch path: no per-call overhead beyond add)."""
        return [self.add(r) for r in refs]

    def decide(self, record_key_a: str, record_key_b: str, decision: str) -> DecisionOutcome:
        """Record a human decision on a pair: "confirm" merges, "reject" keeps apart forever."""
        if decision not in ("confirm", "reject"):
            raise ResolutionError(f"decision must be 'confirm' or 'reject', not {decision!r}")
        ha, hb = self.hub_id_of(record_key_a), self.hub_id_of(record_key_b)
        if record_key_a == record_key_b:
            raise ResolutionError("a decision needs two different records")
        merged: list[str] = []
        splits: list[Split] = []
        if decision == "confirm":
            if self._constraints.rejected_with(self._clusters[ha].members) & set(self._clusters[hb].members):
                raise DecisionConflict(
                    f"{record_key_a} and {record_key_b}: a person rejected a link between these suppliers")
            self._constraints.add("confirm", record_key_a, record_key_b)
            if ha != hb:
                _, merged = self._merge([ha, hb])
        else:
            if record_key_b in self._constraints.component(record_key_a):
                raise DecisionConflict(
                    f"{record_key_a} and {record_key_b}: a person confirmed these as one supplier")
            self._constraints.add("reject", record_key_a, record_key_b)
            if ha == hb:
                splits = self._recluster(ha)
        self._decisions.append({"a": record_key_a, "b": record_key_b, "decision": decision})
        return DecisionOutcome(decision, record_key_a, record_key_b,
                               self._cluster_of[record_key_a], self._cluster_of[record_key_b],
                               tuple(merged), tuple(splits))

    # -- state -----------------------------------------------------------------
    def drain_changes(self) -> "ResolverChanges":
        """What changed since the previous call, as snapshot fragments.

        A stream processor persists these one key each (a record's entry, a
        cluster's entry, each new decision), so a batch writes only what it
        touched; ``restore`` of the accumulated fragments equals ``restore``
        of ``snapshot()``.
        """
        records = {}
        for key in self._dirty_records:
            r = self._records[key]
            records[key] = {"seq": r.seq, "hub_id": self._cluster_of[key], "ref": ref_to_dict(r.ref)}
        clusters = {}
        for hid in self._dirty_clusters:
            if hid in self._clusters:
                clusters[hid] = {"created": self._clusters[hid].created}
            else:  # merged away (or emptied): issued for ever, never reused
                clusters[hid] = {"successor": self._successor.get(hid), "created": None}
        decisions = [(i, dict(d)) for i, d in enumerate(self._decisions) if i >= self._decisions_drained]
        self._dirty_records.clear()
        self._dirty_clusters.clear()
        self._decisions_drained = len(self._decisions)
        return ResolverChanges(self._seq, records, clusters, decisions, len(self._decisions))

    def snapshot(self) -> dict:
        """The whole state as JSON-able data."""
        records = sorted(self._records.values(), key=lambda r: r.seq)
        return {
            "version": SNAPSHOT_VERSION,
            "seq": self._seq,
            "records": [
                {"seq": r.seq, "hub_id": self._cluster_of[r.ref.key], "ref": ref_to_dict(r.ref)}
                for r in records
            ],
            "clusters": [
                {"hub_id": c.hub_id, "created": c.created}
                for c in sorted(self._clusters.values(), key=lambda c: c.created)
            ],
            "issued": sorted(self._issued),
            "successors": dict(sorted(self._successor.items())),
            "decisions": list(self._decisions),
        }

    @classmethod
    def restore(cls, snapshot: dict, settings: MatchSettings = DEFAULT_MATCH_SETTINGS) -> "Resolver":
        """Rebuild a resolver from ``snapshot()`` output (no re-matching is done)."""
        if snapshot.get("version") != SNAPSHOT_VERSION:
            raise ResolutionError(f"unsupported resolver snapshot version {snapshot.get('version')!r}")
        r = cls(settings)
        r._seq = snapshot["seq"]
        r._issued = set(snapshot["issued"])
        r._successor = dict(snapshot["successors"])
        for c in snapshot["clusters"]:
            r._clusters[c["hub_id"]] = _Cluster(c["hub_id"], c["created"])
        for item in snapshot["records"]:
            ref = ref_from_dict(item["ref"])
            f = prepare(ref.key, ref.country, ref.name, ref.trading_names, ref.identifiers,
                        ref.address, ref.postal_code, ref.city, settings)
            keys = block_keys(f, settings)
            r._records[ref.key] = _Record(ref, f, keys, item["seq"])
            r._index.add(ref.key, keys)
            r._clusters[item["hub_id"]].members.append(ref.key)
            r._cluster_of[ref.key] = item["hub_id"]
        for d in snapshot["decisions"]:
            r._constraints.add(d["decision"], d["a"], d["b"])
            r._decisions.append(dict(d))
        r._decisions_drained = len(r._decisions)
        return r
