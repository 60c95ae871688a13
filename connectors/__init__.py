"""Partner exports in: CSV, XLSX and JSON files mapped to the hub's events by declarative mappings.

A mapping (``connectors/mappings/*.toml``) says how one partner's export
format becomes SupplierRecord or AuditOutcome events; the shared word lists
(severity, area, status, months ... in Swedish, Norwegian, Finnish, English)
live in ``connectors/mappings/vocabulary.toml``. ``hub connector run`` and
``hub connector watch`` are the user-facing commands (hub/cli/connector_cmd.py).

Public API:

* ``load_mapping(name_or_path) -> Mapping``; ``MappingError`` names file and key.
* ``Engine(mapping).plan(file, sent_state) -> Plan`` (pure: no Kafka, no HTTP).
* ``run_file(engine, file, SentState, sink, dry_run=...) -> RunResult`` (async).
* sinks: ``KafkaSink`` (connectors.kafka_sink), ``GatewaySink`` over ``HubClient`` (connectors.client).
* ``Watcher(dir, process, mappings=...).run_once()`` (connectors.watch).
"""

from connectors.engine import Engine, InputError, Plan, Prepared, Reject
from connectors.mapping import Mapping, MappingError, load_mapping
from connectors.readers import ReaderError
from connectors.runner import RunResult, run_file
from connectors.state import SentState

__all__ = ["Engine", "InputError", "Mapping", "MappingError", "Plan", "Prepared", "ReaderError", "Reject",
           "RunResult", "SentState", "load_mapping", "run_file"]
