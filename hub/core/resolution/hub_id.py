"""Hub ids: stable, opaque identifiers of resolved legal entities.

Format: ``HUB-`` + 10 characters from ``0-9A-Z`` + one ISO 7064 MOD 37,36
check character (the scheme Open Supply Hub-style ids and many registries
use), e.g. ``HUB-7K2Q9D0XWEM``. The check character catches a mistyped or
truncated id before it reaches a lookup.

Why derived from a hash rather than a counter: a hub id must be the same when
the same input is replayed in the same order (a rebuilt partition, a test),
and independent partitions must not hand out the same id. The body is the
SHA-256 of the country, partner and record id of the record that founded the
entity, plus a salt that is bumped on collision with any id ever issued. Ids
are never reused: merged-away and split-off ids stay in the issued set.
"""

from __future__ import annotations

import hashlib
import re

from stdnum.iso7064 import mod_37_36

PREFIX = "HUB-"
BODY_LENGTH = 10
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PATTERN = re.compile(r"^HUB-[0-9A-Z]{%d}[0-9A-Z*]$" % BODY_LENGTH)


def _body(seed: str) -> str:
    number = int.from_bytes(hashlib.sha256(seed.encode("utf-8")).digest(), "big")
    chars = []
    for _ in range(BODY_LENGTH):
        number, rem = divmod(number, 36)
        chars.append(_ALPHABET[rem])
    return "".join(chars)


def make_hub_id(country: str, partner: str, record_id: str, salt: int = 0) -> str:
    """The hub id founded by one record; ``salt`` > 0 only after a collision."""
    body = _body(f"{country}\x1f{partner}\x1f{record_id}\x1f{salt}")
    return PREFIX + body + mod_37_36.calc_check_digit(body)


def allocate_hub_id(country: str, partner: str, record_id: str, issued: set[str]) -> str:
    """A new hub id never issued before; adds it to ``issued``.

    Deterministic given ``issued``: replaying the same input in the same order
    allocates the same ids.
    """
    salt = 0
    while True:
        candidate = make_hub_id(country, partner, record_id, salt)
        if candidate not in issued:
            issued.add(candidate)
            return candidate
        salt += 1


def is_valid_hub_id(value: object) -> bool:
    """True if ``value`` has the hub id format and a correct check character."""
    if not isinstance(value, str) or not _PATTERN.match(value):
        return False
    return mod_37_36.is_valid(value[len(PREFIX):])
