r"""
## What it does
Flags buckets that are open to the public through their bucket policy or ACL, unless the
effective public access block takes the effect away:

- a policy Allow is public when its principal is everyone (`*`, an ARN with account `*`,
  a `CanonicalUser` `*`, or any `NotPrincipal`) and no positive condition narrows the
  caller to known parties. A pin of the caller's account or organisation
  (`aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:SourceAccount`, …) wins over looser
  conditions beside it; `…IfExists` and `ForAllValues:` conditions narrow nothing;
- an ACL is public when it is a public canned ACL (`PublicRead`, `PublicReadWrite`,
  `AuthenticatedRead`) or grants the `AllUsers`/`AuthenticatedUsers` groups.

`BlockPublicPolicy` or `RestrictPublicBuckets` (bucket or account level) neutralises a
public policy; `BlockPublicAcls`, `IgnorePublicAcls` or object ownership
`BucketOwnerEnforced` (the default, which turns ACLs off) neutralises a public ACL. A
policy or principal that cannot be resolved gives UNKNOWN.

In a live account S3 answers whether the policy is public itself
(`GetBucketPolicyStatus` `IsPublic`; the policy text is read only when that call fails),
and the ACL's grants come from `GetBucketAcl`. There the blocks are read for what they do
to grants already in place: `BlockPublicPolicy` and `BlockPublicAcls` only refuse new
public policies and ACLs, so only `RestrictPublicBuckets` neutralises a public policy and
only `IgnorePublicAcls` (or `BucketOwnerEnforced`) a public ACL.

## Why it matters
A public bucket policy on an ML bucket hands training data, features or model weights to
anyone on the internet, and a public write lets anyone poison the next training run.
Public access is rarely intended on these buckets; when it is, a CDN or presigned URLs do
the job without opening the bucket.

## Remediation
Remove the public statement, or pin it to your organisation or account; drop public ACLs
and keep ACLs disabled with `BucketOwnerEnforced`.

### CloudFormation
```yaml
DataBucketPolicy:
  Type: AWS::S3::BucketPolicy
  Properties:
    Bucket: !Ref DataBucket
    PolicyDocument:
      Statement:
        - Effect: Allow
          Principal: "*"
          Action: s3:GetObject
          Resource: !Sub "${DataBucket.Arn}/*"
          Condition:
            StringEquals: {"aws:PrincipalOrgID": o-exampleorgid}
```

### Terraform
```hcl
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.data.arn}/*"
      Condition = { StringEquals = { "aws:PrincipalOrgID" = "o-exampleorgid" } }
    }]
  })
}
```

### AWS CLI
```sh
aws s3api put-bucket-policy --bucket BUCKET --policy file://org-only.json
aws s3api put-bucket-ownership-controls --bucket BUCKET \
  --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'
```

## References
- Amazon S3 user guide: "Blocking public access to your Amazon S3 storage" (The meaning of "public")
- AWS Security Hub: S3.2, S3.3
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.storage import Bucket
from mlsec.model.policies import public_statements, read_policy
from mlsec.model.s3 import FLAG_NAMES, BlockState, acls_enabled, policies_of, public_access_block, public_acl
from mlsec.model.verdict import failed, passed, unknown

POLICY_GUARDS = ("block_public_policy", "restrict_public_buckets")
ACL_GUARDS = ("block_public_acls", "ignore_public_acls")
# In place, a public policy or ACL is stopped only by these (the Block* flags refuse new ones).
LIVE_POLICY_GUARDS = ("restrict_public_buckets",)
LIVE_ACL_GUARDS = ("ignore_public_acls",)


@rule(id="MLS504", name="s3-ml-bucket-policy-public", control="s3-public-access", severity="critical")
def check(bucket: Bucket, graph: Graph):
    live = bucket.source == "aws"
    block = public_access_block(graph, bucket)
    exposed: list[str] = []
    undecided: list[str] = []
    neutralised: list[str] = []
    # (what is granted, whether it is certainly public, the guard that may stop it)
    grants: list[tuple[str, bool, tuple[str, str]]] = []
    policy_guard = _guard(block, LIVE_POLICY_GUARDS if live else POLICY_GUARDS)

    status = bucket.policy_public
    if live and status.is_set:
        if status.value is True:
            grants.append((f"S3 reports the bucket policy public ({status.path} is true)", True, policy_guard))
    elif not live or not status.is_absent:
        for owner, value in policies_of(graph, bucket):
            statements, why = read_policy(value)
            if why:
                undecided.append(f"the policy of {owner.id} is unresolved: {why}")
                continue
            for e in public_statements(statements or []):
                public = e.status == "public"
                what = f"{e.label} of {owner.id}: {e.detail}" + \
                    ("" if public else " (cannot tell whether it is public)")
                grants.append((what, public, policy_guard))

    acl, acl_unknown = public_acl(graph, bucket)
    if acl:
        flags = LIVE_ACL_GUARDS if live else ACL_GUARDS
        grants.append((acl, True, _acl_guard(block, acls_enabled(graph, bucket), flags)))
    elif acl_unknown:
        undecided.append(f"the bucket ACL cannot be resolved: {acl_unknown}")

    for what, public, (guard, why) in grants:
        if guard == "stopped":
            neutralised.append(f"{what}, but {why}")
        elif guard == "unknown":
            undecided.append(f"{what}; {why}")
        elif public:
            exposed.append(what)
        else:
            undecided.append(what)

    evidence = {"public": exposed, "undecided": undecided, "neutralised": neutralised}
    if exposed:
        return failed("public access: " + "; ".join(exposed), reason="public", evidence=evidence)
    if undecided:
        return unknown("; ".join(undecided), reason="public-access-unresolved", evidence=evidence)
    if neutralised:
        return passed("no public access takes effect: " + "; ".join(neutralised), evidence=evidence)
    return passed("no bucket policy statement or ACL grant is public", evidence=evidence)


def _guard(block: BlockState, flags: tuple[str, ...]) -> tuple[str, str]:
    """("stopped", why) when a public access block setting takes the grant's effect away,
    ("unknown", why) when that cannot be told, ("open", "") otherwise."""
    levels = [(flag, block.effective(flag)) for flag in flags]
    for flag, level in levels:
        if level.value is True:
            return "stopped", f"{FLAG_NAMES[flag]} is on at {level.where}"
    for flag, level in levels:
        if level.value is None:
            return "unknown", f"whether {FLAG_NAMES[flag]} stops it is unknown ({level.unknown})"
    return "open", ""


def _acl_guard(block: BlockState, enabled: tuple[bool | None, str], flags: tuple[str, ...]) -> tuple[str, str]:
    on, why = enabled
    if on is False:
        return "stopped", why
    guard = _guard(block, flags)
    if guard[0] == "open" and on is None:
        return "unknown", f"whether ACLs take effect is unknown ({why})"
    return guard
