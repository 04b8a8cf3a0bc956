"""Data stores and keys: S3 buckets and bucket policies, KMS keys and aliases."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr
from mlsec.model.values import Value


class Bucket(Resource):
    kind = "AWS::S3::Bucket"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_s3_bucket",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="BucketName", tf="bucket", kind="str")]
    inline_policy: Annotated[Value, Attr(tf="policy", kind="policy",
                                         doc="Legacy inline bucket policy of aws_s3_bucket (provider < 4).")]


class BucketPolicy(Resource):
    kind = "AWS::S3::BucketPolicy"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_s3_bucket_policy",)}

    bucket: Annotated[Value, Attr(cfn="Bucket", tf="bucket", kind="str")]
    policy: Annotated[Value, Attr(cfn="PolicyDocument", tf="policy", kind="policy")]


class Key(Resource):
    kind = "AWS::KMS::Key"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_kms_key",)}
    identifiers = ("key_id", "arn_value")

    key_id: Annotated[Value, Attr(api="KeyId", kind="str")]
    arn_value: Annotated[Value, Attr(api="Arn", kind="str")]
    enable_key_rotation: Annotated[Value, Attr(cfn="EnableKeyRotation", tf="enable_key_rotation", default=False,
                                               kind="bool")]
    key_spec: Annotated[Value, Attr(cfn="KeySpec", tf="customer_master_key_spec", default="SYMMETRIC_DEFAULT",
                                    kind="str")]
    key_manager: Annotated[Value, Attr(api="KeyManager", default="CUSTOMER", kind="str",
                                       doc="Keys declared in a template are customer managed.")]
    policy: Annotated[Value, Attr(cfn="KeyPolicy", tf="policy", kind="policy")]


class KeyAlias(Resource):
    kind = "AWS::KMS::Alias"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_kms_alias",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="AliasName", tf="name", kind="str")]
    target_key_id: Annotated[Value, Attr(cfn="TargetKeyId", tf="target_key_id", kind="str")]
