"""mlsec's own suppressions: every form, with and without a reason, expired, unused."""

from __future__ import annotations

from datetime import date

import pytest

from mlsec.engine.findings import Finding, ResourceIdentity
from mlsec.engine.registry import load_rules
from mlsec.engine.suppressions import SuppressionSet, parse_directive, parse_tag_value
from mlsec.model.verdict import Status, Verdict

from .conftest import NOTEBOOK_RULES, by_rule, errors_of

TF_NOTEBOOK = """
# mlsec:ignore MLS001 reason="lab account, no customer data" expires=2099-01-31
resource "aws_sagemaker_notebook_instance" "lab" {
  name          = "lab"
  role_arn      = "arn:aws:iam::123456789012:role/nb"
  instance_type = "ml.t3.medium"
  root_access   = "Enabled" // mlsec:ignore MLS002 reason="conda environments need root"
}
"""


def test_terraform_comments_above_the_resource_and_on_an_attribute(project):
    project.write("main.tf", TF_NOTEBOOK)
    code, report, _ = project.scan(*NOTEBOOK_RULES)
    found = by_rule(report)
    assert found["MLS001"]["suppressed"] == {"by": "terraform-comment ./main.tf:1",
                                             "reason": "lab account, no customer data", "expires": "2099-01-31"}
    assert found["MLS002"]["suppressed"]["by"] == "terraform-comment ./main.tf:6"
    assert found["MLS002"]["suppressed"]["expires"] is None
    assert found["MLS003"]["suppressed"] is None and found["MLS003"]["status"] == "fail"
    assert report["summary"]["suppressed"] == 2 and code == 1
    assert report["scan"]["suppressions"] == {"applied": 2, "expired": 0, "unused": 0, "invalid": 0}
    code, report, _ = project.scan("--select", "MLS001", "--select", "MLS002")
    assert code == 0, report["errors"]


def test_a_rule_name_or_control_works_like_the_id(project):
    project.write("main.tf", TF_NOTEBOOK.replace("MLS001", "notebook-direct-internet-enabled")
                  .replace("MLS002", "notebook-root-access"))
    _, report, _ = project.scan(*NOTEBOOK_RULES)
    assert by_rule(report)["MLS001"]["suppressed"] and by_rule(report)["MLS002"]["suppressed"]


def test_a_suppression_without_reason_is_an_error_and_does_not_suppress(project):
    project.write("main.tf", TF_NOTEBOOK.replace(' reason="lab account, no customer data"', ""))
    code, report, _ = project.scan(*NOTEBOOK_RULES)
    assert by_rule(report)["MLS001"]["suppressed"] is None
    [error] = errors_of(report, "suppression")
    assert error["file"] == "./main.tf" and error["line"] == 1 and "no reason" in error["message"]
    assert code == 1


def test_free_text_instead_of_reason_is_explained(project):
    project.write("main.tf", TF_NOTEBOOK.replace('reason="lab account, no customer data" expires=2099-01-31',
                                                 "needed for the demo"))
    _, report, _ = project.scan(*NOTEBOOK_RULES)
    [error] = errors_of(report, "suppression")
    assert "write reason=" in error["message"] and "needed for the demo" in error["message"]
    assert by_rule(report)["MLS001"]["suppressed"] is None


def test_an_expired_suppression_stops_suppressing_and_is_reported(project):
    project.write("main.tf", TF_NOTEBOOK.replace("2099-01-31", "2020-06-30"))
    code, report, _ = project.scan("--select", "MLS001")
    assert by_rule(report)["MLS001"]["suppressed"] is None
    [error] = errors_of(report, "suppression-expired")
    assert "expired on 2020-06-30" in error["message"] and error["line"] == 1
    assert code == 1


def test_an_unused_suppression_is_reported_and_fails_only_when_strict(project):
    project.write("main.tf", TF_NOTEBOOK.replace('root_access   = "Enabled"', 'root_access   = "Disabled"'))
    code, report, _ = project.scan("--select", "MLS001", "--select", "MLS002")
    [error] = errors_of(report, "suppression-unused")
    assert "MLS002" in error["message"] and error["line"] == 6
    assert code == 0
    code, _, _ = project.scan("--select", "MLS001", "--select", "MLS002", "--strict-suppressions")
    assert code == 1
    code, _, _ = project.scan("--select", "MLS001", "--select", "MLS002", "--strict-suppressions", "--soft-fail")
    assert code == 0


def test_suppressions_of_rules_left_out_of_the_run_are_not_called_unused(project):
    project.write("main.tf", TF_NOTEBOOK)
    _, report, _ = project.scan("--select", "MLS001")
    assert not errors_of(report, "suppression-unused")


def test_a_suppression_naming_no_rule_is_an_error(project):
    project.write("main.tf", TF_NOTEBOOK.replace("MLS001", "MLS999"))
    _, report, _ = project.scan(*NOTEBOOK_RULES)
    [error] = errors_of(report, "suppression")
    assert "'MLS999' is not a rule id" in error["message"]


def test_instances_of_a_counted_resource_share_one_suppression(project):
    project.write("main.tf", TF_NOTEBOOK.replace('name          = "lab"', 'count = 3\n  name = "lab${count.index}"'))
    _, report, _ = project.scan("--select", "MLS001", "--select", "MLS002")
    assert sum(1 for f in report["findings"] if f["suppressed"]) == 6
    assert not report["errors"]


CFN_NOTEBOOK = """
Resources:
  # mlsec:ignore MLS001 reason="lab account"
  Lab:
    Type: AWS::SageMaker::NotebookInstance
    Metadata:
      mlsec:
        ignore:
          - id: MLS003
            reason: service VPC on purpose
            expires: 2099-12-31
          - {id: [MLS002], reason: conda}
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/nb
"""


