"""A Faust worker process for one benchmark stage; prints one JSON line and exits.

Run as ``python -m hub.bench.faust_runner MODE TOPIC N BOOTSTRAP [extra...]``.
Each stage runs in its own process (and its own app id and consumer group) so
that the stages cannot warm each other up or share a producer buffer.

Modes:
  noop   (b) Faust's floor: consume in batches (``take_events``), do nothing.
  naive  (c) the naive peer: per event, update a table and await one send.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from hub.processors.app import create_app, run_worker
from hub.processors.gc_policy import GcPolicy
from hub.settings import HubSettings, KafkaSettings


def build(mode: str, topic: str, n: int, bootstrap: str, out_topic: str | None = None):
    import tempfile

    settings = HubSettings(data_dir=Path(tempfile.mkdtemp(prefix="hub-bench-")), kafka=KafkaSettings(bootstrap=bootstrap, partitions=3, replication_factor=1,
                                               session_timeout_s=6, heartbeat_interval_s=1.5))
    app = create_app(settings, bootstrap, app_id=f"bench-{mode}-{topic}")
    source = app.topic(topic, key_type=bytes, value_type=bytes)
    state = {"n": 0, "t0": None}
    gc_policy = GcPolicy(settings.processors.gc_freeze, settings.processors.gc_full_every_s)

    if mode == "noop":
        @app.agent(source)
        async def noop(stream):
            async for batch in stream.take_events(1000, within=0.05):
                if state["t0"] is None:
                    state["t0"] = time.perf_counter()
                state["n"] += len(batch)
                gc_policy.after_batch()  # as the hub's agent does: the same collector policy
                if state["n"] >= n:
                    _finish(app, mode, state)
                    return
    elif mode == "naive":
        table = app.Table(f"bench-naive-{topic}", default=int, partitions=3, value_type=int)
        sink = app.topic(out_topic or f"{topic}-out", key_type=bytes, value_type=bytes)

        @app.agent(source)
        async def naive(stream):
            async for event in stream.events():
                if state["t0"] is None:
                    state["t0"] = time.perf_counter()
                table[event.key] += 1
                await sink.send(key=event.key, value=event.value)
                state["n"] += 1
                if state["n"] >= n:
                    _finish(app, mode, state)
                    return
    else:
        raise SystemExit(f"unknown mode {mode}")
    return app


def _finish(app, mode: str, state: dict) -> None:
    elapsed = time.perf_counter() - state["t0"]
    print(json.dumps({"mode": mode, "events": state["n"], "seconds": round(elapsed, 4),
                      "events_per_s": round(state["n"] / elapsed, 1)}), flush=True)
    import os
    import signal
    os.kill(os.getpid(), signal.SIGTERM)


if __name__ == "__main__":
    mode, topic, n, bootstrap = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    run_worker(build(mode, topic, n, bootstrap), loglevel="WARNING")
