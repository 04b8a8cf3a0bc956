r"""
## What it does
For every SageMaker endpoint, checks that a logging trail has an advanced event selector
with `eventCategory` = `Data` and `resources.type` = `AWS::SageMaker::Endpoint` whose
`resources.ARN` conditions (if any) take in the endpoint
(`arn:aws:sagemaker:<region>:<account>:endpoint/<name>`, the name in lower case). Basic
event selectors cannot select endpoint data events. Trails usually live in a separate
audit stack, so in templates and modules the check applies only with
`--expect-cloudtrail`.

In a live account the trails are those that cover the endpoint's region: the region's
own and the multi-region and organization trails `DescribeTrails` lists there, judged
from their description in their home region. A region whose trail list is unknown, or
whose covering trail was not described, gives UNKNOWN.

## Why it matters
`InvokeEndpoint`, `InvokeEndpointAsync` and `InvokeEndpointWithResponseStream` are data
events: despite a common belief, CloudTrail does not record them by default. Without the
selector nobody can tell which principal queried a model, how often, or from where, which
is what model extraction and abuse investigations start from.

## Remediation
Add an advanced event selector for the endpoint to a logging trail.

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
      - Name: Endpoint invocations
        FieldSelectors:
          - {Field: eventCategory, Equals: [Data]}
          - {Field: resources.type, Equals: ["AWS::SageMaker::Endpoint"]}
```

### Terraform
```hcl
resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = aws_s3_bucket.trail.id
  advanced_event_selector {
    name = "Endpoint invocations"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::SageMaker::Endpoint"]
    }
  }
}
```

### AWS CLI
```sh
aws cloudtrail put-event-selectors --trail-name audit --advanced-event-selectors '[
  {"Name": "Management events", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
  {"Name": "Endpoint invocations", "FieldSelectors": [
    {"Field": "eventCategory", "Equals": ["Data"]},
    {"Field": "resources.type", "Equals": ["AWS::SageMaker::Endpoint"]}]}]'
```

## References
- Amazon SageMaker AI developer guide: "Logging Amazon SageMaker AI API calls using AWS CloudTrail"
- AWS CloudTrail user guide: "Logging data events"
"""

from mlsec.engine.rule import rule
from mlsec.engine.settings import Settings
from mlsec.model.graph import Graph
from mlsec.model.kinds.sagemaker import Endpoint
from mlsec.model.trails import SAGEMAKER_ENDPOINT, EndpointArn, data_events, recorded
from mlsec.model.verdict import failed, not_applicable, passed, unknown


@rule(id="MLS607", name="cloudtrail-no-endpoint-data-events", control="cloudtrail-data-events", severity="low",
      options={"fixture_settings": {"expect_cloudtrail": True}})
def check(endpoint: Endpoint, graph: Graph, settings: Settings):
    if endpoint.source != "aws" and not settings.expect_cloudtrail:
        return not_applicable("trails usually live in a separate audit stack; pass --expect-cloudtrail when the "
                              "scanned files must log this endpoint's invocations")
    arn = EndpointArn(endpoint)
    trails, seen = recorded(graph, endpoint.unit, lambda trail: data_events(trail, SAGEMAKER_ENDPOINT, arn))
    reads, writes, pending = seen.read, seen.write, seen.undecided
    evidence = {"reads": reads, "writes": writes, "undecided": pending}
    if writes:
        return passed(f"invocations are logged by {', '.join(writes)}", evidence=evidence)
    if pending:
        return unknown("cannot tell whether the endpoint's invocations are logged: " + "; ".join(pending),
                       reason="selectors-unresolved", evidence=evidence)
    if reads:
        return unknown(f"{', '.join(reads)} select only the endpoint's read-only events, and AWS does not say "
                       "whether invocations count as read-only", reason="read-only-selector", evidence=evidence)
    if not trails and endpoint.source == "aws" and not seen.listed:
        return unknown("no logging trail is homed in this region; a multi-region trail homed in another region "
                       "may record these events", reason="other-region", evidence=evidence)
    here = "covers this region" if endpoint.source == "aws" else "is defined here"
    where = f"no logging trail {here}" if not trails else \
        f"no advanced selector of {', '.join(t.id for t in trails)} takes in this endpoint"
    return failed(f"invocations of the endpoint are not logged: {where}", reason="no-data-events",
                  evidence=evidence)
