"""``--format json``."""

from __future__ import annotations

import json
from typing import Any


def render(doc: dict[str, Any], options=None) -> str:
    # No indentation: only the compact form uses the C encoder, which matters for reports
    # with tens of thousands of findings (pipe through `jq` to read it).
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"
