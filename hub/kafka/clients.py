"""Client configuration derived from settings, for each Kafka library the hub uses.

The hub speaks to Kafka through three libraries: kafka-python (admin, simple
producers), aiokafka (async producers and group consumers; kafka-python group
consumers never get an assignment from Tansu) and Faust. Each wants the same
facts spelled differently; this module is the one place that spells them.
"""

from __future__ import annotations

import ssl
from typing import Any

from hub.settings import KafkaSettings


def _ssl_context(k: KafkaSettings) -> ssl.SSLContext | None:
    if k.security_protocol not in ("SSL", "SASL_SSL"):
        return None
    ctx = ssl.create_default_context(cafile=str(k.ssl_cafile) if k.ssl_cafile else None)
    if k.ssl_certfile:
        ctx.load_cert_chain(str(k.ssl_certfile), str(k.ssl_keyfile) if k.ssl_keyfile else None)
    return ctx


def _sasl(k: KafkaSettings) -> dict[str, Any]:
    if k.sasl_mechanism is None:
        return {}
    return {
        "sasl_mechanism": k.sasl_mechanism,
        "sasl_plain_username": k.sasl_username,
        "sasl_plain_password": k.sasl_password.get_secret_value() if k.sasl_password else None,
    }


def client_config(k: KafkaSettings, bootstrap: str) -> dict[str, Any]:
    """kwargs for kafka-python's and aiokafka's clients (they spell these alike)."""
    cfg: dict[str, Any] = {"bootstrap_servers": bootstrap, "security_protocol": k.security_protocol}
    ctx = _ssl_context(k)
    if ctx is not None:
        cfg["ssl_context"] = ctx
    cfg.update(_sasl(k))
    return cfg


def faust_broker_credentials(k: KafkaSettings):
    """Faust's ``broker_credentials`` for SASL/TLS, or None for PLAINTEXT."""
    import faust

    ctx = _ssl_context(k)
    if k.sasl_mechanism:
        return faust.SASLCredentials(
            username=k.sasl_username,
            password=k.sasl_password.get_secret_value() if k.sasl_password else None,
            ssl_context=ctx,
            mechanism=k.sasl_mechanism,
        )
    if ctx is not None:
        return faust.SSLCredentials(ctx)
    return None
