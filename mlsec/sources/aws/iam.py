"""IAM from one paginated GetAccountAuthorizationDetails: roles, users, groups and
customer-managed policies, plus the AWS-managed policies attached to the roles in scope.

IAM is global: its resources form the unit ``<account>/global``. In the ML scope only
SageMaker execution roles are kept (trusting sagemaker.amazonaws.com, or named by a
SageMaker resource); ``metadata["sagemaker_references"]`` lists the resources naming a role
(SageMaker resources sit in regional units, so the IAM rules read this list rather than
look across units). Managed policies are emitted when a principal in scope is attached to
one or uses it as its permissions boundary; only the default version counts.

boto3 decodes the URL-encoded policy documents of IAM responses into mappings (botocore's
``json_decode_policies`` handler); the raw API, and snapshots written from it, carry the
URL-encoded JSON text. Both are read. AWS managed policies that the details include
(a snapshot recorded without the ``LocalManagedPolicy`` filter) are used as they are;
otherwise their default version is asked for (GetPolicy, GetPolicyVersion), and when that
has no answer the rules fall back to mlsec's shipped snapshot of AWS managed policies.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

from mlsec.iam.managed import aws_managed_name
from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import NEIGHBOURS, Collector, Region

_FILTERS = ["Role", "User", "Group", "LocalManagedPolicy"]


def document(value):
    """A policy document as a mapping: boto3 gives one; the raw API gives URL-encoded JSON
    (``%7B%22Version%22…``); a hand-written snapshot may give plain JSON text. Text that is
    none of these is returned as it is (the model reports it as unreadable)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    for candidate in ((text, unquote(text)) if text.startswith("{") else (unquote(text),)):
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return value


def _inline(items: list | None) -> list:
    return [{"PolicyName": p.get("PolicyName"), "PolicyDocument": document(p.get("PolicyDocument"))}
            for p in items or []]


def _tags(items: list | None) -> dict:
    return {t.get("Key"): t.get("Value") for t in items or [] if t.get("Key")}


def _attached(item: dict) -> list:
    return [p.get("PolicyArn") for p in item.get("AttachedManagedPolicies") or [] if p.get("PolicyArn")]


def _boundary(item: dict) -> str | None:
    return (item.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn") or None


def role_props(role: dict) -> dict:
    props = {"RoleName": role.get("RoleName"), "Arn": role.get("Arn"), "Path": role.get("Path"),
             "AssumeRolePolicyDocument": document(role.get("AssumeRolePolicyDocument")),
             "Policies": _inline(role.get("RolePolicyList")), "ManagedPolicyArns": _attached(role),
             "PermissionsBoundary": _boundary(role)}
    return {k: v for k, v in props.items() if v is not None}


def user_props(user: dict) -> dict:
    props = {"UserName": user.get("UserName"), "Arn": user.get("Arn"), "Path": user.get("Path"),
             "Policies": _inline(user.get("UserPolicyList")), "ManagedPolicyArns": _attached(user),
             "Groups": user.get("GroupList") or [], "PermissionsBoundary": _boundary(user)}
    return {k: v for k, v in props.items() if v is not None}


def group_props(group: dict) -> dict:
    props = {"GroupName": group.get("GroupName"), "Arn": group.get("Arn"), "Path": group.get("Path"),
             "Policies": _inline(group.get("GroupPolicyList")), "ManagedPolicyArns": _attached(group)}
    return {k: v for k, v in props.items() if v is not None}


def managed_policy_props(policy: dict, roles: list[str]) -> dict:
    """A Policies entry of the details (customer managed, or AWS managed when recorded).
    moto leaves PolicyName out; the name is then the ARN's last segment."""
    arn = policy.get("Arn") or ""
    props = {"ManagedPolicyName": policy.get("PolicyName") or arn.rsplit("/", 1)[-1] or None,
             "Path": policy.get("Path"), "PolicyDocument": default_version(policy), "Roles": roles}
    if aws_managed_name(arn):
        props["AwsManaged"] = True
    return {k: v for k, v in props.items() if v is not None}


def trusts_sagemaker(role: dict) -> bool:
    return "sagemaker.amazonaws.com" in json.dumps(document(role.get("AssumeRolePolicyDocument")) or {})


def default_version(policy: dict) -> dict | None:
    """The document of the policy's default version: the one ``DefaultVersionId`` names, else
    the one flagged ``IsDefaultVersion``. AWS sends both; moto 5.2.1 clears every flag after
    SetDefaultPolicyVersion while DefaultVersionId stays right."""
    versions = policy.get("PolicyVersionList") or []
    wanted = policy.get("DefaultVersionId")
    for version in versions:
        if wanted and version.get("VersionId") == wanted:
            return document(version.get("Document"))
    for version in versions:
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
    everything = region.scope.everything
    referenced = region.scope.roles
    roles = [r for p in pages for r in p.get("RoleDetailList") or []]
    kept = [r for r in roles if everything or trusts_sagemaker(r) or r.get("Arn") in referenced]
    users = [u for p in pages for u in p.get("UserDetailList") or []] if everything else []
    groups = [g for p in pages for g in p.get("GroupDetailList") or []] if everything else []
    attached: dict[str, list[str]] = {}  # policy ARN -> names of the roles it is attached to
    needed: set[str] = set()  # every managed policy a principal in scope reads (attached or boundary)
    for role in kept:
        arn = role.get("Arn")
        refs = sorted(x for x in referenced.get(arn, ()) if x)
        region.emit("AWS::IAM::Role", arn, role_props(role), tags=_tags(role.get("Tags")), region="global",
                    sagemaker_references=refs or None)
        for policy_arn in _attached(role):
            attached.setdefault(policy_arn, []).append(role.get("RoleName"))
    for principal in kept + users + groups:
        needed.update(_attached(principal))
        needed.update(filter(None, [_boundary(principal)]))
    for user in users:
        region.emit("AWS::IAM::User", user.get("Arn"), user_props(user), tags=_tags(user.get("Tags")),
                    region="global")
    for group in groups:
        region.emit("AWS::IAM::Group", group.get("Arn"), group_props(group), region="global")
    listed = {p.get("Arn"): p for page in pages for p in page.get("Policies") or [] if p.get("Arn")}
    for arn, policy in listed.items():
        # customer managed policies: all of them with --scope account; AWS managed ones (in
        # a details answer recorded without the filter) only where a principal uses them
        if arn in needed or (everything and not aws_managed_name(arn)):
            region.emit("AWS::IAM::ManagedPolicy", arn, managed_policy_props(policy, attached.get(arn, [])),
                        region="global")
    for arn in sorted(a for a in needed if a not in listed and aws_managed_name(a)):
        _aws_managed(region, arn, attached.get(arn, []))


def _aws_managed(region: Region, arn: str, roles: list[str]) -> None:
    """An AWS managed policy a principal in scope is attached to or bounded by: its default
    version's document. No answer (NoSuchEntity, or not in a snapshot): nothing is emitted,
    and the rules read mlsec's shipped snapshot, or say UNKNOWN when it lacks the policy."""
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
