"""Application Auto Scaling: scalable targets and scaling policies (SageMaker variants and
inference components scale through it)."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr
from mlsec.model.values import Value

VARIANT_INSTANCES = "sagemaker:variant:DesiredInstanceCount"


class ScalableTarget(Resource):
    kind = "AWS::ApplicationAutoScaling::ScalableTarget"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_appautoscaling_target",)}

    service_namespace: Annotated[Value, Attr(cfn="ServiceNamespace", tf="service_namespace", kind="str")]
    scalable_dimension: Annotated[Value, Attr(cfn="ScalableDimension", tf="scalable_dimension", kind="str")]
    resource_id: Annotated[Value, Attr(cfn="ResourceId", tf="resource_id", kind="str",
                                       doc="For SageMaker variants: endpoint/<EndpointName>/variant/<VariantName>.")]
    min_capacity: Annotated[Value, Attr(cfn="MinCapacity", tf="min_capacity", kind="int")]
    max_capacity: Annotated[Value, Attr(cfn="MaxCapacity", tf="max_capacity", kind="int")]


class ScalingPolicy(Resource):
    """Cooldown defaults: AWS applies 300 s to absent target-tracking and step cooldowns of
    SageMaker variants; the Terraform provider sends 0 for an omitted cooldown argument."""

    kind = "AWS::ApplicationAutoScaling::ScalingPolicy"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_appautoscaling_policy",)}

    policy_type: Annotated[Value, Attr(cfn="PolicyType", tf="policy_type", kind="str")]
    scaling_target_id: Annotated[Value, Attr(cfn="ScalingTargetId", kind="str",
                                             doc="CloudFormation: the target this policy belongs to.")]
    service_namespace: Annotated[Value, Attr(cfn="ServiceNamespace", tf="service_namespace", kind="str")]
    scalable_dimension: Annotated[Value, Attr(cfn="ScalableDimension", tf="scalable_dimension", kind="str")]
    resource_id: Annotated[Value, Attr(cfn="ResourceId", tf="resource_id", kind="str")]
    target_tracking: Annotated[Value, Attr(cfn="TargetTrackingScalingPolicyConfiguration",
                                           tf="target_tracking_scaling_policy_configuration")]
    scale_in_cooldown: Annotated[Value, Attr(
        cfn="TargetTrackingScalingPolicyConfiguration.ScaleInCooldown",
        tf="target_tracking_scaling_policy_configuration.scale_in_cooldown", default=300, tf_default=0, kind="int")]
    scale_out_cooldown: Annotated[Value, Attr(
        cfn="TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown",
        tf="target_tracking_scaling_policy_configuration.scale_out_cooldown", default=300, tf_default=0, kind="int")]
    step_scaling: Annotated[Value, Attr(cfn="StepScalingPolicyConfiguration", tf="step_scaling_policy_configuration")]
    step_cooldown: Annotated[Value, Attr(
        cfn="StepScalingPolicyConfiguration.Cooldown", tf="step_scaling_policy_configuration.cooldown",
        default=300, tf_default=0, kind="int")]
