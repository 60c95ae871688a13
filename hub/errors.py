"""The hub's own error types, translated from library errors at the edges.

Every error a user can cause derives from ``HubError``; the CLI prints its
message on one line and exits non-zero, the gateway turns it into an RFC 9457
problem document. Neither ever shows a traceback for one.
"""


class HubError(Exception):
    """An error with a message fit for the user who caused it."""

    exit_code = 2
