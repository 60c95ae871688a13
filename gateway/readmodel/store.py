"""The read model's SQLite store: search indexes and the two logs (feed, alerts).

SQLite (stdlib ``sqlite3``) suits the queries: filtered, ranked name search
over thousands of suppliers (FTS5 with ``unicode61 remove_diacritics 2``, so
"Malmö" finds "MALMO"), and range scans of the feed and alerts by Kafka
position. It is rebuilt from Kafka on every start, so it may live in memory
(the default) and a file needs no durability (``synchronous=OFF``).

One connection, used only from the event loop's thread: writes come in
small batches from the ingest task, reads from async routes, never at once.

Log paging keeps a *prefix per partition*: each page merges the partitions'
next rows by (Kafka timestamp, partition, offset), so a cursor (last offset
per partition) never skips a row, whichever replica made it.
"""

from __future__ import annotations

import heapq
import json
import os
import sqlite3
from dataclasses import dataclass

_SCHEMA = """
CREATE TABLE suppliers(rid INTEGER PRIMARY KEY, hub_id TEXT NOT NULL UNIQUE, name_key TEXT NOT NULL,
                       country TEXT NOT NULL, sanction_rank INTEGER NOT NULL);
CREATE INDEX suppliers_by_name ON suppliers(name_key, hub_id);
CREATE INDEX suppliers_by_country ON suppliers(country);
CREATE TABLE supplier_partners(hub_id TEXT NOT NULL, partner TEXT NOT NULL, PRIMARY KEY(hub_id, partner))
    WITHOUT ROWID;
CREATE INDEX supplier_partners_by_partner ON supplier_partners(partner, hub_id);
CREATE TABLE supplier_idents(ident TEXT NOT NULL, scheme TEXT NOT NULL, hub_id TEXT NOT NULL);
CREATE INDEX supplier_idents_by_ident ON supplier_idents(ident);
CREATE INDEX supplier_idents_by_hub ON supplier_idents(hub_id);
CREATE TABLE findings(hub_id TEXT NOT NULL, audit_id TEXT NOT NULL, area TEXT, sev_rank INTEGER NOT NULL,
                      restricted INTEGER NOT NULL);
CREATE INDEX findings_by_hub ON findings(hub_id);
CREATE TABLE audit_access(hub_id TEXT NOT NULL, audit_id TEXT NOT NULL, partner TEXT NOT NULL,
                          PRIMARY KEY(hub_id, audit_id, partner)) WITHOUT ROWID;
CREATE VIRTUAL TABLE name_index USING fts5(names, idents, tokenize='unicode61 remove_diacritics 2');
CREATE TABLE feed(part INTEGER NOT NULL, off INTEGER NOT NULL, ts INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE,
                  hub_id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY(part, off));
CREATE TABLE alerts(part INTEGER NOT NULL, off INTEGER NOT NULL, ts INTEGER NOT NULL, alert_id TEXT NOT NULL UNIQUE,
                    hub_id TEXT NOT NULL, kind TEXT NOT NULL, sev_rank INTEGER NOT NULL, partners TEXT NOT NULL,
                    body TEXT NOT NULL, PRIMARY KEY(part, off));
"""


@dataclass(frozen=True)
class SupplierRow:
    """What the search filters need of one live supplier (the view itself stays in memory)."""

    hub_id: str
    name_key: str
    country: str
    sanction_rank: int
    partners: tuple[str, ...]
    idents: tuple[tuple[str, str], ...]              # (scheme, compact id)
    findings: tuple[tuple[str, str | None, int, bool], ...]  # (audit_id, area, severity rank, restricted)
    access: tuple[tuple[str, str], ...]             # (audit_id, partner) for restricted audits
    names: str                                      # normalised names, space separated, for FTS
    ident_text: str


@dataclass(frozen=True)
class LogRow:
    part: int
    off: int
    ts: int
    body: str


@dataclass(frozen=True)
class SearchFilter:
    country: str | None = None
    ident: str | None = None
    scheme: str | None = None
    area: str | None = None
    min_severity_rank: int | None = None
    min_sanction_rank: int | None = None
    partner: str | None = None


