r"""
## What it does
Flags scaling policies of SageMaker endpoints whose cooldown is shorter than the minimum
(setting `min_cooldown_s`, 60 seconds by default; 0 always fails): target-tracking
`ScaleInCooldown` and `ScaleOutCooldown`, and step-scaling `Cooldown`. When CloudFormation
leaves a cooldown out, AWS applies 300 seconds; the Terraform provider instead sends 0
for an omitted `scale_in_cooldown`, `scale_out_cooldown` or step `cooldown`, so in
Terraform an absent cooldown fails. Policies of other services are not applicable.

## Why it matters
A new SageMaker instance takes minutes to start and load the model. With a very short
cooldown, autoscaling reacts again before the last change has taken effect: it
over-provisions on the way out and removes capacity too early on the way in, which
produces throttled or failed inference requests during traffic swings and extra cost.

## Remediation
Set explicit cooldowns of at least the minimum, typically 300 seconds to scale in and
60 seconds or more to scale out.

### CloudFormation
```yaml
ScalingPolicy:
  Type: AWS::ApplicationAutoScaling::ScalingPolicy
  Properties:
    PolicyName: invocations-per-instance
    PolicyType: TargetTrackingScaling
    ScalingTargetId: !Ref ScalableTarget
    TargetTrackingScalingPolicyConfiguration:
      TargetValue: 100
      ScaleInCooldown: 300
      ScaleOutCooldown: 60
      PredefinedMetricSpecification:
        PredefinedMetricType: SageMakerVariantInvocationsPerInstance
```

### Terraform
```hcl
resource "aws_appautoscaling_policy" "invocations" {
  name               = "invocations-per-instance"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.scoring.service_namespace
  scalable_dimension = aws_appautoscaling_target.scoring.scalable_dimension
  resource_id        = aws_appautoscaling_target.scoring.resource_id
  target_tracking_scaling_policy_configuration {
    target_value       = 100
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "SageMakerVariantInvocationsPerInstance"
    }
  }
}
```

### AWS CLI
```sh
# tt.json: {"TargetValue": 100, "ScaleInCooldown": 300, "ScaleOutCooldown": 60,
#   "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"}}
aws application-autoscaling put-scaling-policy --service-namespace sagemaker \
  --resource-id endpoint/scoring/variant/AllTraffic --scalable-dimension sagemaker:variant:DesiredInstanceCount \
  --policy-name invocations-per-instance --policy-type TargetTrackingScaling \
  --target-tracking-scaling-policy-configuration file://tt.json
```

## References
- Application Auto Scaling user guide: "Target tracking scaling policies", "Define cooldown periods"
- Application Auto Scaling API reference: "StepScalingPolicyConfiguration"
"""

from mlsec.engine.rule import rule
from mlsec.engine.settings import Settings
from mlsec.model.graph import Graph
from mlsec.model.kinds.autoscaling import ScalingPolicy
from mlsec.model.scaling import policy_dimension
from mlsec.model.values import State, Value
from mlsec.model.verdict import Status, Verdict, failed, not_applicable, passed, unknown


@rule(id="MLS110", name="autoscaling-cooldown-too-short", control="autoscaling-cooldown", severity="low")
def check(policy: ScalingPolicy, graph: Graph, settings: Settings):
    namespace, _ = policy_dimension(policy, graph)
    if namespace.is_unknown or namespace.state is State.BRANCHED or namespace.value is None:
        return unknown(f"cannot tell which service the policy scales: {namespace.path} is {namespace.describe()}",
                       reason="namespace-unresolved", line=namespace.line)
    if namespace.value != "sagemaker":
        return not_applicable(f"the policy scales {namespace.value}, not a SageMaker endpoint")
    minimum = settings.min_cooldown_s
    cooldowns = [(policy.target_tracking, (policy.scale_in_cooldown, policy.scale_out_cooldown)),
                 (policy.step_scaling, (policy.step_cooldown,))]
    verdicts = []
    for block, values in cooldowns:
        if block.is_unknown or block.state is State.BRANCHED:
            verdicts.append(unknown(f"{block.path} cannot be resolved: {block.describe()}", line=block.line))
        elif block.is_set:
            verdicts.extend(v.judge(lambda value: _judge(value, minimum)) for v in values)
    if not verdicts:
        return not_applicable("the policy has no target-tracking or step-scaling configuration with a cooldown")
    return _combine(verdicts)


def _judge(v: Value, minimum: int) -> Verdict:
    if v.value < minimum or v.value <= 0:
        return failed(f"{v.path} is {v.describe()}, below the {minimum}-second minimum", evidence=v.evidence(),
                      line=v.line)
    return passed(f"{v.path} is {v.describe()}", evidence=v.evidence(), line=v.line)


def _combine(verdicts: list[Verdict]) -> Verdict:
    """One verdict per policy: any short cooldown fails it; otherwise unknown beats pass."""
    for status in (Status.FAIL, Status.UNKNOWN):
        chosen = [v for v in verdicts if v.status is status]
        if chosen:
            return Verdict(status, "; ".join(v.message for v in chosen), reason=chosen[0].reason,
                           evidence={"cooldowns": [v.evidence for v in verdicts]}, line=chosen[0].line)
    return passed("; ".join(v.message for v in verdicts), evidence={"cooldowns": [v.evidence for v in verdicts]})

