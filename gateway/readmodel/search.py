"""Name search over the merged view: FTS5 finds candidates, rapidfuzz orders them.

Partners write one supplier's name in many ways ("Kalmar Glove Sdn Bhd",
"KALMAR GLOVES SDN. BHD."), so both the indexed names and the query go
through the hub's own name normalisation (``hub.core.names``: diacritics
folded, legal forms dropped, abbreviations unified) before FTS5 sees them.
Candidates are found with every query word as a prefix (whole words under three
letters; all words first;
any word if that finds nothing; a fuzzy scan of all names if that finds
nothing either, for typos), then scored by string similarity to the
closest of the supplier's names, with FTS5's bm25 breaking ties. An
identifier typed into ``q`` matches exactly and scores 1.

Scores are in [0, 1]. Ranked answers page by position in the ranking.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from hub.core.names import normalise_name

from .cache import SupplierCache, compact_id
from .store import SearchFilter, Store

#: Most candidates ranked for one query (the best by bm25); beyond this a query
#: is too vague to page through.
MAX_CANDIDATES = 1000
#: Shorter words match whole (a prefix "1" would match half the register).
MIN_PREFIX = 3
#: The fuzzy fallback keeps names at least this similar (0-100).
FUZZY_CUTOFF = 75
_WORD = re.compile(r"^[0-9a-z]+$")


def query_key(q: str) -> str:
    return normalise_name(q).key if q.strip() else ""


def fts_queries(q: str) -> list[str]:
    """FTS5 expressions to try in turn: all words, then any word (prefixes), plus the identifier form."""
    words = [w for w in query_key(q).split() if _WORD.match(w)]
    ident = compact_id(q).lower()
    ident_part = f' OR (idents : "{ident}"*)' if any(ch.isdigit() for ch in ident) else ""
    if not words:
        return [ident_part[4:]] if ident_part else []
    terms = [f'"{w}"*' if len(w) >= MIN_PREFIX else f'"{w}"' for w in words]
    out = [f"(names : ({' AND '.join(terms)})){ident_part}"]
    if len(words) > 1:
        out.append(f"(names : ({' OR '.join(terms)})){ident_part}")
    return out


def similarity(key: str, names: tuple[str, ...]) -> float:
    if not key or not names:
        return 0.0
    best = max((fuzz.WRatio(key, n) + fuzz.token_sort_ratio(key, n)) / 2 for n in names)
    return round(best / 100.0, 3)


def ranked(store: Store, cache: SupplierCache, q: str, f: SearchFilter, *, partner: str | None,
           admin: bool) -> list[tuple[str, float]]:
    """(hub_id, score) of every supplier matching ``q`` and ``f``, best first."""
    key = query_key(q)
    ident = compact_id(q)
    hits: list[tuple[str, float]] = []
    for expr in fts_queries(q):
        hits = store.search(f, partner=partner, admin=admin, match=expr, limit=MAX_CANDIDATES)
        if hits:
            break
    if not hits and len(key) >= 3:
        hits = _fuzzy(store, cache, key, f, partner=partner, admin=admin)
    scored = []
    for hub_id, bm25 in hits:
        idents = {compact_id(i["id"]) for i in cache.views.get(hub_id, {}).get("identifiers") or ()}
        score = 1.0 if ident and ident in idents else similarity(key, cache.names.get(hub_id, ()))
        scored.append((-score, bm25, hub_id))
    scored.sort()
    return [(hub_id, -neg) for neg, _, hub_id in scored]


def _fuzzy(store: Store, cache: SupplierCache, key: str, f: SearchFilter, *, partner: str | None,
           admin: bool) -> list[tuple[str, float]]:
    names, owners = cache.name_choices()
    found = process.extract(key, names, scorer=fuzz.QRatio, score_cutoff=FUZZY_CUTOFF, limit=MAX_CANDIDATES)
    close = {owners[index] for _, _, index in found}
    if not close:
        return []
    allowed = {h for h, _ in store.search(f, partner=partner, admin=admin, limit=10 ** 9)}
    return [(h, 0.0) for h in sorted(close & allowed)]
