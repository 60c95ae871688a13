"""An async client for any Confluent-compatible schema registry.

The hub's serde needs two calls, ``register`` and ``get_schema``, on its hot
path, so both are cached: schema ids are immutable, and registering the same
text under the same subject always returns the same id. ``latest`` is not
cached, since it is the call that asks what changed.

Only Confluent's documented REST API is used (no Confluent-only extras such
as ``normalize`` or contexts), so the same client works against Confluent,
Karapace, Apicurio's ``/apis/ccompat/v7`` and the hub's embedded registry.
Errors come back as the ``hub.registry`` error types, chosen by Confluent's
``error_code``, so callers can catch ``IncompatibleSchema`` or
``SubjectNotFound`` instead of parsing HTTP responses.
"""

from __future__ import annotations

from urllib.parse import quote

import httpx

from hub.registry import (
    ERRORS_BY_CODE, IncompatibleSchema, RegistryError, RegistryUnreachable, SubjectNotFound, VersionNotFound,
)

MEDIA_TYPE = "application/vnd.schemaregistry.v1+json"
_HEADERS = {
    "Accept": f"{MEDIA_TYPE}, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5",
    "Content-Type": MEDIA_TYPE,
}


def _subject(subject: str) -> str:
    return quote(subject, safe="")


class RegistryClient:
    """``RegistryClient(url, auth=("user", "password"))``; use ``async with`` or call ``close()``."""

    def __init__(self, url: str, auth: tuple[str, str] | httpx.Auth | None = None, *,
                 timeout_s: float = 10.0, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.url = url.rstrip("/")
        self._http = httpx.AsyncClient(base_url=self.url + "/", auth=auth, headers=_HEADERS,
                                       timeout=timeout_s, transport=transport)
        self._ids: dict[tuple[str, str], int] = {}
        self._schemas: dict[int, str] = {}

    @classmethod
    def from_settings(cls, settings, url: str | None = None) -> "RegistryClient":
        """From ``HubSettings``: ``url`` (the embedded registry's) or ``settings.registry.url``, with basic auth."""
        reg = settings.registry
        target = url or reg.url
        if not target:
            raise RegistryError("no schema registry URL: set HUB_SCHEMA_REGISTRY_URL or start the embedded one")
        auth = None
        if reg.basic_auth_user:
            password = reg.basic_auth_password.get_secret_value() if reg.basic_auth_password else ""
            auth = (reg.basic_auth_user, password)
        return cls(target, auth)

    async def __aenter__(self) -> "RegistryClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self._http.aclose()

    async def _call(self, method: str, path: str, body: dict | None = None, params: dict | None = None):
        try:
            response = await self._http.request(method, path.lstrip("/"), json=body, params=params)
        except httpx.TransportError as exc:
            raise RegistryUnreachable(f"schema registry unreachable at {self.url}: "
                                      f"{exc or type(exc).__name__}") from None
        if response.status_code < 400:
            try:
                return response.json()
            except ValueError:
                raise RegistryError(f"schema registry at {self.url} sent a non-JSON answer to {method} {path} "
                                    f"(HTTP {response.status_code})") from None
        raise self._error(response)

    def _error(self, response: httpx.Response) -> RegistryError:
        try:
            body = response.json()
            code = int(body.get("error_code", response.status_code))
            message = str(body.get("message") or response.reason_phrase)
        except (ValueError, TypeError, AttributeError):
            code, message = response.status_code, response.text.strip()[:200] or response.reason_phrase
        if response.status_code in (401, 403):
            message = f"not authorised ({message}); check HUB_SCHEMA_REGISTRY_USER/PASSWORD"
        cls = ERRORS_BY_CODE.get(code, RegistryError)
        text = f"schema registry at {self.url}: {message} (error {code})"
        if cls is IncompatibleSchema:
            return IncompatibleSchema(text, code, messages=[message])
        return cls(text, code)

    async def register(self, subject: str, schema: str) -> int:
        """The id of ``schema`` under ``subject``, registering it if new (idempotent)."""
        key = (subject, schema)
        if key not in self._ids:
            answer = await self._call("POST", f"/subjects/{_subject(subject)}/versions", {"schema": schema})
            self._ids[key] = int(answer["id"])
        return self._ids[key]

    async def get_schema(self, schema_id: int) -> str:
        """The schema text with this global id (cached for good: ids never change meaning)."""
        if schema_id not in self._schemas:
            answer = await self._call("GET", f"/schemas/ids/{int(schema_id)}")
            self._schemas[schema_id] = answer["schema"]
        return self._schemas[schema_id]

    async def latest(self, subject: str) -> tuple[int, int, str]:
        """(id, version, schema) of the subject's latest version; ``SubjectNotFound`` if none."""
        answer = await self._call("GET", f"/subjects/{_subject(subject)}/versions/latest")
        self._schemas.setdefault(int(answer["id"]), answer["schema"])
        return int(answer["id"]), int(answer["version"]), answer["schema"]

    async def lookup(self, subject: str, schema: str) -> tuple[int, int]:
        """(id, version) of ``schema`` under ``subject`` without registering; ``SchemaNotFound`` if absent."""
        answer = await self._call("POST", f"/subjects/{_subject(subject)}", {"schema": schema})
        return int(answer["id"]), int(answer["version"])

    async def check_compatibility(self, subject: str, schema: str) -> list[str]:
        """Why registering ``schema`` under ``subject`` would be refused; [] when it would be accepted.

        Asks for the check against every version the subject's level names
        (``/versions``); registries without that route get the check against
        ``latest``, which for a *_TRANSITIVE level is weaker. A subject that
        does not exist yet accepts any valid schema, so that gives [].
        """
        base = f"/compatibility/subjects/{_subject(subject)}/versions"
        try:
            try:
                answer = await self._call("POST", base, {"schema": schema}, {"verbose": "true"})
            except RegistryError as exc:
                if exc.error_code not in (404, 405):
                    raise
                answer = await self._call("POST", base + "/latest", {"schema": schema}, {"verbose": "true"})
        except (SubjectNotFound, VersionNotFound):
            return []
        if answer.get("is_compatible"):
            return []
        return [str(m) for m in answer.get("messages") or []] or ["incompatible (the registry gave no details)"]

    async def compatibility_level(self, subject: str | None = None) -> str:
        """The level that applies to ``subject`` (or the global one)."""
        if subject is None:
            return (await self._call("GET", "/config"))["compatibilityLevel"]
        answer = await self._call("GET", f"/config/{_subject(subject)}", params={"defaultToGlobal": "true"})
        return answer["compatibilityLevel"]

    async def set_compatibility_level(self, level: str, subject: str | None = None) -> str:
        path = "/config" if subject is None else f"/config/{_subject(subject)}"
        return (await self._call("PUT", path, {"compatibility": level}))["compatibility"]
