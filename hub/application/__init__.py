"""Application services: orchestrate the pure core over a state store.

No Kafka, Faust or HTTP here either; adapters in ``hub.processors`` and
``gateway`` call these services and do the I/O.
"""
