"""The durable event archive: every event the hub accepts, kept as evidence and replayed on start.

Why it exists: the embedded broker keeps its log in memory, so without the
archive a restart would lose every submission; and the partners' agencies
must keep what they received as public records, provably unaltered. Kafka's
retention is neither.

What it holds: the records of the topics in ``ARCHIVED_TOPICS`` (the inputs
the derived state depends on), byte for byte, in Avro Object Container Files,
chained by SHA-256 and sealed by signed checkpoints. Derived topics (the
merged view, alerts, dead letters, the internal fan-out, Faust changelogs)
are not archived: the processors recompute them from a replay.

Modules: ``entry`` (the record and its hash), ``files`` (reading and writing
the container files), ``checkpoints`` (signed chain heads), ``writer`` (the
one appender of a directory), ``service`` (the Kafka consumer that feeds it),
``replay``, ``verify`` and ``export``. See docs/archive.md.
"""

from __future__ import annotations

from hub.contracts.cloudevents import REVIEW_SUBJECT_PREFIX
from hub.errors import HubError
from hub.kafka import topics as _t

#: Topics whose records are archived: everything the derived state depends on.
ARCHIVED_TOPICS: tuple[str, ...] = (
    _t.SCHEMAS,
    _t.SUPPLIER_RECORDS,
    _t.AUDIT_OUTCOMES,
    _t.RISK_ANALYSES,
    _t.MATCH_DECISIONS,
    _t.SUBSCRIPTIONS,
    _t.WEBHOOK_DELIVERIES,
)

#: The consumer group the archive commits its position to (for lag monitoring only).
ARCHIVE_GROUP = "hub-archive"


class ArchiveError(HubError):
    """The archive cannot be read, written or trusted; the message says where and why."""


def derived(topic: str, headers) -> bool:
    """Whether a record on an archived topic is the processors' own output, recomputed by a replay.

    Such records are not archived: archiving them would store each one again
    after every restart (the processors re-emit them, with the same event ids,
    while rebuilding from the replay). They are the review items, automatic
    merges and splits the processors publish on ``hub.match-decisions.v1``
    with the hub's own source (``ce_source: /hub``; a person's decision made
    through the gateway carries the same source but a ``review/`` subject, and
    is archived), and records the processors forward to the partition of
    their country (header ``hub_forwarded``: the original is archived).
    """
    source = subject = None
    for name, value in headers or ():
        if name == _t.FORWARDED_HEADER:
            return True
        if name == "ce_source":
            source = value
        elif name == "ce_subject":
            subject = value
    human = subject is not None and subject.startswith(REVIEW_SUBJECT_PREFIX.encode())
    return topic == _t.MATCH_DECISIONS and source == b"/hub" and not human


def __getattr__(name: str):
    """``from hub.archive import ArchiveService``, imported on first use (it pulls in aiokafka).

    Replay lives in ``hub.archive.replay`` (``from hub.archive.replay import replay``).
    """
    if name == "ArchiveService":
        from hub.archive.service import ArchiveService

        return ArchiveService
    raise AttributeError(f"module 'hub.archive' has no attribute {name!r}")
