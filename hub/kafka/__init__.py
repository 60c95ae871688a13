"""Kafka plumbing: topic specs (as data) and client configuration from settings."""
