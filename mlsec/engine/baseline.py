"""Baselines: the FAIL and UNKNOWN findings a project already has, so that a gate fails
only on new ones.

``mlsec baseline create -o .mlsec-baseline.json PATH...`` records the fingerprint and
status of every unsuppressed FAIL/UNKNOWN finding (engine/findings.py: rule, resource
type, file or ARN, resource id, subject -- no line numbers, so moving code, reformatting
it or adding other resources leaves them unchanged). ``--baseline FILE`` then marks the
findings it lists as suppressed (``by: "baseline FILE"``): they stay in every report for
the audit trail but no longer decide the exit code. A finding whose status changed
(UNKNOWN that became FAIL) is new. Baseline entries that no longer occur are counted as
fixed in the report's ``scan.baseline`` block.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable

from mlsec.engine.findings import Finding
from mlsec.model.verdict import Status

FORMAT = "mlsec-baseline"
VERSION = 1
_RECORDED = (Status.FAIL, Status.UNKNOWN)


class BaselineError(Exception):
    """A baseline file that cannot be read; the message names the file."""


def document(findings: Iterable[Finding], targets: list[str]) -> dict:
    """The baseline of these findings, ordered so that regenerating it diffs cleanly."""
    from mlsec import __version__

    entries = {}
    for f in findings:
        if f.status in _RECORDED and not f.suppressed:
            entries[(f.fingerprint, f.status.value)] = {
                "fingerprint": f.fingerprint, "status": f.status.value, "rule_id": f.rule.id,
                "resource": f.resource.id, "file": f.resource.file or f.resource.arn,
            }
    ordered = sorted(entries.values(), key=lambda e: (e["file"] or "", e["resource"], e["rule_id"], e["fingerprint"]))
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "tool_version": __version__,
        "targets": list(targets),
        "findings": ordered,
    }


def write(path: str, doc: dict) -> None:
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        # ASCII escapes: file names that are not UTF-8 (lone surrogates) must survive too
        json.dump(doc, handle, indent=1, ensure_ascii=True)
        handle.write("\n")


@dataclass(slots=True)
class Baseline:
    path: str
    created_at: str
    keys: set[tuple[str, str]]
    seen: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def load(cls, path: str) -> "Baseline":
        try:
            with open(path, encoding="utf-8") as handle:
                doc = json.load(handle)
        except FileNotFoundError:
            raise BaselineError(f"{path}: no such baseline file (create one with `mlsec baseline create -o "
                                f"{path} PATH...`)") from None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise BaselineError(f"{path}: not a readable baseline: {exc}") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("findings"), list):
            raise BaselineError(f"{path}: not an mlsec baseline (expected \"format\": \"{FORMAT}\" and a findings "
                                f"list)")
        if doc.get("version") != VERSION:
            raise BaselineError(f"{path}: baseline version {doc.get('version')!r} is not supported (expected "
                                f"{VERSION}); recreate it with `mlsec baseline create`")
        keys = set()
        for i, entry in enumerate(doc["findings"]):
            if not (isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str)
                    and entry.get("status") in {s.value for s in _RECORDED}):
                raise BaselineError(f"{path}: findings[{i}] needs a fingerprint and a status of fail or unknown")
            keys.add((entry["fingerprint"], entry["status"]))
        return cls(path, str(doc.get("created_at") or "an unknown date"), keys)

    def apply(self, findings: Iterable[Finding], present: set[tuple[str, str]] | None = None) -> dict[str, int | str]:
        """Mark known findings as suppressed by the baseline; counts for the report.

        ``present`` is every (fingerprint, status) the scan found, including findings
        another suppression took or the diff scope left out: an entry counts as fixed
        only when it is not among them."""
        known = new = 0
        record = {"by": f"baseline {self.path}", "reason": f"present in the baseline created {self.created_at}",
                  "expires": None}
        for f in findings:
            if f.status not in _RECORDED or f.suppressed:
                continue
            key = (f.fingerprint, f.status.value)
            if key in self.keys:
                f.suppressed = dict(record)
                self.seen.add(key)
                known += 1
            else:
                new += 1
        gone = self.keys - (present if present is not None else self.seen)
        return {"file": self.path, "known": known, "new": new, "fixed": len(gone)}
