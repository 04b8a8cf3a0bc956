r"""
## What it does
Flags training jobs whose model artifacts are written to S3 without a customer-managed KMS
key (`OutputDataConfig.KmsKeyId` absent or AWS-managed). Training jobs come from
`AWS::SageMaker::TrainingJob`, from Step Functions `createTrainingJob` and
`createHyperParameterTuningJob` tasks (`AWS::StepFunctions::StateMachine`,
`aws_sfn_state_machine`) and from SageMaker pipeline `Training` and `Tuning` steps
(`AWS::SageMaker::Pipeline`, `aws_sagemaker_pipeline`). Terraform's
`aws_sagemaker_training_job` exists only in AWS provider 6.x: it is read from HCL, but plan
fixtures (made with provider 5.100) prove the rule through state machines and pipelines.
Values a workflow fills in at run time (ASL keys ending in `.$`, JSONata, pipeline
expressions) are unknown.

## Why it matters
The output is the trained model itself, often with data memorised from the training set.
Without a key of your own, anyone who can read the bucket can read the model, and decryption
cannot be revoked or audited separately; SageMaker then uses the account's default S3 key or
the bucket default.

## Remediation
Set `OutputDataConfig.KmsKeyId` to a customer-managed key the training role may use.

### CloudFormation
```yaml
OutputDataConfig:
  S3OutputPath: !Sub s3://${ModelBucket}/models
  KmsKeyId: !GetAtt ModelKey.Arn
```

### Terraform
```hcl
output_data_config {
  s3_output_path = "s3://${aws_s3_bucket.models.bucket}/models"
  kms_key_id     = aws_kms_key.models.arn
}
```

### AWS CLI
```sh
aws sagemaker create-training-job --training-job-name churn-2026-11 ... \
  --output-data-config S3OutputPath=s3://models-bucket/models,KmsKeyId=KEY_ARN
```

## References
- Amazon SageMaker AI developer guide: "Protect Data at Rest Using Encryption"
- Amazon SageMaker AI API reference: "OutputDataConfig"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.jobs import TrainingJob
from mlsec.model.kms import cmk_verdict


@rule(id="MLS202", name="training-output-not-cmk-encrypted", control="training-kms", severity="medium")
def check(job: TrainingJob, graph: Graph):
    return cmk_verdict(job, job.output_kms_key_id, graph, "the training output")
