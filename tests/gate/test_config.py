"""The configuration file: discovery, every key taking effect, and errors that say where."""

from __future__ import annotations

import pytest

from mlsec.engine import config as config_module
from mlsec.engine.settings import Settings

from .conftest import by_rule, errors_of, notebook_stack

STACK = notebook_stack("RootAccess: Disabled", "SubnetId: subnet-1", "DirectInternetAccess: Disabled",
                       "KmsKeyId: alias/aws/sagemaker")


def test_discovery_walks_up_and_prefers_mlsec_yaml(project):
    sub = project.root / "a" / "b"
    sub.mkdir(parents=True)
    assert config_module.discover(str(sub)) is None
    (project.root / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert config_module.discover(str(sub)) is None  # no [tool.mlsec]: passed over
    (project.root / "pyproject.toml").write_text("[tool.mlsec]\nfail-on = 'high'\n")
    assert config_module.discover(str(sub)) == str(project.root / "pyproject.toml")
    (project.root / "a" / ".mlsec.yaml").write_text("fail-on: low\n")
    assert config_module.discover(str(sub)) == str(project.root / "a" / ".mlsec.yaml")
    assert config_module.load(start=str(sub)).fail_on.value == "low"


def test_pyproject_table_with_suppressions_and_settings(project):
    project.write("stack.yaml", STACK)
    project.write("pyproject.toml", """
        [tool.mlsec]
        paths = ["stack.yaml"]
        select = ["MLS004"]

        [[tool.mlsec.suppressions]]
        rule = "notebook-volume-not-cmk-encrypted"
        resource = "Note*"
        reason = "sandbox"
        expires = 2099-01-31
        """)
    result = project.run("scan", "--format", "json", "-o", "r.json")
    assert result.exit_code == 0, result.output
    import json

    report = json.loads((project.root / "r.json").read_text())
    assert by_rule(report)["MLS004"]["suppressed"] == {"by": "config pyproject.toml suppressions[0]",
                                                       "reason": "sandbox", "expires": "2099-01-31"}


def test_yaml_config_keys_take_effect(project):
    project.write("infra/stack.yaml", STACK)
    project.write("infra/skipped/stack.yaml", STACK.replace("RootAccess: Disabled", "RootAccess: Enabled"))
    project.write(".mlsec.yaml", """
        paths: [infra]
        exclude: ["*/skipped/*"]
        skip: [MLS005, MLS006]
        severity:
          MLS004: low
        fail-on: medium
        suppressions:
          - rule: MLS001
            resource: "*"
            file: "infra/*"
            reason: never used
        """)
    result = project.run("scan", "--format", "json", "-o", "r.json")
    import json

    report = json.loads((project.root / "r.json").read_text())
    assert {f["resource"]["file"] for f in report["findings"]} == {"infra/stack.yaml"}
    assert "MLS005" not in {f["rule_id"] for f in report["findings"]}
    assert by_rule(report)["MLS004"]["severity"] == "low"
    assert result.exit_code == 0  # MLS004 fails, but at low, under fail-on medium
    [unused] = errors_of(report, "suppression-unused")
    assert unused["file"] == ".mlsec.yaml" and unused["line"] == 8
    assert project.run("scan", "--fail-on", "low").exit_code == 1  # the flag wins over the file


def test_settings_thresholds_reach_the_rules():
    overrides = config_module.Config.model_validate(
        {"settings": {"min-cooldown-s": 300, "notebook-platforms": ["notebook-al2-v3"]}}).settings_overrides()
    assert Settings(**overrides).min_cooldown_s == 300
    assert Settings(**overrides).notebook_platforms == ("notebook-al2-v3",)


def test_every_settings_field_is_configurable():
    import dataclasses

    keys = set(config_module.SettingsConfig.model_fields)
    assert keys == {f.name for f in dataclasses.fields(Settings)} - {"extra"}


def test_frameworks_narrow_the_rules(project):
    project.write("stack.yaml", STACK)
    project.write(".mlsec.yaml", "frameworks: [aws-fsbp]\n")
    code, report, _ = project.scan()
    from mlsec.engine.registry import load_rules

    fsbp = {r.id for r in load_rules() if "aws-fsbp" in r.frameworks}
    assert set(report["scan"]["rules"]) == fsbp


@pytest.mark.parametrize("text, expected", [
    ("fail_on: high\n", ".mlsec.yaml:1: fail_on: unknown key 'fail_on' (did you mean 'fail-on'?)"),
    ("fail-on: severe\n", ".mlsec.yaml:1: fail-on: Input should be 'critical', 'high', 'medium' or 'low'"),
    ("suppressions:\n  - rule: MLS001\n    reason: x\n    expires: soon\n",
     ".mlsec.yaml:4: suppressions[0].expires: Input should be a valid date"),
    ("settings:\n  min-cooldown: 5\n", ".mlsec.yaml:2: settings.min-cooldown: unknown key"),
    ("select: [MLS999]\n", ".mlsec.yaml:1: select[0]: 'MLS999' is not a rule id, name or control"),
    ("frameworks: [nist]\n", ".mlsec.yaml:1: frameworks[0]: unknown framework 'nist'"),
    ("severity: {no-such-rule: high}\n", ".mlsec.yaml:1: severity.no-such-rule: 'no-such-rule' is not a rule"),
    ("fail-on: [high\n", ".mlsec.yaml:2: not valid YAML"),
    ("- a list\n", ".mlsec.yaml: the file must be a mapping"),
])
def test_invalid_yaml_configuration_exits_2_naming_file_key_and_line(project, text, expected):
    project.write("stack.yaml", STACK)
    project.write(".mlsec.yaml", text)
    result = project.run("scan", ".")
    assert result.exit_code == 2
    assert expected in result.output, result.output


def test_invalid_pyproject_configuration(project):
    project.write("stack.yaml", STACK)
    project.write("pyproject.toml", "[tool.mlsec]\nfail-on = 'high'\nsoft_fail = true\n")
    result = project.run("scan", ".")
    assert result.exit_code == 2
    assert "pyproject.toml: [tool.mlsec] soft_fail: unknown key 'soft_fail' (did you mean 'soft-fail'?)" in result.output
    project.write("pyproject.toml", "[tool.mlsec\n")
    result = project.run("scan", ".")
    assert result.exit_code == 2 and "pyproject.toml: not valid TOML" in result.output


def test_explicit_config_file(project):
    project.write("stack.yaml", STACK)
    project.write("ci/strict.yaml", "fail-on: critical\n")
    assert project.run("scan", ".", "--select", "MLS004").exit_code == 1
    assert project.run("scan", ".", "--select", "MLS004", "--config", "ci/strict.yaml").exit_code == 0
    result = project.run("scan", ".", "--config", "ci/none.yaml")
    assert result.exit_code == 2 and "no such configuration file" in result.output


def test_no_paths_and_no_configured_paths_is_a_usage_error(project):
    result = project.run("scan")
    assert result.exit_code == 2 and "give at least one PATH" in result.output
