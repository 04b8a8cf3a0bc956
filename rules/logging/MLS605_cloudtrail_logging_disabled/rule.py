r"""
## What it does
Flags CloudTrail trails that exist but do not log (`IsLogging: false`,
`enable_logging = false`, or a stopped trail in a live account).

## Why it matters
A stopped trail looks like coverage in an inventory while recording nothing. Stopping
logging is also a classic first step of an intruder covering their tracks.

## Remediation
Turn logging on.

### CloudFormation
```yaml
Trail:
  Type: AWS::CloudTrail::Trail
  Properties:
    IsLogging: true
    S3BucketName: !Ref TrailBucket
```

### Terraform
```hcl
resource "aws_cloudtrail" "trail" {
  name           = "org-audit"
  s3_bucket_name = aws_s3_bucket.trail.id
  enable_logging = true
}
```

### AWS CLI
```sh
aws cloudtrail start-logging --name org-audit
```

## References
- AWS CloudTrail user guide: "Working with CloudTrail trails"
- AWS Security Hub: CloudTrail.1 (requires a logging trail)
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.monitoring import Trail
from mlsec.model.verdict import Verdict, failed, passed, unknown


@rule(id="MLS605", name="cloudtrail-logging-disabled", control="cloudtrail-logging-disabled", severity="high")
def check(trail: Trail):
    def decide(v) -> Verdict:
        if not v.is_set and v.value is None:
            return unknown(f"{v.path} is required but not set: CloudFormation rejects the trail",
                           reason="required-property-missing", line=v.line)
        if v.value is False:
            return failed(f"{v.path} is {v.describe()}: the trail records nothing", line=v.line)
        return passed(f"{v.path} is {v.describe()}", line=v.line)

    return trail.is_logging.judge(decide)
