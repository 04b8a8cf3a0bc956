"""S3 questions: which policies govern a bucket, which ARNs of a policy cover it, and the
bucket's effective settings whether they are written on the bucket (CloudFormation, the
API, legacy Terraform blocks) or in Terraform resources of their own."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from mlsec.model.base import Resource
from mlsec.model.components import as_component
from mlsec.model.graph import Graph
from mlsec.model.kinds.s3_parts import (AccountPublicAccessBlock, BucketAcl, BucketEncryptionConfiguration,
                                        BucketOwnershipControls, BucketPublicAccessBlock, BucketVersioning)
from mlsec.model.kinds.storage import Bucket, BucketPolicy, PublicAccessBlockFlags
from mlsec.model.props import Ref, RefStr
from mlsec.model.settled import settle
from mlsec.model.values import State, Value

_ARN_PREFIX = re.compile(r"^arn:(?:aws|aws-cn|aws-us-gov|\$\{[^}]*\}):s3:::")
_BUCKET = "\x00bucket\x00"


def policies_of(graph: Graph, bucket: Bucket) -> list[tuple[Any, Value]]:
    """(owner resource, policy Value) pairs that apply to ``bucket``."""
    out: list[tuple[Any, Value]] = []
    if bucket.inline_policy.is_set or bucket.inline_policy.is_unknown:
        out.append((bucket, bucket.inline_policy))
    for policy in graph.referrers(bucket, BucketPolicy, "bucket"):
        out.append((policy, policy.policy))
    return out


def _name_tokens(bucket: Bucket) -> tuple[list[str], list[str]]:
    """Placeholders that stand for the bucket's name, and for its ARN."""
    names, arns = [], []
    if bucket.source == "cloudformation":
        names.append("${%s}" % bucket.id)
        arns.append("${%s.Arn}" % bucket.id)
    else:
        names += ["${%s.id}" % bucket.id, "${%s.bucket}" % bucket.id]
        arns.append("${%s.arn}" % bucket.id)
    return names, arns


def literal_name(bucket: Bucket) -> str | None:
    value = bucket.name.value if bucket.name.is_set else None
    return value if isinstance(value, str) and not isinstance(value, RefStr) else None


def normalize_resource(bucket: Bucket, resource: Any) -> str | None:
    """The resource pattern with this bucket's name replaced by a marker (None if opaque)."""
    if isinstance(resource, Ref):
        if resource.target == bucket.id and (resource.attr or "").lower() == "arn":
            return "arn:aws:s3:::" + _BUCKET
        return None
    if not isinstance(resource, str):
        return None
    text = str(resource)
    names, arns = _name_tokens(bucket)
    for token in arns:
        text = text.replace(token, "arn:aws:s3:::" + _BUCKET)
    text = _ARN_PREFIX.sub("arn:aws:s3:::", text)
    if text.startswith("arn:aws:s3:::"):
        head, sep, tail = text[len("arn:aws:s3:::"):].partition("/")
        for token in names:
            if head == token:
                head = _BUCKET
        text = "arn:aws:s3:::" + head + sep + tail
    return text


def covers(bucket: Bucket, resources: list[Any]) -> tuple[bool, bool]:
    """Whether the resource list covers (the bucket itself, every object in it)."""
    heads = [_BUCKET] + ([literal_name(bucket)] if literal_name(bucket) else [])
    whole = objects = False
    for r in resources:
        pattern = normalize_resource(bucket, r)
        if pattern is None:
            continue
        for head in heads:
            bucket_arn = "arn:aws:s3:::" + head
            whole = whole or fnmatch.fnmatchcase(bucket_arn, pattern)
            objects = objects or fnmatch.fnmatchcase(bucket_arn + "/any/object-key", pattern)
    return whole, objects


# -- settings that Terraform keeps in resources of their own ---------------------------

P = TypeVar("P", bound=Resource)


@dataclass(slots=True)
class Parts(Generic[P]):
    """The resources of one kind that configure a bucket, and those whose bucket
    reference is unresolved (they may configure it too)."""

    matched: list[P]
    undecided: list[tuple[P, str]]


