"""Opaque paging cursors: Kafka positions for logs, offsets for ranked lists.

A log cursor (feed, alerts) is the last offset consumed in each partition of
the topic. Every gateway replica reads the same topic, so a cursor one
replica handed out means the same on another, whatever order each replica
happened to apply the partitions in. A list cursor (search, reviews) is a
position in a ranked answer.

Both travel as unpadded base64url of a short tagged text; the tag stops a
feed cursor from being replayed against alerts. A cursor that does not
decode is the caller's error (422), never a 500.
"""

from __future__ import annotations

import base64
import binascii
import re

from hub.errors import HubError

_LOG = re.compile(r"^(?:\d{1,6}:-?\d{1,19})(?:,\d{1,6}:-?\d{1,19})*$|^$")
_MAX = 2 ** 63 - 1


class InvalidCursor(HubError):
    """The cursor was not made by this API (or for another route): a 422 problem."""

    http_status = 422


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("ascii")).rstrip(b"=").decode("ascii")


def _decode(token: str, tag: str) -> str:
    if len(token) > 4096:
        raise InvalidCursor("the cursor is too long")
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
    except (binascii.Error, ValueError):
        raise InvalidCursor("the cursor is not one this API issued") from None
    head, sep, body = text.partition("|")
    if not sep or head != tag:
        raise InvalidCursor("the cursor belongs to another route or is not one this API issued")
    return body


def encode_log(tag: str, positions: dict[int, int]) -> str:
    """``positions``: partition -> last offset consumed (-1: nothing yet)."""
    return _encode(tag + "|" + ",".join(f"{p}:{o}" for p, o in sorted(positions.items())))


def decode_log(tag: str, token: str | None) -> dict[int, int]:
    if not token:
        return {}
    body = _decode(token, tag)
    if not _LOG.match(body):
        raise InvalidCursor("the cursor is not one this API issued")
    out: dict[int, int] = {}
    for part in filter(None, body.split(",")):
        p, o = part.split(":")
        offset = int(o)
        if offset < -1 or offset > _MAX:
            raise InvalidCursor("the cursor is not one this API issued")
        out[int(p)] = offset
    return out


def encode_index(tag: str, index: int, fingerprint: str = "") -> str:
    """A position in a ranked list; ``fingerprint`` ties it to the query that made it."""
    return _encode(f"{tag}|{index}:{fingerprint}")


def decode_index(tag: str, token: str | None, fingerprint: str = "") -> int:
    if not token:
        return 0
    body = _decode(token, tag)
    index, sep, fp = body.partition(":")
    if not sep or not index.isdigit() or len(index) > 9:
        raise InvalidCursor("the cursor is not one this API issued")
    if fp != fingerprint:
        raise InvalidCursor("the cursor was issued for other query parameters")
    return int(index)
