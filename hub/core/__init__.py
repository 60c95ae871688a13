"""Pure domain core: identifiers, names, entity resolution. No Kafka, Faust or HTTP imports."""
