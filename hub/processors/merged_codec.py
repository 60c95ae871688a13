"""MergedSupplier records encoded once: the body's Avro bytes are both the fingerprint's input and the payload's tail.

Why: the service republishes a supplier only when its rendered content
changed, which it tells by a fingerprint of the content (``SupplierView``'s
``fingerprint``). The core's default hashes the view's JSON text (~60 µs);
the worker then encodes the same view to Avro (~75 µs). An Avro record is
its fields' encodings one after another, and the MergedSupplier schema puts
what the fingerprint leaves out (the envelope, ``hub_id`` and ``version``)
first. So the worker encodes the rest, the *body*, once: its sha256 is the
fingerprint, and if the supplier is published its record is the frame
header, the few head fields and those same body bytes (~78 µs for both, and
byte for byte what the serde writes; ``tests/processors/test_merged_codec.py``).

The fingerprints differ from the core's JSON ones, so after an upgrade each
supplier's next change of any kind publishes once more with a new version,
as a changed schema would. Two views the Avro encoding cannot tell apart
are one content: the record the hub publishes is that encoding.

Anything unexpected (a schema whose head is not those fields, a view the
writer rejects) falls back to the core's fingerprint and the serde's own,
validating encoding, which names the offending field.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from fastavro import parse_schema, schemaless_writer

from hub.contracts.serde import HubSerde
from hub.core.merge import UNFINGERPRINTED, content_fingerprint

HEAD = UNFINGERPRINTED | {"hub_id"}


class MergedRecordCodec:
    """Fingerprints views by their Avro body and encodes the ones published from it.

    ``fingerprint`` remembers each view's body by hub_id until ``reset``
    (once a batch); ``encode`` uses it for that hub_id's record.
    """

    def __init__(self, serde: HubSerde, topic: str) -> None:
        binding = serde.binding(topic)
        self.header = binding.header
        fields = binding.schema.parsed["fields"]
        names = [f["name"] for f in fields]
        self._head = self._body = None
        if set(names[:len(HEAD)]) == HEAD:
            self._head = parse_schema({"type": "record", "name": "hub.internal.MergedHead",
                                       "fields": fields[:len(HEAD)]})
            self._body = parse_schema({"type": "record", "name": "hub.internal.MergedBody",
                                       "fields": fields[len(HEAD):]})
        self._bodies: dict[str, bytes] = {}

    @property
    def enabled(self) -> bool:
        return self._body is not None

    def reset(self) -> None:
        self._bodies.clear()

    def fingerprint(self, view: dict[str, Any]) -> str:
        if self._body is not None:
            buf = io.BytesIO()
            try:
                schemaless_writer(buf, self._body, view)
            except Exception:  # the serde's validating path will say what is wrong when it is sent
                self._bodies.pop(view.get("hub_id"), None)
            else:
                body = buf.getvalue()
                self._bodies[view["hub_id"]] = body
                return hashlib.sha256(body).hexdigest()
        return content_fingerprint(view)

    def encode(self, record: dict[str, Any]) -> bytes | None:
        """The framed record from the body fingerprinted for its hub_id; None if there is none."""
        body = self._bodies.pop(record.get("hub_id"), None)
        if body is None:
            return None
        buf = io.BytesIO()
        buf.write(self.header)
        try:
            schemaless_writer(buf, self._head, record)
        except Exception:
            return None
        buf.write(body)
        return buf.getvalue()
