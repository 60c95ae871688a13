"""A diagnostic for ``hub bench pipeline``: the hub's worker with a core that does nothing.

Why: (d) is Faust's delivery (what (b) costs) plus the adapter (decode,
forwarding, Avro encode and CloudEvents headers of the outputs, table
writes, sends) plus the core (validation, resolution, merge, render). This
worker keeps everything but the core: per supplier record it writes three
state keys and emits one merged record of the usual size, as the real core
does for an update, and decides nothing. Its rate is the ceiling any core
sits under in one worker process; the gap between it and (d) is the core's
share, the gap between it and (b) the adapter's.

Run as ``python -m hub.bench.adapter_only`` with the worker's environment
(``HUB_*``), like ``hub worker``.
"""

from __future__ import annotations

import sys

from hub.application.messages import RECORD, Outputs

#: The consumer group of this worker, distinct from the hub's own.
APP_ID = "bench-adapter-only"


class NoOpCore:
    """Stands where ``SupplierView`` stands; three writes and one canned view per record."""

    def __init__(self, **_kwargs) -> None:
        pass

    def reset(self) -> None:
        pass

    def overdue(self, *_args) -> list:
        return []

    def handle_batch(self, events, store) -> Outputs:
        out = Outputs()
        for ib in events:
            if ib.kind != RECORD:
                continue
            ev = ib.event
            hub_id = f"HUB-{ev['record_id']}"
            store.put("records", f"{ib.key}|{ev['partner']}:{ev['record_id']}", (ev["name"], ev["address"]), ib.origin)
            store.put("suppliers", hub_id, {"version": 1, "fingerprint": "-", "merged_from": [], "successor": None},
                      ib.origin)
            store.put("resolver", f"{ib.key}|r|{ev['record_id']}", {"seq": 1, "hub_id": hub_id}, ib.origin)
            out.suppliers.append((hub_id, _view(ev, hub_id, ib.received_at)))
        return out


def _view(ev: dict, hub_id: str, at) -> dict:
    source = {"partner": ev["partner"], "record_id": ev["record_id"], "name": ev["name"],
              "event_id": ev["event_id"], "received_at": at, "active": True}
    provenance = [{"field": f, "value": str(ev[f]), "partner": ev["partner"], "record_id": ev["record_id"],
                   "asserted_at": ev["occurred_at"]} for f in ("name", "country", "categories")]
    return {"event_id": ev["event_id"], "partner": "hub", "occurred_at": at, "hub_id": hub_id, "version": 1,
            "canonical_name": ev["name"], "country": ev["country"], "identifiers": [], "aliases": [],
            "source_records": [source], "provenance": provenance, "sites": [], "categories": ev["categories"],
            "buyers": [ev["partner"]], "audits": [], "open_findings": [], "last_audit_by_site": [],
            "sanction_step": None, "risks": [], "merged_from": [], "successor": None}


def main() -> int:
    from hub.embedded.runtime import resolve_endpoints
    from hub.processors.app import run_worker
    from hub.processors.worker import build_processors, prepare
    from hub.settings import HubSettings

    settings = HubSettings.from_env()
    bootstrap, registry_url = resolve_endpoints(settings)
    ids = prepare(settings, bootstrap, registry_url)
    run_worker(build_processors(settings, bootstrap, registry_url, ids, service=NoOpCore()),
               loglevel=settings.log_level)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
