"""Clustering rules: when a record joins a cluster, and when clusters may merge.

A cluster is the set of records the hub believes denote one legal entity.
Deciding membership record-by-record against whole clusters (not just against
the single most similar record) is what stops chaining: "X AB" -> "X" ->
"X Holding AB" must not end up in one cluster just because each step looked
alike. So a record may join a cluster only if it conflicts with NO member:

* a person rejected the pair (a cannot-link) - never undone;
* conflicting registration numbers in one scheme;
* a distinguishing token or legal-form class that differs, unless an
  identifier shared with the cluster says they are one entity.

A person's confirmation (a must-link) forces the join. Otherwise the record
joins the best-scoring cluster at or above the auto-merge threshold, and
other clusters it also auto-matches are merged in if they are compatible
with it. Pairs between the review and auto-merge thresholds become review
candidates.

This module holds these rules as functions over plain data so that the
incremental resolver and the re-clustering after a split share one
implementation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from hub.core.resolution.identifier_match import compare_identifiers, shares_register
from hub.core.resolution.scoring import RecordFeatures, compare, records_conflict
from hub.rules.matching import MatchSettings


@dataclass
class Constraints:
    """Human decisions: must-links (confirm) and cannot-links (reject) between record keys."""

    must: dict[str, set[str]] = field(default_factory=dict)
    cannot: dict[str, set[str]] = field(default_factory=dict)

    def add(self, kind: str, a: str, b: str) -> None:
        table = self.must if kind == "confirm" else self.cannot
        table.setdefault(a, set()).add(b)
        table.setdefault(b, set()).add(a)

    def component(self, key: str) -> set[str]:
        """All records tied to ``key`` by a chain of confirmations (including itself)."""
        seen = {key}
        stack = [key]
        while stack:
            for other in self.must.get(stack.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        return seen

    def rejected_with(self, keys: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for k in keys:
            out |= self.cannot.get(k, set())
        return out


@dataclass(frozen=True)
class GroupMatch:
    """How one record compares with one cluster."""

    gid: str
    weight: float
    member: str              # the member that gave the best score
    evidence: tuple[str, ...]
    forced: bool = False     # a person confirmed a link into this cluster
    blocked: str = ""        # why the record may never join automatically
    id_match: bool = False


def _registration_conflict(a: RecordFeatures, b: RecordFeatures, settings: MatchSettings) -> str:
    if a.country != b.country:
        return "countries differ"
    return compare_identifiers(a.ids, b.ids, settings)[2]


def _name_conflict(a: RecordFeatures, b: RecordFeatures, settings: MatchSettings) -> str:
    reason = records_conflict(a, b, a.names[0], b.names[0], settings)
    if reason and (settings.legal_form_mismatch_blocks or not reason.startswith("legal forms")):
        return reason
    return ""


def _bridged(f: RecordFeatures, m: RecordFeatures, members: list[RecordFeatures], settings: MatchSettings) -> bool:
    """Does the cluster already hold, beside ``m``, a record written as ``f`` is?

    A cluster that registration numbers (or a person) tied together may hold
    "Zenisteril" and "Zenisteril Sverige AB" (one company, the country word
    dropped by one partner). A new "Zenisteril Sverige" then differs from the first by that
    word, but the cluster has already bridged it: no reason to keep it out.
    """
    return any(o is not m and not _name_conflict(f, o, settings) and _name_conflict(o, m, settings)
               for o in members)


def _id_tied(f: RecordFeatures, members: list[RecordFeatures], settings: MatchSettings) -> bool:
    """True if ``f`` shares a decisive registration number, or a company register's value, with any member."""
    keys = f.id_keys
    if not keys:
        return False
    for m in members:
        if keys & m.id_keys:
            _, _, conflict, decisive = compare_identifiers(f.ids, m.ids, settings)
            if not conflict and (decisive or shares_register(f.ids, m.ids, settings)):
                return True
    return False


