"""Facts about SageMaker ML instance types."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def instance_store_families() -> frozenset[str]:
    data = json.loads((Path(__file__).parent / "data" / "instance_store_families.json").read_text())
    return frozenset(data["confirmed"]) | frozenset(data["per_ec2_specs"])


def family(instance_type: str) -> str:
    """``ml.g5.2xlarge`` -> ``g5``; ``ml.p6-b200.48xlarge`` -> ``p6-b200``."""
    parts = instance_type.split(".")
    if parts and parts[0] == "ml":
        parts = parts[1:]
    return parts[0] if parts else instance_type


def has_instance_store(instance_type: str) -> bool:
    return family(instance_type) in instance_store_families()
