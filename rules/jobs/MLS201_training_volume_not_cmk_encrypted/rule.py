r"""
## What it does
Flags training jobs whose ML storage volumes are not encrypted with a customer-managed KMS
key (`ResourceConfig.VolumeKmsKeyId`, or `HyperParameterTuningResourceConfig.VolumeKmsKeyId`
for tuning jobs, absent or AWS-managed). On instance-store (NVMe) types the rule is not
applicable, and a key set there fails with reason `kms-on-instance-store` because SageMaker
rejects it. An unresolved instance type is unknown. Training jobs come from
`AWS::SageMaker::TrainingJob`, from Step Functions `createTrainingJob` and
`createHyperParameterTuningJob` tasks (`AWS::StepFunctions::StateMachine`,
`aws_sfn_state_machine`) and from SageMaker pipeline `Training` and `Tuning` steps
(`AWS::SageMaker::Pipeline`, `aws_sagemaker_pipeline`). Terraform's
`aws_sagemaker_training_job` exists only in AWS provider 6.x: it is read from HCL, but plan
fixtures (made with provider 5.100) prove the rule through state machines and pipelines.
Values a workflow fills in at run time (ASL keys ending in `.$`, JSONata, pipeline
expressions) are unknown.

## Why it matters
Training volumes hold the training data copied from S3, checkpoints and the model before it
is uploaded. With an AWS-managed key you cannot restrict decryption through a key policy,
revoke it in an incident, or audit its use apart from every other workload in the account.

## Remediation
Set the volume key to a customer-managed key on EBS-backed instance types; leave it out on
instance-store types. Jobs are immutable: change the workflow and submit again.

### CloudFormation
```yaml
Train:
  Type: Task
  Resource: arn:aws:states:::sagemaker:createTrainingJob.sync
  Parameters:
    ResourceConfig:
      InstanceType: ml.m5.2xlarge
      InstanceCount: 1
      VolumeSizeInGB: 50
      VolumeKmsKeyId: !GetAtt TrainingKey.Arn
```

### Terraform
```hcl
resource_config {
  instance_type     = "ml.m5.2xlarge"
  instance_count    = 1
  volume_size_in_gb = 50
  volume_kms_key_id = aws_kms_key.training.arn
}
```

### AWS CLI
```sh
aws sagemaker create-training-job --training-job-name churn-2026-11 ... \
  --resource-config InstanceType=ml.m5.2xlarge,InstanceCount=1,VolumeSizeInGB=50,VolumeKmsKeyId=KEY_ARN
```

## References
- Amazon SageMaker AI API reference: "ResourceConfig"
- Amazon SageMaker AI developer guide: "Protect Data at Rest Using Encryption"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.job_checks import effective, volume_key_verdict, with_prefix
from mlsec.model.kinds.jobs import TrainingJob
from mlsec.model.verdict import Verdict


@rule(id="MLS201", name="training-volume-not-cmk-encrypted", control="training-kms", severity="medium")
def check(job: TrainingJob, graph: Graph):
    found = effective(job, graph)
    if isinstance(found, Verdict):
        return found
    doc, prefix = found
    return with_prefix(volume_key_verdict(job, doc, graph, "the training volume"), prefix)
