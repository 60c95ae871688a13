"""``hub bench gateway``: the gateway's read speed next to a trivial FastAPI endpoint.

One run, one machine: a sandbox broker and registry, ``--suppliers``
synthetic merged suppliers on ``hub.suppliers.v1``, ``hub gateway`` as a
child process (as in production), and the trivial app (``trivial_app``) as
another child served by the same uvicorn settings. A closed-loop load
generator with ``--connections`` keep-alive connections measures, in turn:

  trivial   GET /trivial on the trivial app (the baseline);
  by_id     GET /v1/suppliers/{hub_id} with a bearer token;
  search    GET /v1/suppliers?q=... with a bearer token.

Targets (docs/performance.md): by_id req/s >= 1.0 x trivial; by_id p99 <= 5 ms
at 8 connections. Rate limits are lifted for the run (they would cap it).
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from hub.bench.loadgen import run_load
from hub.embedded.ports import free_port

_WORDS = ("Sentosa", "Permai", "Harapan", "Lestari", "Cahaya", "Nordisk", "Sialkot", "Indus", "Huamei", "Medi",
          "Glove", "Latex", "Surgical", "Textile", "Rubber", "Precision", "Instruments", "Products", "Works")
_COUNTRIES = ("MY", "PK", "CN", "SE", "NO", "FI", "DK", "DE", "IN", "VN")
_FORMS = {"MY": "Sdn Bhd", "PK": "(Pvt) Ltd", "CN": "Co., Ltd.", "SE": "AB", "NO": "AS", "FI": "Oy", "DK": "ApS",
          "DE": "GmbH", "IN": "Private Limited", "VN": "JSC"}


def merged_suppliers(n: int, seed: int = 7) -> list[dict]:
    """``n`` plausible MergedSupplier events (JSON form), deterministic for a seed."""
    from hub.contracts.records import content_event_id

    rng = random.Random(seed)
    partners = ("region-skane", "region-kalmar", "adda", "sykehusinnkjop", "hus", "region-vgr")
    out = []
    for i in range(n):
        country = rng.choice(_COUNTRIES)
        name = f"{' '.join(rng.sample(_WORDS, 3))} {i} {_FORMS[country]}"
        buyers = sorted(rng.sample(partners, rng.randint(1, 3)))
        severity = rng.choice(("minor", "major", "critical", "zero_tolerance"))
        hub_id = f"HUB-BENCH{i:06d}"
        out.append({
            "event_id": content_event_id(f"bench:{hub_id}"), "partner": "hub", "occurred_at": "2026-11-01T00:00:00Z",
            "hub_id": hub_id, "version": 1, "canonical_name": name, "country": country, "aliases": [name.upper()],
            "buyers": buyers, "categories": ["33141420"],
            "source_records": [{"partner": p, "record_id": f"{p}-{i}", "name": name, "event_id": content_event_id(f"bench:{p}:{i}"),
                                "received_at": "2026-11-01T00:00:00Z", "active": True} for p in buyers],
            "audits": [{"audit_id": f"A-{i}", "audit_date": "2024-03-05", "audit_type": "site",
                        "participating_partners": buyers[:1], "confidentiality": "shared",
                        "highest_severity": severity, "open_findings": 1}],
            "open_findings": [{"audit_id": f"A-{i}", "finding_id": "F1", "area": "labour_rights", "severity": severity,
                               "clause": "Working hours", "cap_due_date": "2027-01-31"}],
        })
    return out


def _publish(sandbox, docs: list[dict]) -> None:
    from hub.contracts.jsonform import from_json
    from hub.contracts.schemas import SchemaSet
    from hub.kafka.topics import SUPPLIERS

    schema = SchemaSet.load().get("MergedSupplier")
    records = [from_json(schema, d) for d in docs]
    for i in range(0, len(records), 2000):
        sandbox.publish(SUPPLIERS, "MergedSupplier", records[i:i + 2000], lambda r: r["hub_id"].encode())


def _wait(url: str, proc: subprocess.Popen, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready in {timeout_s:.0f} s")


def run(suppliers: int = 5000, seconds: float = 5.0, connections: int = 8) -> dict:
    from gateway.auth.clients import SecretStore
    from gateway.auth.config import oauth_state_dir
    from hub.embedded.sandbox import Sandbox

    with tempfile.TemporaryDirectory(prefix="hub-bench-gw-") as tmp, Sandbox(Path(tmp)) as sandbox:
        docs = merged_suppliers(suppliers)
        _publish(sandbox, docs)
        gw_port, trivial_port = free_port(), free_port()
        env = sandbox.env(HUB_GATEWAY_PORT=str(gw_port), HUB_GATEWAY_RATE_PER_S="1000000000",
                          HUB_GATEWAY_RATE_BURST="1000000000", HUB_OAUTH_EMBEDDED_ISSUER=f"http://127.0.0.1:{gw_port}")
        log = open(Path(tmp) / "gateway.log", "ab")
        procs = [subprocess.Popen([sys.executable, "-m", "hub", "gateway"], env=env, stdout=log, stderr=log),
                 subprocess.Popen([sys.executable, "-m", "hub.bench.trivial_app", str(trivial_port)],
                                  env=dict(os.environ), stdout=log, stderr=log)]
        try:
            base = f"http://127.0.0.1:{gw_port}"
            _wait(f"{base}/readyz", procs[0])
            _wait(f"http://127.0.0.1:{trivial_port}/trivial", procs[1])
            secret = SecretStore(oauth_state_dir(Path(tmp))).read()["planner"]["secret"]
            token = httpx.post(f"{base}/oauth/token", data={"grant_type": "client_credentials"},
                               auth=("planner", secret)).json()["access_token"]
            auth = {"Authorization": f"Bearer {token}"}
            hub_id = docs[len(docs) // 2]["hub_id"]
            probe = httpx.get(f"{base}/v1/suppliers/{hub_id}", headers=auth)
            if probe.status_code != 200:
                raise RuntimeError(f"by-id read answered {probe.status_code}: {probe.text[:200]}")

            def measure(url: str, headers: dict | None = None) -> dict:
                return asyncio.run(run_load(url, connections=connections, seconds=seconds, headers=headers)).summary()

            trivial = measure(f"http://127.0.0.1:{trivial_port}/trivial")
            by_id = measure(f"{base}/v1/suppliers/{hub_id}", auth)
            search = measure(f"{base}/v1/suppliers?q=glove+latex&limit=20", auth)
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()
    return {
        "suppliers": suppliers, "connections": connections, "seconds_per_stage": seconds,
        "trivial": trivial, "by_id": by_id, "search": search,
        "ratios": {"by_id_vs_trivial": round(by_id["req_per_s"] / trivial["req_per_s"], 3),
                   "search_vs_trivial": round(search["req_per_s"] / trivial["req_per_s"], 3)},
        "targets": {"by_id_vs_trivial": ">= 1.0", "by_id_p99_ms": "<= 5"},
        "machine": {"cpus": os.cpu_count()},
    }
