"""At-least-once with idempotent effects, under SIGKILL (a soak: ``make soak``).

More than 20,000 partner events stream through a worker that is killed with
SIGKILL at random points and restarted. The merged view it leaves on
``hub.suppliers.v1`` must equal the one the same service computes over the
same events without crashes, with nothing lost and no effect doubled: every
alert the uncrashed run raises is there, none other, and where a crash made
the worker re-emit an alert or a merged record, the copy is identical (same
id, same content), which is what consumers dedupe on.

Events come in two phases (supplier records, then audits) so that the order
in which the service sees them is fixed by the log, whatever the crashes. In
the second phase a second worker joins the first, so partitions also move
between live workers (rebalances), not only to a restarted one.
"""

from __future__ import annotations

import importlib.util
import random
import signal
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from hub.application.state import DictStore
from hub.application.supplier_view import AUDIT, RECORD, Inbound, SupplierView
from hub.kafka import topics as t
from hub.kafka.partitioning import country_key

pytestmark = [pytest.mark.integration, pytest.mark.soak]

_GEN = Path(__file__).resolve().parents[1] / "data" / "make_labelled_suppliers.py"
VOLATILE = {"version", "event_id", "occurred_at"}


def _labelled(n_entities: int, seed: int) -> list[dict]:
    spec = importlib.util.spec_from_file_location("make_labelled_suppliers", _GEN)
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen.generate(n_entities, seed)


