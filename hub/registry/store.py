"""The registry's state machine: subjects, versions, global schema ids, compatibility.

No I/O here, so every rule is unit-testable without a broker. Writes are split
in two: ``plan_*`` validates a request against the current state and returns
the log records that would carry it out; ``apply`` folds one record (from the
``_schemas`` log, or directly for ``MemoryBackend``) into the state. Every
instance applies the same records in the same log order with the same
deterministic rules, so all instances converge.

Schema identity. Two texts are "the same schema" when their Avro JSON, as
re-emitted by the ``avro`` parser, is equal with object keys sorted. That
ignores whitespace, key order and ``{"type": "int"}`` versus ``"int"``, but
keeps ``doc``, ``default``, ``aliases``, logical types and custom properties,
so a documentation change is a new version, as in Confluent. We deliberately
do not use the Parsing Canonical Form: it drops defaults and aliases, which
change compatibility, so two schemas with equal PCF may behave differently.

Compatibility rules come from ``hub.contracts.compatibility`` (the Apache
``avro`` checker), the same function the hub's schema-evolution tests use, so
the registry and the contract tests cannot disagree. Confluent's semantics
only: the hub's extra enum policy stays in the contract tests.

Conflicts (two instances writing at once, see ``hub.registry.log``): the first
record in log order wins. A later record that rebinds a taken id to another
schema, or a taken (subject, version) to another id, is ignored by everyone.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace

from hub.contracts.compatibility import check_compatibility
from hub.registry import (
    IncompatibleSchema, InvalidCompatibilityLevel, InvalidSchema, InvalidVersion,
    SchemaNotFound, SubjectConfigNotFound, SubjectNotFound, SubjectNotSoftDeleted, SubjectSoftDeleted,
    VersionNotFound, VersionNotSoftDeleted, VersionSoftDeleted,
)

log = logging.getLogger(__name__)

LEVELS = ("NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE")
DEFAULT_LEVEL = "BACKWARD_TRANSITIVE"
MAX_VERSION = 2**31 - 1


@dataclass(frozen=True)
class SchemaVersion:
    subject: str
    version: int
    id: int
    schema: str
    deleted: bool = False


@dataclass(frozen=True)
class SchemaRecord:
    """A SCHEMA key and its value; ``schema`` None is a tombstone (permanent delete)."""

    subject: str
    version: int
    id: int | None = None
    schema: str | None = None
    deleted: bool = False


@dataclass(frozen=True)
class ConfigRecord:
    """A CONFIG key; ``subject`` None is the global level, ``level`` None deletes it."""

    subject: str | None
    level: str | None


@dataclass(frozen=True)
class DeleteSubjectRecord:
    """Confluent's DELETE_SUBJECT record (read, never written): versions <= ``version`` are deleted."""

    subject: str
    version: int


Record = SchemaRecord | ConfigRecord | DeleteSubjectRecord


@dataclass(frozen=True)
class _Parsed:
    text: str       # the submitted JSON, compacted (the author's key order kept)
    identity: str   # the comparison key, see the module docstring


def parse_schema(text: str) -> _Parsed:
    """Parse with both ``avro`` and ``fastavro``: every stored schema must work with the hub's serde."""
    import avro.errors
    import avro.schema
    import fastavro

    try:
        doc = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise InvalidSchema(f"Invalid schema: not JSON ({exc})") from None
    try:
        parsed = avro.schema.parse(json.dumps(doc))
        fastavro.parse_schema(doc, named_schemas={})
    except (avro.errors.AvroException, fastavro.schema.SchemaParseException, ValueError, TypeError,
            KeyError, AttributeError) as exc:
        raise InvalidSchema(f"Invalid schema: {exc}") from None
    identity = json.dumps(parsed.to_json(), sort_keys=True, separators=(",", ":"))
    return _Parsed(json.dumps(doc, separators=(",", ":"), ensure_ascii=False), identity)


def normalize_level(level: object) -> str:
    if isinstance(level, str) and level.upper() in LEVELS:
        return level.upper()
    raise InvalidCompatibilityLevel(
        "Invalid compatibility level. Valid values are none, backward, forward, full, "
        "backward_transitive, forward_transitive, and full_transitive")


def parse_version(version: str | int) -> int | None:
    """A version number, or None for "latest" (Confluent also takes -1 for it)."""
    if isinstance(version, str) and version.lower() == "latest":
        return None
    try:
        number = int(version)
    except (TypeError, ValueError):
        number = 0
    if number == -1:
        return None
    if not 1 <= number <= MAX_VERSION:
        raise InvalidVersion(f"The specified version '{version}' is not a valid version id. "
                             f"Allowed values are between [1, 2^31-1] and the string \"latest\"")
    return number


