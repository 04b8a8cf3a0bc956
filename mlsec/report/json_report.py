"""``--format json``."""

from __future__ import annotations

import json

from mlsec.engine.scan import ScanResult
from mlsec.report.document import report_document


def render(result: ScanResult, color: bool = False) -> str:
    # No indentation: only the compact form uses the C encoder, which matters for reports
    # with tens of thousands of findings (pipe through `jq` to read it).
    return json.dumps(report_document(result), ensure_ascii=False, separators=(",", ":")) + "\n"