def _events(seed: int = 5) -> tuple[list[dict], list[dict]]:
    """~17k supplier-record events (first versions, updates, resends) and ~4k audits."""
    rnd = random.Random(seed)
    base = datetime(2026, 9, 1, tzinfo=timezone.utc)
    rows = _labelled(1500, seed)
    records: list[dict] = []
    clock = iter(base + timedelta(seconds=i) for i in range(10**7))
    for row in rows:
        ev = {"event_id": str(uuid.UUID(int=rnd.getrandbits(128))), "partner": row["partner"],
              "occurred_at": next(clock), "record_id": row["record_id"], "name": row["name"],
              "trading_names": [], "country": row["country"], "identifiers": row["identifiers"],
              "address": row.get("address"), "postal_code": row.get("postal_code"), "city": row.get("city"),
              "sites": [], "categories": [rnd.choice(["33141420", "33169000", "30213000", "18100000"])],
              "active": True}
        records.append(ev)
    for _ in range(3):  # updates: new categories, a moved office, a withdrawn record
        for row in rnd.sample(records[: len(rows)], k=len(rows)):
            upd = dict(row, event_id=str(uuid.UUID(int=rnd.getrandbits(128))), occurred_at=next(clock))
            upd["categories"] = sorted({*row["categories"], rnd.choice(["33141420", "33140000", "33190000"])})
            if rnd.random() < 0.05:
                upd["active"] = False
            records.append(upd)
    records += rnd.sample(records, k=len(records) // 20)  # partners re-sending: same event ids
    audits: list[dict] = []
    for i, row in enumerate(rnd.sample(rows, k=min(len(rows), 4200))):
        severity = rnd.choice(["minor", "major", "major", "critical", "zero_tolerance"])
        audits.append({
            "event_id": str(uuid.UUID(int=rnd.getrandbits(128))), "partner": row["partner"],
            "occurred_at": next(clock), "audit_id": f"AUD-{i:05d}",
            "supplier": {"record_id": row["record_id"], "name": row["name"], "country": row["country"],
                         "identifiers": row["identifiers"], "address": row.get("address"),
                         "postal_code": row.get("postal_code"), "city": row.get("city")},
            "site": None, "audit_date": date(2026, 8, 1), "audit_type": "site", "audit_firm": None,
            "participating_partners": [row["partner"]],
            "findings": [{"finding_id": "F1", "area": rnd.choice(["labour_rights", "human_rights", "environment"]),
                          "clause": "2.1", "severity": severity, "description": "finding text (confidential)",
                          "status": "open", "cap_due_date": date(2027, 3, 1), "corrective_actions": []}],
            "sanction_step": None, "confidentiality": rnd.choice(["shared", "participants"])})
    return records, audits


def _expected(sandbox) -> tuple[dict[str, dict], dict[str, dict]]:
    """The same service over the same logged events, in log order, no crashes."""
    service, store = SupplierView(), DictStore()
    out_views: dict[str, dict] = {}
    out_alerts: dict[str, dict] = {}
    by_partition: dict[int, list[Inbound]] = {}
    for topic, kind in ((t.SUPPLIER_RECORDS, RECORD), (t.AUDIT_OUTCOMES, AUDIT)):
        for r in sandbox.read_all(topic):
            by_partition.setdefault(r.partition, []).append(
                Inbound(kind, topic, r.value, r.timestamp, r.partition, r.key.decode(), r.value["partner"]))
    for events in by_partition.values():
        for i in range(0, len(events), 500):
            out = service.handle_batch(events[i:i + 500], store)
            for hub_id, view in out.suppliers:
                out_views[hub_id] = view
            for _, alert in out.alerts:
                out_alerts[alert["alert_id"]] = alert
    return out_views, out_alerts


def _strip(view: dict) -> dict:
    return {k: v for k, v in view.items() if k not in VOLATILE}


SESSION_TIMEOUT_S = 6.0  # the sandbox's group session timeout (Sandbox.env)


def _kill_randomly_until_caught_up(sandbox, rnd: random.Random, kills_wanted: int = 2,
                                   timeout_s: float = 320) -> int:
    """Kill the worker at a random moment once it has made progress, a few times,
    then let a last one finish. Killing before progress would prove nothing.

    A replacement starts only after the killed member's session has expired,
    as a supervisor restarting a crashed worker would: the embedded broker
    does not always reassign a dead member's partitions when a new member
    joins while the dead one's session is still open.
    """
    kills = 0
    worker = sandbox.start_worker()
    deadline = time.monotonic() + timeout_s
    while kills < kills_wanted and time.monotonic() < deadline:
        start_lag = sandbox.group_lag()
        while sandbox.group_lag() >= start_lag > 0 and time.monotonic() < deadline:
            time.sleep(0.3)
        time.sleep(rnd.uniform(0.2, 2.0))
        if sandbox.group_lag() == 0:
            break
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        kills += 1
        time.sleep(SESSION_TIMEOUT_S + 1.0)
        worker = sandbox.start_worker()
    _wait_with_progress(sandbox, deadline)
    return kills


def _wait_with_progress(sandbox, deadline: float, stall_s: float = 30.0, restarts: int = 3) -> None:
    """Wait until caught up; restart a stalled worker, as a watchdog would.

    Tansu does not always expire a killed member: its group can stay Stable
    with the dead member holding partitions that then never move (seen with
    describe_consumer_groups; docs/operations.md). That is liveness of the
    embedded broker, not correctness of the hub, so after ``stall_s`` without
    progress the worker is restarted (at most ``restarts`` times) and every
    correctness assertion still applies to what comes out.
    """
    last, since = sandbox.group_lag(), time.monotonic()
    while last > 0:
        if time.monotonic() > deadline:
            raise TimeoutError(f"processors still {last} events behind at the deadline")
        time.sleep(0.5)
        lag = sandbox.group_lag()
        if lag < last:
            last, since = lag, time.monotonic()
        elif time.monotonic() - since > stall_s:
            assert restarts > 0, f"no progress with {lag} events left, even after restarts: processing stalled"
            restarts -= 1
            for w in sandbox.workers:
                if w.poll() is None:
                    w.send_signal(signal.SIGKILL)
                    w.wait()
            time.sleep(SESSION_TIMEOUT_S + 1.0)
            sandbox.start_worker()
            since = time.monotonic()


@pytest.mark.timeout(720)
def test_sigkill_at_random_points_loses_nothing_and_doubles_nothing(sandbox):
    rnd = random.Random(20261125)
    records, audits = _events()
    assert len(records) + len(audits) >= 20_000
    sandbox.publish(t.SUPPLIER_RECORDS, "SupplierRecord", records, key_of=lambda r: country_key(r["country"]))
    kills = _kill_randomly_until_caught_up(sandbox, rnd)
    sandbox.publish(t.AUDIT_OUTCOMES, "AuditOutcome", audits,
                    key_of=lambda a: country_key(a["supplier"]["country"]))
    kills += _kill_randomly_until_caught_up(sandbox, rnd)
    for w in sandbox.workers:
        w.send_signal(signal.SIGTERM)
        w.wait(30)
    assert kills >= 2, "the worker was never killed mid-stream; the test proved nothing"

    expected_views, expected_alerts = _expected(sandbox)

    latest: dict[str, dict] = {}
    seen_versions: dict[tuple[str, int], dict] = {}
    for r in sandbox.read_all(t.SUPPLIERS):
        view = r.value
        latest[view["hub_id"]] = view
        earlier = seen_versions.setdefault((view["hub_id"], view["version"]), view)
        assert _strip(earlier) == _strip(view), "one version of a supplier was emitted with two contents"
    assert set(latest) == set(expected_views), "merged view lost or invented suppliers"
    for hub_id, view in expected_views.items():
        assert _strip(latest[hub_id]) == _strip(view), f"merged view of {hub_id} differs"

    alerts: dict[str, dict] = {}
    for r in sandbox.read_all(t.ALERTS):
        a = r.value
        if a["alert_id"] in alerts:
            assert alerts[a["alert_id"]] == a, "a re-emitted alert differs from the first"
        alerts[a["alert_id"]] = a
    assert set(alerts) == set(expected_alerts)
    assert len(expected_alerts) > 100  # the audits did raise alerts worth checking
