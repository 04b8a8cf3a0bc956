r"""
## What it does
Flags notebook instances whose storage volume is not encrypted with a customer-managed
KMS key: `KmsKeyId` absent, empty or an AWS-managed alias (`alias/aws/...`).

## Why it matters
The notebook volume holds data scientists' working copies of training data, credentials
in shell history and model artefacts. With an AWS-managed key you cannot restrict who may
decrypt it through the key policy, cannot disable the key to cut access, and cannot audit
its use separately. The key cannot be changed after creation.

## Remediation
Create the notebook with a customer-managed KMS key (with rotation enabled).

### CloudFormation
```yaml
Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn
    KmsKeyId: !Ref NotebookKey
```

### Terraform
```hcl
resource "aws_sagemaker_notebook_instance" "notebook" {
  name          = "analysis"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.notebook.arn
  kms_key_id    = aws_kms_key.notebook.arn
}
```

### AWS CLI
```sh
# the key is fixed at creation: recreate the instance
aws sagemaker create-notebook-instance --notebook-instance-name analysis \
  --instance-type ml.t3.medium --role-arn ROLE_ARN --kms-key-id KEY_ARN
```

## References
- Amazon SageMaker AI developer guide: "Protect Data at Rest Using Encryption"
- AWS Security Hub: SageMaker.21 (AI Security Best Practices)
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.sagemaker import NotebookInstance
from mlsec.model.kms import cmk_verdict


@rule(id="MLS004", name="notebook-volume-not-cmk-encrypted", control="notebook-kms", severity="medium")
def check(notebook: NotebookInstance, graph: Graph):
    return cmk_verdict(notebook, notebook.kms_key_id, graph, "the notebook volume")
