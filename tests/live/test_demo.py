"""The demo account scanned in-process through the live code path: expected verdicts,
identities, call accounting, moto's unimplemented calls, and read-only calls only."""

from __future__ import annotations

import json
import jsonschema
import pytest
from click.testing import CliRunner

from mlsec.sources.aws.api import is_read_only
from tests.live.conftest import statuses

REPORT_SCHEMA = "reports/report.schema.json"


# (rule, the insecure resource, the secure one) in the demo deployment
EXPECTED = [
    ("MLS001", "legacy-scratchpad", "fraud-research-secure"),
    ("MLS002", "legacy-scratchpad", "fraud-research-secure"),
    ("MLS003", "legacy-scratchpad", "fraud-research-secure"),
    ("MLS004", "churn-research", "fraud-research-secure"),
    ("MLS101", "fraud-scorer-legacy", "fraud-scorer-v3"),
    ("MLS102", "fraud-scorer-legacy", "fraud-scorer-v3"),
    ("MLS103", "fraud-scorer-legacy-single", "fraud-scorer-v3-ha"),
    ("MLS105", "fraud-scorer-legacy-single", "fraud-scorer-v3-ha"),
    ("MLS502", "fraud-training-data-demo", "sagemaker-fraud-artifacts-123456789012"),
    ("MLS602", "eu-local", "org-audit"),
    ("MLS603", "eu-local", "org-audit"),
    ("MLS604", "eu-local", "org-audit"),
    ("MLS605", "eu-local", "org-audit"),
]


@pytest.mark.parametrize("rule_id,bad,good", EXPECTED)
def test_insecure_resources_fail_and_secure_ones_pass(demo_scan, rule_id, bad, good):
    _, result, _ = demo_scan
    assert statuses(result, rule_id, bad) == {"fail"}
    assert statuses(result, rule_id, good) == {"pass"}


def test_vpc_endpoints_per_vpc(demo_scan):
    _, result, _ = demo_scan
    by_region = {f.resource.region: f.status.value for f in result.findings if f.rule.id == "MLS301"}
    assert by_region == {"us-east-1": "pass", "eu-west-1": "fail"}


def test_findings_carry_account_region_and_arn(demo_scan):
    live, result, _ = demo_scan
    assert live.accounts == ["123456789012"] and live.regions == ["us-east-1", "eu-west-1"]
    for f in result.findings:
        res = f.resource
        assert res.source == "aws" and res.account == "123456789012"
        if not res.kind.startswith("AWS::"):
            continue  # a finding about a whole account/region
        assert res.arn == res.id and res.id.startswith("arn:aws:")
        assert res.unit == f"123456789012/{res.region or 'global'}"
    notebook = next(r for r in live.source.resources if r.id.endswith("notebook-instance/fraud-research-secure"))
    assert notebook.type == "AWS::SageMaker::NotebookInstance"
    assert notebook.metadata["tags"] == {"team": "fraud"}
    assert notebook.props["SecurityGroupIds"] and notebook.props["DirectInternetAccess"] == "Disabled"


def test_api_calls_are_counted_and_every_resource_is_fetched_once(demo_scan):
    live, _, calls = demo_scan
    assert sum(live.stats.calls.values()) == len(calls)
    assert set(live.stats.region_seconds) == {"123456789012/us-east-1", "123456789012/eu-west-1"}
    describes = [op for service, op in calls if op == "DescribeNotebookInstance"]
    assert len(describes) == 3  # three notebooks, each described once


def test_unimplemented_moto_lists_are_errors_and_never_pass(demo_scan):
    live, result, _ = demo_scan
    failed = {e.message.split(" ")[0] for e in live.source.errors}
    assert {"sagemaker:ListMonitoringSchedules", "sagemaker:ListFeatureGroups"} <= failed
    assert all(e.kind == "api" and e.target.startswith(("sagemaker/", "resourcegroupstaggingapi/"))
               for e in live.source.errors)
    stand_ins = [r for r in live.source.resources if r.metadata.get("placeholder")]
    assert stand_ins and all(f.status.value != "pass" for f in result.findings
                             if f.resource.id in {r.id for r in stand_ins})


def test_only_read_only_calls(demo_scan):
    _, _, calls = demo_scan
    assert calls
    assert [c for c in calls if not is_read_only(*c)] == []


def test_demo_command_writes_a_valid_report(tmp_path):
    from mlsec.cli import main

    out = tmp_path / "demo.json"
    run = CliRunner().invoke(main, ["scan", "--demo", "--select", "MLS001", "--format", "json", "-o", str(out)],
                             catch_exceptions=False)
    assert run.exit_code == 1, run.output
    report = json.loads(out.read_text())
    jsonschema.validate(report, json.loads(open(REPORT_SCHEMA).read()))
    scan = report["scan"]
    assert scan["demo"] is True and scan["accounts"] == ["123456789012"]
    assert scan["api_calls"] == sum(scan["api_calls_by_service"].values()) > 0
    assert set(scan["region_durations_s"]) == {"123456789012/us-east-1", "123456789012/eu-west-1"}
    assert {(f["resource"]["region"], f["status"]) for f in report["findings"]} >= {("us-east-1", "fail"),
                                                                                   ("us-east-1", "pass")}
