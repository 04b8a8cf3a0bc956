"""S3 questions: which policies govern a bucket, and which ARNs of a policy cover it."""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from mlsec.model.graph import Graph
from mlsec.model.kinds.storage import Bucket, BucketPolicy
from mlsec.model.props import Ref, RefStr
from mlsec.model.values import Value

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
