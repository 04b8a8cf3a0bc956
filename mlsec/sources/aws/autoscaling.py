"""Application Auto Scaling targets and policies of SageMaker variants.

A target's ARN ends in a generated id, so its tags (ListTagsForResource, one call per
target: the Resource Groups Tagging API does not return them) are what names it for a
reader, and where an ``mlsec:ignore`` tag would be. Policies cannot be tagged; their
ARNs end in the policy name.
"""

from __future__ import annotations

from mlsec.sources.aws.collect import NEIGHBOURS, Collector, Region

_TARGET = ("ServiceNamespace", "ResourceId", "ScalableDimension", "MinCapacity", "MaxCapacity", "RoleARN",
           "SuspendedState")
_POLICY = ("PolicyName", "PolicyType", "ServiceNamespace", "ResourceId", "ScalableDimension",
           "TargetTrackingScalingPolicyConfiguration", "StepScalingPolicyConfiguration")


def collect_scaling(region: Region) -> None:
    for target in region.listing("application-autoscaling", "DescribeScalableTargets", "ScalableTargets",
                                 ServiceNamespace="sagemaker"):
        arn = target.get("ScalableTargetARN") or region.arn(
            "application-autoscaling", f"scalable-target/{target.get('ResourceId')}|{target.get('ScalableDimension')}")
        region.emit("AWS::ApplicationAutoScaling::ScalableTarget", arn, {k: target[k] for k in _TARGET if k in target},
                    tags=_target_tags(region, target.get("ScalableTargetARN")))
    for policy in region.listing("application-autoscaling", "DescribeScalingPolicies", "ScalingPolicies",
                                 ServiceNamespace="sagemaker"):
        arn = policy.get("PolicyARN") or region.arn("autoscaling", f"scalingPolicy:{policy.get('PolicyName')}")
        region.emit("AWS::ApplicationAutoScaling::ScalingPolicy", arn, {k: policy[k] for k in _POLICY if k in policy})


def _target_tags(region: Region, arn: str | None) -> dict | None:
    """The target's tags; None when it has no ARN or they cannot be read (then reported)."""
    if not arn:
        return None
    response = region.ask("application-autoscaling", "ListTagsForResource", subject=arn, ResourceARN=arn,
                          missing=("ResourceNotFoundException",))
    return dict(response.get("Tags") or {}) if isinstance(response, dict) else None


COLLECTORS = (
    Collector("application-autoscaling.sagemaker", "application-autoscaling",
              ("DescribeScalableTargets", "DescribeScalingPolicies", "ListTagsForResource"), collect_scaling,
              stage=NEIGHBOURS),
)
