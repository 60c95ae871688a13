"""The by-id read without the framework: ``GET /v1/suppliers/{hub_id}`` answered in the ASGI layer.

The route in ``gateway/api/suppliers.py`` does a dict lookup of bytes the
read model rendered when the version arrived; what is left of its cost is
the framework around it (routing, dependency injection, response classes),
which is more than the lookup. This middleware answers the common case
before any of that: a token already proven valid (``validator.cached``,
never a first validation), the ``hub:read`` scope, a live hub_id, the rate
limit not hit. Anything else (no or unknown token, no scope, merged away,
unknown, rate limited) falls through to the FastAPI route, which owns the
error answers, the 308 and the OpenAPI description, so both paths answer
alike and the contract is defined in one place.
"""

from __future__ import annotations

from types import SimpleNamespace

from hub.core.visibility import Viewer

_PREFIX = "/v1/suppliers/"
_SCOPE = "hub:read"
#: What the metrics middleware reads as the route template.
_ROUTE = SimpleNamespace(path="/v1/suppliers/{hub_id}")


class SupplierFastPath:
    def __init__(self, app, gateway, limiter=None):
        self.app = app
        self.gw = gateway
        self.limiter = limiter
        self._viewers: dict = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "GET":
            path = scope["path"]
            if path.startswith(_PREFIX) and "/" not in path[len(_PREFIX):]:
                body = self._lookup(scope, path[len(_PREFIX):])
                if body is not None:
                    scope["route"] = _ROUTE
                    await send({"type": "http.response.start", "status": 200,
                                "headers": [(b"content-type", b"application/json"),
                                            (b"content-length", str(len(body)).encode())]})
                    await send({"type": "http.response.body", "body": body})
                    return
        await self.app(scope, receive, send)

    def _lookup(self, scope, hub_id: str) -> bytes | None:
        model = self.gw.read_model
        if model is None or not hub_id:
            return None
        token = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                if token is not None:
                    return None  # two Authorization headers: let the route refuse it
                token = value
        if token is None or not token[:7].lower() == b"bearer ":
            return None
        caller = self.gw.auth.validator.cached(token[7:].strip().decode("latin-1"))
        if caller is None or _SCOPE not in caller.scopes:
            return None
        limiter = self.limiter
        if limiter is not None and limiter.acquire(caller.subject or caller.client_id) > 0:
            return None  # the route answers the 429
        viewer = self._viewers.get(caller)
        if viewer is None:
            if len(self._viewers) > 4096:
                self._viewers.clear()
            viewer = self._viewers[caller] = Viewer.of(caller.partner, caller.scopes)
        return model.supplier_json(hub_id, viewer)
