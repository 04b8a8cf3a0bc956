r"""
## What it does
Flags batch transform jobs that write predictions to S3 without a customer-managed KMS key
(`TransformOutput.KmsKeyId` absent or AWS-managed). When the job captures its data
(`DataCaptureConfig`), the capture key is checked as well. Transform jobs have no
CloudFormation or Terraform resource: they come from Step Functions `createTransformJob`
tasks and pipeline `Transform` steps, in templates, modules and plans alike. Values a
workflow fills in at run time are unknown.

## Why it matters
Batch predictions, and captured inputs and outputs, are production data about real
customers. Without a key of your own they are protected only by the bucket's default
encryption.

## Remediation
Set `TransformOutput.KmsKeyId` (and `DataCaptureConfig.KmsKeyId` when capturing) to a
customer-managed key.

### CloudFormation
```yaml
TransformOutput:
  S3OutputPath: !Sub s3://${ResultsBucket}/batch
  KmsKeyId: !GetAtt BatchKey.Arn
```

### Terraform
```hcl
# in the jsonencode()d definition of an aws_sfn_state_machine task
TransformOutput = {
  S3OutputPath = "s3://${aws_s3_bucket.results.bucket}/batch"
  KmsKeyId     = aws_kms_key.batch.arn
}
```

### AWS CLI
```sh
aws sagemaker create-transform-job --transform-job-name score-2026-11 --model-name scoring ... \
  --transform-output S3OutputPath=s3://results-bucket/batch,KmsKeyId=KEY_ARN
```

## References
- Amazon SageMaker AI developer guide: "Protect Data at Rest Using Encryption"
- Amazon SageMaker AI API reference: "TransformOutput", "BatchDataCaptureConfig"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.jobs import TransformJob
from mlsec.model.kms import cmk_verdict
from mlsec.model.verdict import Status, passed


@rule(id="MLS222", name="transform-output-not-cmk-encrypted", control="transform-kms", severity="medium")
def check(job: TransformJob, graph: Graph):
    verdict = cmk_verdict(job, job.output_kms_key_id, graph, "the transform output")
    if verdict.status is Status.FAIL or not job.data_capture.is_set:
        return verdict
    capture = cmk_verdict(job, job.data_capture_kms_key_id, graph, "the captured transform data")
    if capture.status is Status.FAIL or verdict.status is Status.UNKNOWN:
        return capture if capture.status is Status.FAIL else verdict
    if capture.status is Status.PASS:
        return passed(f"{verdict.message}; {capture.message}")
    return capture
