r"""
## What it does
Flags feature groups with a `Standard` online store (the default storage type) that is
not encrypted with a customer-managed key (`OnlineStoreConfig.SecurityConfig.KmsKeyId`
absent, so an AWS-owned key is used, or set to an AWS-managed key). Groups whose online
store is off (`EnableOnlineStore` absent or false) or uses the `InMemory` tier are not
applicable. The key cannot be changed after the group is created.

## Why it matters
The online store serves the latest feature values to models at inference time, usually
keyed by customer or account. With an AWS-owned key nobody in your account can audit or
revoke decryption; a customer-managed key adds a key policy and a CloudTrail record in
front of every read.

## Remediation
Create the feature group with a customer-managed key for the online store.

### CloudFormation
```yaml
CustomerFeatures:
  Type: AWS::SageMaker::FeatureGroup
  Properties:
    OnlineStoreConfig:
      EnableOnlineStore: true
      SecurityConfig:
        KmsKeyId: !GetAtt FeatureKey.Arn
```

### Terraform
```hcl
resource "aws_sagemaker_feature_group" "customers" {
  online_store_config {
    enable_online_store = true
    security_config {
      kms_key_id = aws_kms_key.features.arn
    }
  }
}
```

### AWS CLI
```sh
aws sagemaker create-feature-group --feature-group-name NAME ... \
  --online-store-config '{"EnableOnlineStore":true,"SecurityConfig":{"KmsKeyId":"KEY_ARN"}}'
```

## References
- Amazon SageMaker AI developer guide: Feature Store "Security and access control"
- AWS Security Hub: SageMaker.18 (AI Security Best Practices)
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.featurestore import FeatureGroup
from mlsec.model.kms import cmk_verdict
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, not_applicable


@rule(id="MLS541", name="feature-group-online-store-not-cmk-encrypted", control="feature-store-kms",
      severity="medium")
def check(group: FeatureGroup, graph: Graph):
    def enabled(flag: Value) -> Verdict:
        if flag.value is not True:
            return not_applicable(f"{flag.path} is {flag.describe()}: the feature group has no online store")
        return group.online_storage_type.judge(storage)

    def storage(tier: Value) -> Verdict:
        if tier.value == "InMemory":
            return not_applicable(f"{tier.path} is InMemory: that tier takes no customer key")
        return cmk_verdict(group, group.online_kms_key_id, graph, f"the {tier.value} online store",
                           absent_means="an AWS-owned key")

    return group.online_enabled.judge(enabled)
