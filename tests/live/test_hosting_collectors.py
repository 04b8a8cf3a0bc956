"""Live mapping of hosting and job resources (replayed API responses): what the
collectors add beside the describe responses, and the live-only semantics rules read."""

from __future__ import annotations

import json
from pathlib import Path

from mlsec.sources.aws.snapshot import replay

RULES = Path(__file__).resolve().parents[2] / "rules"
ACCOUNT, REGION = "123456789012", "us-east-1"


def _responses(rule_folder: str, kind: str) -> dict:
    (path,) = RULES.glob(f"*/{rule_folder}_*/fixtures/{kind}/aws.json")
    return json.loads(path.read_text())["responses"]


def _of(result, type_name: str) -> list:
    return [r for r in result.resources if r.type == type_name]


# -- Application Auto Scaling ----------------------------------------------------------

def test_scalable_targets_carry_their_tags():
    result = replay(_responses("MLS109", "pass"), ACCOUNT, REGION)
    assert not result.errors
    names = {r.metadata["tags"]["Name"]: r for r in _of(result, "AWS::ApplicationAutoScaling::ScalableTarget")}
    assert set(names) == {"good-target-min-two", "na-target-provisioned-concurrency", "na-target-inference-component"}
    good = names["good-target-min-two"]
    assert good.arn.startswith("arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/")
    assert good.props["ResourceId"] == "endpoint/fraud-scorer/variant/AllTraffic" and good.props["MinCapacity"] == 2


def test_unreadable_target_tags_are_reported_and_the_target_is_kept():
    responses = _responses("MLS109", "fail")
    arn = responses["application-autoscaling:ListTagsForResource"][0]["request"]["ResourceARN"]
    responses["application-autoscaling:ListTagsForResource"] = [
        {"request": {"ResourceARN": arn}, "error": {"Code": "AccessDeniedException", "HTTPStatusCode": 400}}]
    result = replay(responses, ACCOUNT, REGION)
    assert [e.message.split(" (")[0] for e in result.errors] == [
        "application-autoscaling:ListTagsForResource was denied"]
    (target,) = _of(result, "AWS::ApplicationAutoScaling::ScalableTarget")
    assert target.arn == arn and target.props["MinCapacity"] == 1 and target.metadata["tags"] == {}


def test_scaling_policies_are_named_by_their_arn():
    result = replay(_responses("MLS110", "fail"), ACCOUNT, REGION)
    ids = sorted(r.id.rsplit("/", 1)[-1] for r in _of(result, "AWS::ApplicationAutoScaling::ScalingPolicy"))
    assert ids == ["bad-step-cooldown-thirty", "bad-tracking-scale-in-zero"]


# -- CloudWatch alarms -----------------------------------------------------------------

def _verdicts(rule_id: str, responses: dict, tmp_path) -> dict[str, set[str]]:
    from mlsec.engine.registry import load_rules
    from tests.rule_fixtures import run_fixture, short_name

    path = tmp_path / "aws.json"
    path.write_text(json.dumps({"account": ACCOUNT, "region": REGION, "responses": responses}))
    (rule,) = [r for r in load_rules() if r.id == rule_id]
    findings, _ = run_fixture(rule, path)
    out: dict[str, set[str]] = {}
    for f in findings:
        out.setdefault(short_name(f.resource.id), set()).add(f.status.value)
    return out


def _deny_alarms(responses: dict) -> dict:
    responses["cloudwatch:DescribeAlarms"] = [{"request": {}, "error": {"Code": "AccessDenied", "HTTPStatusCode": 403}}]
    return responses


def test_unlisted_alarms_make_alarm_rules_unknown_not_fail(tmp_path):
    result = replay(_deny_alarms(_responses("MLS610", "fail")), ACCOUNT, REGION)
    (stand_in,) = _of(result, "AWS::CloudWatch::Alarm")
    assert stand_in.metadata.get("placeholder") and stand_in.arn.endswith(":alarm:*")
    assert _verdicts("MLS610", _deny_alarms(_responses("MLS610", "fail")), tmp_path) == {
        "bad-endpoint-unwatched": {"unknown"}, "bad-endpoint-arn-dimension": {"unknown"}}
    # a rollback alarm that is not among the listed alarms fails; unlisted alarms leave it open
    assert _verdicts("MLS111", _responses("MLS111", "fail"), tmp_path)["bad-endpoint-alarm-missing"] == {"fail"}
    denied = _verdicts("MLS111", _deny_alarms(_responses("MLS111", "fail")), tmp_path)
    assert denied["bad-endpoint-alarm-missing"] == {"unknown"} and denied["bad-endpoint-alarm-elsewhere"] == {"unknown"}
    assert denied["bad-endpoint-no-rollback"] == {"fail"}  # no alarm named at all: nothing to look up


# -- Model Monitor ---------------------------------------------------------------------

def test_job_definitions_are_listed_from_their_describe_responses():
    # a definition's describe response names it JobDefinitionName, its list item MonitoringJobDefinitionName
    result = replay(_responses("MLS611", "pass"), ACCOUNT, REGION)
    (definition,) = _of(result, "AWS::SageMaker::DataQualityJobDefinition")
    assert definition.arn.endswith(":data-quality-job-definition/fraud-data-quality")
    statuses = {r.props["MonitoringScheduleName"]: r.props["MonitoringScheduleStatus"]
                for r in _of(result, "AWS::SageMaker::MonitoringSchedule")}
    assert statuses == {"fraud-data-quality-hourly": "Scheduled", "fraud-inline-hourly": "Pending"}


def test_a_stopped_schedule_does_not_watch_its_endpoint(tmp_path):
    responses = _responses("MLS611", "pass")
    for entry in responses["sagemaker:DescribeMonitoringSchedule"]:
        entry["MonitoringScheduleStatus"] = "Stopped"
    assert _verdicts("MLS611", responses, tmp_path) == {
        "good-endpoint-monitored": {"fail"}, "good-endpoint-inline-schedule": {"fail"},
        "na-endpoint-no-capture": {"not_applicable"}}
