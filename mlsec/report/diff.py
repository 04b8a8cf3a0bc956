"""Compare two report documents by finding fingerprint.

Only failing findings take part: a finding is *new* when it fails now and did not fail
in the previous report, *fixed* when it failed before and no longer fails (it passes
now, or its resource or rule is gone), *unchanged* when it fails in both. Suppressed
failures take part like the others and keep their suppression.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class ReportDiff:
    new: list[dict[str, Any]] = field(default_factory=list)
    fixed: list[dict[str, Any]] = field(default_factory=list)       # findings of the previous report
    unchanged: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"new": len(self.new), "fixed": len(self.fixed), "unchanged": len(self.unchanged)}

    def change_of(self) -> dict[str, str]:
        """fingerprint -> "new" | "unchanged" for the failing findings of the current report."""
        out = {f["fingerprint"]: "new" for f in self.new}
        out.update((f["fingerprint"], "unchanged") for f in self.unchanged)
        return out


def failing(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["fingerprint"]: f for f in doc["findings"] if f["status"] == "fail"}


def diff_reports(old: dict[str, Any], new: dict[str, Any]) -> ReportDiff:
    before, now = failing(old), failing(new)
    out = ReportDiff()
    for fingerprint, finding in now.items():
        (out.unchanged if fingerprint in before else out.new).append(finding)
    out.fixed = [f for fp, f in before.items() if fp not in now]
    return out


def diff_document(diff: ReportDiff) -> dict[str, Any]:
    """The ``mlsec report diff --format json`` output."""
    return {"summary": diff.counts(), "new": diff.new, "fixed": diff.fixed, "unchanged": diff.unchanged}
