"""The README's "Use in CI" section and docs/ci.md work as written."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from mlsec.commands.gate import _check_names
from mlsec.commands.scan_command import ScanRequest
from mlsec.engine import config as config_module

REPO = Path(__file__).resolve().parents[2]
_BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)


def _section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def _blocks(text: str, language: str) -> list[str]:
    return [body for lang, body in _BLOCK.findall(text) if lang == language]


def test_readme_use_in_ci_commands(project):
    shutil.copytree(REPO / "examples", project.root / "examples")
    for args in (("init", "-q", "-b", "main"), ("add", "."), ("-c", "user.name=t", "-c", "user.email=t@e",
                                                              "commit", "-q", "-m", "x"),
                 ("update-ref", "refs/remotes/origin/main", "HEAD")):
        subprocess.run(["git", *args], cwd=project.root, check=True, capture_output=True)
    section = _section((REPO / "README.md").read_text(), "Use in CI")
    [commands] = _blocks(section, "sh")
    ran = 0
    for line in commands.splitlines():
        command, _, comment = line.partition("#")
        argv = shlex.split(command)
        assert argv[0] == "mlsec"
        result = project.run(*argv[1:])
        expected = re.match(r"\s*exit (\d)", comment)
        assert result.exit_code == (int(expected.group(1)) if expected else 0), (line, result.output)
        ran += 1
    assert ran == 4
    [config] = _blocks(section, "yaml")
    (project.root / ".mlsec.yaml").write_text(config)
    assert project.run("scan").exit_code == 0  # paths, threshold and baseline from the file


def test_readme_suppression_example_parses(project):
    section = _section((REPO / "README.md").read_text(), "Use in CI")
    [hcl] = _blocks(section, "hcl")
    project.write("main.tf", hcl + '  name = "w"\n  role_arn = "r"\n  instance_type = "ml.t3.medium"\n}\n')
    code, report, _ = project.scan("--select", "MLS001")
    assert code == 0 and report["findings"][0]["suppressed"]["reason"] == "workshop account, no customer data"


def test_docs_configuration_examples_are_valid(project):
    docs = (REPO / "docs" / "ci.md").read_text()
    configuration = _section(docs, "Configuration file")
    yaml_example, toml_example = _blocks(configuration, "yaml")[0], _blocks(configuration, "toml")[0]
    project.write(".mlsec.yaml", yaml_example)
    loaded = config_module.load(".mlsec.yaml")
    _check_names(ScanRequest(paths=[]), loaded)
    assert loaded.suppressions[0].expires.isoformat() == "2027-01-31"
    project.write("pyproject.toml", toml_example)
    _check_names(ScanRequest(paths=[]), config_module.load("pyproject.toml"))


def test_docs_suppression_examples_suppress(project):
    docs = (REPO / "docs" / "ci.md").read_text()
    suppressions = _section(docs, "Suppressions")
    [hcl] = _blocks(suppressions, "hcl")
    project.write("main.tf", hcl)
    cfn_comment, cfn_metadata = _blocks(suppressions, "yaml")[:2]
    project.write("comment.yaml", cfn_comment.replace("    Properties:\n",
                                                      "    Properties:\n      InstanceType: ml.t3.medium\n"))
    (project.root / "metadata.yaml").write_text("Resources:\n" + cfn_metadata
                                                + "    Properties: {InstanceType: ml.t3.medium}\n")
    _, report, _ = project.scan("--select", "MLS001", "--select", "MLS002", "--select", "MLS003")
    suppressed = {(f["resource"]["file"], f["rule_id"]) for f in report["findings"] if f["suppressed"]}
    assert {("./main.tf", "MLS001"), ("./main.tf", "MLS002"), ("./comment.yaml", "MLS001"),
            ("./comment.yaml", "MLS002"), ("./metadata.yaml", "MLS003")} <= suppressed, report["errors"]


@pytest.mark.parametrize("heading", ["GitHub Actions", "GitLab CI", "pre-commit"])
def test_docs_ci_examples_are_yaml_and_use_real_options(heading):
    from mlsec.cli import scan

    options = {opt for param in scan.params for opt in param.opts}
    section = _section((REPO / "docs" / "ci.md").read_text(), heading)
    for block in _blocks(section, "yaml"):
        yaml.safe_load(block)
        for flag in re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", block):
            assert flag in options, (heading, flag)
