r"""
## What it does
Flags CloudTrail trails that record only their home region (`IsMultiRegionTrail` absent
or false; AWS defaults to false).

## Why it matters
An attacker who lands in an account works wherever no one is watching: SageMaker
resources, roles and keys created in another region leave no trace in a single-region
trail. A multi-region trail also picks up regions AWS enables later.

## Remediation
Make the trail multi-region.

### CloudFormation
```yaml
Trail:
  Type: AWS::CloudTrail::Trail
  Properties:
    IsLogging: true
    S3BucketName: !Ref TrailBucket
    IsMultiRegionTrail: true
    EnableLogFileValidation: true
    KMSKeyId: !Ref TrailKey
```

### Terraform
```hcl
resource "aws_cloudtrail" "trail" {
  name                       = "org-audit"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}
```

### AWS CLI
```sh
aws cloudtrail update-trail --name org-audit --is-multi-region-trail
```

## References
- AWS CloudTrail user guide: "Working with CloudTrail trails"
- AWS Security Hub: CloudTrail.1; CIS AWS Foundations Benchmark v3.0: 3.1
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.monitoring import Trail


@rule(id="MLS602", name="cloudtrail-not-multi-region", control="cloudtrail-multi-region", severity="medium")
def check(trail: Trail):
    return trail.is_multi_region.fail_if(
        lambda v: v is not True,
        "{path} is {value}: the trail records only its home region",
        "{path} is {value}",
    )
