"""AWS managed policies known by ARN (data/managed_policies.json, written from AWS's public
documentation; never fetched)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

_AWS_MANAGED = re.compile(r"^arn:[^:]+:iam::aws:policy/(.+)$")
_DATA = Path(__file__).resolve().parent / "data" / "managed_policies.json"


@lru_cache(maxsize=1)
def _snapshot() -> dict[str, Any]:
    return json.loads(_DATA.read_text(encoding="utf-8"))


def aws_managed_name(arn: Any) -> str | None:
    """``AmazonSageMakerFullAccess`` for its ARN in any partition (path kept), else None."""
    if not isinstance(arn, str):
        return None
    m = _AWS_MANAGED.match(str(arn).strip())
    return m.group(1) if m else None


def aws_managed_document(arn: str) -> dict | None:
    name = aws_managed_name(arn)
    if name is None:
        return None
    entry = _snapshot()["policies"].get("arn:aws:iam::aws:policy/" + name)
    return entry["document"] if entry else None


def snapshot_date() -> str:
    return _snapshot()["date"]
