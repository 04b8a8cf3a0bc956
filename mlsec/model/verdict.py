"""The outcome of one rule on one resource."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Status(str, Enum):
    FAIL = "fail"
    PASS = "pass"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


class Severity(str, Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.CRITICAL: 4, Severity.HIGH: 3, Severity.MEDIUM: 2, Severity.LOW: 1}


@dataclass(slots=True)
class Verdict:
    """What a rule concluded. ``message`` states the observed fact and where it came
    from; ``reason`` is a short machine-readable cause (e.g. ``kms-on-instance-store``,
    or the reason a value is unknown); ``line``/``subject`` narrow the location when a
    rule judges part of a resource (one production variant, one statement).
    ``severity``, when set, replaces the rule's severity for this finding (a rule whose
    catalogue entry raises or lowers it case by case, e.g. for SageMaker execution roles)."""

    status: Status
    message: str
    reason: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    subject: str | None = None
    severity: Severity | None = None


def failed(message: str, **kw: Any) -> Verdict:
    return Verdict(Status.FAIL, message, **kw)


def passed(message: str, **kw: Any) -> Verdict:
    return Verdict(Status.PASS, message, **kw)


def unknown(message: str, reason: str | None = None, **kw: Any) -> Verdict:
    return Verdict(Status.UNKNOWN, message, reason=reason or message, **kw)


def not_applicable(message: str, **kw: Any) -> Verdict:
    return Verdict(Status.NOT_APPLICABLE, message, **kw)