def evaluate_group(
    f: RecordFeatures,
    gid: str,
    members: list[str],
    candidates: list[str],
    features: Callable[[str], RecordFeatures],
    constraints: Constraints,
    settings: MatchSettings,
) -> GroupMatch:
    """Compare a record with a cluster: forced, blocked, or its best pairwise score."""
    component = constraints.component(f.key)
    member_set = set(members)
    if component & member_set:
        partner = sorted(component & member_set)[0]
        return GroupMatch(gid, float("inf"), partner, ("confirmed by a person",), forced=True)
    rejected = constraints.rejected_with(component)
    if rejected & member_set:
        partner = sorted(rejected & member_set)[0]
        return GroupMatch(gid, float("-inf"), partner, ("rejected by a person",),
                          blocked="rejected by a person")
    member_features = [features(m) for m in members]
    tied = _id_tied(f, member_features, settings)
    for m in member_features:
        reason = _registration_conflict(f, m, settings)
        if not reason and not tied:
            reason = _name_conflict(f, m, settings)
            if reason and _bridged(f, m, member_features, settings):
                reason = ""
        if reason:
            return GroupMatch(gid, float("-inf"), m.key, (reason,), blocked=reason)
    best: GroupMatch | None = None
    compared: set[str] = set()
    for key in candidates[: settings.max_members_compared]:
        compared.add(key)
        s = compare(f, features(key), settings)
        if best is None or s.weight > best.weight:
            best = GroupMatch(gid, s.weight, key, s.evidence, blocked=s.blocked, id_match=s.id_match)
    if best is None:  # no member was a block candidate (e.g. after a split): compare the oldest
        key = members[0]
        s = compare(f, features(key), settings)
        best = GroupMatch(gid, s.weight, key, s.evidence, blocked=s.blocked, id_match=s.id_match)
    return best


def groups_compatible(
    a: list[str], b: list[str],
    features: Callable[[str], RecordFeatures],
    constraints: Constraints,
    settings: MatchSettings,
) -> bool:
    """May two clusters be merged automatically? No conflict between any two members.

    A name conflict between two members does not count when either cluster
    has already bridged it (``_bridged``): a cluster that an org number tied
    from "Linnwerk Medical" and "Linnwerk Medical Norge AS" may take in a
    cluster of "Linnwerk Medical Norge AS" records.
    """
    if constraints.rejected_with(a) & set(b):
        return False
    fa = [features(k) for k in a]
    fb = [features(k) for k in b]
    tied = any(_id_tied(x, fb, settings) for x in fa)
    for x in fa:
        for y in fb:
            if _registration_conflict(x, y, settings):
                return False
            if (not tied and _name_conflict(x, y, settings)
                    and not _bridged(x, y, fb, settings) and not _bridged(y, x, fa, settings)):
                return False
    return True


def groups_match(a: list[str], b: list[str], features: Callable[[str], RecordFeatures],
                 settings: MatchSettings) -> bool:
    """Would the two clusters match each other on their own?

    A record that fits two existing clusters only bridges them if it matches
    both strongly (``bridge_weight``: an identifier, or the same name at the
    same address) or if they also match directly; otherwise one noisy record,
    e.g. a typo with no address, would chain two different firms together.
    """
    cap = settings.max_members_compared
    fb = [features(k) for k in b[:cap]]
    for x in a[:cap]:
        fx = features(x)
        for y in fb:
            s = compare(fx, y, settings)
            if not s.blocked and (s.id_match or s.weight >= settings.auto_merge_weight):
                return True
    return False


@dataclass(frozen=True)
class Placement:
    """Where a record goes: clusters to join (first = best), and review candidates."""

    join: tuple[str, ...]
    review: tuple[GroupMatch, ...]
    best: GroupMatch | None


def place(
    matches: list[GroupMatch],
    members_of: Callable[[str], list[str]],
    age: Callable[[str], int],
    features: Callable[[str], RecordFeatures],
    constraints: Constraints,
    settings: MatchSettings,
) -> Placement:
    """Apply the clustering rules to a record's comparisons with candidate clusters."""
    forced = [m for m in matches if m.forced]
    auto = [m for m in matches if not m.forced and not m.blocked
            and m.weight >= settings.auto_merge_weight]
    auto.sort(key=lambda m: (not m.id_match, -m.weight, age(m.gid)))
    join: list[str] = [m.gid for m in forced]
    review: list[GroupMatch] = []
    merged: list[str] = [k for g in join for k in members_of(g)]
    if not forced and len(auto) > 1 and not auto[0].id_match and not all(
        groups_compatible(members_of(auto[0].gid), members_of(m.gid), features, constraints, settings)
        for m in auto[1:]
    ):
        # The record fits two clusters that cannot be one entity ("X" between
        # "X GmbH" and "X GmbH & Co. KG"): a person must decide.
        review.extend(auto)
        auto = []
    for m in auto:
        if not join:
            join.append(m.gid)
            merged.extend(members_of(m.gid))
        elif (groups_compatible(merged, members_of(m.gid), features, constraints, settings)
              and (min(m.weight, auto[0].weight) >= settings.bridge_weight
                   or groups_match(merged, members_of(m.gid), features, settings))):
            join.append(m.gid)
            merged.extend(members_of(m.gid))
        else:
            review.append(m)
    for m in matches:
        if (not m.forced and not m.blocked and m.gid not in join
                and settings.review_weight <= m.weight < settings.auto_merge_weight):
            review.append(m)
    review.sort(key=lambda m: (-m.weight, m.gid))
    best = forced[0] if forced else (auto[0] if auto else None)
    return Placement(tuple(join), tuple(review), best)