def parts_of(graph: Graph, bucket: Bucket, cls: type[P]) -> Parts[P]:
    matched: list[P] = []
    undecided: list[tuple[P, str]] = []
    for part in graph.of(cls, bucket.unit):
        found = graph.follow(part, part.bucket, Bucket)  # type: ignore[attr-defined]
        if found.resource is bucket:
            matched.append(part)
        elif found.status == "unknown":
            undecided.append((part, found.reason or "its bucket is unresolved"))
    return Parts(matched, undecided)


@dataclass(slots=True)
class Setting:
    """Where a bucket setting is written (``owner``) and its value; ``undecided`` names a
    resource whose bucket is unresolved and that may override it."""

    owner: Resource
    value: Value
    undecided: str | None = None


def _setting(graph: Graph, bucket: Bucket, cls: type, read, inline: Value) -> Setting:
    """A separate Terraform resource wins over the legacy inline block: it is applied
    after the bucket and replaces the whole setting."""
    parts = parts_of(graph, bucket, cls)
    if parts.matched:
        owner = parts.matched[0]
        return Setting(owner, read(owner))
    undecided = None
    if parts.undecided:
        part, why = parts.undecided[0]
        undecided = f"{part.id} may configure this bucket, but {why}"
    return Setting(bucket, inline, undecided)


def default_encryption(graph: Graph, bucket: Bucket) -> Setting:
    """The bucket's default-encryption rules (a Nested Value of ServerSideEncryptionRule)."""
    return _setting(graph, bucket, BucketEncryptionConfiguration, lambda p: p.rules, bucket.encryption_rules)


def versioning(graph: Graph, bucket: Bucket) -> Setting:
    """The versioning status as S3 reports it (``Enabled``/``Suspended``); the legacy
    Terraform ``versioning { enabled = … }`` block is translated."""
    inline = bucket.versioning_status
    if bucket.source in ("terraform", "terraform-plan"):
        inline = _legacy_versioning(bucket.legacy_versioning_enabled)
    return _setting(graph, bucket, BucketVersioning, lambda p: p.status, inline)


def _legacy_versioning(enabled: Value) -> Value:
    if enabled.state is State.EXPLICIT:
        status = "Enabled" if enabled.value is True else "Suspended"
        path = f"{enabled.path} = {'true' if enabled.value is True else 'false'}, so the status"
        return Value(status, State.EXPLICIT, enabled.base, path, line=enabled.line)
    return enabled


# -- public access block ---------------------------------------------------------------

FLAGS = ("block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets")
FLAG_NAMES = {"block_public_acls": "BlockPublicAcls", "ignore_public_acls": "IgnorePublicAcls",
              "block_public_policy": "BlockPublicPolicy", "restrict_public_buckets": "RestrictPublicBuckets"}


@dataclass(slots=True)
class FlagLevel:
    """One flag at one level: ``value`` True/False, or None with ``unknown`` saying why."""

    value: bool | None
    where: str
    unknown: str | None = None


@dataclass(slots=True)
class BlockState:
    bucket: dict[str, FlagLevel]
    account: dict[str, FlagLevel]

    def effective(self, flag: str, bucket_only: bool = False) -> FlagLevel:
        """The flag as S3 enforces it: on when either level has it on (only the bucket's
        own block with ``bucket_only``); unknown when that cannot be told."""
        levels = (self.bucket[flag],) if bucket_only else (self.bucket[flag], self.account[flag])
        for level in levels:
            if level.value is True:
                return level
        for level in levels:
            if level.value is None:
                return level
        return FlagLevel(False, " and ".join(level.where for level in levels))


def public_access_block(graph: Graph, bucket: Bucket) -> BlockState:
    return BlockState(_bucket_flags(graph, bucket), _account_flags(graph, bucket))


def _bucket_flags(graph: Graph, bucket: Bucket) -> dict[str, FlagLevel]:
    parts = parts_of(graph, bucket, BucketPublicAccessBlock)
    if parts.matched:
        part = parts.matched[0]
        return _read_flags(as_component(part, PublicAccessBlockFlags), f"bucket level ({part.id})")
    block = bucket.public_access_block
    if block.is_set:
        return _read_flags(block.value[0], f"bucket level ({block.path})")
    if parts.undecided:
        part, why = parts.undecided[0]
        return {f: FlagLevel(None, f"bucket level ({part.id})", f"it may apply to this bucket, but {why}")
                for f in FLAGS}
    if block.is_absent and bucket.source == "aws":  # the account reports what the bucket really has
        return {f: FlagLevel(False, "bucket level (no block configured)") for f in FLAGS}
    if block.is_absent:
        return {f: FlagLevel(True, "bucket level (no block: all four true, the S3 default since April 2023)")
                for f in FLAGS}
    _, why = settle(block)
    return {f: FlagLevel(None, f"bucket level ({block.path})", why) for f in FLAGS}


