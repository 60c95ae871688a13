"""The gateway's read model: the shared view, alerts, reviews and risks, rebuilt from Kafka.

``build(gw)`` is the component hook of ``gateway.wiring``: it makes the
``ReadModel``, sets ``gw.read_model`` and returns it to be started after the
publisher. See ``service.py`` for what it holds and ``docs/api.md`` for the
routes it serves.
"""

from __future__ import annotations

from .service import ReadModel

__all__ = ["ReadModel", "build"]


def build(gw) -> ReadModel:
    model = ReadModel(gw.hub, gw.bootstrap, gw.registry_url, gw.settings.read_model_path)
    gw.read_model = model
    return model
