"""The hub's Avro contracts: schemas, validation, wire format, CloudEvents headers, serde.

Pure: fastavro (and the ``avro`` package for compatibility checks), no Kafka.
"""

from hub.contracts.errors import ContractError, DecodeError, UnknownSchemaId, ValidationError, WireFormatError
from hub.contracts.schemas import NAMESPACE, ContractSchema, SchemaSet, load_schema_set
from hub.contracts.serde import HubSerde, SchemaRegistry, subject_for

__all__ = [
    "NAMESPACE",
    "ContractError",
    "ContractSchema",
    "DecodeError",
    "HubSerde",
    "SchemaRegistry",
    "SchemaSet",
    "UnknownSchemaId",
    "ValidationError",
    "WireFormatError",
    "load_schema_set",
    "subject_for",
]
