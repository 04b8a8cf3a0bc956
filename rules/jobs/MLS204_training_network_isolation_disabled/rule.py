r"""
## What it does
Flags training jobs that do not set `EnableNetworkIsolation` to true (the default is false).
Training jobs come from `AWS::SageMaker::TrainingJob`, from Step Functions
`createTrainingJob` and `createHyperParameterTuningJob` tasks
(`AWS::StepFunctions::StateMachine`, `aws_sfn_state_machine`) and from SageMaker pipeline
`Training` and `Tuning` steps (`AWS::SageMaker::Pipeline`, `aws_sagemaker_pipeline`).
Terraform's `aws_sagemaker_training_job` exists only in AWS provider 6.x: it is read from
HCL, but plan fixtures (made with provider 5.100) prove the rule through state machines and
pipelines. Values a workflow fills in at run time (ASL keys ending in `.$`, JSONata,
pipeline expressions) are unknown.

## Why it matters
Without network isolation the training container can open connections anywhere its network
allows: third-party training code or a poisoned dependency can send the training data out or
pull in more code. With isolation SageMaker still moves input and output data for the job,
but the container gets no network.

## Remediation
Set `EnableNetworkIsolation: true` (the container must not need the network itself).

### CloudFormation
```yaml
Parameters:
  EnableNetworkIsolation: true
```

### Terraform
```hcl
enable_network_isolation = true
```

### AWS CLI
```sh
aws sagemaker create-training-job --training-job-name churn-2026-11 ... --enable-network-isolation
```

## References
- Amazon SageMaker AI developer guide: "Run Training and Inference Containers in Internet-Free Mode"
"""

from mlsec.engine.rule import rule
from mlsec.model.job_checks import flag_verdict
from mlsec.model.kinds.jobs import TrainingJob


@rule(id="MLS204", name="training-network-isolation-disabled", control="training-network-isolation", severity="medium")
def check(job: TrainingJob):
    return flag_verdict(job.network_isolation, "the training container can reach the network",
                        "the training container has no network access")
