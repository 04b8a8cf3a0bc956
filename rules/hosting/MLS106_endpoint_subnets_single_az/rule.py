r"""
## What it does
Flags models that run in a VPC and serve a production variant of two or more instances
while every subnet in the model's `VpcConfig` lies in the same Availability Zone. Subnet
zones are read through the resource graph (`AWS::EC2::Subnet` / `aws_subnet`
`AvailabilityZone` or `AvailabilityZoneId`); `!Select [i, !GetAZs ""]` with different
indices counts as different zones. Models without a `VpcConfig`, and models no
multi-instance variant uses, are not applicable. When some zones cannot be resolved and
the resolved ones are all the same, the result is unknown.

## Why it matters
SageMaker places a variant's instances in the subnets the model names. Several instances
in subnets of one zone give no protection against a zone outage: the whole endpoint
fails with the zone, which defeats the point of running more than one instance (MLS105).

## Remediation
List private subnets from at least two Availability Zones in the model's `VpcConfig`,
then deploy a new endpoint configuration (models are immutable).

### CloudFormation
```yaml
Model:
  Type: AWS::SageMaker::Model
  Properties:
    ExecutionRoleArn: !GetAtt ModelRole.Arn
    PrimaryContainer:
      Image: !Ref ImageUri
    VpcConfig:
      Subnets: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]  # in two different zones
      SecurityGroupIds: [!Ref ModelSecurityGroup]
```

### Terraform
```hcl
resource "aws_sagemaker_model" "scoring" {
  execution_role_arn = aws_iam_role.model.arn
  primary_container {
    image = var.image_uri
  }
  vpc_config {
    subnets            = [aws_subnet.private_a.id, aws_subnet.private_b.id]
    security_group_ids = [aws_security_group.model.id]
  }
}
```

### AWS CLI
```sh
aws sagemaker create-model --model-name scoring-v2 --execution-role-arn ROLE_ARN \
  --primary-container Image=IMAGE_URI \
  --vpc-config Subnets=subnet-az1,subnet-az2,SecurityGroupIds=sg-123
```

## References
- Amazon SageMaker AI developer guide: "Best practices for deploying models on SageMaker Hosting Services"
- Amazon SageMaker AI developer guide: "Give SageMaker Hosted Endpoints Access to Resources in Your Amazon VPC"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.network import Subnet
from mlsec.model.kinds.sagemaker import Model
from mlsec.model.relations import variants_using
from mlsec.model.values import State
from mlsec.model.verdict import failed, not_applicable, passed, unknown
from mlsec.model.zones import Zone, distinct_zones, subnet_zone


@rule(id="MLS106", name="endpoint-subnets-single-az", control="endpoint-single-az", severity="medium")
def check(model: Model, graph: Graph):
    vpc = model.vpc_config
    if vpc.is_unknown or vpc.state is State.BRANCHED:
        return unknown(f"the model's VPC configuration cannot be resolved: {vpc.describe()}", line=vpc.line)
    if not vpc.is_set:
        return not_applicable("the model has no VpcConfig")
    counts = [(config, variant) for config, variant in variants_using(graph, model) if variant.is_serverless is False]
    sizes = [variant.initial_instance_count for _, variant in counts]
    if not any(size.is_set and size.value >= 2 for size in sizes):
        if any(not size.is_set for size in sizes):
            return unknown("the instance count of a variant using the model cannot be resolved",
                           reason="count-unresolved")
        return not_applicable("no variant in the scanned files runs the model on two or more instances")
    subnets = vpc.value[0].subnets
    if not subnets.is_set:
        return unknown(f"{subnets.path} cannot be resolved: {subnets.describe()}", line=subnets.line)
    zones: list[Zone] = []
    open_: list[str] = []
    for written in subnets.value:
        found = graph.follow(model, written, Subnet)
        if not found.found:
            open_.append(f"{written}: {found.reason}")
            continue
        zone = subnet_zone(found.resource)  # type: ignore[arg-type]
        (zones.append if isinstance(zone, Zone) else open_.append)(zone)
    if len({z.space for z in zones}) > 1 and distinct_zones(zones) < 2:
        open_.append("the zones are written as names, ids and indices that cannot be compared")
    evidence = {"zones": [str(z) for z in zones], "unresolved": open_}
    if distinct_zones(zones) >= 2:
        return passed(f"the model's subnets span {distinct_zones(zones)} Availability Zones "
                      f"({', '.join(sorted({str(z) for z in zones}))})", evidence=evidence, line=subnets.line)
    if open_:
        return unknown(f"cannot tell whether the model's subnets span two Availability Zones: {'; '.join(open_)}",
                       reason="zone-unresolved", evidence=evidence, line=subnets.line)
    where = str(zones[0]) if zones else "one zone"
    return failed(f"every subnet of the model is in {where}: a zone outage stops all instances of the variant",
                  evidence=evidence, line=subnets.line)
