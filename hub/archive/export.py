"""``hub archive export``: one partner's submissions, with the proof that the hub received them so.

The export is one JSON document (format ``hub-archive-export/1``):

* ``entries``: the partner's archived records in the date range, complete
  (key, value and headers base64, plus the decoded event for reading);
* ``chain``: from the first of them to the first signed checkpoint after the
  last, the *digest* of every entry (``SHA-256(canonical(entry))``) and the
  hash before the first. Everyone else's entries appear only as digests, so
  the export shows nothing of them, yet the chain can be recomputed through
  them;
* ``checkpoints`` and ``jwks``: the signed heads inside that stretch and the
  public keys that verify them.

Checking it needs no hub: verify a checkpoint's ES256 signature; recompute
each included entry's digest from its fields and compare it with the
chain's; fold ``hash = SHA-256(prev || digest)`` from ``prev_hash`` along the
digests; the hash at the checkpoint's seq must equal its signed head. Then
every included entry is, byte for byte, what the hub archived before it
signed that checkpoint. ``verify_export`` does exactly this, and the
document carries the steps in words (``procedure``).

Whose entry: the CloudEvents ``ce_source`` header (``/partners/<id>``), or,
without one, the ``partner`` field of the decoded envelope (schemas come from
the archive's own ``_schemas`` records). The range is on the record's Kafka
timestamp (the time the hub's gateway or the partner's producer sent it).
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hub.archive import ArchiveError
from hub.archive import checkpoints as cp
from hub.archive.entry import digest, header, link
from hub.archive.files import JWKS, Damage
from hub.archive.state import iter_archive, iter_entries
from hub.archive.verify import ChainChecker
from hub.kafka.topics import SCHEMAS

FORMAT = "hub-archive-export/1"

PROCEDURE = [
    "1. For each token in 'checkpoints': verify its ES256 signature with the key in 'jwks' named by its 'kid' "
    "(obtain the hub's public key independently to trust it); read 'seq' and 'head' from its payload.",
    "2. For each item of 'entries': rebuild canonical(entry) from its fields as docs/archive.md defines it "
    "(key, value and header values are base64 here), take d = SHA-256(canonical), and check that d equals "
    "chain.digests[seq - chain.first_seq].",
    "3. Let h = chain.prev_hash; for seq = chain.first_seq .. chain.last_seq: h = SHA-256(h || digests[seq - "
    "first_seq]). Where seq is a checkpoint's seq, h must equal that checkpoint's head.",
    "4. An entry is proven when a checkpoint with seq >= its seq passed step 3: it is, byte for byte, what the "
    "hub archived before it signed that checkpoint.",
]


def _b64(b: bytes | None) -> str | None:
    return None if b is None else base64.b64encode(b).decode("ascii")


def _unb64(s: str | None) -> bytes | None:
    return None if s is None else base64.b64decode(s)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return _b64(bytes(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # Decimal, UUID


class _Schemas:
    """Writer schemas by id, from the archive's own ``_schemas`` records."""

    def __init__(self, directory: Path) -> None:
        from hub.registry.log import decode
        from hub.registry.store import SchemaRecord

        self._text: dict[int, str] = {}
        self._parsed: dict[int, Any] = {}
        for e in iter_entries(directory):
            if e["topic"] == SCHEMAS:
                rec = decode(e["key"], e["value"])
                if isinstance(rec, SchemaRecord) and rec.schema is not None and rec.id is not None:
                    self._text.setdefault(rec.id, rec.schema)

    def decode(self, value: bytes | None) -> dict[str, Any] | None:
        import fastavro

        from hub.contracts.errors import WireFormatError
        from hub.contracts.wire import unframe

        try:
            schema_id, payload = unframe(value)
        except WireFormatError:
            return None
        if schema_id not in self._parsed:
            text = self._text.get(schema_id)
            self._parsed[schema_id] = fastavro.parse_schema(json.loads(text)) if text else None
        schema = self._parsed[schema_id]
        if schema is None:
            return None
        try:
            decoded = fastavro.schemaless_reader(io.BytesIO(payload), schema)
        except Exception:  # noqa: BLE001 - an undecodable value is simply not shown decoded
            return None
        return decoded if isinstance(decoded, dict) else None


def partner_of(e: Mapping[str, Any], schemas: _Schemas) -> tuple[str | None, dict[str, Any] | None]:
    """(partner, decoded event or None) for an entry."""
    from hub.contracts.cloudevents import partner_of_source

    decoded = schemas.decode(e["value"]) if e["topic"] != SCHEMAS else None
    source = header(e, "ce_source")
    partner = partner_of_source(source) if source else None
    if partner is None and decoded is not None:
        partner = decoded.get("partner") if isinstance(decoded.get("partner"), str) else None
    return partner, decoded


def _entry_json(e: Mapping[str, Any], decoded: dict[str, Any] | None) -> dict[str, Any]:
    return {"seq": e["seq"], "topic": e["topic"], "partition": e["partition"], "offset": e["offset"],
            "timestamp": e["timestamp"], "archived_at": e["archived_at"], "key": _b64(e["key"]),
            "value": _b64(e["value"]), "headers": [[h["key"], _b64(h["value"])] for h in e["headers"]],
            "prev_hash": e["prev_hash"].hex(), "hash": e["hash"].hex(),
            "event": _jsonable(decoded) if decoded is not None else None}


def _entry_from_json(j: Mapping[str, Any]) -> dict[str, Any]:
    return {"seq": j["seq"], "topic": j["topic"], "partition": j["partition"], "offset": j["offset"],
            "timestamp": j["timestamp"], "archived_at": j["archived_at"], "key": _unb64(j["key"]),
            "value": _unb64(j["value"]), "headers": [{"key": k, "value": _unb64(v)} for k, v in j["headers"]]}


