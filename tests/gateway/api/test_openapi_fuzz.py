"""schemathesis against /openapi.json of a live gateway, with a valid token.

Every operation gets generated requests; the gateway must never answer 5xx
and every answer must conform to what OpenAPI declares (status code, content
type, body schema). The operations are driven with Hypothesis directly
(schemathesis's pytest plugin does not load under pytest 9). Examples per
operation are kept small so the suite stays fast; ``HUB_FUZZ_EXAMPLES``
raises them for a longer local run.
"""

from __future__ import annotations

import os

import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

from gateway.live import LiveGateway
from gateway.settings import GatewaySettings

pytestmark = pytest.mark.integration
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("HUB_FUZZ_EXAMPLES", "20"))


@pytest.fixture(scope="module")
def fuzz_gateway(sandbox):
    with LiveGateway(sandbox.settings(), sandbox.bootstrap, sandbox.registry_url,
                     settings=GatewaySettings(rate_per_s=100000, rate_burst=100000)) as gw:
        yield gw


def _client_for(path: str) -> str:
    if path.startswith("/v1/admin"):
        return "admin"
    if path.startswith("/v1/match-reviews"):
        return "planner"
    return "region-kalmar"


def test_no_5xx_and_responses_conform(fuzz_gateway):
    schema = schemathesis.openapi.from_url(f"{fuzz_gateway.url}/openapi.json")
    failures: list[str] = []
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith(("/ui", "/oauth/authorize", "/login")) or operation.path.endswith("/stream"):
            continue  # browser routes (tests/ui) and endless SSE streams (tests of their own)
        headers = fuzz_gateway.headers(_client_for(operation.path))

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(hypothesis.HealthCheck))
        def run(case):
            case.call_and_validate(base_url=fuzz_gateway.url, headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
        tested += 1
    assert tested >= 5
    assert not failures, "\n\n".join(failures)
