r"""
## What it does
Flags batch transform jobs whose ML storage volumes are not encrypted with a customer-
managed KMS key (`TransformResources.VolumeKmsKeyId` absent or AWS-managed). On instance-
store (NVMe) types the rule is not applicable, and a key set there fails with reason `kms-
on-instance-store`. Transform jobs have no CloudFormation or Terraform resource: they come
from Step Functions `createTransformJob` tasks and pipeline `Transform` steps, in templates,
modules and plans alike. Values a workflow fills in at run time are unknown.

## Why it matters
Transform volumes hold the input records being scored and the model. With an AWS-managed key
you cannot restrict, revoke or separately audit their decryption.

## Remediation
Set `TransformResources.VolumeKmsKeyId` to a customer-managed key on EBS-backed instance
types.

### CloudFormation
```yaml
TransformResources:
  InstanceType: ml.m5.xlarge
  InstanceCount: 1
  VolumeKmsKeyId: !GetAtt BatchKey.Arn
```

### Terraform
```hcl
# in the jsonencode()d definition of an aws_sfn_state_machine task
TransformResources = {
  InstanceType   = "ml.m5.xlarge"
  InstanceCount  = 1
  VolumeKmsKeyId = aws_kms_key.batch.arn
}
```

### AWS CLI
```sh
aws sagemaker create-transform-job --transform-job-name score-2026-11 --model-name scoring ... \
  --transform-resources InstanceType=ml.m5.xlarge,InstanceCount=1,VolumeKmsKeyId=KEY_ARN
```

## References
- Amazon SageMaker AI API reference: "TransformResources"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.job_checks import volume_key_verdict
from mlsec.model.kinds.jobs import TransformJob


@rule(id="MLS221", name="transform-volume-not-cmk-encrypted", control="transform-kms", severity="medium")
def check(job: TransformJob, graph: Graph):
    return volume_key_verdict(job, job, graph, "the transform volume")
