"""Nordic sustainable-procurement data-sharing hub.

Layers, from the inside out:

* ``hub.core``       pure domain: identifiers, names, entity resolution, merge,
                     deduplication, alert rules. No Kafka, Faust or HTTP imports.
* ``hub.rules``      rules declared as data (thresholds, legal forms, alert rules).
* ``hub.contracts``  Avro contracts: schema loading, Confluent wire format,
                     CloudEvents headers, translation of fastavro errors.
* ``hub.registry``   a Confluent-compatible schema registry and its client.
* ``hub.kafka``      topic specs and client configuration.
* ``hub.embedded``   the embedded profile: Tansu broker process, supervisor.
* ``hub.processors`` Faust agents: thin adapters that decode, call the core, send.
* ``hub.cli``        the ``hub`` command.
"""

__version__ = "0.1.0"
