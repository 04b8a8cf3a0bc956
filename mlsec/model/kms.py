"""Is a KMS key value a customer-managed key (CMK)? (CATALOGUE §1.3)

* absent / empty -> "absent" (the service uses an AWS-managed or AWS-owned key);
* ``alias/aws/...`` (or an ARN of one) -> "aws-managed";
* a reference to a key or alias declared in the scanned files -> "cmk";
* any other literal key id, key ARN or custom alias -> "cmk" in IaC; live, the key's
  ``KeyManager`` from kms:DescribeKey decides, and "unknown" when that is not available;
* unresolved -> "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass

from mlsec.model.base import Resource
from mlsec.model.graph import Graph
from mlsec.model.kinds.storage import Key, KeyAlias, KeyPolicy
from mlsec.model.props import Ref, RefStr
from mlsec.model.values import State, Value


@dataclass(slots=True)
class KeyStatus:
    kind: str  # cmk | aws-managed | absent | unknown
    detail: str

    @property
    def is_cmk(self) -> bool:
        return self.kind == "cmk"


def key_status(owner: Resource, value: Value, graph: Graph) -> KeyStatus:
    if value.state is State.UNKNOWN:
        return KeyStatus("unknown", value.reason or "unresolved")
    if value.state is not State.EXPLICIT:
        return KeyStatus("absent", "not set")
    raw = value.value
    if isinstance(raw, (Ref, RefStr)) and not _is_aws_managed(str(raw)):
        target = graph.follow(owner, raw, (Key, KeyAlias))
        if target.found:
            return KeyStatus("cmk", f"{raw} (a key declared at {target.resource.location()})")
        ref = raw if isinstance(raw, Ref) else (raw.refs[0] if raw.refs else None)
        if ref is not None and ref.target.split("[")[0].rsplit(".", 1)[0].endswith(("aws_kms_key", "aws_kms_alias")):
            return KeyStatus("cmk", f"{raw} (a customer-managed key)")
        if isinstance(raw, RefStr) and not raw.refs:
            return _literal(owner, str(raw), graph)
        return KeyStatus("unknown", target.reason or f"{raw} cannot be resolved to a KMS key")
    if isinstance(raw, str):
        return _literal(owner, raw, graph)
    return KeyStatus("unknown", f"{raw!r} is not a key identifier")


def _literal(owner: Resource, text: str, graph: Graph) -> KeyStatus:
    if _is_aws_managed(text):
        return KeyStatus("aws-managed", f"{text} is an AWS-managed key")
    if owner.source != "aws":
        return KeyStatus("cmk", text)
    found = graph.follow(owner, text, Key)
    if not found.found:  # an alias name or ARN: the key it points to decides
        alias = graph.follow(owner, text, KeyAlias)
        if alias.found:
            found = graph.follow(alias.resource, alias.resource.target_key_id, Key)  # type: ignore[union-attr]
    if found.found:
        manager = found.resource.key_manager  # type: ignore[union-attr]
        if manager.is_unknown:
            return KeyStatus("unknown", f"cannot tell who manages {text}: {manager.reason}")
        if manager.value == "CUSTOMER":
            return KeyStatus("cmk", text)
        return KeyStatus("aws-managed", f"{text} is managed by {manager.value}")
    return KeyStatus("unknown", f"{text} was not described (kms:DescribeKey), so its manager is unknown")


def _is_aws_managed(text: str) -> bool:
    return text.startswith("alias/aws/") or ":alias/aws/" in text


def cmk_verdict(owner: Resource, value: Value, graph: Graph, what: str, absent_means: str = "an AWS-managed key"):
    """The standard verdict of "``what`` must be encrypted with a customer-managed key";
    ``absent_means`` names the key the service uses when none is set."""
    from mlsec.model.verdict import Status, Verdict

    def decide(v: Value) -> Verdict:
        status = key_status(owner, v, graph)
        evidence = {**v.evidence(), "key": status.kind}
        if status.kind == "cmk":
            return Verdict(Status.PASS, f"{what} is encrypted with a customer-managed key: {v.path} is {status.detail}",
                           evidence=evidence, line=v.line)
        if status.kind == "unknown":
            return Verdict(Status.UNKNOWN, f"cannot tell whether {what} uses a customer-managed key: {status.detail}",
                           reason=status.detail, evidence=evidence, line=v.line)
        if status.kind == "absent":
            return Verdict(Status.FAIL, f"{v.path} is not set: {what} is encrypted with {absent_means}",
                           reason="no-key", evidence=evidence, line=v.line)
        return Verdict(Status.FAIL, f"{what} uses an AWS-managed key: {status.detail}", reason="aws-managed-key",
                       evidence=evidence, line=v.line)

    return value.judge(decide)


def key_policy(graph: Graph, key: Key) -> tuple[Resource, Value]:
    """The policy that governs ``key``: Terraform's ``aws_kms_key_policy`` when one names
    the key (it replaces the key's own), else the key's ``KeyPolicy``/``policy``."""
    for policy in graph.of(KeyPolicy, key.unit):
        if graph.follow(policy, policy.key_id, Key).resource is key:
            return policy, policy.policy
    return key, key.policy


# Key origins for which AWS cannot rotate the key material itself.
NO_AUTOMATIC_ROTATION_ORIGINS = ("EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE")


def key_origin(key: Key) -> tuple[str | None, str]:
    """(origin, how it is known); origin None when it is unresolved (the text says why)."""
    if key.native_type == "aws_kms_external_key":
        return "EXTERNAL", f"{key.native_type} holds imported key material"
    if key.origin.state in (State.UNKNOWN, State.BRANCHED):
        return None, f"{key.origin.path} is {key.origin.describe()}"
    if key.origin.is_set:
        return key.origin.value, f"{key.origin.path} is {key.origin.describe()}"
    for value, origin in ((key.xks_key_id, "EXTERNAL_KEY_STORE"), (key.custom_key_store_id, "AWS_CLOUDHSM")):
        if value.is_unknown:
            return None, f"{value.path} is unresolved ({value.reason})"
        if value.is_set:
            return origin, f"{value.path} is set"
    return "AWS_KMS", "the origin is not set (AWS_KMS: KMS generates the key material)"
