"""Findings: one rule's verdict on one resource, with everything a report needs."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mlsec.engine.rule import Rule
from mlsec.model.base import Resource, location_of
from mlsec.model.verdict import Severity, Status, Verdict


@dataclass(slots=True, frozen=True)
class ResourceIdentity:
    """What a finding keeps of a resource: who it is and where, not its properties."""

    kind: str
    native_type: str
    id: str
    source: str
    unit: str
    file: str | None = None
    line: int | None = None
    region: str | None = None
    account: str | None = None
    arn: str | None = None
    metadata: dict[str, Any] | None = None

    @classmethod
    def of(cls, res: Resource) -> "ResourceIdentity":
        return cls(res.kind or res.native_type, res.native_type, res.id, res.source, res.unit, res.file, res.line,
                   res.region, res.account, res.arn, res.metadata or None)

    def location(self) -> str:
        return location_of(self.file, self.line, self.arn, self.id)


@dataclass(slots=True)
class Finding:
    rule: Rule
    resource: ResourceIdentity
    verdict: Verdict
    suppressed: dict[str, Any] | None = None
    cached_fingerprint: str | None = None  # computed once; workers send theirs along

    @property
    def status(self) -> Status:
        return self.verdict.status

    @property
    def severity(self) -> Severity:
        """The verdict's own severity when it sets one, else the rule's."""
        return self.verdict.severity or self.rule.severity

    @property
    def line(self) -> int | None:
        return self.verdict.line or self.resource.line

    @property
    def fingerprint(self) -> str:
        """Stable across line moves and reformatting: rule, resource identity, subject.
        Paths count as the checkout names them (``./a.yaml``, ``a.yaml`` and its absolute
        path are one file), so a baseline made in CI matches a scan run locally."""
        if self.cached_fingerprint is not None:
            return self.cached_fingerprint
        res = self.resource
        where = res.arn or stable_path(res.file or res.unit, os.getcwd())
        key = "|".join((self.rule.id, res.kind, where, res.id, self.verdict.subject or ""))
        # surrogateescape: a file name that is not UTF-8 hashes as its own bytes
        self.cached_fingerprint = hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        return self.cached_fingerprint

    def to_dict(self) -> dict[str, Any]:
        res = self.resource
        rule = self.rule
        return {
            "rule_id": rule.id,
            "rule_name": rule.name,
            "control": rule.control,
            "severity": self.severity.value,
            "status": self.status.value,
            "resource": {
                "type": res.kind,
                "id": res.id,
                "source": res.source,
                "native_type": res.native_type,
                "file": res.file,
                "line": self.line,
                "region": res.region,
                "account": res.account,
                "arn": res.arn,
            },
            "subject": self.verdict.subject,
            "message": self.verdict.message,
            "reason": self.verdict.reason,
            "evidence": self.verdict.evidence,
            "remediation": _remediation(rule),
            "frameworks": rule.frameworks,
            "suppressed": self.suppressed,
            "fingerprint": self.fingerprint,
        }


_REMEDIATION_FORMS = ("summary", "cloudformation", "terraform", "cli")
_remediations: dict[str, dict[str, str]] = {}


def _remediation(rule: Rule) -> dict[str, str]:
    """The report's remediation block of a rule, built once and shared by its findings."""
    block = _remediations.get(rule.id)
    if block is None:
        block = _remediations[rule.id] = {k: rule.remediation.get(k, "") for k in _REMEDIATION_FORMS}
    return block


@lru_cache(maxsize=65536)
def stable_path(path: str, cwd: str) -> str:
    """``path`` relative to ``cwd`` when inside it, normalised, with ``/`` separators."""
    norm = os.path.normpath(path)
    if os.path.isabs(norm):
        rel = os.path.relpath(norm, cwd)
        if not rel.startswith(".."):
            norm = rel
    return norm.replace(os.sep, "/")
