"""Locate every problem in a record, with its field path, without quoting values.

fastavro's own validator says *that* a record is invalid, and names the record
type and field, but not the array index, and its message quotes the datum. This
walker runs only after fastavro has rejected a record (the cold path), so it
can afford to be thorough: it reports ``findings[2].severity``, the expected
type, and what is wrong, and never the value.

It follows fastavro's rules (missing fields with a default are filled in,
extra keys are ignored, ints are accepted where floats are) and adds one that
fastavro leaves out: a ``uuid`` string must parse as a UUID.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from hub.contracts.errors import Problem, describe_schema

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_LONG_MIN, _LONG_MAX = -(2**63), 2**63 - 1
_PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def find_problems(schema: Any, datum: Any, named: Mapping[str, Any] | None = None, path: str = "") -> list[Problem]:
    """Every problem in ``datum`` against the parsed ``schema``, as (path, expected, problem)."""
    if named is None and isinstance(schema, dict):
        named = schema.get("__named_schemas", {})
    problems: list[Problem] = []
    _walk(schema, datum, named or {}, path, problems)
    return problems


def _kind(datum: Any) -> str:
    if datum is None:
        return "null"
    return type(datum).__name__


def _walk(schema: Any, datum: Any, named: Mapping[str, Any], path: str, out: list[Problem]) -> None:
    if isinstance(schema, str):
        if schema in _PRIMITIVES:
            _primitive(schema, None, datum, path, out)
            return
        target = named.get(schema)
        if target is None:
            out.append(Problem(path, describe_schema(schema), "the schema refers to an unknown named type"))
            return
        _walk(target, datum, named, path, out)
        return
    if isinstance(schema, list):
        _union(schema, datum, named, path, out)
        return
    t = schema.get("type")
    if t in ("record", "error"):
        _record(schema, datum, named, path, out)
    elif t == "enum":
        symbols = schema.get("symbols", [])
        if not isinstance(datum, str):
            out.append(Problem(path, describe_schema(schema), f"got {_kind(datum)}"))
        elif datum not in symbols:
            out.append(Problem(path, f"{describe_schema(schema)} (one of {', '.join(symbols)})", "got a symbol not in the enum"))
    elif t == "array":
        if isinstance(datum, (str, bytes, bytearray, Mapping)) or not isinstance(datum, Sequence):
            out.append(Problem(path, describe_schema(schema), f"got {_kind(datum)}"))
            return
        items = schema.get("items")
        for i, item in enumerate(datum):
            _walk(items, item, named, f"{path}[{i}]", out)
    elif t == "map":
        if not isinstance(datum, Mapping):
            out.append(Problem(path, describe_schema(schema), f"got {_kind(datum)}"))
            return
        values = schema.get("values")
        for k, v in datum.items():
            if not isinstance(k, str):
                out.append(Problem(f"{path}{{}}", "string keys", f"got a {_kind(k)} key"))
                continue
            # Map keys are data, so the path does not name them.
            _walk(values, v, named, f"{path}{{}}", out)
    elif t == "fixed":
        size = schema.get("size")
        if not isinstance(datum, (bytes, bytearray)):
            if schema.get("logicalType") == "decimal" and isinstance(datum, Decimal):
                return
            out.append(Problem(path, describe_schema(schema), f"got {_kind(datum)}"))
        elif len(datum) != size:
            out.append(Problem(path, f"{describe_schema(schema)} of {size} bytes", f"got {len(datum)} bytes"))
    elif t in _PRIMITIVES:
        _primitive(t, schema.get("logicalType"), datum, path, out)
    else:
        _walk(t, datum, named, path, out)


def _record(schema: Mapping[str, Any], datum: Any, named: Mapping[str, Any], path: str, out: list[Problem]) -> None:
    if not isinstance(datum, Mapping):
        out.append(Problem(path, describe_schema(schema), f"got {_kind(datum)}"))
        return
    for field in schema.get("fields", []):
        name = field["name"]
        sub = f"{path}.{name}" if path else name
        if name not in datum:
            if "default" in field:
                continue
            out.append(Problem(sub, describe_schema(field["type"]), "the field is missing and has no default"))
            continue
        _walk(field["type"], datum[name], named, sub, out)


def _union(branches: list[Any], datum: Any, named: Mapping[str, Any], path: str, out: list[Problem]) -> None:
    for branch in branches:
        if not find_problems(branch, datum, named, path):
            return
    non_null = [b for b in branches if b != "null"]
    if datum is None:
        out.append(Problem(path, describe_schema(branches), "got null"))
    elif len(non_null) == 1:
        # ["null", X]: the value was meant to be an X; say what is wrong inside it.
        _walk(non_null[0], datum, named, path, out)
    else:
        out.append(Problem(path, describe_schema(branches), f"got {_kind(datum)}, which fits no branch"))


def _primitive(t: str, logical: str | None, datum: Any, path: str, out: list[Problem]) -> None:
    expected = f"{t} ({logical})" if logical else t
    ok = True
    problem = f"got {_kind(datum)}"
    if t == "null":
        ok = datum is None
    elif t == "boolean":
        ok = isinstance(datum, bool)
    elif t in ("int", "long"):
        if logical == "date" and isinstance(datum, _dt.date) and not isinstance(datum, _dt.datetime):
            return
        if logical in ("timestamp-millis", "timestamp-micros", "local-timestamp-millis", "local-timestamp-micros") \
                and isinstance(datum, _dt.datetime):
            return
        if logical in ("time-millis", "time-micros") and isinstance(datum, _dt.time):
            return
        ok = isinstance(datum, int) and not isinstance(datum, bool)
        if ok:
            lo, hi = (_INT_MIN, _INT_MAX) if t == "int" else (_LONG_MIN, _LONG_MAX)
            if not lo <= datum <= hi:
                ok, problem = False, f"got a number outside the {t} range"
    elif t in ("float", "double"):
        ok = isinstance(datum, (int, float)) and not isinstance(datum, bool)
    elif t == "bytes":
        if logical == "decimal" and isinstance(datum, Decimal):
            return
        ok = isinstance(datum, (bytes, bytearray))
    elif t == "string":
        if logical == "uuid":
            if isinstance(datum, uuid.UUID):
                return
            if isinstance(datum, str):
                try:
                    uuid.UUID(datum)
                except ValueError:
                    ok, problem = False, "got a string that is not a UUID"
                return _emit(ok, path, expected, problem, out)
        ok = isinstance(datum, str)
    _emit(ok, path, expected, problem, out)


def _emit(ok: bool, path: str, expected: str, problem: str, out: list[Problem]) -> None:
    if not ok:
        out.append(Problem(path, expected, problem))
