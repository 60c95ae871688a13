"""A Faust worker that recovers one table and prints how many keys it holds (run as a script).

Used by test_table_recovery.py: ``python recovery_app.py BOOTSTRAP DATA_DIR``.
"""

import json
import os
import sys
from pathlib import Path

from hub.processors.app import create_app, run_worker
from hub.settings import HubSettings, KafkaSettings

APP_ID = "recovery-test"
TABLE = "t"

if __name__ == "__main__":
    bootstrap, data_dir = sys.argv[1], Path(sys.argv[2])
    settings = HubSettings(data_dir=data_dir, kafka=KafkaSettings(bootstrap=bootstrap, partitions=1, replication_factor=1,
                                                                  session_timeout_s=6, heartbeat_interval_s=1.5))
    app = create_app(settings, bootstrap, app_id=APP_ID, key_serializer="json", value_serializer="json")
    table = app.Table(TABLE, partitions=1, key_type=str, value_type=int)

    @app.agent(app.topic("recovery-test-input", partitions=1))
    async def idle(stream):
        async for _ in stream:
            pass

    @app.timer(1.0)
    async def report():
        if app.tables.recovery.completed.is_set():
            print(json.dumps({"keys": len(table)}), flush=True)
            os._exit(0)

    run_worker(app, loglevel="WARNING")
