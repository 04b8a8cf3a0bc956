r"""
## What it does
Flags CloudTrail trails whose log files are not encrypted with a KMS key (`KMSKeyId`
absent: the files get SSE-S3 only).

## Why it matters
With SSE-S3 anyone who can read the trail bucket can read the logs, which map your ML
estate: role names, bucket names, endpoint names and who called what. With SSE-KMS a
reader also needs `kms:Decrypt` on the trail key, which you grant to the few who
investigate.

## Remediation
Point the trail at a customer-managed KMS key whose policy lets CloudTrail encrypt.

### CloudFormation
```yaml
Trail:
  Type: AWS::CloudTrail::Trail
  Properties:
    IsLogging: true
    S3BucketName: !Ref TrailBucket
    KMSKeyId: !Ref TrailKey
```

### Terraform
```hcl
resource "aws_cloudtrail" "trail" {
  name           = "org-audit"
  s3_bucket_name = aws_s3_bucket.trail.id
  kms_key_id     = aws_kms_key.trail.arn
}
```

### AWS CLI
```sh
aws cloudtrail update-trail --name org-audit --kms-key-id KEY_ARN
```

## References
- AWS CloudTrail user guide: "Encrypting CloudTrail log files with AWS KMS keys (SSE-KMS)"
- AWS Security Hub: CloudTrail.2; CIS AWS Foundations Benchmark v3.0: 3.5
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.monitoring import Trail


@rule(id="MLS604", name="cloudtrail-not-kms-encrypted", control="cloudtrail-kms", severity="medium")
def check(trail: Trail):
    return trail.kms_key_id.fail_if(
        lambda v: not v,
        "{path} is not set: log files are encrypted with SSE-S3 only",
        "log files are encrypted with KMS key {value}",
    )
