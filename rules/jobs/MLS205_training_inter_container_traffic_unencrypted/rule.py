r"""
## What it does
Flags distributed training jobs (more than one instance in total, summed over instance
groups) that do not encrypt traffic between their instances
(`EnableInterContainerTrafficEncryption` absent or false). Jobs on a single instance are not
applicable. Training jobs come from `AWS::SageMaker::TrainingJob`, from Step Functions
`createTrainingJob` and `createHyperParameterTuningJob` tasks
(`AWS::StepFunctions::StateMachine`, `aws_sfn_state_machine`) and from SageMaker pipeline
`Training` and `Tuning` steps (`AWS::SageMaker::Pipeline`, `aws_sagemaker_pipeline`).
Terraform's `aws_sagemaker_training_job` exists only in AWS provider 6.x: it is read from
HCL, but plan fixtures (made with provider 5.100) prove the rule through state machines and
pipelines. Values a workflow fills in at run time (ASL keys ending in `.$`, JSONata,
pipeline expressions) are unknown.

## Why it matters
Distributed training exchanges gradients, weights and sometimes data batches between
instances. Without encryption this traffic crosses the network in clear text, where anything
able to observe it can reconstruct the model or the data it was trained on.

## Remediation
Set `EnableInterContainerTrafficEncryption: true` on multi-instance jobs.

### CloudFormation
```yaml
Parameters:
  EnableInterContainerTrafficEncryption: true
```

### Terraform
```hcl
enable_inter_container_traffic_encryption = true
```

### AWS CLI
```sh
aws sagemaker create-training-job --training-job-name churn-2026-11 ... --enable-inter-container-traffic-encryption
```

## References
- Amazon SageMaker AI developer guide: "Protect Communications Between ML Compute Instances in a Distributed Training Job"
"""

from mlsec.engine.rule import rule
from mlsec.model.job_checks import inter_container_verdict
from mlsec.model.kinds.jobs import TrainingJob


@rule(id="MLS205", name="training-inter-container-traffic-unencrypted", control="training-inter-container-encryption", severity="medium")
def check(job: TrainingJob):
    return inter_container_verdict(job)
