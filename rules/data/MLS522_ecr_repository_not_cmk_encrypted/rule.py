r"""
## What it does
Flags ECR repositories that are not encrypted with a customer-managed KMS key: the
encryption type is `AES256` (the ECR default, S3-managed keys), or `KMS`/`KMS_DSSE`
without a key (ECR then uses the AWS-managed `aws/ecr` key) or with an AWS-managed one.
The setting cannot be changed after the repository is created.

## Why it matters
Container images for training and inference often embed model weights, feature code and
configuration. With a customer-managed key, pulling an image needs a KMS permission you
control and every decryption is logged; disabling the key cuts off access to the
repository's layers even for principals that still hold ECR permissions.

## Remediation
Create the repository with KMS encryption and a customer-managed key (existing
repositories must be recreated and their images pushed again).

### CloudFormation
```yaml
ModelRepository:
  Type: AWS::ECR::Repository
  Properties:
    EncryptionConfiguration:
      EncryptionType: KMS
      KmsKey: !GetAtt ImagesKey.Arn
```

### Terraform
```hcl
resource "aws_ecr_repository" "models" {
  name = "models"
  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.images.arn
  }
}
```

### AWS CLI
```sh
aws ecr create-repository --repository-name REPO \
  --encryption-configuration encryptionType=KMS,kmsKey=KEY_ARN
```

## References
- Amazon ECR user guide: "Encryption at rest"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.ecr import Repository
from mlsec.model.kms import cmk_verdict
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed

KMS_TYPES = ("KMS", "KMS_DSSE")


@rule(id="MLS522", name="ecr-repository-not-cmk-encrypted", control="ecr-kms", severity="low")
def check(repo: Repository, graph: Graph):
    def decide(encryption: Value) -> Verdict:
        if encryption.value not in KMS_TYPES:
            return failed(f"{encryption.path} is {encryption.describe()}: layers are encrypted with S3-managed keys",
                          reason="aes256", evidence=encryption.evidence(), line=encryption.line)
        return cmk_verdict(repo, repo.kms_key, graph, f"the repository ({encryption.value} encryption)")

    return repo.encryption_type.judge(decide)
