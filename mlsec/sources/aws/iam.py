"""IAM from one paginated GetAccountAuthorizationDetails: roles, users, groups and
customer-managed policies, plus the AWS-managed policies attached to the roles in scope.

IAM is global: its resources form the unit ``<account>/global``. In the ML scope only
SageMaker execution roles are kept (trusting sagemaker.amazonaws.com, or named by a
SageMaker resource); ``metadata["sagemaker_references"]`` lists the resources naming a role.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import NEIGHBOURS, Collector, Region

_FILTERS = ["Role", "User", "Group", "LocalManagedPolicy"]


def document(value):
    """Policy documents come decoded from boto3, URL-encoded JSON from the raw API."""
    if isinstance(value, str):
        try:
            return json.loads(unquote(value))
        except ValueError:
            return value
    return value


def _inline(items: list | None) -> list:
    return [{"PolicyName": p.get("PolicyName"), "PolicyDocument": document(p.get("PolicyDocument"))}
            for p in items or []]


def _tags(items: list | None) -> dict:
    return {t.get("Key"): t.get("Value") for t in items or [] if t.get("Key")}


def role_props(role: dict) -> dict:
    props = {"RoleName": role.get("RoleName"), "Arn": role.get("Arn"), "Path": role.get("Path"),
             "AssumeRolePolicyDocument": document(role.get("AssumeRolePolicyDocument")),
             "Policies": _inline(role.get("RolePolicyList")),
             "ManagedPolicyArns": [p.get("PolicyArn") for p in role.get("AttachedManagedPolicies") or []]}
    boundary = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    if boundary:
        props["PermissionsBoundary"] = boundary
    return {k: v for k, v in props.items() if v is not None}


def trusts_sagemaker(role: dict) -> bool:
    return "sagemaker.amazonaws.com" in json.dumps(document(role.get("AssumeRolePolicyDocument")) or {})


def default_version(policy: dict) -> dict | None:
    for version in policy.get("PolicyVersionList") or []:
        if version.get("IsDefaultVersion"):
            return document(version.get("Document"))
    return None


def collect_iam(region: Region) -> None:
    pages = []
    try:
        pages = list(region.api.page_iter("iam", "GetAccountAuthorizationDetails", Filter=_FILTERS))
    except ApiFailure as failure:
        region.report(failure)
        return
    roles = [r for p in pages for r in p.get("RoleDetailList") or []]
    everything = region.scope.everything
    referenced = region.scope.roles
    kept = [r for r in roles if everything or trusts_sagemaker(r) or r.get("Arn") in referenced]
    attached: dict[str, list[str]] = {}
    for role in kept:
        arn = role.get("Arn")
        refs = sorted(x for x in referenced.get(arn, ()) if x)
        region.emit("AWS::IAM::Role", arn, role_props(role), tags=_tags(role.get("Tags")), region="global",
                    sagemaker_references=refs or None)
        for policy in role.get("AttachedManagedPolicies") or []:
            attached.setdefault(policy.get("PolicyArn"), []).append(role.get("RoleName"))
    local = {p.get("Arn"): p for page in pages for p in page.get("Policies") or []}
    for arn, policy in local.items():
        if everything or arn in attached:
            region.emit("AWS::IAM::ManagedPolicy", arn,
                        {"ManagedPolicyName": policy.get("PolicyName"), "Path": policy.get("Path"),
                         "PolicyDocument": default_version(policy), "Roles": attached.get(arn, [])},
                        region="global")
    for arn in sorted(a for a in attached if a and a not in local):
        _aws_managed(region, arn, attached[arn])
    if everything:
        for page in pages:
            for user in page.get("UserDetailList") or []:
                region.emit("AWS::IAM::User", user.get("Arn"),
                            {"UserName": user.get("UserName"), "Policies": _inline(user.get("UserPolicyList")),
                             "ManagedPolicyArns": [p.get("PolicyArn") for p in user.get("AttachedManagedPolicies")
                                                   or []], "Groups": user.get("GroupList") or []},
                            tags=_tags(user.get("Tags")), region="global")
            for group in page.get("GroupDetailList") or []:
                region.emit("AWS::IAM::Group", group.get("Arn"),
                            {"GroupName": group.get("GroupName"), "Policies": _inline(group.get("GroupPolicyList")),
                             "ManagedPolicyArns": [p.get("PolicyArn") for p in group.get("AttachedManagedPolicies")
                                                   or []]}, region="global")


def _aws_managed(region: Region, arn: str, roles: list[str]) -> None:
    """An AWS-managed policy attached to a role in scope: its default version's document."""
    policy = region.ask("iam", "GetPolicy", subject=arn, PolicyArn=arn, missing=("NoSuchEntity",))
    props: dict = {"ManagedPolicyName": arn.rsplit("/", 1)[-1], "Roles": roles, "AwsManaged": True}
    if isinstance(policy, ApiFailure):
        props["PolicyDocument"] = policy.unknown()
    elif policy:
        version_id = (policy.get("Policy") or {}).get("DefaultVersionId")
        version = region.ask("iam", "GetPolicyVersion", subject=arn, PolicyArn=arn, VersionId=version_id)
        props["PolicyDocument"] = version.unknown() if isinstance(version, ApiFailure) else \
            document(((version or {}).get("PolicyVersion") or {}).get("Document"))
    else:
        return
    region.emit("AWS::IAM::ManagedPolicy", arn, props, region="global")


COLLECTORS = (
    Collector("iam.authorization", "iam", ("GetAccountAuthorizationDetails", "GetPolicy", "GetPolicyVersion"),
              collect_iam, stage=NEIGHBOURS, per_account=True),
)
