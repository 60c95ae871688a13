"""Blocking until the user or the system asks the process to stop."""

from __future__ import annotations

import signal
import threading


def wait_for_stop() -> None:
    """Return on SIGINT or SIGTERM, so ``with`` blocks above can clean up in order."""
    stop = threading.Event()
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
