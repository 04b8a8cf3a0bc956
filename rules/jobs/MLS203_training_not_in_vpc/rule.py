r"""
## What it does
Flags training jobs without a `VpcConfig`: their containers run in the SageMaker service
network, outside any VPC you control. A `VpcConfig` needs at least one subnet and one
security group. Training jobs come from `AWS::SageMaker::TrainingJob`, from Step Functions
`createTrainingJob` and `createHyperParameterTuningJob` tasks
(`AWS::StepFunctions::StateMachine`, `aws_sfn_state_machine`) and from SageMaker pipeline
`Training` and `Tuning` steps (`AWS::SageMaker::Pipeline`, `aws_sagemaker_pipeline`).
Terraform's `aws_sagemaker_training_job` exists only in AWS provider 6.x: it is read from
HCL, but plan fixtures (made with provider 5.100) prove the rule through state machines and
pipelines. Values a workflow fills in at run time (ASL keys ending in `.$`, JSONata,
pipeline expressions) are unknown.

## Why it matters
Outside your VPC, training traffic to S3 and elsewhere passes no security group, NACL,
endpoint policy or flow log of yours, so you can neither restrict where training code sends
data nor see that it did.

## Remediation
Give the job a `VpcConfig` with private subnets and a security group, and the VPC endpoints
it needs (MLS301).

### CloudFormation
```yaml
VpcConfig:
  Subnets: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
  SecurityGroupIds: [!Ref TrainingSecurityGroup]
```

### Terraform
```hcl
vpc_config {
  subnets            = [aws_subnet.private_a.id, aws_subnet.private_b.id]
  security_group_ids = [aws_security_group.training.id]
}
```

### AWS CLI
```sh
aws sagemaker create-training-job --training-job-name churn-2026-11 ... \
  --vpc-config Subnets=subnet-a,subnet-b,SecurityGroupIds=sg-123
```

## References
- Amazon SageMaker AI developer guide: "Give SageMaker Training Jobs Access to Resources in Your Amazon VPC"
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.jobs import TrainingJob
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed, passed, unknown


@rule(id="MLS203", name="training-not-in-vpc", control="training-no-vpc", severity="medium")
def check(job: TrainingJob):
    def decide(vpc: Value) -> Verdict:
        if not vpc.is_set:
            return failed(f"{vpc.path} is not set: the job runs outside any VPC of yours", line=vpc.line)
        config = vpc.value[0]
        missing = [v.path for v in (config.subnets, config.security_group_ids) if not v.is_set]
        if missing:
            if any(getattr(config, n).is_unknown for n in ("subnets", "security_group_ids")):
                return unknown(f"{vpc.path} cannot be fully resolved", line=vpc.line)
            return failed(f"{vpc.path} lacks {' and '.join(missing)}", line=vpc.line)
        return passed(f"{vpc.path} places the job in subnets {config.subnets.describe()}", line=vpc.line)

    return job.vpc_config.judge(decide)
