"""Report documents built by hand, so format tests do not move when rules change."""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

REMEDIATION = {"summary": "Disable direct internet access.",
               "cloudformation": "Notebook:\n  Type: AWS::SageMaker::NotebookInstance\n  Properties:\n"
                                 "    DirectInternetAccess: Disabled",
               "terraform": 'resource "aws_sagemaker_notebook_instance" "nb" {\n'
                            '  direct_internet_access = "Disabled"\n}',
               "cli": "aws sagemaker create-notebook-instance --direct-internet-access Disabled"}
RULES = {"MLS001": ("notebook-direct-internet-enabled", "notebook-direct-internet", "high"),
         "MLS002": ("notebook-root-access-enabled", "notebook-root-access", "high"),
         "MLS602": ("cloudtrail-not-multi-region", "cloudtrail-multi-region", "medium"),
         "MLS105": ("endpoint-variant-single-instance", "endpoint-single-instance", "low")}
FRAMEWORKS = {"MLS001": {"aws-fsbp": ["SageMaker.1"]}, "MLS602": {"cis-aws-v3": ["3.1"], "aws-fsbp": ["CloudTrail.1"]}}


def finding(rule_id: str = "MLS001", status: str = "fail", rid: str = "BadNotebook", file: str | None = "stack.yaml",
            line: int | None = 3, source: str = "cloudformation", kind: str = "AWS::SageMaker::NotebookInstance",
            suppressed: dict | None = None, account: str | None = None, region: str | None = None,
            arn: str | None = None, message: str = "DirectInternetAccess is Enabled (not set; AWS default)",
            subject: str | None = None) -> dict[str, Any]:
    name, control, severity = RULES[rule_id]
    key = "|".join((rule_id, kind, arn or file or "", rid, subject or ""))
    return {"rule_id": rule_id, "rule_name": name, "control": control, "severity": severity, "status": status,
            "resource": {"type": kind, "id": rid, "source": source, "native_type": kind, "file": file, "line": line,
                         "region": region, "account": account, "arn": arn},
            "subject": subject, "message": message, "reason": "unresolved parameter" if status == "unknown" else None,
            "evidence": {"path": "DirectInternetAccess", "value": "Enabled"}, "remediation": dict(REMEDIATION),
            "frameworks": FRAMEWORKS.get(rule_id, {}), "suppressed": suppressed,
            "fingerprint": hashlib.sha256(key.encode()).hexdigest()[:32]}


def document(findings: list[dict[str, Any]], errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    errors = errors or []
    counts, by_severity, suppressed = Counter(), Counter(), 0
    for f in findings:
        if f["suppressed"]:
            suppressed += 1
            continue
        counts[f["status"]] += 1
        if f["status"] == "fail":
            by_severity[f["severity"]] += 1
    files = sorted({f["resource"]["file"] for f in findings if f["resource"]["file"]})
    return {
        "schema_version": "1", "tool": {"name": "mlsec", "version": "0.1.0"},
        "scan": {"started_at": "2026-01-02T03:04:05+00:00", "finished_at": "2026-01-02T03:04:06+00:00",
                 "duration_s": 1.25, "targets": ["."], "files": files, "rules": sorted(RULES)},
        "summary": {"fail": counts["fail"], "pass": counts["pass"], "unknown": counts["unknown"],
                    "not_applicable": counts["not_applicable"], "suppressed": suppressed, "errors": len(errors),
                    "fail_by_severity": {s: by_severity[s] for s in ("critical", "high", "medium", "low")},
                    "resources": len({(f["resource"]["file"], f["resource"]["id"]) for f in findings}),
                    "files": len(files), "rules": len(RULES)},
        "findings": findings, "errors": errors,
    }


def mixed_document() -> dict[str, Any]:
    """Every status, a suppression, a subject, a live finding and an error."""
    return document([
        finding(),
        finding("MLS002", rid="BadNotebook", message="RootAccess is Enabled"),
        finding("MLS001", status="pass", rid="GoodNotebook", line=20, message="DirectInternetAccess is Disabled"),
        finding("MLS001", status="unknown", rid="UnknownNotebook", line=30, message="DirectInternetAccess is unknown"),
        finding("MLS002", rid="AcceptedNotebook", line=40, suppressed={"by": "security-team", "reason": "lab sandbox",
                                                                      "expires": "2030-01-31"}),
        finding("MLS105", rid="aws_sagemaker_endpoint_configuration.main", file="tf/main.tf", line=7,
                source="terraform", kind="AWS::SageMaker::EndpointConfig", subject="AllTraffic",
                message="InitialInstanceCount is 1"),
        finding("MLS105", status="not_applicable", rid="aws_sagemaker_endpoint_configuration.serverless",
                file="tf/main.tf", line=20, source="terraform", kind="AWS::SageMaker::EndpointConfig",
                message="serverless variant"),
        finding("MLS602", rid="arn:aws:cloudtrail:eu-west-1:123456789012:trail/org", file=None, line=None,
                source="aws", kind="AWS::CloudTrail::Trail", account="123456789012", region="eu-west-1",
                arn="arn:aws:cloudtrail:eu-west-1:123456789012:trail/org", message="IsMultiRegionTrail is false"),
    ], errors=[{"file": "broken.yaml", "line": 2, "message": "mapping values are not allowed here", "kind": "parse"}])
