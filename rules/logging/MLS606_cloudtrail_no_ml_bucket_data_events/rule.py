r"""
## What it does
For every bucket, checks that a logging trail records S3 object-level data events for
the whole bucket, reads and writes. A selector counts when it is

- a basic selector whose `DataResources` entry of type `AWS::S3::Object` names a prefix
  of `arn:aws:s3:::BUCKET/` (the bucket, or `arn:aws:s3` for all buckets); its
  `ReadWriteType` says whether reads, writes or both are logged; or
- an advanced selector with `eventCategory` = `Data` and `resources.type` =
  `AWS::S3::Object` whose `resources.ARN` conditions (if any) take in the whole bucket;
  its `readOnly` condition says whether reads, writes or both are logged.

Logging writes only fails with reason `read-missing` (CIS 3.8 asks for writes, 3.9 for
reads). Trails usually live in a separate audit stack, so in templates and modules the
check applies only with `--expect-cloudtrail`. The trails' own log buckets are not
applicable.

In a live account the trails are those that cover the bucket's region: the region's own
and the multi-region and organization trails `DescribeTrails` lists there, judged from
their description in their home region. A region whose trail list is unknown, or whose
covering trail was not described, gives UNKNOWN; one whose trails select nothing for the
bucket FAILs.

## Why it matters
Management events do not show who downloaded a training set or overwrote a model
artefact: those are `GetObject` and `PutObject` calls, which CloudTrail logs only as data
events. Without them, a data theft or a poisoned model file leaves no record of who did
it or when.

## Remediation
Add an advanced event selector for the bucket's objects to a logging trail.

### CloudFormation
```yaml
AuditTrail:
  Type: AWS::CloudTrail::Trail
  Properties:
    IsLogging: true
    S3BucketName: !Ref TrailBucket
    AdvancedEventSelectors:
      - Name: Management events
        FieldSelectors:
          - {Field: eventCategory, Equals: [Management]}
      - Name: ML bucket objects
        FieldSelectors:
          - {Field: eventCategory, Equals: [Data]}
          - {Field: resources.type, Equals: ["AWS::S3::Object"]}
          - {Field: resources.ARN, StartsWith: [!Sub "${DataBucket.Arn}/"]}
```

### Terraform
```hcl
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.trail.id
  advanced_event_selector {
    name = "ML bucket objects"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field       = "resources.ARN"
      starts_with = ["${aws_s3_bucket.data.arn}/"]
    }
  }
}
```

### AWS CLI
```sh
aws cloudtrail put-event-selectors --trail-name audit --advanced-event-selectors '[
  {"Name": "Management events", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
  {"Name": "ML bucket objects", "FieldSelectors": [
    {"Field": "eventCategory", "Equals": ["Data"]},
    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
    {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::BUCKET/"]}]}]'
```

## References
- AWS CloudTrail user guide: "Logging data events"
- AWS Security Hub: S3.22, S3.23; CIS AWS Foundations Benchmark v3.0: 3.8, 3.9
"""

from mlsec.engine.rule import rule
from mlsec.engine.settings import Settings
from mlsec.model.graph import Graph
from mlsec.model.kinds.monitoring import Trail
from mlsec.model.kinds.storage import Bucket
from mlsec.model.s3 import literal_name
from mlsec.model.settled import settle
from mlsec.model.trails import S3_OBJECT, BucketObjects, data_events, recorded
from mlsec.model.verdict import failed, not_applicable, passed, unknown


@rule(id="MLS606", name="cloudtrail-no-ml-bucket-data-events", control="cloudtrail-data-events",
      severity="medium", options={"fixture_settings": {"expect_cloudtrail": True}})
def check(bucket: Bucket, graph: Graph, settings: Settings):
    if bucket.source != "aws" and not settings.expect_cloudtrail:
        return not_applicable("trails usually live in a separate audit stack; pass --expect-cloudtrail when the "
                              "scanned files must log this bucket's object events")
    for trail in _trails_that_may_log_to(graph, bucket):
        if graph.follow(trail, trail.s3_bucket_name, Bucket).resource is bucket or \
                (bucket.source == "aws" and settle(trail.s3_bucket_name)[0] == literal_name(bucket)):
            return not_applicable(f"this is the log bucket of {trail.id}")
    objects = BucketObjects(bucket)
    trails, seen = recorded(graph, bucket.unit, lambda trail: data_events(trail, S3_OBJECT, objects))
    reads, writes, pending = seen.read, seen.write, seen.undecided
    evidence = {"reads": reads, "writes": writes, "undecided": pending}
    if reads and writes:
        return passed(f"object reads are logged by {', '.join(reads)} and writes by {', '.join(writes)}",
                      evidence=evidence)
    if pending:
        return unknown("cannot tell whether the bucket's object events are logged: " + "; ".join(pending),
                       reason="selectors-unresolved", evidence=evidence)
    if writes:
        return failed(f"object writes are logged by {', '.join(writes)}, but no logging trail records reads "
                      "(GetObject)", reason="read-missing", evidence=evidence)
    if reads:
        return failed(f"object reads are logged by {', '.join(reads)}, but no logging trail records writes "
                      "(PutObject, DeleteObject)", reason="write-missing", evidence=evidence)
    if not trails and bucket.source == "aws" and not seen.listed:
        return unknown("no logging trail is homed in this region; a multi-region trail homed in another region "
                       "may record these events", reason="other-region", evidence=evidence)
    here = "covers this region" if bucket.source == "aws" else "is defined here"
    where = f"no logging trail {here}" if not trails else \
        f"no selector of {', '.join(t.id for t in trails)} takes in this bucket's objects"
    return failed(f"object-level events of the bucket are not logged: {where}", reason="no-data-events",
                  evidence=evidence)


def _trails_that_may_log_to(graph: Graph, bucket: Bucket) -> list[Trail]:
    """Live, a trail of any region of the account may write to the bucket; in templates and
    modules, the unit's own trails."""
    if bucket.source == "aws":
        return [t for t in graph.of(Trail) if t.account == bucket.account]
    return graph.of(Trail, bucket.unit)
