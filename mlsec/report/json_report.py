"""``--format json``."""

from __future__ import annotations

import json

from mlsec.engine.scan import ScanResult
from mlsec.report.document import report_document


def render(result: ScanResult, color: bool = False) -> str:
    return json.dumps(report_document(result), indent=2, ensure_ascii=False) + "\n"
