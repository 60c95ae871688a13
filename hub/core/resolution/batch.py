"""Batch resolution of a JSON-lines file: ``hub resolve INPUT.jsonl -o OUTPUT.jsonl``.

Input lines: ``{record_id, partner, name, country, identifiers: [{scheme, id}],
address, postal_code, city}`` (``trading_names`` optional; other keys, such
as a test set's ``truth``, are ignored). Output lines: ``{record_id, partner,
hub_id}`` in input order, with each record's FINAL hub id: a later record can
merge two earlier entities, so nothing is written until all are resolved.

Records are resolved in one partition per country (see ``resolver``), in
input order, so the same file always gives the same hub ids.

A malformed line raises ``InputError`` naming the line number and the reason,
never a traceback; the CLI prints it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from hub.core.resolution.partitioned import PartitionedResolver
from hub.core.resolution.resolver import SupplierRef
from hub.errors import HubError
from hub.rules.matching import DEFAULT_MATCH_SETTINGS, MatchSettings


class InputError(HubError):
    """A line of the input file is not a valid supplier record."""

    def __init__(self, line: int, reason: str, path: str | None = None) -> None:
        self.line = line
        self.reason = reason
        where = f"{path}, line {line}" if path else f"line {line}"
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class BatchStats:
    records: int
    entities: int
    review_candidates: int
    invalid_identifiers: int
    seconds: float


def _text(obj: dict, field: str, line: int, required: bool) -> str | None:
    value = obj.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(line, f"missing required field '{field}'")
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and field in ("record_id", "postal_code"):
        return str(value)
    if not isinstance(value, str):
        raise InputError(line, f"field '{field}' must be a string")
    return value.strip()


def parse_record(obj: object, line: int) -> SupplierRef:
    """Validate one decoded JSON line and turn it into a ``SupplierRef``."""
    if not isinstance(obj, dict):
        raise InputError(line, "expected a JSON object")
    country = _text(obj, "country", line, True)
    if len(country) != 2 or not country.isalpha():
        raise InputError(line, f"country must be an ISO 3166-1 alpha-2 code, not {country!r}")
    ids = obj.get("identifiers") or []
    if not isinstance(ids, list):
        raise InputError(line, "'identifiers' must be a list of {scheme, id} objects")
    pairs = []
    for n, item in enumerate(ids, 1):
        if not isinstance(item, dict) or not isinstance(item.get("scheme"), str) \
                or not isinstance(item.get("id"), (str, int)):
            raise InputError(line, f"identifier {n} must be an object with string 'scheme' and 'id'")
        pairs.append((item["scheme"], str(item["id"])))
    trading = obj.get("trading_names") or []
    if not isinstance(trading, list) or not all(isinstance(t, str) for t in trading):
        raise InputError(line, "'trading_names' must be a list of strings")
    return SupplierRef(
        partner=_text(obj, "partner", line, True),
        record_id=_text(obj, "record_id", line, True),
        name=_text(obj, "name", line, True),
        country=country.upper(),
        identifiers=tuple(pairs),
        address=_text(obj, "address", line, False),
        postal_code=_text(obj, "postal_code", line, False),
        city=_text(obj, "city", line, False),
        trading_names=tuple(trading),
    )


def read_jsonl(path: str | Path) -> list[SupplierRef]:
    """Read and validate every line; blank lines are skipped."""
    refs: list[SupplierRef] = []
    n = 0
    try:
        handle = open(path, encoding="utf-8-sig")  # a byte-order mark, as Windows tools write, is no text
    except OSError as exc:
        raise HubError(f"cannot read {path}: {exc.strerror}") from None
    with handle:
        try:
            for n, text in enumerate(handle, 1):
                if not text.strip():
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as exc:
                    raise InputError(n, f"not valid JSON ({exc.msg} at column {exc.colno})", str(path)) from None
                try:
                    ref = parse_record(obj, n)
                except InputError as exc:
                    raise InputError(n, exc.reason, str(path)) from None
                refs.append(ref)  # a repeated record is a later version: re-resolved
        except UnicodeDecodeError:
            raise InputError(n + 1, "not UTF-8 text", str(path)) from None
    return refs


def resolve_jsonl(input_path: str | Path, output_path: str | Path,
                  settings: MatchSettings = DEFAULT_MATCH_SETTINGS) -> BatchStats:
    """Resolve a JSON-lines file of supplier records and write ``{record_id, partner, hub_id}`` lines."""
    start = time.perf_counter()
    refs = read_jsonl(input_path)
    resolver = PartitionedResolver(settings)
    review = invalid = 0
    for r in resolver.add_many(refs):
        review += len(r.review)
        invalid += len(r.invalid_identifiers)
    final = resolver.hub_ids()
    written: set[str] = set()
    with open(output_path, "w", encoding="utf-8") as out:
        for ref in refs:
            if ref.key in written:
                continue
            written.add(ref.key)
            out.write(json.dumps({"record_id": ref.record_id, "partner": ref.partner,
                                  "hub_id": final[ref.key]}, ensure_ascii=False) + "\n")
    return BatchStats(
        records=len(written), entities=len(set(final.values())), review_candidates=review,
        invalid_identifiers=invalid, seconds=round(time.perf_counter() - start, 3),
    )
