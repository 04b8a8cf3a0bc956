r"""
## What it does
Flags buckets on which one of the four public access block settings
(`BlockPublicAcls`, `IgnorePublicAcls`, `BlockPublicPolicy`, `RestrictPublicBuckets`) is
off at both the bucket and the account level. A bucket with no block of its own gets all
four on (the S3 default for buckets created since April 2023); a block that is present
but omits a flag leaves that flag off, in CloudFormation, the API and Terraform alike.
The account level is Terraform's `aws_s3_account_public_access_block`; when the scanned
files have none, the account level counts as off. With the `strict_bucket_level` setting
only the bucket's own block counts, as in Security Hub S3.8.

## Why it matters
Training sets, feature exports and model artefacts are the data an ML platform most
needs to keep private, and one permissive ACL or policy statement is enough to publish
them. The public access block is the guard rail that makes such mistakes fail or have no
effect, whoever writes the next policy.

## Remediation
Turn on all four settings on the bucket (and preferably for the whole account).

### CloudFormation
```yaml
DataBucket:
  Type: AWS::S3::Bucket
  Properties:
    PublicAccessBlockConfiguration:
      BlockPublicAcls: true
      IgnorePublicAcls: true
      BlockPublicPolicy: true
      RestrictPublicBuckets: true
```

### Terraform
```hcl
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
```

### AWS CLI
```sh
aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
aws s3control put-public-access-block --account-id ACCOUNT_ID --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
```

## References
- Amazon S3 user guide: "Blocking public access to your Amazon S3 storage"
- AWS Security Hub: S3.8 (bucket level), S3.1 (account level); CIS AWS Foundations Benchmark v3.0: 2.1.4
"""

from mlsec.engine.rule import rule
from mlsec.engine.settings import Settings
from mlsec.model.graph import Graph
from mlsec.model.kinds.storage import Bucket
from mlsec.model.s3 import FLAG_NAMES, FLAGS, FlagLevel, public_access_block
from mlsec.model.verdict import failed, passed, unknown


@rule(id="MLS503", name="s3-ml-bucket-public-access-not-blocked", control="s3-public-access", severity="high")
def check(bucket: Bucket, graph: Graph, settings: Settings):
    state = public_access_block(graph, bucket)
    levels = {flag: state.effective(flag, bucket_only=settings.strict_bucket_level) for flag in FLAGS}
    evidence = {"bucket_level": {FLAG_NAMES[f]: state.bucket[f].value for f in FLAGS},
                "account_level": {FLAG_NAMES[f]: state.account[f].value for f in FLAGS}}
    off = _grouped(levels, False, "off")
    if off:
        return failed(off, reason="public-access-not-blocked", evidence=evidence)
    undecided = [(f, level) for f, level in levels.items() if level.value is None]
    if undecided:
        flag, level = undecided[0]
        return unknown(f"{FLAG_NAMES[flag]} is unknown at {level.where}: {level.unknown}",
                       reason="public-access-block-unresolved", evidence=evidence)
    return passed(_grouped(levels, True, "on"), evidence=evidence)


def _grouped(levels: dict[str, FlagLevel], value: bool, word: str) -> str:
    """"A, B are <word> at X; C is <word> at Y" for the flags whose effective value is ``value``."""
    by_where: dict[str, list[str]] = {}
    for flag, level in levels.items():
        if level.value is value:
            by_where.setdefault(level.where, []).append(FLAG_NAMES[flag])
    return "; ".join(f"{', '.join(names)} {'are' if len(names) > 1 else 'is'} {word} at {where}"
                     for where, names in by_where.items())
