r"""
## What it does
Flags processing jobs, Model Monitor job definitions and monitoring schedules that write
their output to S3 without a customer-managed KMS key (`ProcessingOutputConfig.KmsKeyId`,
`<Type>JobOutputConfig.KmsKeyId` or `MonitoringOutputConfig.KmsKeyId` absent or AWS-
managed). Processing work comes from `AWS::SageMaker::ProcessingJob`, the Model Monitor job
definitions
(`AWS::SageMaker::{DataQuality,ModelQuality,ModelBias,ModelExplainability}JobDefinition`,
`aws_sagemaker_data_quality_job_definition`), monitoring schedules
(`AWS::SageMaker::MonitoringSchedule`, `aws_sagemaker_monitoring_schedule`; a schedule that
names a job definition is judged through it), Step Functions `createProcessingJob` tasks and
pipeline `Processing` steps. Values a workflow fills in at run time are unknown.

## Why it matters
Processing output is prepared training data, evaluation results or Model Monitor reports
with statistics of production traffic. Without a key of your own it is protected only by the
bucket's default encryption.

## Remediation
Set the output configuration's `KmsKeyId` to a customer-managed key.

### CloudFormation
```yaml
DataQualityJobOutputConfig:
  KmsKeyId: !GetAtt MonitorKey.Arn
  MonitoringOutputs:
    - S3Output:
        S3Uri: !Sub s3://${ReportsBucket}/data-quality
        LocalPath: /opt/ml/processing/output
```

### Terraform
```hcl
data_quality_job_output_config {
  kms_key_id = aws_kms_key.monitor.arn
  monitoring_outputs {
    s3_output {
      s3_uri = "s3://${aws_s3_bucket.reports.bucket}/data-quality"
    }
  }
}
```

### AWS CLI
```sh
aws sagemaker create-processing-job --processing-job-name features-2026-11 ... \
  --processing-output-config '{"KmsKeyId": "KEY_ARN", "Outputs": [...]}'
```

## References
- Amazon SageMaker AI developer guide: "Protect Data at Rest Using Encryption"
- Checkov: CKV_AWS_367
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.job_checks import effective, with_prefix
from mlsec.model.kinds.jobs import ProcessingWork
from mlsec.model.kms import cmk_verdict
from mlsec.model.verdict import Verdict


@rule(id="MLS212", name="processing-output-not-cmk-encrypted", control="processing-kms", severity="medium")
def check(job: ProcessingWork, graph: Graph):
    found = effective(job, graph)
    if isinstance(found, Verdict):
        return found
    doc, prefix = found
    return with_prefix(cmk_verdict(job, doc.output_kms_key_id, graph, "the processing output"), prefix)
