r"""
## What it does
Flags processing jobs, Model Monitor job definitions and monitoring schedules whose ML
storage volumes are not encrypted with a customer-managed KMS key
(`ClusterConfig.VolumeKmsKeyId` absent or AWS-managed). On instance-store (NVMe) types the
rule is not applicable, and a key set there fails with reason `kms-on-instance-store`. An
unresolved instance type is unknown. Processing work comes from
`AWS::SageMaker::ProcessingJob`, the Model Monitor job definitions
(`AWS::SageMaker::{DataQuality,ModelQuality,ModelBias,ModelExplainability}JobDefinition`,
`aws_sagemaker_data_quality_job_definition`), monitoring schedules
(`AWS::SageMaker::MonitoringSchedule`, `aws_sagemaker_monitoring_schedule`; a schedule that
names a job definition is judged through it), Step Functions `createProcessingJob` tasks and
pipeline `Processing` steps. Values a workflow fills in at run time are unknown.

## Why it matters
Processing volumes hold the raw data being prepared, evaluated or monitored (for Model
Monitor, captured production traffic). With an AWS-managed key you cannot limit decryption
through a key policy, revoke it, or audit it apart from other workloads.

## Remediation
Set the cluster's volume key to a customer-managed key on EBS-backed instance types.

### CloudFormation
```yaml
JobResources:
  ClusterConfig:
    InstanceType: ml.m5.xlarge
    InstanceCount: 1
    VolumeSizeInGB: 20
    VolumeKmsKeyId: !GetAtt MonitorKey.Arn
```

### Terraform
```hcl
job_resources {
  cluster_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 20
    volume_kms_key_id = aws_kms_key.monitor.arn
  }
}
```

### AWS CLI
```sh
aws sagemaker create-processing-job --processing-job-name features-2026-11 ... \
  --processing-resources 'ClusterConfig={InstanceType=ml.m5.xlarge,InstanceCount=1,VolumeSizeInGB=20,VolumeKmsKeyId=KEY_ARN}'
```

## References
- Amazon SageMaker AI API reference: "ProcessingClusterConfig"
- Checkov: CKV_AWS_368 (data quality definitions only)
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.job_checks import effective, volume_key_verdict, with_prefix
from mlsec.model.kinds.jobs import ProcessingWork
from mlsec.model.verdict import Verdict


@rule(id="MLS211", name="processing-volume-not-cmk-encrypted", control="processing-kms", severity="medium")
def check(job: ProcessingWork, graph: Graph):
    found = effective(job, graph)
    if isinstance(found, Verdict):
        return found
    doc, prefix = found
    return with_prefix(volume_key_verdict(job, doc, graph, "the processing volume"), prefix)
