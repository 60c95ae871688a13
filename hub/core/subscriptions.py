"""Which alerts a webhook subscription receives: the filter, its validation and matching.

Pure: no Kafka, no HTTP. The gateway validates a subscriber's filter with
``parse_filter`` and the webhook dispatcher asks ``matches`` for every alert
and every active subscription.

A filter is a conjunction: an alert must pass every criterion that is set;
within a list criterion any one entry suffices. The criteria:

- ``mine``: the subscribing partner holds supplier records for the alert's
  hub_id: the alert's ``partners`` name it (the holders when the alert was
  raised), or the caller knows it holds them now (``holds_records``: a
  record that joined the supplier in the same batch as the alert, or since,
  is not in ``partners``). Always on for a partner (a
  partner may only be alerted about its own suppliers, as ``GET /v1/alerts``
  shows it only those); never on for a caller without a partner (planner,
  admin, an external client without a partner claim), which must give at
  least one other criterion instead.
- ``min_severity``: the alert's severity is at least this one
  (minor < major < critical < zero_tolerance). An alert whose severity is
  ``unknown`` (a newer writer's symbol) passes: better one alert too many
  than a missed one.
- ``kinds``: the alert's kind is one of these.
- ``areas``: the alert is about one of these Code of Conduct areas: its
  ``areas`` field names it. The hub fills that field for alerts on findings
  of shared audits (``critical_finding``, ``cap_overdue``) and for risk
  analyses (``risk_raised``), exactly where the reason names the area.
  Alerts about no area (sanction steps, merges, and findings of
  participants-only audits, whose area is confidential) carry none and do
  not pass an ``areas`` criterion; subscribe by ``kinds`` or
  ``min_severity`` to get those.
  Alerts written before the field existed have no ``areas`` (decoded with
  the current schema they read as ``[]``, its default): for them the area is
  read from the reason ("critical finding (labour_rights, clause 2.1) ...",
  "rates environment risk high ..."). As an empty list cannot tell such an
  old alert from a new one about no area, an absent or empty ``areas`` falls
  back to the reason; for a new alert that changes nothing, since its reason
  then names no area either.
- ``countries``: the supplier's country of registration is one of these.
- ``hub_ids``: the alert is about one of these merged suppliers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hub.core.validation import AREAS
from hub.rules.alerts import SEVERITIES
from hub.rules.countries import ISO_ALPHA2

#: The SupplierAlert kinds (schema enum AlertKind, without ``unknown``).
ALERT_KINDS: tuple[str, ...] = (
    "critical_finding", "sanction_escalated", "cap_overdue", "risk_raised", "merge_joins_critical",
)
#: Keys a filter may have.
FILTER_KEYS: tuple[str, ...] = ("mine", "min_severity", "areas", "kinds", "countries", "hub_ids")
#: Most entries in one list criterion (a subscription is not a bulk export).
MAX_LIST = 500
MAX_HUB_ID_LENGTH = 100

# How hub.core.alerts words an area in a reason, for alerts written before the
# ``areas`` field (tests/core/test_subscriptions.py checks these against alerts the
# real evaluator raises, so a rewording fails there).
_FINDING_AREA = re.compile(r"finding \((?P<area>[a-z_]+), clause ")
_RISK_AREA = re.compile(r" rates (?P<area>[a-z_]+) risk ")


@dataclass(frozen=True)
class SubscriptionFilter:
    mine: bool = True
    min_severity: str | None = None
    areas: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    hub_ids: tuple[str, ...] = ()

    @property
    def criteria(self) -> int:
        """How many criteria are set besides ``mine``."""
        return sum(1 for v in (self.min_severity, self.areas, self.kinds, self.countries, self.hub_ids) if v)

    def as_dict(self) -> dict[str, Any]:
        """The filter as JSON and as the Avro ``SubscriptionFilter`` record (same shape)."""
        return {"mine": self.mine, "min_severity": self.min_severity, "areas": list(self.areas),
                "kinds": list(self.kinds), "countries": list(self.countries), "hub_ids": list(self.hub_ids)}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "SubscriptionFilter":
        """From a decoded Avro record (trusted: written by the gateway after ``parse_filter``).

        A symbol a newer writer added reads as ``unknown``; it is kept (it
        matches no known area or kind), and an unknown ``min_severity`` reads
        as the highest one, so an old reader never widens a filter it cannot
        fully read.
        """
        severity = record.get("min_severity")
        return cls(
            mine=bool(record.get("mine", True)),
            min_severity=None if severity is None else severity if severity in SEVERITIES else SEVERITIES[-1],
            areas=tuple(record.get("areas") or ()),
            kinds=tuple(record.get("kinds") or ()),
            countries=tuple(record.get("countries") or ()),
            hub_ids=tuple(record.get("hub_ids") or ()),
        )


@dataclass(frozen=True)
class FilterProblem:
    path: str
    message: str


class InvalidFilter(ValueError):
    """The filter a subscriber gave cannot be used; ``problems`` name the fields."""

    def __init__(self, problems: list[FilterProblem]):
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems


def parse_filter(raw: Mapping[str, Any] | None, partner: str | None) -> SubscriptionFilter:
    """Validate a subscriber's filter; ``partner`` is the caller's (None: planner, admin).

    ``None`` or ``{}`` means the default, the caller's own suppliers, which
    only a partner has. Raises InvalidFilter naming every bad field (never
    echoing its value).
    """
    raw = {} if raw is None else raw
    problems: list[FilterProblem] = []
    if not isinstance(raw, Mapping):
        raise InvalidFilter([FilterProblem("filter", "must be an object")])
    for key in raw:
        if key not in FILTER_KEYS:
            problems.append(FilterProblem(f"filter.{key}", "is not a filter criterion"))

    mine = raw.get("mine")
    if mine is not None and not isinstance(mine, bool):
        problems.append(FilterProblem("filter.mine", "must be true or false"))
    elif partner is not None and mine is False:
        problems.append(FilterProblem("filter.mine", "a partner's subscription always covers only its own "
                                                     "suppliers; narrow it with the other criteria"))
    elif partner is None and mine is True:
        problems.append(FilterProblem("filter.mine", "the caller has no partner, so no suppliers of its own"))

    severity = raw.get("min_severity")
    if severity is not None and severity not in SEVERITIES:
        problems.append(FilterProblem("filter.min_severity", f"must be one of {', '.join(SEVERITIES)}"))

    areas = _list(raw, "areas", problems, lambda v: v in AREAS, f"each must be one of {', '.join(AREAS)}")
    kinds = _list(raw, "kinds", problems, lambda v: v in ALERT_KINDS,
                  f"each must be one of {', '.join(ALERT_KINDS)}")
    countries = _list(raw, "countries", problems, lambda v: v.upper() in ISO_ALPHA2,
                      "each must be an ISO 3166-1 alpha-2 code")
    hub_ids = _list(raw, "hub_ids", problems, lambda v: 0 < len(v) <= MAX_HUB_ID_LENGTH,
                    f"each must be a hub_id of 1 to {MAX_HUB_ID_LENGTH} characters")
    if problems:
        raise InvalidFilter(problems)

    result = SubscriptionFilter(
        mine=partner is not None,
        min_severity=severity,
        areas=areas,
        kinds=kinds,
        countries=tuple(c.upper() for c in countries),
        hub_ids=hub_ids,
    )
    if partner is None and result.criteria == 0:
        raise InvalidFilter([FilterProblem("filter", "a caller without a partner must give at least one of "
                                                     "min_severity, areas, kinds, countries, hub_ids")])
    return result


def _list(raw: Mapping[str, Any], key: str, problems: list[FilterProblem], ok, message: str) -> tuple[str, ...]:
    value = raw.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(FilterProblem(f"filter.{key}", "must be a list of strings"))
        return ()
    if len(value) > MAX_LIST:
        problems.append(FilterProblem(f"filter.{key}", f"at most {MAX_LIST} entries"))
        return ()
    bad = [i for i, v in enumerate(value) if not ok(v)]
    for i in bad[:5]:
        problems.append(FilterProblem(f"filter.{key}[{i}]", message))
    return tuple(dict.fromkeys(value))  # drop repeats, keep order


def areas_of(alert: Mapping[str, Any]) -> frozenset[str]:
    """The Code of Conduct areas an alert is about (empty when none): its ``areas``
    field, or, when that is absent or empty (an alert written before the field
    existed), the areas its reason names.

    A symbol a newer writer added reads as ``unknown`` and is kept: it matches
    no area a filter can give."""
    areas = alert.get("areas")
    if areas:
        return frozenset(areas)
    return _reason_areas(alert)


def _reason_areas(alert: Mapping[str, Any]) -> frozenset[str]:
    """The Code of Conduct areas an alert's reason names (empty when it names none)."""
    reason = alert.get("reason") or ""
    found = {m.group("area") for pattern in (_FINDING_AREA, _RISK_AREA) for m in pattern.finditer(reason)}
    return frozenset(a for a in found if a in AREAS)


def _severity_at_least(severity: str | None, minimum: str) -> bool:
    if severity not in SEVERITIES:
        return True  # a newer writer's severity: deliver rather than miss it
    return SEVERITIES.index(severity) >= SEVERITIES.index(minimum)


def matches(f: SubscriptionFilter, alert: Mapping[str, Any], partner: str | None, *,
            holds_records: bool = False) -> bool:
    """Does ``alert`` (a SupplierAlert as decoded) pass filter ``f`` of a subscription of ``partner``?

    ``holds_records``: ``partner`` is known, by other means than the alert,
    to hold supplier records for the alert's hub_id now.
    """
    if f.mine and (partner is None or not (holds_records or partner in (alert.get("partners") or ()))):
        return False
    if f.min_severity and not _severity_at_least(alert.get("severity"), f.min_severity):
        return False
    if f.kinds and alert.get("kind") not in f.kinds:
        return False
    if f.countries and str(alert.get("country", "")).upper() not in f.countries:
        return False
    if f.hub_ids and alert.get("hub_id") not in f.hub_ids:
        return False
    if f.areas and not (areas_of(alert) & set(f.areas)):
        return False
    return True

