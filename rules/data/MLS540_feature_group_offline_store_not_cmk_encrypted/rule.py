r"""
## What it does
Flags feature groups whose offline store is not encrypted with a customer-managed key
(`OfflineStoreConfig.S3StorageConfig.KmsKeyId` absent, so the offline store's S3 objects
use an AWS-managed key, or set to an AWS-managed key). Feature groups without an offline
store are not applicable. The key cannot be changed after the group is created.

## Why it matters
The offline store is the historical record of every feature value ingested: the
training data of every model built on the group, often with customer identifiers. A
customer-managed key puts a KMS permission you control, and a CloudTrail record, in
front of every read of it, including reads through Athena and Glue.

## Remediation
Create the feature group with a customer-managed key for the offline store.

### CloudFormation
```yaml
CustomerFeatures:
  Type: AWS::SageMaker::FeatureGroup
  Properties:
    OfflineStoreConfig:
      S3StorageConfig:
        S3Uri: !Sub "s3://${FeatureBucket}/offline"
        KmsKeyId: !GetAtt FeatureKey.Arn
```

### Terraform
```hcl
resource "aws_sagemaker_feature_group" "customers" {
  offline_store_config {
    s3_storage_config {
      s3_uri     = "s3://${aws_s3_bucket.features.bucket}/offline"
      kms_key_id = aws_kms_key.features.arn
    }
  }
}
```

### AWS CLI
```sh
aws sagemaker create-feature-group --feature-group-name NAME ... \
  --offline-store-config '{"S3StorageConfig":{"S3Uri":"s3://BUCKET/offline","KmsKeyId":"KEY_ARN"}}'
```

## References
- Amazon SageMaker AI developer guide: Feature Store "Security and access control"
- AWS Security Hub: SageMaker.17 (AI Security Best Practices)
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.featurestore import FeatureGroup
from mlsec.model.kms import cmk_verdict
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, not_applicable


@rule(id="MLS540", name="feature-group-offline-store-not-cmk-encrypted", control="feature-store-kms",
      severity="medium")
def check(group: FeatureGroup, graph: Graph):
    def decide(store: Value) -> Verdict:
        if not store.is_set:
            return not_applicable(f"{store.path} is not set: the feature group has no offline store")
        return cmk_verdict(group, group.offline_kms_key_id, graph, "the offline store")

    return group.offline_store.judge(decide)
