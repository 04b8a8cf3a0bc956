"""IAM roles and policies."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr
from mlsec.model.values import Value


class Role(Resource):
    kind = "AWS::IAM::Role"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_iam_role",)}
    identifiers = ("name", "arn_value")

    name: Annotated[Value, Attr(cfn="RoleName", tf="name", kind="str")]
    arn_value: Annotated[Value, Attr(api="Arn", kind="str")]
    assume_role_policy: Annotated[Value, Attr(cfn="AssumeRolePolicyDocument", tf="assume_role_policy",
                                              kind="policy")]
    inline_policies: Annotated[Value, Attr(cfn="Policies", tf="inline_policy", kind="list")]
    managed_policy_arns: Annotated[Value, Attr(cfn="ManagedPolicyArns", tf="managed_policy_arns", kind="list")]


class Policy(Resource):
    """A standalone policy document (inline or managed) attached to principals."""

    kind = "AWS::IAM::Policy"
    native_types = {"cloudformation": (kind, "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy"),
                    "terraform": ("aws_iam_policy", "aws_iam_role_policy")}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn=("PolicyName", "ManagedPolicyName"), tf="name", kind="str")]
    document: Annotated[Value, Attr(cfn="PolicyDocument", tf="policy", kind="policy")]
    roles: Annotated[Value, Attr(cfn=("Roles", "RoleName"), tf="role", kind="list")]
