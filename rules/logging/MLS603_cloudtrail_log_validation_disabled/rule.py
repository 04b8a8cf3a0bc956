r"""
## What it does
Flags CloudTrail trails without log file integrity validation (`EnableLogFileValidation`
absent or false; AWS defaults to false).

## Why it matters
Without digest files nobody can prove that a log file was not edited or deleted after
delivery. An intruder with access to the trail bucket could remove the records of what
they did to your models and data, and an auditor could not tell.

## Remediation
Enable log file validation.

### CloudFormation
```yaml
Trail:
  Type: AWS::CloudTrail::Trail
  Properties:
    IsLogging: true
    S3BucketName: !Ref TrailBucket
    EnableLogFileValidation: true
```

### Terraform
```hcl
resource "aws_cloudtrail" "trail" {
  name                       = "org-audit"
  s3_bucket_name             = aws_s3_bucket.trail.id
  enable_log_file_validation = true
}
```

### AWS CLI
```sh
aws cloudtrail update-trail --name org-audit --enable-log-file-validation
```

## References
- AWS CloudTrail user guide: "Validating CloudTrail log file integrity"
- AWS Security Hub: CloudTrail.4; CIS AWS Foundations Benchmark v3.0: 3.2
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.monitoring import Trail


@rule(id="MLS603", name="cloudtrail-log-validation-disabled", control="cloudtrail-log-validation",
      severity="medium")
def check(trail: Trail):
    return trail.log_file_validation.fail_if(
        lambda v: v is not True,
        "{path} is {value}: tampering with delivered log files cannot be detected",
        "{path} is {value}",
    )
