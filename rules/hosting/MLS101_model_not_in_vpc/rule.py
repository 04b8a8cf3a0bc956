r"""
## What it does
Flags SageMaker models without a `VpcConfig`. Their inference containers then run in the
SageMaker-managed network, which has internet access.

## Why it matters
A model container outside your VPC can reach the internet and cannot reach your private
resources through your network controls: a malicious or compromised model artefact can
exfiltrate the requests it scores. Models used only by serverless variants are not
applicable, because serverless inference does not support VPC configuration.

## Remediation
Give the model a `VpcConfig` with private subnets (in at least two Availability Zones) and
security groups. Models are immutable: create a new model and endpoint configuration,
then update the endpoint.

### CloudFormation
```yaml
Model:
  Type: AWS::SageMaker::Model
  Properties:
    ExecutionRoleArn: !GetAtt ModelRole.Arn
    PrimaryContainer:
      Image: !Sub ${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/scoring@sha256:DIGEST
    VpcConfig:
      Subnets: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
      SecurityGroupIds: [!Ref ModelSecurityGroup]
```

### Terraform
```hcl
resource "aws_sagemaker_model" "model" {
  execution_role_arn = aws_iam_role.model.arn
  primary_container {
    image = "${aws_ecr_repository.scoring.repository_url}@sha256:DIGEST"
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
  --vpc-config Subnets=SUBNET_A,SUBNET_B,SecurityGroupIds=SG_ID
```

## References
- Amazon SageMaker AI developer guide: "Give SageMaker Hosted Endpoints Access to Resources in Your Amazon VPC"
- AWS Config rule: sagemaker-model-in-vpc
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.sagemaker import Model
from mlsec.model.relations import serverless_only
from mlsec.model.verdict import failed, not_applicable, passed


@rule(id="MLS101", name="model-not-in-vpc", control="model-no-vpc", severity="medium")
def check(model: Model, graph: Graph):
    if serverless_only(graph, model):
        return not_applicable("the model is used only by serverless variants, which run outside any VPC")
    vpc = model.vpc_config
    if vpc.is_unknown or vpc.state.value == "branched":
        return vpc.judge(lambda v: _judge_config(v.value))
    if not vpc.is_set:
        return failed(f"{vpc.path} is not set: the model's containers run in the SageMaker-managed network "
                      "with internet access", line=vpc.line)
    return _judge_config(vpc.value)


def _judge_config(configs):
    if not configs:
        return failed("the model has no VPC configuration")
    cfg = configs[0]
    for value in (cfg.subnets, cfg.security_group_ids):
        if value.is_unknown:
            return value.unknown_verdict()
    if not (cfg.subnets.is_set and cfg.subnets.value) or not (cfg.security_group_ids.is_set and
                                                              cfg.security_group_ids.value):
        return failed("the VPC configuration lacks subnets or security groups", line=cfg.line)
    return passed(f"the model runs in {len(cfg.subnets.value)} subnet(s) of a VPC", line=cfg.line)
