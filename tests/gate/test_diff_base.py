"""--diff-base: findings of changed files only, with the whole tree scanned for context."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import notebook_stack, tf_notebook

NOTEBOOK = tf_notebook("nb", "root_access   = var.root")
STACK = notebook_stack()


def git(root, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(project):
    git(project.root, "init", "-q", "-b", "main")
    git(project.root, "config", "user.email", "t@example.com")
    git(project.root, "config", "user.name", "t")
    project.write("tf/main.tf", NOTEBOOK)
    project.write("tf/variables.tf", 'variable "root" {\n  default = "Disabled"\n}\n')
    project.write("cfn/stack.yaml", STACK)
    project.write("cfn/other.yaml", STACK)
    git(project.root, "add", ".")
    git(project.root, "commit", "-q", "-m", "base")
    git(project.root, "checkout", "-q", "-b", "change")
    return project


def files(report) -> set[str]:
    return {f["resource"]["file"] for f in report["findings"]}


def test_only_changed_files_are_reported(repo):
    repo.write("cfn/stack.yaml", STACK + "      VolumeSizeInGB: 10\n")
    code, report, _ = repo.scan("--diff-base", "main")
    assert files(report) == {"./cfn/stack.yaml"}
    assert report["scan"]["diff_base"]["ref"] == "main" and report["scan"]["diff_base"]["merge_base"] is True
    assert report["scan"]["diff_base"]["findings_outside"] > 0
    assert code == 1


def test_a_variable_change_brings_its_module_into_scope(repo):
    repo.write("tf/variables.tf", 'variable "root" {\n  default = "Enabled"\n}\n')
    git(repo.root, "commit", "-q", "-am", "root on")
    _, report, _ = repo.scan("--diff-base", "main", "--select", "MLS002")
    assert files(report) == {"./tf/main.tf"}
    assert [f["status"] for f in report["findings"]] == ["fail"]


def test_untracked_files_count_and_no_change_reports_nothing(repo):
    code, report, _ = repo.scan("--diff-base", "main")
    assert report["findings"] == [] and code == 0
    repo.write("cfn/new.yaml", STACK)
    _, report, _ = repo.scan("--diff-base", "main")
    assert files(report) == {"./cfn/new.yaml"}


def test_a_bad_ref_or_no_repository_is_a_usage_error(repo, tmp_path, monkeypatch):
    result = repo.run("scan", ".", "--diff-base", "no-such-branch")
    assert result.exit_code == 2 and "'no-such-branch' is not a commit" in result.output
    outside = tmp_path / "plain"
    outside.mkdir()
    (outside / "stack.yaml").write_text(STACK)
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = repo.run("scan", ".", "--diff-base", "main")
    assert result.exit_code == 2 and "inside a git repository" in result.output


def test_baselined_findings_outside_the_diff_are_not_counted_as_fixed(repo):
    result = repo.run("baseline", "create", "-o", "base.json", "--select", "MLS001", ".")
    assert result.exit_code == 0, result.output
    repo.write("cfn/stack.yaml", STACK + "      VolumeSizeInGB: 10\n")
    code, report, _ = repo.scan("--select", "MLS001", "--diff-base", "main", "--baseline", "base.json")
    assert code == 0
    assert files(report) == {"./cfn/stack.yaml"}
    assert report["scan"]["baseline"]["known"] == 1  # cfn/stack.yaml; the others are out of scope, not fixed
    assert report["scan"]["baseline"]["fixed"] == 0
