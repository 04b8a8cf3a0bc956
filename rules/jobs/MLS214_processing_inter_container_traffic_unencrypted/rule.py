r"""
## What it does
Flags processing jobs, Model Monitor job definitions and monitoring schedules that do not
encrypt traffic between their instances
(`NetworkConfig.EnableInterContainerTrafficEncryption` absent or false). Processing jobs on
one instance are not applicable. Monitoring definitions and schedules are judged whatever
their instance count, as Security Hub does, except model bias definitions, which are judged
only from two instances (SageMaker.15). Processing work comes from
`AWS::SageMaker::ProcessingJob`, the Model Monitor job definitions
(`AWS::SageMaker::{DataQuality,ModelQuality,ModelBias,ModelExplainability}JobDefinition`,
`aws_sagemaker_data_quality_job_definition`), monitoring schedules
(`AWS::SageMaker::MonitoringSchedule`, `aws_sagemaker_monitoring_schedule`; a schedule that
names a job definition is judged through it), Step Functions `createProcessingJob` tasks and
pipeline `Processing` steps. Values a workflow fills in at run time are unknown.

## Why it matters
Distributed processing moves data between instances; unencrypted, it crosses the network in
clear text where it can be observed.

## Remediation
Set `NetworkConfig.EnableInterContainerTrafficEncryption: true`.

### CloudFormation
```yaml
NetworkConfig:
  EnableInterContainerTrafficEncryption: true
```

### Terraform
```hcl
network_config {
  enable_inter_container_traffic_encryption = true
}
```

### AWS CLI
```sh
aws sagemaker create-processing-job --processing-job-name features-2026-11 ... \
  --network-config EnableInterContainerTrafficEncryption=true
```

## References
- Amazon SageMaker AI developer guide: "Protect Communications Between ML Compute Instances in a Distributed Training Job"
- AWS Security Hub: SageMaker.9, SageMaker.10, SageMaker.13, SageMaker.15, SageMaker.22
- Checkov: CKV_AWS_369 (data quality only)
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.job_checks import effective, inter_container_verdict, with_prefix
from mlsec.model.kinds.jobs import ProcessingWork
from mlsec.model.verdict import Verdict


@rule(id="MLS214", name="processing-inter-container-traffic-unencrypted", control="processing-inter-container-encryption", severity="medium")
def check(job: ProcessingWork, graph: Graph):
    found = effective(job, graph)
    if isinstance(found, Verdict):
        return found
    doc, prefix = found
    return with_prefix(inter_container_verdict(doc), prefix)
