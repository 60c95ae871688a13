"""Fixtures for the archive's tests: a signing key, records, and archives built from them."""

from __future__ import annotations

import pytest

from hub.settings import ArchiveSettings


@pytest.fixture(scope="session")
def key():
    from joserfc.jwk import ECKey

    k = ECKey.generate_key("P-256", private=True)
    return ECKey.import_key({**k.as_dict(private=True), "kid": "test-key"})


@pytest.fixture
def small_files() -> ArchiveSettings:
    """Settings that roll a file every few entries and checkpoint every 10."""
    return ArchiveSettings(roll_bytes=4096, checkpoint_every=10, codec="null")
