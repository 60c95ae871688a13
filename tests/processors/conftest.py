"""A sandbox hub per test module: its own broker, registry, topics and workers."""

import pytest

from hub.embedded.sandbox import Sandbox


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    with Sandbox(tmp_path_factory.mktemp("sandbox")) as sb:
        yield sb
