"""Waiting on the real parts in integration tests: poll until a condition holds, or fail saying what."""

from __future__ import annotations

import time
from typing import Callable, TypeVar

T = TypeVar("T")


def wait_for(predicate: Callable[[], T], timeout_s: float, what: str, diagnosis: Callable[[], str] = lambda: "",
             interval_s: float = 0.1) -> T:
    """``predicate()``'s first truthy value; an AssertionError naming ``what`` (and ``diagnosis()``) at the deadline."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval_s)
    raise AssertionError(f"timed out waiting for {what}\n{diagnosis()}")
