"""Data stores and keys: S3 buckets and bucket policies, KMS keys, key policies and aliases.

Terraform splits a bucket's settings over resources of their own (encryption, public
access block, versioning, ACL, ownership): those live in ``s3_parts`` and the resource
graph ties them to the bucket (``mlsec.model.s3``).
"""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Component, Resource
from mlsec.model.fields import Attr, Nested
from mlsec.model.values import Value


class ServerSideEncryptionRule(Component):
    """A bucket's default encryption (S3 keeps one rule per bucket)."""

    sse_algorithm: Annotated[Value, Attr(cfn="ServerSideEncryptionByDefault.SSEAlgorithm",
                                         tf="apply_server_side_encryption_by_default.sse_algorithm", kind="str")]
    kms_key_id: Annotated[Value, Attr(cfn="ServerSideEncryptionByDefault.KMSMasterKeyID",
                                      tf="apply_server_side_encryption_by_default.kms_master_key_id", kind="str",
                                      doc="Absent with aws:kms: the AWS-managed aws/s3 key.")]
    bucket_key_enabled: Annotated[Value, Attr(cfn="BucketKeyEnabled", tf="bucket_key_enabled", default=False,
                                              kind="bool")]


class PublicAccessBlockFlags(Component):
    """The four public access block settings. Inside a block that is present, an omitted
    flag is false (CloudFormation, the API and Terraform agree); a bucket with no block at
    all gets all four true (the S3 default for buckets created since April 2023)."""

    block_public_acls: Annotated[Value, Attr(cfn="BlockPublicAcls", tf="block_public_acls", default=False,
                                             kind="bool")]
    ignore_public_acls: Annotated[Value, Attr(cfn="IgnorePublicAcls", tf="ignore_public_acls", default=False,
                                              kind="bool")]
    block_public_policy: Annotated[Value, Attr(cfn="BlockPublicPolicy", tf="block_public_policy", default=False,
                                               kind="bool")]
    restrict_public_buckets: Annotated[Value, Attr(cfn="RestrictPublicBuckets", tf="restrict_public_buckets",
                                                   default=False, kind="bool")]


class AclGrant(Component):
    """One ACL grant (Terraform ``grant`` on the bucket, or ``access_control_policy.grant``;
    live, a ``Grants`` item of GetBucketAcl)."""

    grantee_type: Annotated[Value, Attr(tf=("type", "grantee.type"), api="Grantee.Type", kind="str")]
    grantee_uri: Annotated[Value, Attr(tf=("uri", "grantee.uri"), api="Grantee.URI", kind="str")]


class OwnershipRule(Component):
    object_ownership: Annotated[Value, Attr(cfn="ObjectOwnership", tf="object_ownership", kind="str")]


class Bucket(Resource):
    kind = "AWS::S3::Bucket"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_s3_bucket",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="BucketName", tf="bucket", kind="str")]
    inline_policy: Annotated[Value, Attr(tf="policy", kind="policy",
                                         doc="Legacy inline bucket policy of aws_s3_bucket (provider < 4).")]
    encryption_rules: Annotated[Value, Nested(
        model=ServerSideEncryptionRule, cfn="BucketEncryption.ServerSideEncryptionConfiguration",
        tf="server_side_encryption_configuration.rule",
        doc="Absent: SSE-S3 (AES256), applied to every new object since January 2023.")]
    public_access_block: Annotated[Value, Nested(model=PublicAccessBlockFlags, cfn="PublicAccessBlockConfiguration",
                                                 doc="Terraform: aws_s3_bucket_public_access_block.")]
    versioning_status: Annotated[Value, Attr(cfn="VersioningConfiguration.Status", kind="str",
                                             doc="Terraform: aws_s3_bucket_versioning, or the legacy block below.")]
    legacy_versioning_enabled: Annotated[Value, Attr(tf="versioning.enabled", kind="bool")]
    canned_acl: Annotated[Value, Attr(cfn="AccessControl", tf="acl", kind="str")]
    acl_grants: Annotated[Value, Nested(model=AclGrant, tf="grant", api="AclGrants")]
    policy_public: Annotated[Value, Attr(api="PolicyStatus.IsPublic", kind="bool",
                                         doc="Live only: GetBucketPolicyStatus, S3's own reading of the policy. "
                                             "Absent: the bucket has no policy.")]
    ownership_rules: Annotated[Value, Nested(model=OwnershipRule, cfn="OwnershipControls.Rules",
                                             doc="Absent: BucketOwnerEnforced (ACLs disabled), the default "
                                                 "since April 2023.")]


class BucketPolicy(Resource):
    kind = "AWS::S3::BucketPolicy"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_s3_bucket_policy",)}

    bucket: Annotated[Value, Attr(cfn="Bucket", tf="bucket", kind="str")]
    policy: Annotated[Value, Attr(cfn="PolicyDocument", tf="policy", kind="policy")]


class Key(Resource):
    """A KMS key. ``aws_kms_external_key`` is a key with imported material (origin
    EXTERNAL); Terraform's ``custom_key_store_id``/``xks_key_id`` place a key in a
    CloudHSM or external key store."""

    kind = "AWS::KMS::Key"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_kms_key", "aws_kms_external_key")}
    identifiers = ("key_id", "arn_value")

    key_id: Annotated[Value, Attr(api="KeyId", kind="str")]
    arn_value: Annotated[Value, Attr(api="Arn", kind="str")]
    enable_key_rotation: Annotated[Value, Attr(cfn="EnableKeyRotation", tf="enable_key_rotation", default=False,
                                               kind="bool")]
    key_spec: Annotated[Value, Attr(cfn="KeySpec", tf="customer_master_key_spec", default="SYMMETRIC_DEFAULT",
                                    kind="str")]
    origin: Annotated[Value, Attr(cfn="Origin", default="AWS_KMS", kind="str")]
    custom_key_store_id: Annotated[Value, Attr(tf="custom_key_store_id", api="CustomKeyStoreId", kind="str")]
    xks_key_id: Annotated[Value, Attr(tf="xks_key_id", kind="str")]
    key_manager: Annotated[Value, Attr(api="KeyManager", default="CUSTOMER", kind="str",
                                       doc="Keys declared in a template are customer managed.")]
    key_state: Annotated[Value, Attr(api="KeyState", default="Enabled", kind="str")]
    policy: Annotated[Value, Attr(cfn="KeyPolicy", tf="policy", kind="policy",
                                  doc="Absent: the default key policy (the account root may do kms:*).")]


class KeyPolicy(Resource):
    """Terraform's separate key policy; CloudFormation and the API keep it on the key."""

    kind = "aws_kms_key_policy"  # no CloudFormation type of its own
    native_types = {"terraform": (kind,)}

    key_id: Annotated[Value, Attr(tf="key_id", kind="str")]
    policy: Annotated[Value, Attr(tf="policy", kind="policy")]


class KeyAlias(Resource):
    kind = "AWS::KMS::Alias"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_kms_alias",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="AliasName", tf="name", kind="str")]
    target_key_id: Annotated[Value, Attr(cfn="TargetKeyId", tf="target_key_id", kind="str")]
