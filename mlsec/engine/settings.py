"""Scan settings that rules may read (thresholds, allow-lists, scope switches)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Settings:
    expect_cloudtrail: bool = False  # IaC: a scan set without a trail fails MLS601
    assume_complete_network: bool = False  # IaC: VPCs outside the scan set count as lacking endpoints
    notebook_platforms: tuple[str, ...] = ("notebook-al2023-v1",)
    min_cooldown_s: int = 60
    min_log_retention_days: int = 365
    require_explicit_retention: bool = False
    strict_bucket_level: bool = False  # MLS503: every bucket needs its own block (as SH S3.8), account level aside
    extra: dict = field(default_factory=dict)
