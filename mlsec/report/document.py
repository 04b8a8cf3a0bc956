"""The JSON report document (schema_version "1"), the source every other format renders."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from mlsec import __version__
from mlsec.model.verdict import Severity, Status

SCHEMA_VERSION = "1"

if TYPE_CHECKING:
    from mlsec.engine.scan import ScanResult


def summarize(result: ScanResult) -> dict[str, Any]:
    statuses = Counter()
    fail_by_severity = Counter()
    by_framework: dict[str, dict[str, Counter]] = {}
    suppressed = 0
    for f in result.findings:
        if f.suppressed:
            suppressed += 1
            continue
        status = f.status.value
        statuses[status] += 1
        if f.status is Status.FAIL:
            fail_by_severity[f.severity.value] += 1  # a verdict may raise or lower its rule's
        for name, controls in f.rule.frameworks.items():
            per_control = by_framework.setdefault(name, {})
            for control in controls:
                per_control.setdefault(control, Counter())[status] += 1
    return {
        "fail": statuses[Status.FAIL.value],
        "pass": statuses[Status.PASS.value],
        "unknown": statuses[Status.UNKNOWN.value],
        "not_applicable": statuses[Status.NOT_APPLICABLE.value],
        "suppressed": suppressed,
        "errors": len(result.errors),
        "fail_by_severity": {s.value: fail_by_severity[s.value] for s in Severity},
        "resources": result.resources,
        "files": len(result.files),
        "rules": len(result.rules),
        "frameworks": _framework_summary(result, by_framework),
    }


def _framework_summary(result: ScanResult, counts: dict[str, dict[str, Counter]]) -> dict[str, Any]:
    """Per compliance framework: its controls covered by the rules run, the findings of
    each, and a control's verdict (failed if any finding fails, unknown if any is unknown)."""
    from mlsec.engine.frameworks import framework_files

    titles = {name: data.get("title", name) for name, data in framework_files().items()}
    covered: dict[str, set[str]] = {}
    for rule in result.rules:
        for name, controls in rule.frameworks.items():
            covered.setdefault(name, set()).update(controls)
    out: dict[str, Any] = {}
    for name in sorted(covered):
        controls = {}
        for control in sorted(covered[name]):
            c = counts.get(name, {}).get(control, Counter())
            state = ("failed" if c["fail"] else "unknown" if c["unknown"] else "passed" if c["pass"]
                     else "not_evaluated")
            controls[control] = {"status": state, "fail": c["fail"], "pass": c["pass"], "unknown": c["unknown"]}
        judged = [v for v in controls.values() if v["status"] != "not_evaluated"]
        passed = sum(v["status"] == "passed" for v in judged)
        out[name] = {
            "title": titles.get(name, name),
            "controls": controls,
            "controls_passed": passed,
            "controls_failed": sum(v["status"] == "failed" for v in judged),
            "controls_unknown": sum(v["status"] == "unknown" for v in judged),
            "pass_rate": round(passed / len(judged), 4) if judged else None,
        }
    return out


def report_document(result: ScanResult) -> dict[str, Any]:
    scan: dict[str, Any] = {
        "started_at": result.started_at,
        "finished_at": result.finished_at,
        "duration_s": result.duration_s,
        "targets": result.targets,
        "files": result.files,
        "rules": [r.id for r in result.rules],
    }
    scan.update(result.extra)
    findings = sorted(result.findings, key=_order)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "mlsec", "version": __version__},
        "scan": scan,
        "summary": summarize(result),
        "findings": [f.to_dict() for f in findings],
        "errors": [e.to_dict() for e in result.errors],
    }


_STATUS_ORDER = {Status.FAIL: 0, Status.UNKNOWN: 1, Status.PASS: 2, Status.NOT_APPLICABLE: 3}


def _order(f) -> tuple:
    return (f.resource.file or f.resource.unit, f.resource.id, _STATUS_ORDER[f.status], -f.severity.rank,
            f.rule.id, f.verdict.subject or "")


# -- reading a document (every format renders from the dict, never from Finding objects) --

def location(finding: dict[str, Any]) -> str:
    """Where a finding is: ``file:line`` for IaC, the ARN (or id) for live resources."""
    res = finding["resource"]
    if res.get("file"):
        return f"{res['file']}:{res['line']}" if res.get("line") else res["file"]
    return res.get("arn") or res["id"]


def resource_key(finding: dict[str, Any]) -> tuple[str, str, str]:
    """Identifies the resource a finding is about, across the findings of one document."""
    res = finding["resource"]
    where = res.get("file") or "/".join(filter(None, (res.get("account"), res.get("region"))))
    return (where, res["type"], res["id"])


def utc_stamp(stamp: str) -> str:
    """A report time (ISO 8601, UTC) in the ``Z`` form SARIF and ASFF readers expect."""
    return stamp[:-6] + "Z" if stamp.endswith("+00:00") else stamp
