"""Publishing through the gateway: HTTP bodies in, Avro events on Kafka out."""

from .publisher import Position, Publisher, PublishError

__all__ = ["Position", "PublishError", "Publisher"]
