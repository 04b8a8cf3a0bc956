"""Helpers for the gate tests: write a small project, scan it from inside its folder."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlsec.cli import main

NOTEBOOK_RULES = ("--select", "MLS001", "--select", "MLS002", "--select", "MLS003")


def notebook_stack(*properties: str) -> str:
    """A CloudFormation template whose one resource, ``Notebook``, is a notebook instance
    with only the required properties plus ``properties`` (one ``Key: value`` each)."""
    lines = ["InstanceType: ml.t3.medium", "RoleArn: arn:aws:iam::123456789012:role/nb", *properties]
    return ("Resources:\n  Notebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n"
            + "".join(f"      {line}\n" for line in lines))


def tf_notebook(name: str = "nb", *attributes: str) -> str:
    """A Terraform notebook instance with the required arguments plus ``attributes``."""
    lines = [f'name          = "{name}"', 'role_arn      = "arn:aws:iam::123456789012:role/nb"',
             'instance_type = "ml.t3.medium"', *attributes]
    return f'resource "aws_sagemaker_notebook_instance" "{name}" {{\n' + "".join(f"  {x}\n" for x in lines) + "}\n"


class Project:
    def __init__(self, root: Path):
        self.root = root

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def run(self, *args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    def scan(self, *args: str, paths: tuple[str, ...] = (".",)) -> tuple[int, dict, str]:
        """Exit code, JSON report and stderr of ``mlsec scan``."""
        out = self.root / "report.json"
        if out.exists():
            out.unlink()
        result = CliRunner().invoke(main, ["scan", *paths, "--format", "json", "-o", str(out), *args],
                                    catch_exceptions=False)
        report = json.loads(out.read_text()) if out.exists() else {}
        return result.exit_code, report, result.stderr if hasattr(result, "stderr") else result.output


@pytest.fixture
def project(tmp_path, monkeypatch):
    """An empty project folder that is the working directory (so configuration discovery
    and path spelling behave as for a user in the repository root)."""
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    return Project(root)


def by_rule(report: dict, resource: str | None = None) -> dict[str, dict]:
    return {f["rule_id"]: f for f in report["findings"] if resource is None or f["resource"]["id"] == resource}


def errors_of(report: dict, kind: str) -> list[dict]:
    return [e for e in report["errors"] if e["kind"] == kind]
