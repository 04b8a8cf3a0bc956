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