def export(archive_dir: Path, partner: str, start: dt.datetime, end: dt.datetime,
           jwks: Path | None = None) -> dict[str, Any]:
    """The export document for ``partner``'s entries with ``start <= timestamp <= end``."""
    directory = Path(archive_dir)
    keys = cp.read_keys(jwks if jwks is not None else directory / JWKS)
    checks = sorted((c for c in (cp.check(t, keys) for t in cp.read_tokens(directory)) if c.valid),
                    key=lambda c: c.seq)
    wanted = {c.seq for c in checks}
    lo, hi = int(start.timestamp() * 1000), int(end.timestamp() * 1000)
    schemas = _Schemas(directory)
    checker = ChainChecker()
    first: dict[str, Any] | None = None
    digests = bytearray()
    mine: list[dict[str, Any]] = []
    stored: dict[int, str] = {}
    last_seq = -1
    for at in iter_archive(directory):
        if isinstance(at.item, Damage):
            raise ArchiveError(f"the archive is damaged in {at.file.name} ({at.item.reason}); "
                               f"run `hub archive verify {directory}` first")
        e = at.item.entry
        broken = checker.feed(e)
        if broken:
            raise ArchiveError(f"the archive is broken at {at.file.name} entry #{at.item.index} (seq {e['seq']}): "
                               f"{broken.reason}; run `hub archive verify {directory}`")
        last_seq = e["seq"]
        if e["seq"] in wanted:
            stored[e["seq"]] = e["hash"].hex()
        hit = False
        decoded = None
        if lo <= e["timestamp"] <= hi:
            who, decoded = partner_of(e, schemas)
            hit = who == partner
        if hit and first is None:
            first = e
        if first is not None:
            digests += digest(e)
        if hit:
            mine.append(_entry_json(e, decoded))
    good = [c for c in checks if stored.get(c.seq) == c.head]
    doc: dict[str, Any] = {
        "format": FORMAT, "partner": partner, "from": start.isoformat(), "to": end.isoformat(),
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "archive_entries": last_seq + 1, "entries": mine, "procedure": PROCEDURE,
    }
    if first is None:
        doc.update(chain=None, checkpoints=[], jwks={"keys": []}, unproven=[])
        return doc
    s0, s1 = first["seq"], mine[-1]["seq"]
    closing = next((c for c in good if c.seq >= s1), None)
    end_seq = closing.seq if closing is not None else last_seq
    n = end_seq - s0 + 1
    doc["chain"] = {"first_seq": s0, "last_seq": end_seq, "prev_hash": first["prev_hash"].hex(),
                    "digests": [bytes(digests[i * 32:(i + 1) * 32]).hex() for i in range(n)]}
    inside = [c for c in good if s0 <= c.seq <= end_seq]
    doc["checkpoints"] = [c.token for c in inside]
    used = {c.kid for c in inside}
    doc["jwks"] = {"keys": [k for kid, k in keys.items() if kid in used]}
    covered = max((c.seq for c in inside), default=-1)
    doc["unproven"] = [j["seq"] for j in mine if j["seq"] > covered]
    return doc


def verify_export(doc: Mapping[str, Any], jwks: Path | None = None) -> list[str]:
    """Check an export (``PROCEDURE``); return the problems found, empty when every entry is proven."""
    if doc.get("format") != FORMAT:
        return [f"not a {FORMAT} document"]
    if not doc.get("entries"):
        return []
    chain = doc.get("chain") or {}
    keys = cp.read_keys(jwks) if jwks is not None else {k["kid"]: k for k in doc.get("jwks", {}).get("keys", [])
                                                         if isinstance(k, dict) and k.get("kid")}
    problems: list[str] = []
    heads: dict[int, str] = {}
    for i, token in enumerate(doc.get("checkpoints", [])):
        c = cp.check(token, keys, i + 1)
        if c.valid:
            heads[c.seq] = c.head
        else:
            problems.append(f"checkpoint {i + 1}: {c.status}")
    try:
        s0, s_end = int(chain["first_seq"]), int(chain["last_seq"])
        digests = [bytes.fromhex(d) for d in chain["digests"]]
        h = bytes.fromhex(chain["prev_hash"])
    except (KeyError, TypeError, ValueError):
        return problems + ["the chain section is missing or malformed"]
    if len(digests) != s_end - s0 + 1:
        return problems + ["the chain has the wrong number of digests"]
    for j in doc["entries"]:
        seq = j["seq"]
        e = _entry_from_json(j)
        if not s0 <= seq <= s_end:
            problems.append(f"entry seq {seq} lies outside the chain")
        elif digest(e) != digests[seq - s0]:
            problems.append(f"entry seq {seq}: its fields do not match its digest (altered)")
    proven_to = -1
    for i, d in enumerate(digests):
        h = link(h, d)
        seq = s0 + i
        if seq in heads:
            if heads[seq] != h.hex():
                problems.append(f"checkpoint at seq {seq}: the chain does not reach its signed head")
            else:
                proven_to = seq
    unproven = [j["seq"] for j in doc["entries"] if j["seq"] > proven_to]
    if unproven:
        problems.append(f"{len(unproven)} entries are not covered by a valid checkpoint (seq {unproven[0]}"
                        + (f"..{unproven[-1]})" if len(unproven) > 1 else ")"))
    return problems


def load(path: Path) -> dict[str, Any]:
    try:
        return json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"cannot read the export {path}: {type(exc).__name__}") from None
