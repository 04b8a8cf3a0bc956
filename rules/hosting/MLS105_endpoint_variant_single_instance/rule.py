r"""
## What it does
Flags production variants that start with fewer than two instances. Serverless variants
are not applicable (they have no instance count); for variants that host inference
components the managed-scaling minimum is read instead of the initial count.

## Why it matters
SageMaker spreads the instances of a variant over Availability Zones. With one instance,
an instance failure, an AZ outage or a host patch takes the model offline until a
replacement starts. An autoscaling minimum of two does not fix this: the first
deployment still runs a single instance in one AZ.

## Remediation
Set `InitialInstanceCount` to at least 2 (and keep any autoscaling minimum at 2 or more,
see MLS109). Create a new endpoint configuration and update the endpoint.

### CloudFormation
```yaml
EndpointConfig:
  Type: AWS::SageMaker::EndpointConfig
  Properties:
    ProductionVariants:
      - VariantName: AllTraffic
        ModelName: !GetAtt Model.ModelName
        InstanceType: ml.m5.xlarge
        InitialInstanceCount: 2
```

### Terraform
```hcl
resource "aws_sagemaker_endpoint_configuration" "config" {
  production_variants {
    variant_name           = "AllTraffic"
    model_name             = aws_sagemaker_model.model.name
    instance_type          = "ml.m5.xlarge"
    initial_instance_count = 2
  }
}
```

### AWS CLI
```sh
aws sagemaker create-endpoint-config --endpoint-config-name scoring-v3 \
  --production-variants VariantName=AllTraffic,ModelName=scoring,InstanceType=ml.m5.xlarge,InitialInstanceCount=2
aws sagemaker update-endpoint --endpoint-name scoring --endpoint-config-name scoring-v3
```

## References
- Amazon SageMaker AI developer guide: "Best practices for deploying models on SageMaker Hosting Services"
- AWS Security Hub: SageMaker.4
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.sagemaker import EndpointConfig, ProductionVariant
from mlsec.model.verdict import Verdict, failed, not_applicable, passed, unknown


@rule(id="MLS105", name="endpoint-variant-single-instance", control="endpoint-single-instance", severity="medium")
def check(config: EndpointConfig):
    variants = config.production_variants
    if not variants.is_set:
        if variants.is_absent:
            return unknown("the configuration declares no production variants", reason="no-variants")
        return unknown(f"the production variants cannot be resolved: {variants.reason or 'undecided condition'}")
    return [_judge(variant, i) for i, variant in enumerate(variants.value)]


def _judge(variant: ProductionVariant, index: int) -> Verdict:
    name = variant.variant_name.value if variant.variant_name.is_set else f"variant {index}"
    subject = str(name)
    serverless = variant.is_serverless
    if serverless is None:
        return unknown(f"cannot tell whether {subject} is serverless: {variant.serverless_config.reason}",
                       subject=subject, line=variant.line)
    if serverless:
        return not_applicable(f"{subject} is serverless and has no instance count", subject=subject, line=variant.line)
    count = variant.initial_instance_count
    if not count.is_set and _scaling(variant) is not None:
        return _managed_minimum(variant, subject)

    def decide(v) -> Verdict:
        if not v.is_set:
            return unknown(f"{v.path} is not set on instance variant {subject}", reason="count-absent",
                           line=variant.line)
        return _compare(v.value, v.path, v.line)

    verdict = count.judge(decide)
    verdict.subject = subject
    return verdict


def _compare(value: int, what: str, line) -> Verdict:
    if value < 2:
        return failed(f"{what} is {value}: one instance in one Availability Zone", line=line)
    return passed(f"{what} is {value}", line=line)


def _managed_minimum(variant: ProductionVariant, subject: str) -> Verdict:
    scaling = _scaling(variant) or {}
    minimum = scaling.get("MinInstanceCount", scaling.get("min_instance_count"))
    if not isinstance(minimum, int):
        return unknown(f"{subject} hosts inference components and its managed-scaling minimum is not a number",
                       subject=subject, line=variant.line)
    verdict = _compare(minimum, "ManagedInstanceScaling.MinInstanceCount", variant.line)
    verdict.subject = subject
    return verdict


def _scaling(variant: ProductionVariant) -> dict | None:
    """The ManagedInstanceScaling block (a one-element list in Terraform), if set."""
    value = variant.managed_instance_scaling.value
    if isinstance(value, list) and value:
        value = value[0]
    return value if isinstance(value, dict) else None
