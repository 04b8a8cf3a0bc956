"""Baselines: only new findings fail, and fingerprints survive edits that change nothing."""

from __future__ import annotations

import json
import os

from .conftest import by_rule, errors_of, notebook_stack, tf_notebook

STACK = notebook_stack("RootAccess: Disabled")
RULES = ("--select", "MLS001", "--select", "MLS002", "--select", "MLS003")


def _create(project, *args: str) -> dict:
    result = project.run("baseline", "create", "-o", ".mlsec-baseline.json", *RULES, *args, ".")
    assert result.exit_code == 0, result.output
    return json.loads((project.root / ".mlsec-baseline.json").read_text())


def test_create_records_failing_findings_and_a_scan_with_it_passes(project):
    project.write("stack.yaml", STACK)
    doc = _create(project)
    assert doc["format"] == "mlsec-baseline" and doc["version"] == 1
    assert sorted(e["rule_id"] for e in doc["findings"]) == ["MLS001", "MLS003"]
    code, report, _ = project.scan(*RULES, "--baseline", ".mlsec-baseline.json")
    assert code == 0
    baselined = [f for f in report["findings"] if f["suppressed"]]
    assert {f["rule_id"] for f in baselined} == {"MLS001", "MLS003"}
    assert baselined[0]["suppressed"]["by"] == "baseline .mlsec-baseline.json"
    assert report["scan"]["baseline"] == {"file": ".mlsec-baseline.json", "known": 2, "new": 0, "fixed": 0}


def test_a_new_finding_fails_and_only_it(project):
    project.write("stack.yaml", STACK)
    _create(project)
    project.write("stack.yaml", STACK.replace("RootAccess: Disabled", "RootAccess: Enabled"))
    code, report, _ = project.scan(*RULES, "--baseline", ".mlsec-baseline.json")
    assert code == 1
    assert [f["rule_id"] for f in report["findings"] if f["status"] == "fail" and not f["suppressed"]] == ["MLS002"]
    assert report["scan"]["baseline"]["new"] == 1


def test_fixed_findings_are_counted(project):
    project.write("stack.yaml", STACK)
    _create(project)
    project.write("stack.yaml", STACK.replace("RootAccess: Disabled", "RootAccess: Disabled\n      SubnetId: s-1"))
    code, report, _ = project.scan(*RULES, "--baseline", ".mlsec-baseline.json")
    assert code == 0 and report["scan"]["baseline"]["fixed"] == 1


EDITS = {
    "lines moved": lambda text: "\n\n# a comment block\n# that moves everything down\n\n" + text,
    "reformatted": lambda text: text.replace("    ", "      ").replace("  Notebook:", "  Notebook:  ")
    .replace("InstanceType: ml.t3.medium", "InstanceType: 'ml.t3.medium'"),
    "flow style": lambda _text: ('{"Resources": {"Notebook": {"Type": "AWS::SageMaker::NotebookInstance", '
                                 '"Properties": {"RoleArn": "arn:aws:iam::123456789012:role/nb", '
                                 '"RootAccess": "Disabled", "InstanceType": "ml.t3.medium"}}}}\n'),
    "unrelated resources added": lambda text: text.replace("Resources:\n", """Resources:
  Other:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/nb
      DirectInternetAccess: Disabled
      SubnetId: subnet-1
      RootAccess: Disabled
  Bucket:
    Type: AWS::S3::Bucket
"""),
}


def test_fingerprints_survive_edits_that_change_no_finding(project):
    project.write("stack.yaml", STACK)
    _create(project)
    for name, edit in EDITS.items():
        project.write("stack.yaml", edit(STACK))
        code, report, _ = project.scan(*RULES, "--baseline", ".mlsec-baseline.json")
        assert code == 0, (name, [f["rule_id"] for f in report["findings"] if not f["suppressed"]])
        assert report["scan"]["baseline"]["known"] == 2, name


