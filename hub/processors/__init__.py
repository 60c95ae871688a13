"""Faust stream processors: thin adapters that decode, call the core, and send.

Nothing in here decides anything about suppliers; that is ``hub.core``.
"""
