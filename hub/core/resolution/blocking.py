"""Blocking: find the few existing records worth comparing with a new one.

Comparing every record with every other is quadratic; blocking keeps the cost
near-linear by comparing a new record only with records that share a block
key with it:

* ``id:``  a valid identifier key (after VAT-to-national normalisation);
  these blocks are never capped, identifiers are the best evidence there is;
* ``t:``   a name token of three or more letters;
* ``p:``   the first letters of the name without spaces ("medtech"/"med tech");
* ``f:``   a consonant skeleton of the first two name words, robust to vowel,
  spelling and transliteration variants ("Medtech"/"Medtek");
* ``s:``   the start of the sorted-token name, robust to word order;
* ``pc:``  the postcode.

All name and postcode keys carry the country, since only records of one
country of registration can match. A name or postcode block that has grown
beyond ``max_block_size`` is not used: a token such as "medical" or a busy
postcode says little and would make the cost quadratic again. Blocks are kept
in insertion order, so replaying the same input gives the same candidates.
"""

from __future__ import annotations

from collections import Counter

from hub.core.names import phonetic_key
from hub.core.resolution.scoring import RecordFeatures
from hub.rules.matching import MatchSettings


def block_keys(f: RecordFeatures, settings: MatchSettings) -> tuple[str, ...]:
    """The block keys of one record, without duplicates, in a stable order."""
    c = f.country
    keys: list[str] = [f"id:{k}" for k in sorted(f.id_keys)]
    for name, sorted_key in zip(f.names, f.sorted_keys):
        for tok in name.tokens:
            if len(tok) >= 3 and not tok.isdigit():
                keys.append(f"t:{c}:{tok}")
        compact = name.compact
        if compact:
            keys.append(f"p:{c}:{compact[:settings.name_prefix_length]}")
            keys.append(f"s:{c}:{sorted_key.replace(' ', '')[:settings.name_prefix_length + 2]}")
        if name.tokens:
            first = phonetic_key(name.tokens[0], settings.phonetic_key_length)
            second = phonetic_key(name.tokens[1], 3) if len(name.tokens) > 1 else ""
            keys.append(f"f:{c}:{first}:{second}")
    if f.address.postcode:
        keys.append(f"pc:{c}:{f.address.postcode}")
    return tuple(dict.fromkeys(keys))


class BlockIndex:
    """Block key -> record keys, with capped lookups for non-identifier keys."""

    def __init__(self, settings: MatchSettings) -> None:
        self._settings = settings
        self._blocks: dict[str, list[str]] = {}

    def add(self, record_key: str, keys: tuple[str, ...]) -> None:
        for k in keys:
            self._blocks.setdefault(k, []).append(record_key)

    def remove(self, record_key: str, keys: tuple[str, ...]) -> None:
        for k in keys:
            members = self._blocks.get(k)
            if members and record_key in members:
                members.remove(record_key)
                if not members:
                    del self._blocks[k]

    def candidates(self, keys: tuple[str, ...], exclude: str | None = None) -> Counter[str]:
        """Record keys sharing a usable block with ``keys``, counted by strength.

        A shared identifier counts far more than a shared name token, so the
        ranking puts identifier matches first.
        """
        cap = self._settings.max_block_size
        found: Counter[str] = Counter()
        for k in keys:
            members = self._blocks.get(k)
            if not members:
                continue
            is_id = k.startswith("id:")
            if not is_id and len(members) > cap:
                continue
            score = 100 if is_id else 1
            for m in members:
                if m != exclude:
                    found[m] += score
        return found
