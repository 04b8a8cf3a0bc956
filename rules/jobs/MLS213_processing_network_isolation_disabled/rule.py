r"""
## What it does
Flags processing jobs, all four Model Monitor job definition types and monitoring schedules
whose `NetworkConfig.EnableNetworkIsolation` is not true (the default is false). Processing
work comes from `AWS::SageMaker::ProcessingJob`, the Model Monitor job definitions
(`AWS::SageMaker::{DataQuality,ModelQuality,ModelBias,ModelExplainability}JobDefinition`,
`aws_sagemaker_data_quality_job_definition`), monitoring schedules
(`AWS::SageMaker::MonitoringSchedule`, `aws_sagemaker_monitoring_schedule`; a schedule that
names a job definition is judged through it), Step Functions `createProcessingJob` tasks and
pipeline `Processing` steps. Values a workflow fills in at run time are unknown.

## Why it matters
Processing and monitoring containers read sensitive data: captured inference traffic, ground
truth, training sets. Without network isolation the container can send that data anywhere
its network allows.

## Remediation
Set `NetworkConfig.EnableNetworkIsolation: true`.

### CloudFormation
```yaml
NetworkConfig:
  EnableNetworkIsolation: true
  EnableInterContainerTrafficEncryption: true
```

### Terraform
```hcl
network_config {
  enable_network_isolation                  = true
  enable_inter_container_traffic_encryption = true
}
```

### AWS CLI
```sh
aws sagemaker create-processing-job --processing-job-name features-2026-11 ... \
  --network-config EnableNetworkIsolation=true
```

## References
- Amazon SageMaker AI developer guide: "Run Training and Inference Containers in Internet-Free Mode"
- AWS Security Hub: SageMaker.11 (data quality), SageMaker.12 (model bias), SageMaker.14 (schedules), SageMaker.20 (explainability), SageMaker.25 (model quality)
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.job_checks import effective, flag_verdict, with_prefix
from mlsec.model.kinds.jobs import ProcessingWork
from mlsec.model.verdict import Verdict


@rule(id="MLS213", name="processing-network-isolation-disabled", control="processing-network-isolation", severity="medium")
def check(job: ProcessingWork, graph: Graph):
    found = effective(job, graph)
    if isinstance(found, Verdict):
        return found
    doc, prefix = found
    return with_prefix(flag_verdict(doc.network_isolation, "the container can reach the network",
                                    "the container has no network access"), prefix)