def test_cloudformation_comment_and_metadata(project):
    project.write("stack.yaml", CFN_NOTEBOOK)
    code, report, _ = project.scan(*NOTEBOOK_RULES)
    found = by_rule(report)
    assert found["MLS001"]["suppressed"] == {"by": "cloudformation-comment ./stack.yaml:2", "reason": "lab account",
                                             "expires": None}
    assert found["MLS003"]["suppressed"] == {"by": "cloudformation-metadata ./stack.yaml:8",
                                             "reason": "service VPC on purpose", "expires": "2099-12-31"}
    assert found["MLS002"]["suppressed"]["reason"] == "conda"
    assert code == 0 and not report["errors"]


def test_cloudformation_metadata_without_reason_expired_and_malformed(project):
    project.write("stack.yaml", CFN_NOTEBOOK.replace("reason: service VPC on purpose", "note: forgot")
                  .replace("{id: [MLS002], reason: conda}", "{id: MLS002, reason: conda, expires: 2021-01-01}")
                  .replace('# mlsec:ignore MLS001 reason="lab account"', ""))
    code, report, _ = project.scan(*NOTEBOOK_RULES)
    assert all(f["suppressed"] is None for f in report["findings"])
    [malformed] = errors_of(report, "suppression")
    assert "unknown keys ['note']" in malformed["message"] and malformed["line"] == 8
    [expired] = errors_of(report, "suppression-expired")
    assert "2021-01-01" in expired["message"]
    assert code == 1


def _finding(rule_id: str, res: ResourceIdentity, status: Status = Status.FAIL) -> Finding:
    rule = next(r for r in load_rules() if r.id == rule_id)
    return Finding(rule, res, Verdict(status, "observed"))


def _live_notebook(tags) -> ResourceIdentity:
    arn = "arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/lab"
    return ResourceIdentity("AWS::SageMaker::NotebookInstance", "AWS::SageMaker::NotebookInstance", arn, "aws",
                            "123456789012/eu-west-1", region="eu-west-1", account="123456789012", arn=arn,
                            metadata={"tags": tags})


def test_live_tags():
    res = _live_notebook([{"Key": "mlsec:ignore", "Value": "MLS001+MLS002:sandbox account:2099-01-31"},
                          {"Key": "mlsec:ignore:vpc", "Value": "MLS003:service VPC on purpose"},
                          {"Key": "mlsec:ignore:old", "Value": "MLS004:was fine:2020-01-01"},
                          {"Key": "team", "Value": "ml"}])
    findings = [_finding(rid, res) for rid in ("MLS001", "MLS002", "MLS003", "MLS004")]
    rules = load_rules()
    suppressions = SuppressionSet(rules, rules, today=date(2026, 1, 1))
    suppressions.apply(findings)
    assert findings[0].suppressed == {"by": "aws-tag mlsec:ignore", "reason": "sandbox account",
                                      "expires": "2099-01-31"}
    assert findings[1].suppressed["by"] == "aws-tag mlsec:ignore"
    assert findings[2].suppressed == {"by": "aws-tag mlsec:ignore:vpc", "reason": "service VPC on purpose",
                                      "expires": None}
    assert findings[3].suppressed is None
    [expired] = suppressions.outcome().problems
    assert expired.kind == "suppression-expired" and expired.target == res.arn


def test_live_tag_without_reason_is_an_error():
    res = _live_notebook({"mlsec:ignore": "MLS001"})
    finding = _finding("MLS001", res)
    rules = load_rules()
    suppressions = SuppressionSet(rules, rules)
    suppressions.apply([finding])
    assert finding.suppressed is None
    [problem] = suppressions.outcome().problems
    assert problem.kind == "suppression" and "RULE[+RULE]:reason" in problem.message


def test_passing_and_not_applicable_findings_are_never_suppressed():
    res = _live_notebook({"mlsec:ignore": "MLS001:sandbox"})
    finding = _finding("MLS001", res, Status.PASS)
    rules = load_rules()
    suppressions = SuppressionSet(rules, rules)
    suppressions.apply([finding])
    assert finding.suppressed is None
    [problem] = suppressions.outcome().problems
    assert problem.kind == "suppression-unused"


@pytest.mark.parametrize("text, expected", [
    ('MLS001 reason="a b" expires=2027-01-31', (["MLS001"], "a b", date(2027, 1, 31), None)),
    ("MLS001,MLS002 reason='x'", (["MLS001", "MLS002"], "x", None, None)),
    ("MLS001 MLS002 reason=x", (["MLS001", "MLS002"], "x", None, None)),
    ("MLS001", (["MLS001"], None, None, None)),
])
def test_directive_grammar(text, expected):
    assert parse_directive(text) == expected


@pytest.mark.parametrize("text, problem", [
    ('MLS001 reason="open', "not closed"),
    ("MLS001 reason=x expires=31/01/2027", "YYYY-MM-DD"),
    ("MLS001 reason=x until=2027-01-01", "unknown option 'until'"),
    ("reason=x", "names no rule"),
])
def test_directive_errors(text, problem):
    assert problem in parse_directive(text)[3]


def test_tag_value_grammar():
    assert parse_tag_value("MLS001:a: b:2027-01-31") == (["MLS001"], "a: b", date(2027, 1, 31), None)
    assert parse_tag_value("MLS001+notebook-kms:why") == (["MLS001", "notebook-kms"], "why", None, None)
    assert parse_tag_value("MLS001:") == (["MLS001"], None, None, None)
