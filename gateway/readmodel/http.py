"""What every read route shares: the read model of the request, the viewer, paging, errors.

Kept out of the route modules so that each of those only says what its
routes do.
"""

from __future__ import annotations

from typing import Any

from fastapi import Query, Request
from fastapi.responses import Response

from gateway.app import gateway_of
from gateway.auth.dependencies import Caller
from gateway.problems import Problem, problem_type
from hub.core.visibility import Viewer
from hub.rules.countries import is_iso_alpha2

from gateway.settings import GatewaySettings

from .cache import dumps
from .service import ReadModel

#: Declared on every read route: schemathesis checks that answers match what is declared.
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing, expired or forged token"},
    403: {"description": "the token lacks the route's scope"},
    422: {"description": "invalid parameters: a malformed cursor or a limit above the maximum"},
    429: {"description": "rate limit; see Retry-After"},
    503: {"description": "the read model is not running"},
}
#: The documented ceiling of ``limit``: the settings' default (a gateway configured
#: lower answers 422 above its own maximum).
MAX_LIMIT = GatewaySettings.model_fields["max_page_size"].default
#: Cursors are unpadded base64url.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{1,4096}$"


def limit_param():
    return Query(None, ge=1, le=MAX_LIMIT, description=f"page size (default 50, at most {MAX_LIMIT})")


def cursor_param(description: str = "a cursor from an earlier answer (opaque)"):
    return Query(None, max_length=4096, pattern=CURSOR_PATTERN, description=description)


def country_param(description: str):
    return Query(None, max_length=8, description=f"{description}; ISO 3166-1 alpha-2, any case (SE, no, Fi)")


def country_code(value: str | None) -> str | None:
    """A ``country`` query value as an upper-case ISO 3166-1 alpha-2 code (None when not given).

    Anything else is a 422 naming the parameter: "Sweden" or "XX" would
    otherwise match nothing and look like an empty result.
    """
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if not is_iso_alpha2(code):
        raise Problem(422, "country must be an ISO 3166-1 alpha-2 code, such as SE, NO, FI or MY",
                      title="Invalid request", type_=problem_type("invalid-request"),
                      extra={"errors": [{"loc": ["query", "country"], "msg": "not an ISO 3166-1 alpha-2 code"}]})
    return code


def read_model_of(request: Request) -> ReadModel:
    model = gateway_of(request).read_model
    if model is None or model.store is None:
        raise Problem(503, "the read model is not running", headers={"Retry-After": "5"},
                      type_=problem_type("read-model-unavailable"))
    return model


def viewer_of(caller: Caller) -> Viewer:
    return Viewer.of(caller.partner, caller.scopes)


def page_size(request: Request, limit: int | None) -> int:
    settings = gateway_of(request).settings
    if limit is None:
        return settings.default_page_size
    if limit > settings.max_page_size:
        raise Problem(422, f"limit is at most {settings.max_page_size}", title="Invalid request",
                      type_=problem_type("invalid-request"))
    return limit



def json_response(body: Any, status_code: int = 200) -> Response:
    """Serialise once, without re-validating against the declared model (the tests check conformance)."""
    return Response(dumps(body), status_code=status_code, media_type="application/json")
