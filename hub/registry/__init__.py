"""A Confluent-compatible schema registry for the hub, and a client for any such registry.

The errors live here, in the package itself, because three audiences share
them: the pure store raises them, the HTTP app turns them into Confluent's
``{"error_code", "message"}`` bodies, and the client rebuilds them from those
bodies. So a caller catches ``IncompatibleSchema`` whether it talks to the
store directly, to this registry over HTTP, or to Confluent/Karapace/Apicurio.

Modules: ``store`` (state machine, no I/O), ``log`` (the ``_schemas`` topic),
``app`` (REST API), ``server`` (uvicorn in the caller's loop), ``client``.
"""

from __future__ import annotations

from hub.errors import HubError


class RegistryError(HubError):
    """A schema-registry error; ``error_code`` is Confluent's (None: no answer at all)."""

    error_code: int | None = 50001
    http_status: int = 500

    def __init__(self, message: str, error_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if error_code is not None:
            self.error_code = error_code


class SubjectNotFound(RegistryError):
    error_code, http_status = 40401, 404


class VersionNotFound(RegistryError):
    error_code, http_status = 40402, 404


class SchemaNotFound(RegistryError):
    error_code, http_status = 40403, 404


class SubjectSoftDeleted(RegistryError):
    error_code, http_status = 40404, 404


class SubjectNotSoftDeleted(RegistryError):
    error_code, http_status = 40405, 404


class VersionSoftDeleted(RegistryError):
    error_code, http_status = 40406, 404


class VersionNotSoftDeleted(RegistryError):
    error_code, http_status = 40407, 404


class SubjectConfigNotFound(RegistryError):
    error_code, http_status = 40408, 404


class IncompatibleSchema(RegistryError):
    """The schema breaks the subject's compatibility rule; ``messages`` say how."""

    error_code, http_status = 409, 409

    def __init__(self, message: str, error_code: int | None = None, messages: list[str] | None = None) -> None:
        super().__init__(message, error_code)
        self.messages = list(messages or [])


class InvalidSchema(RegistryError):
    error_code, http_status = 42201, 422


class InvalidVersion(RegistryError):
    error_code, http_status = 42202, 422


class InvalidCompatibilityLevel(RegistryError):
    error_code, http_status = 42203, 422


class BackendError(RegistryError):
    error_code, http_status = 50001, 500


class RegistryUnreachable(RegistryError):
    """No HTTP answer at all (refused, DNS, timeout): nothing Confluent-coded to show."""

    error_code, http_status = None, 503


#: error_code -> class, for the client to rebuild the right type from a response.
ERRORS_BY_CODE: dict[int, type[RegistryError]] = {
    cls.error_code: cls
    for cls in (SubjectNotFound, VersionNotFound, SchemaNotFound, SubjectSoftDeleted, SubjectNotSoftDeleted,
                VersionSoftDeleted, VersionNotSoftDeleted, SubjectConfigNotFound, IncompatibleSchema,
                InvalidSchema, InvalidVersion, InvalidCompatibilityLevel, BackendError)
}

_LAZY = {
    "RegistryClient": "hub.registry.client",
    "SchemaStore": "hub.registry.store",
    "MemoryBackend": "hub.registry.log",
    "LogBackend": "hub.registry.log",
    "create_registry_app": "hub.registry.app",
    "start_registry": "hub.registry.server",
    "RegistryHandle": "hub.registry.server",
}


def __getattr__(name: str):
    """Lazy re-exports: importing the errors must not pull in aiokafka, FastAPI or avro."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'hub.registry' has no attribute {name!r}")
