"""IAM principals (roles, users, groups), their policies and how policies are attached.

Live principals come from ``iam:GetAccountAuthorizationDetails`` with CloudFormation-shaped
properties (``Policies``, ``ManagedPolicyArns``, ``PermissionsBoundary`` as an ARN), so the
``cfn`` paths serve them; only the ARN is live-only. Which documents apply to a principal
is worked out in ``mlsec/iam/principals.py``.
"""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Component, Resource
from mlsec.model.fields import Attr, Nested
from mlsec.model.values import Value


class InlinePolicy(Component):
    """One entry of a principal's ``Policies`` / Terraform ``inline_policy`` block."""

    name: Annotated[Value, Attr(cfn="PolicyName", tf="name", kind="str")]
    document: Annotated[Value, Attr(cfn="PolicyDocument", tf="policy", kind="policy")]


class Principal(Resource):
    """What roles, users and groups share: inline policies and attached managed policies."""

    inline_policies: Annotated[Value, Nested(model=InlinePolicy, cfn="Policies", tf="inline_policy")]
    managed_policy_arns: Annotated[Value, Attr(cfn="ManagedPolicyArns", tf="managed_policy_arns", kind="list")]


class Role(Principal):
    kind = "AWS::IAM::Role"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_iam_role",)}
    identifiers = ("name", "arn_value")

    name: Annotated[Value, Attr(cfn="RoleName", tf="name", kind="str")]
    arn_value: Annotated[Value, Attr(api="Arn", kind="str")]
    path: Annotated[Value, Attr(cfn="Path", tf="path", default="/", kind="str")]
    assume_role_policy: Annotated[Value, Attr(cfn="AssumeRolePolicyDocument", tf="assume_role_policy",
                                              kind="policy")]
    permissions_boundary: Annotated[Value, Attr(cfn="PermissionsBoundary", tf="permissions_boundary", kind="str",
                                                doc="ARN of the managed policy that caps the role's permissions.")]


class User(Principal):
    kind = "AWS::IAM::User"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_iam_user",)}
    identifiers = ("name", "arn_value")

    name: Annotated[Value, Attr(cfn="UserName", tf="name", kind="str")]
    arn_value: Annotated[Value, Attr(api="Arn", kind="str")]
    groups: Annotated[Value, Attr(cfn="Groups", kind="list",
                                  doc="Terraform writes memberships as separate resources.")]
    permissions_boundary: Annotated[Value, Attr(cfn="PermissionsBoundary", tf="permissions_boundary", kind="str")]


class Group(Principal):
    kind = "AWS::IAM::Group"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_iam_group",)}
    identifiers = ("name", "arn_value")

    name: Annotated[Value, Attr(cfn="GroupName", tf="name", kind="str")]
    arn_value: Annotated[Value, Attr(api="Arn", kind="str")]


class Policy(Resource):
    """An inline policy declared as a resource of its own, embedded in the principals it names."""

    kind = "AWS::IAM::Policy"
    native_types = {"cloudformation": (kind, "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy",
                                       "AWS::IAM::GroupPolicy"),
                    "terraform": ("aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy")}

    name: Annotated[Value, Attr(cfn="PolicyName", tf="name", kind="str")]
    document: Annotated[Value, Attr(cfn="PolicyDocument", tf="policy", kind="policy")]
    roles: Annotated[Value, Attr(cfn=("Roles", "RoleName"), tf="role", kind="any")]
    users: Annotated[Value, Attr(cfn=("Users", "UserName"), tf="user", kind="any")]
    groups: Annotated[Value, Attr(cfn=("Groups", "GroupName"), tf="group", kind="any")]


class ManagedPolicy(Resource):
    """A customer managed policy: attached by ARN, or through its own ``Roles``/``Users``/``Groups``."""

    kind = "AWS::IAM::ManagedPolicy"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_iam_policy",)}
    identifiers = ("name", "arn_value")

    name: Annotated[Value, Attr(cfn="ManagedPolicyName", tf="name", kind="str")]
    arn_value: Annotated[Value, Attr(api="Arn", kind="str")]
    path: Annotated[Value, Attr(cfn="Path", tf="path", default="/", kind="str")]
    document: Annotated[Value, Attr(cfn="PolicyDocument", tf="policy", kind="policy")]
    roles: Annotated[Value, Attr(cfn="Roles", kind="list")]
    users: Annotated[Value, Attr(cfn="Users", kind="list")]
    groups: Annotated[Value, Attr(cfn="Groups", kind="list")]
    aws_managed: Annotated[Value, Attr(api="AwsManaged", default=False, kind="bool",
                                       doc="Live scans also collect the AWS managed policies attached in scope.")]


class PolicyAttachment(Resource):
    """Terraform's attachments of a managed policy to roles, users or groups.

    Targets are read as written (one name or a list): a plan gives a known name that came
    from a reference, which list coercion would turn into an unknown."""

    kind = "aws_iam_policy_attachment"  # CloudFormation attaches through the principal or the policy
    native_types = {"terraform": (kind, "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment",
                                  "aws_iam_group_policy_attachment", "aws_iam_role_policy_attachments_exclusive")}

    policy_arns: Annotated[Value, Attr(tf=("policy_arn", "policy_arns"), kind="any")]
    roles: Annotated[Value, Attr(tf=("role", "roles", "role_name"), kind="any")]
    users: Annotated[Value, Attr(tf=("user", "users"), kind="any")]
    groups: Annotated[Value, Attr(tf=("group", "groups"), kind="any")]


class GroupMembership(Resource):
    """Users added to groups outside the user resource."""

    kind = "AWS::IAM::UserToGroupAddition"
    native_types = {"cloudformation": (kind,),
                    "terraform": ("aws_iam_group_membership", "aws_iam_user_group_membership")}

    groups: Annotated[Value, Attr(cfn="GroupName", tf=("group", "groups"), kind="any")]
    users: Annotated[Value, Attr(cfn="Users", tf=("users", "user"), kind="any")]


# The resources whose own documents the statement rules read.
PolicyHolder = Role | User | Group | Policy | ManagedPolicy
