"""The state the supplier view keeps, behind a small protocol.

The application service reads and writes named *spaces* of key/value state.
In production the spaces share one Faust table, as ``space/key`` keys
(changelog-backed, restored on start); in unit tests it is a dict. The service never knows which.

Every write names its *origin*: the adapter's token for the partition the
causing event came from. The Faust adapter uses it to write the key into that
partition's changelog; the dict store ignores it.

Keys are strings scoped by country of registration (``"SE|adda:4711"``) or
by hub_id, so that everything about one supplier lives in one partition.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Protocol

#: The spaces (key prefixes of the one state table in production).
SPACES = (
    "records",    # country|record_key -> RecordSnapshot (a partner's supplier record)
    "audits",     # country|partner:audit_id -> (anchor record key, AuditSnapshot)
    "resolver",   # country|r|record_key, country|c|hub_id, country|d|n, country|meta -> resolver state
    "suppliers",  # hub_id -> SupplierMeta (version, fingerprint, successor, merged_from)
    "risks",      # origin|partner:analysis_id -> RiskAnalysis event (each partition keeps a copy)
    "reviews",    # country|pair -> decision_id of the pending review already emitted
)


class StateStore(Protocol):
    def get(self, space: str, key: str, default: Any = None) -> Any: ...

    def put(self, space: str, key: str, value: Any, origin: Any) -> None: ...

    def delete(self, space: str, key: str, origin: Any) -> None: ...

    def scan(self, space: str, prefix: str) -> Iterable[tuple[str, Any]]:
        """Every (key, value) whose key starts with ``prefix`` (rebuilding caches only)."""
        ...


class DictStore:
    """The state in plain dicts: for unit tests and the offline batch path."""

    def __init__(self) -> None:
        self.spaces: dict[str, dict[str, Any]] = {s: {} for s in SPACES}
        self.writes = 0

    def get(self, space: str, key: str, default: Any = None) -> Any:
        return self.spaces[space].get(key, default)

    def put(self, space: str, key: str, value: Any, origin: Any) -> None:
        self.spaces[space][key] = value
        self.writes += 1

    def delete(self, space: str, key: str, origin: Any) -> None:
        self.spaces[space].pop(key, None)
        self.writes += 1

    def scan(self, space: str, prefix: str) -> Iterator[tuple[str, Any]]:
        return ((k, v) for k, v in list(self.spaces[space].items()) if k.startswith(prefix))
