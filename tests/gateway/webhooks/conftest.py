"""Fixtures for the webhook tests (helpers in webhook_support.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from webhook_support import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def tls_receiver() -> Iterator[Receiver]:
    r = Receiver(tls=True)
    yield r
    r.close()
