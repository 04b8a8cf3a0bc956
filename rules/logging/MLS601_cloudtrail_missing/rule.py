r"""
## What it does
Checks that a logging CloudTrail trail records the account's management events, read and
write. In templates and modules the trail usually lives in a separate audit stack, so
the check applies only when `--expect-cloudtrail` (the `expect_cloudtrail` setting) says
the scanned template or module must define one; it is then reported on the template or
module itself (resource type `mlsec::ScanUnit`) and fails when none of its trails is
logging with management events (no selectors, or selectors with
`IncludeManagementEvents` and `ReadWriteType` covering reads and writes).

In a live account it is reported on each account and region. The trails that cover a
region are those `DescribeTrails` (with shadow trails) lists there: the region's own, and
multi-region and organization trails homed elsewhere, which are judged from their
description in their home region (UNKNOWN when that region or account is not scanned).
When the list holds no trail that logs management events, the region FAILs; when the
list itself is unknown, so is the verdict.

## Why it matters
CloudTrail is the record of who created a notebook with internet access, changed an
endpoint's model, passed a privileged role to a training job or downloaded a presigned
Studio URL. Without a trail those calls leave no trace beyond 90 days of event history,
and nothing can alert on them.

## Remediation
Create a multi-region trail with log file validation and a KMS key, and keep it logging.

### CloudFormation
```yaml
AuditTrail:
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
resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = aws_s3_bucket.trail.id
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}
```

### AWS CLI
```sh
aws cloudtrail create-trail --name audit --s3-bucket-name BUCKET --is-multi-region-trail \
  --enable-log-file-validation --kms-key-id KEY_ARN
aws cloudtrail start-logging --name audit
```

## References
- AWS CloudTrail user guide: "Creating a trail for your AWS account"
- AWS Security Hub: CloudTrail.1; CIS AWS Foundations Benchmark v3.0: 3.1
"""

from mlsec.engine.rule import rule
from mlsec.engine.settings import Settings
from mlsec.model.graph import Graph
from mlsec.model.kinds.scope import ScanUnit
from mlsec.model.trails import covering_trails, management_events, recorded
from mlsec.model.verdict import failed, not_applicable, passed, unknown


@rule(id="MLS601", name="cloudtrail-missing", control="cloudtrail-missing", severity="high",
      options={"fixture_settings": {"expect_cloudtrail": True}})
def check(unit: ScanUnit, graph: Graph, settings: Settings):
    live = unit.source == "aws"
    if not live and not settings.expect_cloudtrail:
        return not_applicable("trails usually live in a separate audit stack; pass --expect-cloudtrail when this "
                              "template or module must define one")
    _, seen = recorded(graph, unit.unit, management_events)
    evidence = {"reads": seen.read, "writes": seen.write, "undecided": seen.undecided}
    if seen.read and seen.write:
        return passed(f"management events are recorded: reads by {', '.join(seen.read)}, writes by "
                      f"{', '.join(seen.write)}", evidence=evidence)
    if seen.undecided:
        return unknown("cannot tell whether a trail records management events: " + "; ".join(seen.undecided),
                       reason="trail-unresolved", evidence=evidence)
    if live and not seen.listed:
        return unknown("no trail homed in this region records its management events; a multi-region trail "
                       "homed in another region may", reason="other-region", evidence=evidence)
    declared = covering_trails(graph, unit.unit)[0]
    if not declared:
        where = "covers this region (DescribeTrails lists none)" if live else "is defined here"
        return failed(f"no CloudTrail trail {where}", reason="no-trail", evidence=evidence)
    missing = " and ".join(side for side, ok in (("reads", seen.read), ("writes", seen.write)) if not ok)
    names = ", ".join(t.id for t in declared)
    return failed(f"no logging trail records management-event {missing} (trails: {names})",
                  reason="management-events-not-recorded", evidence=evidence)