def _account_flags(graph: Graph, bucket: Bucket) -> dict[str, FlagLevel]:
    if bucket.source == "aws":  # the account's block is collected once, outside the bucket's region
        blocks = [b for b in graph.of(AccountPublicAccessBlock) if b.account == bucket.account]
    else:
        blocks = graph.of(AccountPublicAccessBlock, bucket.unit)
    if not blocks:
        where = "account level (none configured)" if bucket.source == "aws" else \
            "account level (no account block in the scanned files: off)"
        return {f: FlagLevel(False, where) for f in FLAGS}
    block = blocks[0]
    where = f"account level ({block.id})"
    if block.source != "aws":
        return _read_flags(as_component(block, PublicAccessBlockFlags), where)
    configuration, why = settle(block.configuration)
    if why:
        return {f: FlagLevel(None, where, why) for f in FLAGS}
    if not configuration:
        return {f: FlagLevel(False, "account level (none configured)") for f in FLAGS}
    return _read_flags(configuration[0], where)


def _read_flags(flags: PublicAccessBlockFlags, where: str) -> dict[str, FlagLevel]:
    out = {}
    for flag in FLAGS:
        value, why = settle(getattr(flags, flag))
        out[flag] = FlagLevel(value if why is None else None, where, why)
    return out


# -- ACLs ------------------------------------------------------------------------------

PUBLIC_CANNED_ACLS = {"publicread", "publicreadwrite", "authenticatedread",
                      "public-read", "public-read-write", "authenticated-read"}
PUBLIC_GROUPS = ("http://acs.amazonaws.com/groups/global/AllUsers",
                 "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")


def public_acl(graph: Graph, bucket: Bucket) -> tuple[str | None, str | None]:
    """(what makes the ACL public, None) / (None, None) when it is not / (None, why unknown)."""
    parts = parts_of(graph, bucket, BucketAcl)
    sources: list[tuple[Resource, Value, Value]] = [(bucket, bucket.canned_acl, bucket.acl_grants)]
    sources += [(p, p.canned_acl, p.grants) for p in parts.matched]
    for owner, canned, grants in sources:
        acl, why = settle(canned)
        if why:
            return None, why
        if isinstance(acl, str) and acl.lower() in PUBLIC_CANNED_ACLS:
            return f"{owner.id} sets the canned ACL {acl} ({canned.path})", None
        listed, why = settle(grants)
        if why:
            return None, why
        for grant in listed or []:
            uri, why = settle(grant.grantee_uri)
            if why:
                return None, why
            if uri in PUBLIC_GROUPS:
                return f"{owner.id} grants {uri.rsplit('/', 1)[-1]} ({grants.path})", None
    if parts.undecided:
        part, why = parts.undecided[0]
        return None, f"{part.id} may set this bucket's ACL, but {why}"
    return None, None


def acls_enabled(graph: Graph, bucket: Bucket) -> tuple[bool | None, str]:
    """Whether ACLs take effect: not with object ownership BucketOwnerEnforced (the default)."""
    parts = parts_of(graph, bucket, BucketOwnershipControls)
    if parts.matched:
        value = parts.matched[0].object_ownership
    elif bucket.ownership_rules.is_set:
        value = bucket.ownership_rules.value[0].object_ownership
    elif bucket.ownership_rules.is_absent and bucket.source == "aws":
        return True, "the bucket has no ownership controls: ACLs take effect (ObjectWriter)"
    elif bucket.ownership_rules.is_absent and not parts.undecided:
        return False, "object ownership is BucketOwnerEnforced (not set; S3 default since April 2023): ACLs are off"
    else:
        return None, parts.undecided[0][1] if parts.undecided else (settle(bucket.ownership_rules)[1] or "")
    ownership, why = settle(value)
    if why:
        return None, why
    if ownership in (None, "BucketOwnerEnforced"):
        return False, f"object ownership is {ownership or 'BucketOwnerEnforced'}: ACLs are off"
    return True, f"object ownership is {ownership}: ACLs take effect"
