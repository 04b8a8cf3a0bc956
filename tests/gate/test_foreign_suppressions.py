"""Checkov, tfsec/Trivy, KICS and cfn_nag suppressions carry over where the checks match."""

from __future__ import annotations

from mlsec.engine.foreign_suppressions import id_map
from mlsec.engine.registry import load_rules

from .conftest import by_rule, errors_of, tf_notebook

TRAIL = """
resource "aws_cloudtrail" "main" {
  name                  = "main"
  s3_bucket_name        = "logs"
  #tfsec:ignore:aws-cloudtrail-enable-all-regions trivy:ignore:AVD-AWS-0016:exp:2020-01-01
  is_multi_region_trail = false
  # trivy:ignore:AVD-AWS-0015:exp:2099-01-01
}
"""
TRAIL_RULES = ("--select", "MLS602", "--select", "MLS603", "--select", "MLS604")


def test_every_mapped_id_names_an_mlsec_rule():
    ids = {r.id for r in load_rules()}
    for tool, table in id_map().items():
        for foreign, mapped in table.items():
            assert mapped and set(mapped) <= ids, (tool, foreign, mapped)


def test_tfsec_and_trivy_comments_with_expiry(project):
    project.write("main.tf", TRAIL)
    _, report, _ = project.scan(*TRAIL_RULES)
    found = by_rule(report)
    assert found["MLS602"]["suppressed"]["by"] == (
        "tfsec-comment ./main.tf:4 (tfsec:ignore:aws-cloudtrail-enable-all-regions)")
    assert "no reason given" in found["MLS602"]["suppressed"]["reason"]
    assert found["MLS603"]["suppressed"] is None  # its trivy:ignore expired
    assert found["MLS604"]["suppressed"]["expires"] == "2099-01-01"
    assert [e["line"] for e in errors_of(report, "suppression-expired")] == [4]


def test_checkov_comment_with_its_reason(project):
    project.write("main.tf", """
        resource "aws_sagemaker_notebook_instance" "nb" {
          #checkov:skip=CKV_AWS_122:internet needed for the workshop
          #checkov:skip=CKV_AWS_999:not a check mlsec has
          name          = "nb"
          role_arn      = "arn:aws:iam::123456789012:role/nb"
          instance_type = "ml.t3.medium"
        }
        """)
    code, report, _ = project.scan("--select", "MLS001", "--select", "MLS003")
    found = by_rule(report)
    assert found["MLS001"]["suppressed"] == {"by": "checkov-comment ./main.tf:2 (CKV_AWS_122)",
                                             "reason": "internet needed for the workshop", "expires": None}
    assert found["MLS003"]["suppressed"] is None and code == 1
    assert not report["errors"]


def test_kics_block_and_file_level_comments(project):
    project.write("a.tf", "# kics-scan ignore-block\n" + tf_notebook())
    project.write("b/b.tf", "# kics-scan disable=f3674e0c-f6be-43fa-b71c-bf346d1aed99\n# unrelated comment\n\n"
                  + tf_notebook())
    _, report, _ = project.scan("--select", "MLS001", "--select", "MLS004")
    a = {f["rule_id"]: f["suppressed"] for f in report["findings"] if f["resource"]["file"] == "./a.tf"}
    b = {f["rule_id"]: f["suppressed"] for f in report["findings"] if f["resource"]["file"] == "./b/b.tf"}
    assert a["MLS001"] and a["MLS004"]
    assert b["MLS001"] is None and b["MLS004"]["by"] == "kics-file ./b/b.tf:1 (kics-scan disable)"


CFN = """
Resources:
  Nb:
    Type: AWS::SageMaker::NotebookInstance
    Metadata:
      cfn_nag:
        rules_to_suppress:
          - id: W1201
            reason: AWS-managed key accepted for the sandbox
      checkov:
        skip:
          - id: CKV_AWS_122
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/nb
"""


def test_cfn_nag_and_checkov_metadata(project):
    project.write("stack.yaml", CFN)
    code, report, _ = project.scan("--select", "MLS001", "--select", "MLS004")
    found = by_rule(report)
    assert found["MLS004"]["suppressed"] == {"by": "cfn_nag-metadata ./stack.yaml:7 (W1201)",
                                             "reason": "AWS-managed key accepted for the sandbox", "expires": None}
    assert found["MLS001"]["suppressed"]["reason"] == "accepted in checkov; no reason given there"
    assert code == 0


def test_policy_require_reason_and_ignore(project):
    project.write("stack.yaml", CFN)
    project.write(".mlsec.yaml", "foreign-suppressions: require-reason\n")
    code, report, _ = project.scan("--select", "MLS001", "--select", "MLS004")
    found = by_rule(report)
    assert found["MLS004"]["suppressed"] and found["MLS001"]["suppressed"] is None
    [error] = errors_of(report, "suppression")
    assert "checkov suppression has no reason" in error["message"] and code == 1
    project.write(".mlsec.yaml", "foreign-suppressions: ignore\n")
    _, report, _ = project.scan("--select", "MLS001", "--select", "MLS004")
    assert not any(f["suppressed"] for f in report["findings"]) and not report["errors"]


def test_unused_foreign_suppressions_are_not_reported(project):
    project.write("main.tf", TRAIL.replace("false", "true"))
    _, report, _ = project.scan("--select", "MLS602")
    assert not errors_of(report, "suppression-unused")
