"""The command line: outputs, schema, exit codes, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from mlsec.cli import main

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SCHEMA = json.loads((REPO / "reports" / "report.schema.json").read_text())


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version():
    from mlsec import __version__

    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_insecure_examples_fail_and_secure_ones_are_clean(tmp_path):
    out = tmp_path / "r.json"
    result = run("scan", str(EXAMPLES), "--format", "json", "-o", str(out))
    assert result.exit_code == 1
    report = json.loads(out.read_text())
    jsonschema.validate(report, SCHEMA)
    failing = {(f["resource"]["file"], f["rule_id"]) for f in report["findings"] if f["status"] == "fail"}
    assert not any("secure-ml-stack" in file or "/secure/" in file for file, _ in failing
                   if "insecure" not in file), failing
    insecure_cfn = {rule for file, rule in failing if file.endswith("insecure-ml-stack.yaml")}
    insecure_tf = {rule for file, rule in failing if "/insecure/" in file}
    expected = {"MLS001", "MLS002", "MLS003", "MLS004", "MLS101", "MLS102", "MLS103", "MLS105", "MLS301",
                "MLS502", "MLS602", "MLS603", "MLS604"}
    assert expected <= insecure_cfn
    assert expected <= insecure_tf
    unknown_secure = [f for f in report["findings"] if f["status"] == "unknown" and "insecure" not in
                      f["resource"]["file"]]
    assert not unknown_secure, [(f["rule_id"], f["message"]) for f in unknown_secure]


def test_secure_examples_exit_zero():
    result = run("scan", str(EXAMPLES / "cloudformation" / "secure-ml-stack.yaml"),
                 str(EXAMPLES / "terraform" / "secure"))
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_schema_command_prints_the_published_schema():
    result = run("schema")
    assert json.loads(result.output) == SCHEMA


def test_rules_and_explain():
    result = run("rules")
    assert result.exit_code == 0 and "MLS001" in result.output and "notebook-direct-internet-enabled" in result.output
    explained = run("explain", "MLS001")
    assert explained.exit_code == 0
    for heading in ("WHAT IT DOES", "WHY IT MATTERS", "REMEDIATION", "CloudFormation:", "Terraform:", "AWS CLI:"):
        assert heading in explained.output
    assert run("explain", "notebook-root-access-enabled").exit_code == 0
    assert run("explain", "MLS999").exit_code == 2


@pytest.mark.parametrize("fail_on,code", [("critical", 0), ("high", 1), ("medium", 1)])
def test_fail_on_threshold(fail_on, code):
    path = EXAMPLES / "cloudformation" / "insecure-ml-stack.yaml"
    # MLS402 rates the example's execution role (AmazonSageMakerFullAccess) critical
    assert run("scan", str(path), "--fail-on", fail_on, "--skip", "MLS402").exit_code == code


def test_soft_fail_and_select():
    path = str(EXAMPLES / "cloudformation" / "insecure-ml-stack.yaml")
    assert run("scan", path, "--soft-fail").exit_code == 0
    only = run("scan", path, "--select", "MLS602", "--format", "json")
    ids = {f["rule_id"] for f in json.loads(only.output)["findings"]}
    assert ids == {"MLS602"}
    assert run("scan", path, "--select", "no-such-rule").exit_code == 2


def test_fail_on_unknown(tmp_path):
    template = tmp_path / "t.yaml"
    template.write_text("Parameters:\n  Root:\n    Type: String\nResources:\n  Nb:\n"
                        "    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n"
                        "      RootAccess: !Ref Root\n")
    assert run("scan", str(template), "--select", "MLS002").exit_code == 0
    assert run("scan", str(template), "--select", "MLS002", "--fail-on-unknown").exit_code == 1
    assert run("scan", str(template), "--select", "MLS002", "--param", "Root=Enabled").exit_code == 1
    assert run("scan", str(template), "--select", "MLS002", "--param", "Root=Disabled").exit_code == 0


def test_bad_file_is_reported_and_others_still_scanned(tmp_path):
    (tmp_path / "broken.yaml").write_text("Resources:\n  X: [unclosed\n")
    (tmp_path / "ok.yaml").write_text("Resources:\n  Nb:\n    Type: AWS::SageMaker::NotebookInstance\n")
    result = CliRunner().invoke(main, ["scan", str(tmp_path), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 1  # the notebook fails; the broken file is an error, not fatal
    report = json.loads(result.stdout)
    assert [e["file"] for e in report["errors"]] == [str(tmp_path / "broken.yaml")]
    assert "Traceback" not in result.output
    assert any(f["resource"]["id"] == "Nb" for f in report["findings"])


def test_nothing_scannable_exits_2(tmp_path):
    (tmp_path / "broken.yaml").write_text("Resources: [\n")
    assert run("scan", str(tmp_path / "missing")).exit_code == 2
    result = CliRunner().invoke(main, ["scan", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_usage_errors_exit_2():
    assert run("scan").exit_code == 2
    assert run("scan", str(EXAMPLES), "--param", "novalue").exit_code == 2


def test_version_does_not_import_heavy_modules():
    code = ("import sys; from click.testing import CliRunner; from mlsec.cli import main; "
            "CliRunner().invoke(main, ['--version']); "
            "print(sorted(m for m in ('boto3', 'moto', 'botocore', 'pydantic', 'yaml', 'tree_sitter') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_iac_scan_does_not_import_boto3(tmp_path):
    code = ("import sys; from click.testing import CliRunner; from mlsec.cli import main; "
            f"CliRunner().invoke(main, ['scan', {str(EXAMPLES)!r}]); "
            "print(sorted(m for m in ('boto3', 'moto', 'botocore') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_framework_limits_the_rules_and_the_summary_reports_controls(tmp_path):
    out = tmp_path / "r.json"
    result = run("scan", str(EXAMPLES), "--framework", "cis-aws-v3", "--format", "json", "-o", str(out))
    assert result.exit_code == 1
    report = json.loads(out.read_text())
    jsonschema.validate(report, SCHEMA)
    from mlsec.engine.registry import load_rules

    cis_rules = {r.id for r in load_rules() if "cis-aws-v3" in r.frameworks}
    assert {f["rule_id"] for f in report["findings"]} <= cis_rules
    assert set(report["scan"]["rules"]) == cis_rules
    cis = report["summary"]["frameworks"]["cis-aws-v3"]
    assert cis["controls"]["3.1"]["status"] == "failed"  # the insecure trails are single-region
    assert cis["controls_failed"] >= 1 and 0 <= cis["pass_rate"] < 1
    # other frameworks appear only for the controls these rules cover
    assert "aws-ai-sbp" not in report["summary"]["frameworks"]
    assert run("scan", str(EXAMPLES), "--framework", "no-such-framework").exit_code == 2


def test_text_output_summarises_frameworks():
    result = run("scan", str(EXAMPLES / "cloudformation" / "insecure-ml-stack.yaml"))
    assert "CIS AWS Foundations Benchmark v3.0.0:" in result.output
    assert "controls passing" in result.output


def test_a_vpc_outside_the_scan_is_unknown_unless_the_network_is_assumed_complete(tmp_path):
    template = tmp_path / "t.yaml"
    template.write_text("Resources:\n  Nb:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n"
                        "      InstanceType: ml.t3.medium\n      SubnetId: subnet-0fedcba9876543210\n")
    out = tmp_path / "r.json"
    assert run("scan", str(template), "--select", "MLS301", "--format", "json", "-o", str(out)).exit_code == 0
    [finding] = json.loads(out.read_text())["findings"]
    assert (finding["status"], finding["reason"]) == ("unknown", "vpc-outside-scan")
    assert "subnet-0fedcba9876543210" in finding["message"]
    assert run("scan", str(template), "--select", "MLS301", "--assume-complete-network", "--format", "json",
               "-o", str(out)).exit_code == 1
    [finding] = json.loads(out.read_text())["findings"]
    assert finding["status"] == "fail"