class Store:
    def __init__(self, path: str = ":memory:"):
        if path != ":memory:":
            for suffix in ("", "-wal", "-shm", "-journal"):  # rebuilt from Kafka: never reuse an old file
                try:
                    os.unlink(path + suffix)
                except FileNotFoundError:
                    pass
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA journal_mode=MEMORY")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- writes (one transaction per ingest batch) --------------------------------------------
    def begin(self) -> None:
        self.db.execute("BEGIN")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def put_supplier(self, row: SupplierRow) -> None:
        self.drop_supplier(row.hub_id)
        cur = self.db.execute("INSERT INTO suppliers(hub_id, name_key, country, sanction_rank) VALUES (?,?,?,?)",
                              (row.hub_id, row.name_key, row.country, row.sanction_rank))
        self.db.execute("INSERT INTO name_index(rowid, names, idents) VALUES (?,?,?)",
                        (cur.lastrowid, row.names, row.ident_text))
        self.db.executemany("INSERT OR IGNORE INTO supplier_partners VALUES (?,?)",
                            [(row.hub_id, p) for p in row.partners])
        self.db.executemany("INSERT INTO supplier_idents VALUES (?,?,?)",
                            [(i, s, row.hub_id) for s, i in row.idents])
        self.db.executemany("INSERT INTO findings VALUES (?,?,?,?,?)",
                            [(row.hub_id, a, area, rank, int(r)) for a, area, rank, r in row.findings])
        self.db.executemany("INSERT OR IGNORE INTO audit_access VALUES (?,?,?)",
                            [(row.hub_id, a, p) for a, p in row.access])

    def drop_supplier(self, hub_id: str) -> None:
        found = self.db.execute("SELECT rid FROM suppliers WHERE hub_id = ?", (hub_id,)).fetchone()
        if found is None:
            return
        self.db.execute("DELETE FROM name_index WHERE rowid = ?", found)
        self.db.execute("DELETE FROM suppliers WHERE rid = ?", found)
        for table in ("supplier_partners", "supplier_idents", "findings", "audit_access"):
            self.db.execute(f"DELETE FROM {table} WHERE hub_id = ?", (hub_id,))

    def add_feed(self, part: int, off: int, ts: int, event_id: str, hub_id: str, version: int, body: str) -> bool:
        """False for a re-emitted version (same deterministic event_id): consumers dedupe on it."""
        cur = self.db.execute("INSERT OR IGNORE INTO feed VALUES (?,?,?,?,?,?,?)",
                              (part, off, ts, event_id, hub_id, version, body))
        return cur.rowcount > 0

    def add_alert(self, part: int, off: int, ts: int, alert: dict, sev_rank: int, body: str) -> bool:
        cur = self.db.execute("INSERT OR IGNORE INTO alerts VALUES (?,?,?,?,?,?,?,?,?)",
                              (part, off, ts, alert["alert_id"], alert["hub_id"], alert["kind"], sev_rank,
                               json.dumps(sorted(alert.get("partners") or ())), body))
        return cur.rowcount > 0

    # -- search ------------------------------------------------------------------------
    def search(self, f: SearchFilter, *, partner: str | None, admin: bool, match: str | None = None,
               limit: int = 5000, offset: int = 0) -> list[tuple[str, float]]:
        """(hub_id, bm25) of live suppliers passing ``f``: by bm25 with ``match``, else by name.

        Finding filters see only findings the viewer may see (restricted
        audits count for their participants and the admin).
        """
        sql = ["SELECT s.hub_id, " + ("bm25(name_index)" if match else "0.0") + " FROM suppliers s"]
        args: list = []
        if match:
            sql.append("JOIN name_index ON name_index.rowid = s.rid AND name_index MATCH ?")
            args.append(match)
        where, wargs = self._where(f, partner, admin)
        sql.append("WHERE " + " AND ".join(where or ["1"]))
        args += wargs
        sql.append("ORDER BY " + ("bm25(name_index), s.name_key, s.hub_id" if match else "s.name_key, s.hub_id"))
        sql.append("LIMIT ? OFFSET ?")
        args += [limit, offset]
        try:
            return [(h, float(r)) for h, r in self.db.execute(" ".join(sql), args)]
        except sqlite3.OperationalError:  # an FTS expression SQLite refuses: no match rather than a 500
            if match:
                return []
            raise

    @staticmethod
    def _where(f: SearchFilter, partner: str | None, admin: bool) -> tuple[list[str], list]:
        where: list[str] = []
        args: list = []
        if f.country:
            where.append("s.country = ?")
            args.append(f.country)
        if f.ident:
            where.append("EXISTS (SELECT 1 FROM supplier_idents i WHERE i.ident = ? AND i.hub_id = s.hub_id"
                         + (" AND i.scheme = ?)" if f.scheme else ")"))
            args += [f.ident] + ([f.scheme] if f.scheme else [])
        if f.area or f.min_severity_rank is not None:
            cond = ["x.hub_id = s.hub_id",
                    "(x.restricted = 0 OR ? OR EXISTS (SELECT 1 FROM audit_access a WHERE a.hub_id = x.hub_id"
                    " AND a.audit_id = x.audit_id AND a.partner = ?))"]
            args += [int(admin), partner or ""]
            if f.area:
                cond.append("x.area = ?")
                args.append(f.area)
            if f.min_severity_rank is not None:
                cond.append("x.sev_rank >= ?")
                args.append(f.min_severity_rank)
            where.append("EXISTS (SELECT 1 FROM findings x WHERE " + " AND ".join(cond) + ")")
        if f.min_sanction_rank is not None:
            where.append("s.sanction_rank >= ?")
            args.append(f.min_sanction_rank)
        if f.partner:
            where.append("EXISTS (SELECT 1 FROM supplier_partners p WHERE p.partner = ? AND p.hub_id = s.hub_id)")
            args.append(f.partner)
        return where, args

    def hub_ids_of(self, partner: str) -> list[str]:
        return [h for (h,) in self.db.execute("SELECT hub_id FROM supplier_partners WHERE partner = ? ORDER BY hub_id",
                                              (partner,))]

    # -- logs --------------------------------------------------------------------------
    def log_page(self, table: str, after: dict[int, int], limit: int, reached: dict[int, int],
                 where: str = "", args: tuple = ()) -> tuple[list[tuple[LogRow, dict[int, int]]], dict[int, int]]:
        """The next ``limit`` rows of ``table`` after ``after``; each with the cursor just past it.

        ``reached``: the last offset the ingest has applied per partition.
        Returns (rows with their positions, position after the page). A
        partition whose matching rows all fit on the page advances to the
        last offset applied, matching or not, so a filtered reader does not
        rescan what it has already passed over (a replica that has not
        reached that offset yet simply has nothing newer to give).
        """
        assert table in ("feed", "alerts")
        cond = f" AND ({where})" if where else ""
        heads: dict[int, list[LogRow]] = {}
        for part in sorted(set(after) | set(reached)):
            rows = self.db.execute(f"SELECT part, off, ts, body FROM {table} WHERE part = ? AND off > ?{cond} "
                                   "ORDER BY off LIMIT ?", (part, after.get(part, -1), *args, limit + 1)).fetchall()
            heads[part] = [LogRow(*r) for r in rows]
        merged = heapq.merge(*heads.values(), key=lambda r: (r.ts, r.part, r.off))
        pos = dict(after)
        out: list[tuple[LogRow, dict[int, int]]] = []
        taken: dict[int, int] = {}
        for row in merged:
            if len(out) == limit:
                break
            pos[row.part] = row.off
            taken[row.part] = taken.get(row.part, 0) + 1
            out.append((row, dict(pos)))
        for part, rows in heads.items():
            if taken.get(part, 0) == len(rows) and part in reached:
                pos[part] = max(pos.get(part, -1), reached[part])
        return out, pos

    def feed_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM feed").fetchone()[0]
