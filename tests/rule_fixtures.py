"""Load a rule's fixture files and run the rule on them (shared by the harness tests)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from mlsec.engine.findings import Finding
from mlsec.engine.rule import Rule
from mlsec.engine.scan import ScanResult, evaluate, now_iso
from mlsec.engine.settings import Settings
from mlsec.sources.base import SourceOptions, SourceResult

FIXTURE_FILES = {
    "cloudformation.yaml": "cloudformation",
    "cloudformation.json": "cloudformation",
    "terraform.tf": "terraform",
    "plan.json": "terraform-plan",
    "aws.json": "aws",
}

# Fixture expectations live in resource names ("bad-" too: S3 names allow no "_" or capitals).
EXPECT = (
    (re.compile(r"^(Bad|bad([_-]|$))"), "fail"),
    (re.compile(r"^(Good|good([_-]|$))"), "pass"),
    (re.compile(r"^(Unknown|unknown([_-]|$))"), "unknown"),
    (re.compile(r"^(NotApplicable|na([_-]|$))"), "not_applicable"),
)


def fixture_files(rule: Rule) -> list[Path]:
    base = Path(rule.folder) / "fixtures"
    return sorted(p for kind in ("pass", "fail") for p in (base / kind).glob("*") if p.name in FIXTURE_FILES)


def read_fixture(path: Path, options: SourceOptions | None = None) -> SourceResult:
    options = options or SourceOptions()
    if path.name == "terraform.tf":
        from mlsec.sources.terraform import load_module

        return load_module(str(path.parent), options, files=[str(path)])
    if path.name == "aws.json":
        from mlsec.sources.aws.snapshot import load_snapshot  # live-shaped input

        return load_snapshot(str(path))
    from mlsec.engine.scan import read_document

    result = read_document(str(path), options)
    assert result is not None, f"{path} was not recognised as a {FIXTURE_FILES[path.name]} input"
    return result


def run_fixture(rule: Rule, path: Path, settings: Settings | None = None) -> tuple[list[Finding], SourceResult]:
    source = read_fixture(path)
    result = ScanResult(targets=[str(path)], started_at=now_iso(), rules=[rule])
    evaluate(result, source, [rule], settings or Settings(**rule.options.get("fixture_settings", {})))
    return result.findings, source


def short_name(resource_id: str) -> str:
    """``module.m.aws_x.bad_one[0]`` -> ``bad_one``; an ARN -> its last name segment;
    CloudFormation ids stay as they are."""
    name = resource_id
    if name.startswith("arn:"):
        return re.split(r"[/:]", name.split("#")[0])[-1]
    if "." in name:
        name = name.rsplit(".", 1)[-1] if not name.endswith("]") else name.split("[")[0].rsplit(".", 1)[-1]
    return name.split("[")[0]


def fixture_name(finding: Finding) -> str:
    """The name a fixture gave the resource: its id, or for live resources whose ids AWS
    picks (vpc-0abc…) the Name tag."""
    tags = (finding.resource.metadata or {}).get("tags") or {}
    return tags.get("Name") or finding.resource.id


def expectation(resource_id: str) -> str | None:
    name = short_name(resource_id)
    for pattern, status in EXPECT:
        if pattern.match(name):
            return status
    return None


def relpath(path: Path) -> str:
    return os.path.relpath(path, Path(__file__).resolve().parent.parent)
