"""Settings come from HUB_* variables, once, with errors that name the variable."""

import pytest

from hub.settings import HubSettings, SettingsError


def test_defaults_are_the_embedded_profile():
    s = HubSettings.from_env({})
    assert s.kafka.embedded and s.registry.embedded
    assert s.kafka.session_timeout_s < 10  # Tansu answers JoinGroup after ~half of it


def test_external_kafka_gets_kafka_timings_and_replication():
    s = HubSettings.from_env({"HUB_KAFKA_BOOTSTRAP": "k1:9092,k2:9092"})
    assert not s.kafka.embedded
    assert s.kafka.replication_factor == 3
    assert s.kafka.session_timeout_s >= 10


def test_secrets_never_print():
    s = HubSettings.from_env({"HUB_KAFKA_BOOTSTRAP": "k:9092", "HUB_KAFKA_SASL_MECHANISM": "PLAIN",
                              "HUB_KAFKA_SASL_USERNAME": "adda", "HUB_KAFKA_SASL_PASSWORD": "hunter2"})
    assert "hunter2" not in repr(s) and "hunter2" not in str(s)
    assert s.kafka.sasl_password.get_secret_value() == "hunter2"


@pytest.mark.parametrize("var,value", [("HUB_BROKER_PORT", "abc"), ("HUB_GATEWAY_PORT", "70000"),
                                       ("HUB_KAFKA_SECURITY_PROTOCOL", "TLS")])
def test_bad_values_name_the_variable(var, value):
    with pytest.raises(SettingsError, match=var):
        HubSettings.from_env({var: value})