def test_terraform_fingerprints_survive_moves_and_new_resources(project):
    notebook = tf_notebook("nb", 'root_access   = "Disabled"')
    project.write("infra/main.tf", notebook)
    _create(project)
    project.write("infra/main.tf", 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n\n\n'
                  + notebook.replace("  ", "    ").replace('= "nb"', '=   "nb"'))
    code, report, _ = project.scan(*RULES, "--baseline", ".mlsec-baseline.json")
    assert code == 0 and report["scan"]["baseline"]["known"] == 2


def test_fingerprints_do_not_depend_on_how_the_path_is_spelled(project):
    project.write("stack.yaml", STACK)
    _create(project)  # scanned as "."
    for spelling in ("stack.yaml", "./stack.yaml", str(project.root / "stack.yaml"), str(project.root)):
        code, report, _ = project.scan(*RULES, "--baseline", ".mlsec-baseline.json", paths=(spelling,))
        assert code == 0 and report["scan"]["baseline"]["known"] == 2, spelling


def test_suppressed_findings_are_not_baselined_and_an_old_baseline_does_not_filter_a_new_one(project):
    project.write("stack.yaml", STACK.replace("Resources:\n", "Resources:\n  # mlsec:ignore MLS003 reason=\"x\"\n"))
    project.write(".mlsec.yaml", "baseline: .mlsec-baseline.json\n")
    (project.root / ".mlsec-baseline.json").write_text(json.dumps(
        {"format": "mlsec-baseline", "version": 1, "findings": []}))
    doc = _create(project)
    assert [e["rule_id"] for e in doc["findings"]] == ["MLS001"]
    code, _, _ = project.scan(*RULES)  # the configured baseline applies
    assert code == 0


def test_unusable_baselines_are_usage_errors(project):
    project.write("stack.yaml", STACK)
    code, _, _ = project.scan("--baseline", "missing.json")
    assert code == 2
    (project.root / "bad.json").write_text('{"findings": []}')
    result = project.run("scan", ".", "--baseline", "bad.json")
    assert result.exit_code == 2 and "not an mlsec baseline" in result.output
    result = project.run("baseline", "create", "-o", "b.json", "--format", "json", ".")
    assert result.exit_code == 2
    result = project.run("baseline", "create", "-o", "b.json", "empty-folder-that-does-not-exist")
    assert result.exit_code == 2 and not os.path.exists(project.root / "b.json")


def test_baseline_and_suppressions_report_together(project):
    project.write("stack.yaml", STACK.replace("RootAccess: Disabled",
                                              "RootAccess: Disabled  # mlsec:ignore MLS002 reason=\"x\""))
    _create(project)
    _, report, _ = project.scan(*RULES, "--baseline", ".mlsec-baseline.json")
    assert errors_of(report, "suppression-unused")


def test_a_finding_another_suppression_takes_is_not_counted_as_fixed(project):
    project.write("stack.yaml", STACK)
    _create(project)
    project.write(".mlsec.yaml", """
        suppressions:
          - rule: MLS001
            resource: Notebook
            reason: lab notebook, accepted
    """)
    code, report, _ = project.scan(*RULES, "--baseline", ".mlsec-baseline.json")
    assert code == 0
    assert by_rule(report)["MLS001"]["suppressed"]["by"].startswith("config")
    assert report["scan"]["baseline"] == {"file": ".mlsec-baseline.json", "known": 1, "new": 0, "fixed": 0}


def test_gate_blocks_of_the_report_follow_the_published_schema(project):
    import jsonschema

    from mlsec.commands.docs_command import report_schema_text

    project.write("stack.yaml", STACK)
    _create(project)
    project.write(".mlsec.yaml", "suppressions:\n  - rule: MLS001\n    resource: Notebook\n    reason: accepted\n")
    _, report, _ = project.scan(*RULES, "--baseline", ".mlsec-baseline.json")
    schema = json.loads(report_schema_text())
    jsonschema.validate(report, schema)
    for block in ("suppressions", "baseline"):
        assert block in schema["properties"]["scan"]["properties"] and block in report["scan"]
