r"""
## What it does
Flags Application Auto Scaling targets for SageMaker endpoint variants
(`sagemaker:variant:DesiredInstanceCount`) whose `MinCapacity` is below 2. Targets of
other dimensions (inference-component copy counts, serverless provisioned concurrency)
and of other services are not applicable; variants without a scalable target are judged
by MLS105 on their initial instance count.

## Why it matters
Autoscaling may scale a variant in to its minimum whenever traffic is low. At a minimum
of one the endpoint then runs on a single instance in a single Availability Zone, and an
instance failure or AZ outage stops inference until a replacement is up.

## Remediation
Register the target with a minimum capacity of at least 2.

### CloudFormation
```yaml
ScalableTarget:
  Type: AWS::ApplicationAutoScaling::ScalableTarget
  Properties:
    ServiceNamespace: sagemaker
    ScalableDimension: sagemaker:variant:DesiredInstanceCount
    ResourceId: !Sub endpoint/${Endpoint.EndpointName}/variant/AllTraffic
    MinCapacity: 2
    MaxCapacity: 8
```

### Terraform
```hcl
resource "aws_appautoscaling_target" "scoring" {
  service_namespace  = "sagemaker"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  resource_id        = "endpoint/${aws_sagemaker_endpoint.scoring.name}/variant/AllTraffic"
  min_capacity       = 2
  max_capacity       = 8
}
```

### AWS CLI
```sh
aws application-autoscaling register-scalable-target --service-namespace sagemaker \
  --resource-id endpoint/scoring/variant/AllTraffic \
  --scalable-dimension sagemaker:variant:DesiredInstanceCount --min-capacity 2 --max-capacity 8
```

## References
- Amazon SageMaker AI developer guide: "Automatic scaling of Amazon SageMaker AI models"
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.autoscaling import VARIANT_INSTANCES, ScalableTarget
from mlsec.model.values import State, Value
from mlsec.model.verdict import Verdict, failed, not_applicable, passed, unknown


@rule(id="MLS109", name="endpoint-autoscaling-min-below-two", control="endpoint-autoscaling-min", severity="medium")
def check(target: ScalableTarget):
    namespace, dimension = target.service_namespace, target.scalable_dimension
    for value in (namespace, dimension):
        if not value.is_known or value.value is None:
            return unknown(f"cannot tell what the target scales: {value.path} is {value.describe()}",
                           reason="target-unresolved", line=value.line)
    if namespace.value != "sagemaker" or dimension.value != VARIANT_INSTANCES:
        return not_applicable(f"the target scales {namespace.value} {dimension.value}, not the instance count of "
                              "a SageMaker endpoint variant")
    if target.resource_id.is_unknown or target.resource_id.state is State.BRANCHED:
        return unknown(f"the variant this target scales cannot be resolved: {target.resource_id.describe()}",
                       reason="resource-id-unresolved", line=target.resource_id.line)
    variant = target.resource_id.describe()

    def decide(v: Value) -> Verdict:
        if not v.is_set:
            return unknown(f"{v.path} is not set on the target for {variant}", reason="min-absent", line=v.line)
        if v.value < 2:
            return failed(f"{v.path} is {v.describe()}: autoscaling may shrink {variant} to one instance in one "
                          "Availability Zone", line=v.line)
        return passed(f"{v.path} is {v.describe()} for {variant}", line=v.line)

    return target.min_capacity.judge(decide)
