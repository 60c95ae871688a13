"""Shared fixtures.

Integration tests run against the real embedded Tansu broker, started once per
test session on a free loopback port, never a mock of Kafka. Unit tests of the
core need none of this.
"""

from __future__ import annotations

import uuid

import pytest

from hub.embedded.broker import EmbeddedBroker
from hub.settings import HubSettings, KafkaSettings, RegistrySettings


@pytest.fixture(scope="session")
def embedded_broker(tmp_path_factory):
    log_file = tmp_path_factory.mktemp("broker") / "broker.log"
    with EmbeddedBroker(port=0, log_file=log_file) as broker:
        yield broker


@pytest.fixture(scope="session")
def bootstrap(embedded_broker) -> str:
    return embedded_broker.bootstrap


@pytest.fixture
def unique() -> str:
    """A short unique suffix for topic, group and subject names within one broker."""
    return uuid.uuid4().hex[:8]


@pytest.fixture
def hub_settings(tmp_path, bootstrap) -> HubSettings:
    """Settings for a hub that uses the session's broker and a private data dir."""
    return HubSettings(
        data_dir=tmp_path / "hub-data",
        kafka=KafkaSettings(bootstrap=bootstrap, session_timeout_s=6, heartbeat_interval_s=1.5, replication_factor=1),
        registry=RegistrySettings(embedded_port=0),
    )
