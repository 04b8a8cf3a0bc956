"""Terraform's per-setting S3 resources (AWS provider 4 and later).

CloudFormation and the S3 API describe a bucket's encryption, public access block,
versioning, ACL and ownership on the bucket itself; Terraform gives each its own
resource that names the bucket. These kinds hold those settings with the same component
declarations as ``storage.Bucket``, and ``mlsec.model.s3`` joins them to their bucket
through the resource graph, so a rule gets the same answer from either form. None of
them has a CloudFormation type, so each keeps its Terraform type name as its kind.
"""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr, Nested
from mlsec.model.kinds.storage import AclGrant, PublicAccessBlockFlags, ServerSideEncryptionRule
from mlsec.model.values import Value


class BucketPart(Resource):
    """A setting of one bucket, held by a resource of its own."""

    bucket: Annotated[Value, Attr(tf="bucket", kind="str")]


class BucketEncryptionConfiguration(BucketPart):
    kind = "aws_s3_bucket_server_side_encryption_configuration"
    native_types = {"terraform": (kind,)}

    rules: Annotated[Value, Nested(model=ServerSideEncryptionRule, tf="rule")]


class BucketPublicAccessBlock(BucketPart):
    """Its flags are read as ``storage.PublicAccessBlockFlags``; an omitted flag is false."""

    kind = "aws_s3_bucket_public_access_block"
    native_types = {"terraform": (kind,)}


class AccountPublicAccessBlock(Resource):
    """The account-wide public access block. Terraform writes the four flags at the top
    level (read them as ``PublicAccessBlockFlags``); live scans (``s3control:
    GetPublicAccessBlock``) put them under ``PublicAccessBlockConfiguration``. CloudFormation
    has no such type; the kind is the name live scans use."""

    kind = "AWS::S3::AccountPublicAccessBlock"
    native_types = {"terraform": ("aws_s3_account_public_access_block",)}

    account_id: Annotated[Value, Attr(tf="account_id", kind="str")]
    configuration: Annotated[Value, Nested(model=PublicAccessBlockFlags, api="PublicAccessBlockConfiguration",
                                           doc="Live only; absent: the account has no block.")]


class BucketVersioning(BucketPart):
    kind = "aws_s3_bucket_versioning"
    native_types = {"terraform": (kind,)}

    status: Annotated[Value, Attr(tf="versioning_configuration.status", kind="str")]


class BucketAcl(BucketPart):
    kind = "aws_s3_bucket_acl"
    native_types = {"terraform": (kind,)}

    canned_acl: Annotated[Value, Attr(tf="acl", kind="str")]
    grants: Annotated[Value, Nested(model=AclGrant, tf="access_control_policy.grant")]


class BucketOwnershipControls(BucketPart):
    kind = "aws_s3_bucket_ownership_controls"
    native_types = {"terraform": (kind,)}

    object_ownership: Annotated[Value, Attr(tf="rule.object_ownership", kind="str")]
