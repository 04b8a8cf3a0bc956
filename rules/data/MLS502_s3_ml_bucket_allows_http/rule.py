r"""
## What it does
Flags buckets whose policy does not deny requests made over plain HTTP: there is no bucket
policy, or no statement that denies `s3:*` to every principal on both the bucket and its
objects when `aws:SecureTransport` is false. A deny that covers only some actions or only
part of the bucket fails with reason `partial`. A `s3:TlsVersion` condition alone does not
count: plain-HTTP requests carry no TLS version.

## Why it matters
Training data, model artefacts and inference captures travel between SageMaker, notebooks
and the bucket. S3 still answers plain HTTP, so a misconfigured client or SDK endpoint can
send data and credentials-signed requests in the clear. Only the bucket policy can refuse
them.

## Remediation
Add a statement that denies every S3 action on the bucket and its objects when the
request is not sent over TLS.

### CloudFormation
```yaml
DataBucketPolicy:
  Type: AWS::S3::BucketPolicy
  Properties:
    Bucket: !Ref DataBucket
    PolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Sid: DenyInsecureTransport
          Effect: Deny
          Principal: "*"
          Action: "s3:*"
          Resource: [!GetAtt DataBucket.Arn, !Sub "${DataBucket.Arn}/*"]
          Condition:
            Bool: {"aws:SecureTransport": "false"}
```

### Terraform
```hcl
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
```

### AWS CLI
```sh
# deny-http.json holds the statement above (merge it into any existing policy)
aws s3api put-bucket-policy --bucket BUCKET --policy file://deny-http.json
```

## References
- Amazon S3 user guide: "Security best practices for Amazon S3"
- AWS Security Hub: S3.5; CIS AWS Foundations Benchmark v3.0: 2.1.1
"""

from mlsec.engine.rule import rule
from mlsec.iam.statements import PolicyError, Statement, parse_statements
from mlsec.model.graph import Graph
from mlsec.model.kinds.storage import Bucket
from mlsec.model.props import Unknown
from mlsec.model.s3 import covers, policies_of
from mlsec.model.verdict import Verdict, failed, passed, unknown


@rule(id="MLS502", name="s3-ml-bucket-allows-http", control="s3-tls-only", severity="medium")
def check(bucket: Bucket, graph: Graph):
    policies = policies_of(graph, bucket)
    if not policies:
        return failed("the bucket has no bucket policy, so nothing denies plain-HTTP requests", reason="no-policy")
    partial: Verdict | None = None
    undecided: Verdict | None = None
    for owner, value in policies:
        if not value.is_set:
            return value.judge(lambda v: unknown(f"the bucket policy is {v.describe()}"))
        try:
            statements = parse_statements(value.value)
        except PolicyError as exc:
            return unknown(f"the bucket policy of {owner.id} cannot be read: {exc}", line=value.line)
        for st in statements:
            outcome = _tls_deny(bucket, st)
            if outcome == "full":
                return passed(f"{owner.id} denies s3:* to everyone without TLS (statement {st.sid or st.index})",
                              line=st.line or value.line)
            if outcome == "unknown" and undecided is None:
                undecided = unknown(f"statement {st.sid or st.index} of {owner.id} denies plain HTTP, but its "
                                    "resources cannot be resolved", line=st.line or value.line)
            if outcome == "partial" and partial is None:
                partial = failed(f"statement {st.sid or st.index} of {owner.id} denies plain HTTP only for some "
                                 "actions or part of the bucket", reason="partial", line=st.line or value.line)
    return undecided or partial or failed("no bucket policy statement denies requests without TLS (aws:SecureTransport false)",
                             reason="no-tls-deny")


def _tls_deny(bucket: Bucket, st: Statement) -> str | None:
    if not st.is_deny or not st.principal_is_everyone():
        return None
    insecure = (st.condition_values("Bool", "aws:SecureTransport") or
                st.condition_values("BoolIfExists", "aws:SecureTransport") or [])
    if not any(str(v).lower() == "false" for v in insecure):
        return None
    if any(isinstance(r, Unknown) for r in st.resources + st.actions):
        return "unknown"
    actions = {str(a).lower() for a in st.actions}
    whole, objects = covers(bucket, st.resources)
    if actions & {"s3:*", "*"} and whole and objects:
        return "full"
    if whole or objects:
        return "partial"
    return None
