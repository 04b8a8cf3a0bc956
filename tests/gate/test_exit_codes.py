"""Every exit code of `mlsec scan`, as the README's table states them."""

from __future__ import annotations

import pytest

from .conftest import notebook_stack

STACK = notebook_stack("RootAccess: !Ref Root", "DirectInternetAccess: Disabled", "SubnetId: subnet-1",
                       "KmsKeyId: alias/aws/sagemaker") + "Parameters:\n  Root:\n    Type: String\n"
# MLS003 passes, MLS004 fails (medium), MLS002 is unknown (parameter without a value).
RULES = ("--select", "MLS002", "--select", "MLS003", "--select", "MLS004")


@pytest.mark.parametrize("args, code", [
    ((), 1),  # a FAIL of any severity
    (("--fail-on", "medium"), 1),
    (("--fail-on", "high"), 0),  # the only FAIL is medium
    (("--select", "MLS003"), 0),  # nothing fails
    (("--select", "MLS002"), 0),  # UNKNOWN does not fail by default...
    (("--select", "MLS002", "--fail-on-unknown"), 1),  # ...unless asked
    (("--soft-fail",), 0),
    (("--soft-fail", "--fail-on-unknown"), 0),
    (("--select", "no-such-rule"), 2),  # usage error
    (("--fail-on", "severe"), 2),
    (("--baseline", "missing.json"), 2),
    (("--config", "missing.yaml"), 2),
])
def test_exit_codes(project, args, code):
    project.write("stack.yaml", STACK)
    rules = () if "--select" in args else RULES
    result = project.run("scan", "stack.yaml", *rules, *args)
    assert result.exit_code == code, result.output


def test_suppressed_failures_do_not_fail(project):
    project.write("stack.yaml", STACK.replace("      KmsKeyId: alias/aws/sagemaker",
                                              "      KmsKeyId: alias/aws/sagemaker  # mlsec:ignore MLS004 reason=\"x\""))
    assert project.run("scan", "stack.yaml", *RULES).exit_code == 0


def test_strict_suppressions_exit_1(project):
    project.write("stack.yaml", STACK.replace("      SubnetId: subnet-1",
                                              "      SubnetId: subnet-1  # mlsec:ignore MLS003 reason=\"x\""))
    assert project.run("scan", "stack.yaml", "--select", "MLS003").exit_code == 0
    assert project.run("scan", "stack.yaml", "--select", "MLS003", "--strict-suppressions").exit_code == 1


def test_nothing_to_scan_exits_2(project):
    project.write("notes.yaml", "just: yaml\n")
    assert project.run("scan", "notes.yaml").exit_code == 2
    assert project.run("scan", "missing-folder").exit_code == 2
    assert project.run("scan").exit_code == 2  # no PATH and no configured paths
