r"""
## What it does
Flags buckets whose default encryption is not SSE-KMS or DSSE-KMS with a customer-managed
key: no default encryption configured (S3 then applies SSE-S3, `AES256`), `AES256` set
explicitly, or `aws:kms` without a key or with the AWS-managed `aws/s3` key. Terraform's
`aws_s3_bucket_server_side_encryption_configuration` and the legacy inline block on
`aws_s3_bucket` are read as the same setting; the separate resource wins when both exist.

## Why it matters
Every new object has been encrypted with SSE-S3 since January 2023, so "encryption
disabled" checks no longer find anything. What SSE-S3 does not give is control: anyone
with `s3:GetObject` reads training data and model artefacts, and no key policy, grant or
CloudTrail KMS event stands between them and the plaintext. A customer-managed key adds a
second permission to every read, an audit trail per decryption, and a way to cut off
access by disabling the key.

## Remediation
Set the bucket's default encryption to `aws:kms` (or `aws:kms:dsse`) with a
customer-managed key, and enable S3 Bucket Keys to keep KMS request costs down.

### CloudFormation
```yaml
DataBucket:
  Type: AWS::S3::Bucket
  Properties:
    BucketEncryption:
      ServerSideEncryptionConfiguration:
        - ServerSideEncryptionByDefault:
            SSEAlgorithm: aws:kms
            KMSMasterKeyID: !GetAtt DataKey.Arn
          BucketKeyEnabled: true
```

### Terraform
```hcl
resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}
```

### AWS CLI
```sh
aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration '{"Rules": [{
  "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "KEY_ARN"},
  "BucketKeyEnabled": true}]}'
```

## References
- Amazon S3 user guide: "Setting default server-side encryption behavior for Amazon S3 buckets"
- AWS Security Hub: S3.17 (NIST 800-53, PCI DSS; it accepts any KMS key, AWS-managed included)
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.storage import Bucket
from mlsec.model.kms import cmk_verdict
from mlsec.model.s3 import default_encryption
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed, unknown

KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


@rule(id="MLS501", name="s3-ml-bucket-not-kms-encrypted", control="s3-encryption", severity="low")
def check(bucket: Bucket, graph: Graph):
    setting = default_encryption(graph, bucket)
    where = "" if setting.owner is bucket else f"{setting.owner.id}: "

    def decide(rules: Value) -> Verdict:
        if not rules.is_set:
            if setting.undecided:
                return unknown(f"no default encryption on the bucket itself, and {setting.undecided}")
            return failed(f"{rules.path} is not set: objects get SSE-S3 (AES256), the S3 default",
                          reason="sse-s3", evidence=rules.evidence(), line=rules.line)
        first = rules.value[0]
        return first.sse_algorithm.judge(lambda algorithm: _algorithm(algorithm, first))

    def _algorithm(algorithm: Value, first) -> Verdict:
        if algorithm.value not in KMS_ALGORITHMS:
            return failed(f"{where}{algorithm.path} is {algorithm.describe()}: objects get SSE-S3, not a KMS key",
                          reason="sse-s3", evidence=algorithm.evidence(), line=algorithm.line)
        set_by = "" if setting.owner is bucket else f", set by {setting.owner.id}"
        return cmk_verdict(setting.owner, first.kms_key_id, graph,
                           f"data in the bucket ({algorithm.value} default encryption{set_by})")

    return setting.value.judge(decide)
