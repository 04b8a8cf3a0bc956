"""``--asff-import``: send ASFF findings to Security Hub with ``BatchImportFindings``.

Findings go to the region of their product ARN, at most 100 per call (the API's limit).
boto3 is imported here only, so IaC scans that do not import never load it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

BATCH_SIZE = 100


@dataclass(slots=True)
class ImportResult:
    imported: int = 0
    calls: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)   # {"Id", "ErrorCode", "ErrorMessage"}


def batches(items: list, size: int = BATCH_SIZE) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def import_findings(findings: list[dict[str, Any]],
                    client_for: Callable[[str], Any] | None = None) -> ImportResult:
    """``client_for(region)`` returns a Security Hub client (tests pass stubbed ones); by
    default one from the standard credential chain (``AWS_PROFILE`` and so on)."""
    client_for = client_for or _client_factory()
    by_region: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        region = finding["ProductArn"].split(":")[3]
        by_region.setdefault(region, []).append(finding)
    result = ImportResult()
    for region, items in sorted(by_region.items()):
        client = client_for(region)
        for batch in batches(items):
            response = client.batch_import_findings(Findings=batch)
            result.calls += 1
            result.imported += response.get("SuccessCount", 0)
            result.failed.extend(response.get("FailedFindings", []))
    return result


def _client_factory() -> Callable[[str], Any]:
    import boto3

    session = boto3.session.Session()
    return lambda region: session.client("securityhub", region_name=region)
