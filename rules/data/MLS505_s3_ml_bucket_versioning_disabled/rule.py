r"""
## What it does
Flags buckets on which versioning is not enabled: never configured (the S3 default) or
`Suspended`. Terraform's `aws_s3_bucket_versioning` and the legacy `versioning` block on
`aws_s3_bucket` (`enabled = false` reads as Suspended) are the same setting; the separate
resource wins when both exist.

## Why it matters
ML buckets hold what a model is rebuilt from: training sets, feature snapshots and model
artefacts. Without versioning an overwrite or delete, by a buggy pipeline, a compromised
role or ransomware, destroys the only copy, and a poisoned dataset cannot be compared
with what it replaced.

## Remediation
Enable versioning (and add a lifecycle rule that expires noncurrent versions to bound the
cost).

### CloudFormation
```yaml
DataBucket:
  Type: AWS::S3::Bucket
  Properties:
    VersioningConfiguration:
      Status: Enabled
```

### Terraform
```hcl
resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}
```

### AWS CLI
```sh
aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled
```

## References
- Amazon S3 user guide: "Retaining multiple versions of objects with S3 Versioning"
- AWS Security Hub: S3.14 (NIST 800-53)
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.storage import Bucket
from mlsec.model.s3 import versioning
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed, passed, unknown


@rule(id="MLS505", name="s3-ml-bucket-versioning-disabled", control="s3-versioning", severity="low")
def check(bucket: Bucket, graph: Graph):
    setting = versioning(graph, bucket)
    where = "" if setting.owner is bucket else f"{setting.owner.id}: "

    def decide(status: Value) -> Verdict:
        if not status.is_set:
            if setting.undecided:
                return unknown(f"versioning is not configured on the bucket itself, and {setting.undecided}")
            terraform = bucket.source in ("terraform", "terraform-plan")
            separate = ", and no aws_s3_bucket_versioning names the bucket" if terraform else ""
            return failed(f"{status.path} is not set{separate}: versioning was never enabled (S3 default)",
                          reason="never-enabled", evidence=status.evidence(), line=status.line)
        if status.value != "Enabled":
            return failed(f"{where}{status.path} is {status.describe()}: new writes keep no previous versions",
                          reason="not-enabled", evidence=status.evidence(), line=status.line)
        return passed(f"{where}{status.path} is Enabled", evidence=status.evidence(), line=status.line)

    return setting.value.judge(decide)
