"""Application Auto Scaling targets and policies of SageMaker variants."""

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
        region.emit("AWS::ApplicationAutoScaling::ScalableTarget", arn, {k: target[k] for k in _TARGET if k in target})
    for policy in region.listing("application-autoscaling", "DescribeScalingPolicies", "ScalingPolicies",
                                 ServiceNamespace="sagemaker"):
        arn = policy.get("PolicyARN") or region.arn("autoscaling", f"scalingPolicy:{policy.get('PolicyName')}")
        region.emit("AWS::ApplicationAutoScaling::ScalingPolicy", arn, {k: policy[k] for k in _POLICY if k in policy})


COLLECTORS = (
    Collector("application-autoscaling.sagemaker", "application-autoscaling",
              ("DescribeScalableTargets", "DescribeScalingPolicies"), collect_scaling, stage=NEIGHBOURS),
)
