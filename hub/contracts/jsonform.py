"""Events as JSON and back, driven by the Avro schema.

HTTP callers send and receive JSON: dates as ``YYYY-MM-DD``, timestamps as
RFC 3339, uuids as strings, optional fields left out. ``from_json`` turns
such a document into the datum ``HubSerde.encode`` takes (``date`` and aware
``datetime`` objects, defaults filled in), and reports every problem with
its field path and never its value. ``to_json`` is the inverse for decoded
events, so the gateway answers with the same shapes it accepts.
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Any

from hub.contracts.errors import Problem, ValidationError
from hub.contracts.schemas import ContractSchema

_PRIMITIVE_JSON = {"string": str, "boolean": bool, "int": int, "long": int, "float": (int, float),
                   "double": (int, float)}


def to_json(value: Any) -> Any:
    """A decoded event as JSON-ready data: dates ISO, timestamps RFC 3339 UTC with ms."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dt.datetime):
        from hub.contracts.cloudevents import format_time

        return format_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def from_json(schema: ContractSchema, document: Any) -> dict[str, Any]:
    """The Avro datum for a JSON ``document`` of ``schema``; ValidationError lists every problem."""
    problems: list[Problem] = []
    named: dict[str, Any] = {}
    _collect_named(schema.raw, named, None)
    datum = _convert(schema.raw, document, named, "", problems, None)
    if problems:
        raise ValidationError(schema.name, problems)
    return datum


def _collect_named(node: Any, named: dict[str, Any], namespace: str | None) -> None:
    if isinstance(node, list):
        for branch in node:
            _collect_named(branch, named, namespace)
    elif isinstance(node, dict):
        kind = node.get("type")
        if kind in ("record", "enum", "fixed"):
            ns = node.get("namespace", namespace)
            name = node["name"]
            full = name if "." in name or not ns else f"{ns}.{name}"
            named[full] = node
            named[name] = node
            for f in node.get("fields", ()):
                _collect_named(f["type"], named, ns)
        elif kind == "array":
            _collect_named(node["items"], named, namespace)
        elif kind == "map":
            _collect_named(node["values"], named, namespace)


def _describe(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return " or ".join(_describe(b) for b in node)
    return node.get("logicalType") or (node["name"] if node.get("type") in ("record", "enum") else node["type"])


def _convert(node: Any, value: Any, named: dict, path: str, out: list[Problem], ns: str | None) -> Any:
    if isinstance(node, str) and node in named:
        node = named[node]
    if isinstance(node, list):
        return _union(node, value, named, path, out, ns)
    if isinstance(node, str):
        return _primitive(node, None, value, path, out)
    kind = node["type"]
    if kind == "record":
        return _record(node, value, named, path, out, ns)
    if kind == "enum":
        if not isinstance(value, str) or value not in node["symbols"]:
            out.append(Problem(path, f"one of {', '.join(node['symbols'][:8])}", "got another value"))
        return value
    if kind == "array":
        if not isinstance(value, list):
            out.append(Problem(path, "array", f"got {_kind(value)}"))
            return value
        return [_convert(node["items"], v, named, f"{path}[{i}]", out, ns) for i, v in enumerate(value)]
    if kind == "map":
        if not isinstance(value, dict):
            out.append(Problem(path, "object", f"got {_kind(value)}"))
            return value
        return {k: _convert(node["values"], v, named, f"{path}.{k}", out, ns) for k, v in value.items()}
    return _primitive(kind, node.get("logicalType"), value, path, out)


def _record(node: dict, value: Any, named: dict, path: str, out: list[Problem], ns: str | None) -> Any:
    if not isinstance(value, Mapping):
        out.append(Problem(path, f"object ({node['name']})", f"got {_kind(value)}"))
        return value
    datum: dict[str, Any] = {}
    for f in node["fields"]:
        name = f["name"]
        fpath = f"{path}.{name}" if path else name
        if name in value and value[name] is not None or name in value and "default" not in f:
            datum[name] = _convert(f["type"], value[name], named, fpath, out, ns)
        elif "default" in f:
            datum[name] = _default(f["type"], f["default"], named)
        else:
            out.append(Problem(fpath, _describe(f["type"]), "the field is missing"))
    return datum


def _default(node: Any, default: Any, named: dict) -> Any:
    """Avro defaults are JSON for the union's first branch; convert dates and the like."""
    if isinstance(node, list):
        node = node[0]
    if isinstance(node, str) and node in named:
        node = named[node]
    if isinstance(node, dict) and node.get("logicalType") == "date" and isinstance(default, int):
        return dt.date(1970, 1, 1) + dt.timedelta(days=default)
    return default


def _union(branches: list, value: Any, named: dict, path: str, out: list[Problem], ns: str | None) -> Any:
    if value is None:
        if "null" not in branches:
            out.append(Problem(path, _describe(branches), "got null"))
        return None
    best: list[Problem] | None = None
    for branch in branches:
        if branch == "null":
            continue
        attempt: list[Problem] = []
        converted = _convert(branch, value, named, path, attempt, ns)
        if not attempt:
            return converted
        if best is None or len(attempt) < len(best):
            best = attempt
    out.extend(best or [Problem(path, _describe(branches), f"got {_kind(value)}")])
    return value


def _primitive(kind: str, logical: str | None, value: Any, path: str, out: list[Problem]) -> Any:
    if logical == "date":
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        out.append(Problem(path, "date (YYYY-MM-DD)", "got something else"))
        return value
    if logical in ("timestamp-millis", "timestamp-micros"):
        if isinstance(value, str):
            try:
                parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is not None:
                return parsed.astimezone(dt.timezone.utc)
            out.append(Problem(path, "RFC 3339 timestamp with a time zone", "got something else"))
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        out.append(Problem(path, "RFC 3339 timestamp", f"got {_kind(value)}"))
        return value
    if logical == "uuid":
        try:
            return str(uuid.UUID(value)) if isinstance(value, str) else _bad(path, "uuid string", value, out)
        except ValueError:
            out.append(Problem(path, "uuid string", "got a string that is not a UUID"))
            return value
    if kind == "null":
        return value if value is None else _bad(path, "null", value, out)
    if kind == "bytes":
        if isinstance(value, str):
            try:
                return base64.b64decode(value, validate=True)
            except ValueError:
                pass
        return _bad(path, "base64 string", value, out)
    expected = _PRIMITIVE_JSON.get(kind)
    if expected is None or isinstance(value, bool) and kind != "boolean" or not isinstance(value, expected):
        return _bad(path, kind, value, out)
    if kind in ("float", "double"):
        return float(value)
    return value


def _bad(path: str, expected: str, value: Any, out: list[Problem]) -> Any:
    out.append(Problem(path, expected, f"got {_kind(value)}"))
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "another type"