class SchemaStore:
    """Subjects → versions → global ids, plus compatibility levels; see the module docstring."""

    def __init__(self, default_level: str = DEFAULT_LEVEL) -> None:
        self._versions: dict[str, dict[int, SchemaVersion]] = {}
        self._by_id: dict[int, _Parsed] = {}     # never shrinks: an id is never rebound
        self._id_by_identity: dict[str, int] = {}
        self._max_id = 0
        self._global_level = normalize_level(default_level)
        self._subject_levels: dict[str, str] = {}

    # -- reads ---------------------------------------------------------------
    def subjects(self, deleted: bool = False) -> list[str]:
        return sorted(s for s, vs in self._versions.items() if any(deleted or not v.deleted for v in vs.values()))

    def versions(self, subject: str, deleted: bool = False) -> list[SchemaVersion]:
        found = [v for _, v in sorted(self._versions.get(subject, {}).items()) if deleted or not v.deleted]
        if not found:
            raise SubjectNotFound(f"Subject '{subject}' not found.")
        return found

    def get_version(self, subject: str, version: str | int, deleted: bool = False) -> SchemaVersion:
        number = parse_version(version)
        live = self.versions(subject, deleted)
        if number is None:
            return live[-1]
        for v in live:
            if v.version == number:
                return v
        raise VersionNotFound(f"Version {number} not found.")

    def find(self, subject: str, version: int) -> SchemaVersion | None:
        """That exact version, soft-deleted or not, or None; never raises."""
        return self._versions.get(subject, {}).get(version)

    def schema_by_id(self, schema_id: int) -> str:
        if not self._referenced(schema_id):  # unknown, or every version using it permanently deleted
            raise SchemaNotFound(f"Schema {schema_id} not found")
        return self._by_id[schema_id].text

    def versions_of_id(self, schema_id: int, deleted: bool = False) -> list[tuple[str, int]]:
        found = [(v.subject, v.version) for s in sorted(self._versions) for _, v in sorted(self._versions[s].items())
                 if v.id == schema_id and (deleted or not v.deleted)]
        if not self._referenced(schema_id):
            raise SchemaNotFound(f"Schema {schema_id} not found")
        return found

    def _referenced(self, schema_id: int) -> bool:
        return any(v.id == schema_id for vs in self._versions.values() for v in vs.values())

    def lookup(self, subject: str, schema: str, deleted: bool = False) -> SchemaVersion:
        parsed = parse_schema(schema)
        for v in reversed(self.versions(subject, deleted)):
            if self._by_id[v.id].identity == parsed.identity:
                return v
        raise SchemaNotFound("Schema not found")

    def level(self, subject: str | None = None) -> str:
        """The level that applies to ``subject``: its own, else the global one."""
        return self._subject_levels.get(subject, self._global_level) if subject else self._global_level

    def subject_level(self, subject: str) -> str:
        if subject not in self._subject_levels:
            raise SubjectConfigNotFound(f"Subject '{subject}' does not have subject-level compatibility configured")
        return self._subject_levels[subject]

    def check(self, subject: str, schema: str, version: str | int | None = None) -> list[str]:
        """Messages why ``schema`` may not follow ``version`` (None: the versions the level names)."""
        parsed = parse_schema(schema)
        if version is None:
            try:
                live = self.versions(subject)
            except SubjectNotFound:
                return []
            return self._check(parsed, live, self.level(subject))
        return self._check(parsed, [self.get_version(subject, version)], self.level(subject), transitive=True)

    def _check(self, new: _Parsed, live: list[SchemaVersion], level: str, transitive: bool | None = None) -> list[str]:
        if level == "NONE" or not live:
            return []
        transitive = level.endswith("_TRANSITIVE") if transitive is None else transitive
        messages = []
        for old in reversed(live if transitive else live[-1:]):
            problems = []
            if level.startswith(("BACKWARD", "FULL")):  # the new schema reads old data
                problems += check_compatibility(new.text, old.schema)
            if level.startswith(("FORWARD", "FULL")):   # old readers read new data
                problems += check_compatibility(old.schema, new.text)
            messages += [f"{p} (new schema vs version {old.version}, {level})" for p in problems]
        return messages

    # -- plans: validate, return records, change nothing ----------------------
    def plan_register(self, subject: str, schema: str) -> tuple[SchemaVersion | None, SchemaRecord | None]:
        """(existing version, None) when already registered, else (None, the record to write)."""
        parsed = parse_schema(schema)
        all_versions = self._versions.get(subject, {})
        live = [v for _, v in sorted(all_versions.items()) if not v.deleted]
        for v in reversed(live):
            if self._by_id[v.id].identity == parsed.identity:
                return v, None
        messages = self._check(parsed, live, self.level(subject))
        if messages:
            raise IncompatibleSchema(
                f"Schema being registered is incompatible with an earlier schema for subject \"{subject}\", "
                f"details: [{'; '.join(messages)}]", messages=messages)
        schema_id = self._id_by_identity.get(parsed.identity, self._max_id + 1)
        text = self._by_id[schema_id].text if schema_id in self._by_id else parsed.text
        return None, SchemaRecord(subject, max(all_versions, default=0) + 1, schema_id, text)

    def plan_delete_version(self, subject: str, version: str | int, permanent: bool) -> SchemaRecord:
        number = parse_version(version)
        every = self.versions(subject, deleted=True)
        if number is None:
            target = every[-1] if permanent else self.get_version(subject, "latest")
        else:
            target = next((v for v in every if v.version == number), None)
            if target is None:
                raise VersionNotFound(f"Version {number} not found.")
        if permanent and not target.deleted:
            raise VersionNotSoftDeleted(f"Subject '{subject}' Version {target.version} was not deleted first "
                                        f"before being permanently deleted")
        if not permanent and target.deleted:
            raise VersionSoftDeleted(f"Subject '{subject}' Version {target.version} was soft deleted. "
                                     f"Set permanent=true to delete permanently")
        return SchemaRecord(subject, target.version) if permanent else record_of(replace(target, deleted=True))

    def plan_delete_subject(self, subject: str, permanent: bool) -> list[SchemaRecord]:
        every = self.versions(subject, deleted=True)
        live = [v for v in every if not v.deleted]
        if permanent:
            if live:
                raise SubjectNotSoftDeleted(f"Subject '{subject}' was not deleted first before being "
                                            f"permanently deleted")
            return [SchemaRecord(subject, v.version) for v in every]
        if not live:
            raise SubjectSoftDeleted(f"Subject '{subject}' was soft deleted. Set permanent=true to delete permanently")
        return [record_of(replace(v, deleted=True)) for v in live]

    def plan_config(self, subject: str | None, level: object) -> ConfigRecord:
        return ConfigRecord(subject, normalize_level(level))

    def plan_delete_config(self, subject: str) -> ConfigRecord:
        if subject not in self._subject_levels and subject not in self._versions:
            raise SubjectNotFound(f"Subject '{subject}' not found.")
        return ConfigRecord(subject, None)

    # -- apply: the only way state changes -----------------------------------
    def apply(self, record: Record) -> bool:
        """Fold one log record into the state; False when ignored (a lost race or an unreadable record)."""
        if isinstance(record, ConfigRecord):
            if record.level is None:
                if record.subject is None:
                    self._global_level = DEFAULT_LEVEL
                else:
                    self._subject_levels.pop(record.subject, None)
            elif record.level.upper() not in LEVELS:
                log.warning("ignoring unknown compatibility level %r in the log", record.level)
                return False
            elif record.subject is None:
                self._global_level = record.level.upper()
            else:
                self._subject_levels[record.subject] = record.level.upper()
            return True
        if isinstance(record, DeleteSubjectRecord):
            versions = self._versions.get(record.subject, {})
            for n, v in list(versions.items()):
                if n <= record.version:
                    versions[n] = replace(v, deleted=True)
            return True
        if record.schema is None:
            self._versions.get(record.subject, {}).pop(record.version, None)
            return True
        return self._apply_schema(record)

    def _apply_schema(self, record: SchemaRecord) -> bool:
        try:
            parsed = parse_schema(record.schema)
        except InvalidSchema as exc:
            log.warning("ignoring unreadable schema %s v%s id %s in the log: %s",
                        record.subject, record.version, record.id, exc)
            return False
        bound = self._by_id.get(record.id)
        if bound is not None and bound.identity != parsed.identity:
            log.warning("ignoring %s v%s: id %s is already another schema (a concurrent write lost)",
                        record.subject, record.version, record.id)
            return False
        current = self._versions.get(record.subject, {}).get(record.version)
        if current is not None and current.id != record.id:
            log.warning("ignoring %s v%s id %s: that version is already id %s (a concurrent write lost)",
                        record.subject, record.version, record.id, current.id)
            return False
        if bound is None:
            self._by_id[record.id] = parsed
            self._max_id = max(self._max_id, record.id)
            if record.id < self._id_by_identity.get(parsed.identity, record.id + 1):
                self._id_by_identity[parsed.identity] = record.id
        self._versions.setdefault(record.subject, {})[record.version] = SchemaVersion(
            record.subject, record.version, record.id, self._by_id[record.id].text, record.deleted)
        return True


def record_of(v: SchemaVersion) -> SchemaRecord:
    """The SCHEMA record that (re)states ``v``."""
    return SchemaRecord(v.subject, v.version, v.id, v.schema, v.deleted)
