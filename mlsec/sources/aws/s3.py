"""S3 buckets in the ML scope (encryption, public access block, versioning, policy and
its public status, ACL grants and object ownership, tags) and the account-level public
access block.

A bucket's resources belong to the unit of the bucket's own region. Its policy becomes a
separate ``AWS::S3::BucketPolicy`` as in CloudFormation; a bucket without a policy has
none, and a policy that could not be read is one whose document is unknown.
"""

from __future__ import annotations

from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import NEIGHBOURS, Collector, Region, fill

_CALLS = ("ListBuckets", "GetBucketLocation", "GetBucketEncryption", "GetPublicAccessBlock", "GetBucketVersioning",
          "GetBucketPolicy", "GetBucketPolicyStatus", "GetBucketAcl", "GetBucketOwnershipControls", "GetBucketTagging",
          "s3control:GetPublicAccessBlock")


def bucket_region(location: dict | None) -> str:
    """GetBucketLocation: no constraint means us-east-1; "EU" is the old name of eu-west-1."""
    constraint = (location or {}).get("LocationConstraint")
    return {None: "us-east-1", "": "us-east-1", "EU": "eu-west-1"}.get(constraint, constraint)


def encryption_props(response: dict | None) -> dict:
    """GetBucketEncryption -> BucketEncryption (CloudFormation spells the default block
    ServerSideEncryptionByDefault). No configuration leaves the AWS default, SSE-S3."""
    rules = ((response or {}).get("ServerSideEncryptionConfiguration") or {}).get("Rules") or []
    if not rules:
        return {}
    out = []
    for rule in rules:
        item = {k: v for k, v in rule.items() if k != "ApplyServerSideEncryptionByDefault"}
        if "ApplyServerSideEncryptionByDefault" in rule:
            item["ServerSideEncryptionByDefault"] = rule["ApplyServerSideEncryptionByDefault"]
        out.append(item)
    return {"BucketEncryption": {"ServerSideEncryptionConfiguration": out}}


def collect_buckets(region: Region) -> None:
    buckets = region.listing("s3", "ListBuckets", "Buckets")
    names = [b["Name"] for b in buckets if b.get("Name") and region.scope.wants_bucket(b["Name"])]
    for name in names:
        _bucket(region, name)
    if names or region.scope.everything:
        _account_block(region)


def _bucket(region: Region, name: str) -> None:
    arn = f"arn:{region.partition}:s3:::{name}"
    location = region.ask("s3", "GetBucketLocation", subject=name, Bucket=name)
    home = region.region if isinstance(location, ApiFailure) else bucket_region(location)
    props: dict = {"BucketName": name}
    encryption = region.ask("s3", "GetBucketEncryption", subject=name, Bucket=name,
                            missing=("ServerSideEncryptionConfigurationNotFoundError",))
    if isinstance(encryption, ApiFailure):
        fill(props, ("BucketEncryption",), encryption)
    else:
        props.update(encryption_props(encryption))
    block = region.ask("s3", "GetPublicAccessBlock", subject=name, Bucket=name,
                       missing=("NoSuchPublicAccessBlockConfiguration",))
    if isinstance(block, ApiFailure):
        fill(props, ("PublicAccessBlockConfiguration",), block)
    elif block:
        props["PublicAccessBlockConfiguration"] = block.get("PublicAccessBlockConfiguration") or {}
    versioning = region.ask("s3", "GetBucketVersioning", subject=name, Bucket=name)
    if isinstance(versioning, ApiFailure):
        fill(props, ("VersioningConfiguration",), versioning)
    elif versioning and versioning.get("Status"):
        props["VersioningConfiguration"] = {"Status": versioning["Status"]}
    status = region.ask("s3", "GetBucketPolicyStatus", subject=name, Bucket=name, missing=("NoSuchBucketPolicy",))
    if isinstance(status, ApiFailure):
        fill(props, ("PolicyStatus",), status)
    elif status:
        props["PolicyStatus"] = status.get("PolicyStatus") or {}
    _acl(region, name, props)
    tagging = region.ask("s3", "GetBucketTagging", subject=name, Bucket=name, missing=("NoSuchTagSet",))
    tags = {} if not isinstance(tagging, dict) else {t["Key"]: t.get("Value") for t in tagging.get("TagSet") or []}
    region.scope.note(props, home, keys_only=True)  # the default-encryption key is described in the bucket's region
    region.emit("AWS::S3::Bucket", arn, props, tags=tags, region=home)
    policy = region.ask("s3", "GetBucketPolicy", subject=name, Bucket=name, missing=("NoSuchBucketPolicy",))
    if policy is None:
        return
    document = policy.unknown() if isinstance(policy, ApiFailure) else policy.get("Policy")
    region.emit("AWS::S3::BucketPolicy", f"{arn}#policy", {"Bucket": name, "PolicyDocument": document}, region=home)


def _acl(region: Region, name: str, props: dict) -> None:
    """The bucket ACL's grants (GetBucketAcl, kept as ``AclGrants`` in the API's shape)
    and its object ownership: without ownership controls ACLs take effect (ObjectWriter)."""
    acl = region.ask("s3", "GetBucketAcl", subject=name, Bucket=name)
    if isinstance(acl, ApiFailure):
        fill(props, ("AclGrants",), acl)
    elif acl and acl.get("Grants"):
        props["AclGrants"] = acl["Grants"]
    ownership = region.ask("s3", "GetBucketOwnershipControls", subject=name, Bucket=name,
                           missing=("OwnershipControlsNotFoundError",))
    if isinstance(ownership, ApiFailure):
        fill(props, ("OwnershipControls",), ownership)
    elif ownership and ownership.get("OwnershipControls"):
        props["OwnershipControls"] = ownership["OwnershipControls"]


def _account_block(region: Region) -> None:
    response = region.ask("s3control", "GetPublicAccessBlock", AccountId=region.account,
                          missing=("NoSuchPublicAccessBlockConfiguration",))
    props: dict = {}
    if isinstance(response, ApiFailure):
        fill(props, ("PublicAccessBlockConfiguration",), response)
    elif response:
        props["PublicAccessBlockConfiguration"] = response.get("PublicAccessBlockConfiguration") or {}
    region.emit("AWS::S3::AccountPublicAccessBlock", f"arn:{region.partition}:s3::{region.account}:public-access-block",
                props, region="global")


COLLECTORS = (
    Collector("s3.buckets", "s3", _CALLS, collect_buckets, stage=NEIGHBOURS, per_account=True),
)
