"""KMS keys that ML resources (and their buckets, trails, logs, repositories) use, or
every key with ``--scope account``, and the aliases that name them.

DescribeKey decides first: rotation is asked (GetKeyRotationStatus) only for enabled,
customer-managed symmetric keys of AWS origin, the only ones AWS rotates; for the others
the call would be rejected and the rotation rule does not apply.
"""

from __future__ import annotations

from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import KEYS, Collector, Region, fill, unknown_props


def rotation_applies(meta: dict) -> bool:
    return (meta.get("KeyManager") == "CUSTOMER" and meta.get("KeySpec", "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
            and meta.get("Origin", "AWS_KMS") == "AWS_KMS" and meta.get("KeyState") not in ("PendingDeletion",
                                                                                            "PendingReplicaDeletion"))


def key_props(meta: dict) -> dict:
    props = {k: meta[k] for k in ("KeyId", "Arn", "KeyManager", "KeySpec", "KeyUsage", "Origin", "KeyState",
                                  "Enabled", "Description", "MultiRegion") if k in meta}
    if "Description" in props:
        props["Description"] = props["Description"] or None
    return {k: v for k, v in props.items() if v is not None}


def collect_keys(region: Region) -> None:
    refs = sorted(region.scope.keys_in(region.region))
    if region.scope.everything:
        refs += [k["KeyId"] for k in region.listing("kms", "ListKeys", "Keys") if k.get("KeyId")]
    if not refs:
        return
    seen: set[str] = set()
    for ref in refs:
        if ref not in seen:
            _key(region, ref, seen)
    for alias in region.listing("kms", "ListAliases", "Aliases"):
        target = alias.get("TargetKeyId")
        if target in seen or (region.scope.everything and target):
            region.emit("AWS::KMS::Alias", alias.get("AliasArn") or region.arn("kms", alias.get("AliasName", "")),
                        {"AliasName": alias.get("AliasName"), "TargetKeyId": target})


def _key(region: Region, ref: str, seen: set[str]) -> None:
    described = region.ask("kms", "DescribeKey", subject=ref, KeyId=ref, missing=("NotFoundException",))
    if described is None:
        return  # no such key: the resources naming it stay UNKNOWN ("not described")
    if isinstance(described, ApiFailure):
        arn = ref if ref.startswith("arn:") and ":key/" in ref else region.arn("kms", f"key/{ref}")
        if arn in seen:
            return
        seen.add(arn)
        props = unknown_props("AWS::KMS::Key", described.unknown())
        props["KeyId" if not ref.startswith("arn:") else "Arn"] = ref
        region.emit("AWS::KMS::Key", arn, props)
        return
    meta = described.get("KeyMetadata") or {}
    key_id = meta.get("KeyId")
    if not key_id or key_id in seen:
        return
    seen.add(key_id)
    props = key_props(meta)
    if rotation_applies(meta):
        rotation = region.ask("kms", "GetKeyRotationStatus", subject=key_id, KeyId=key_id)
        if isinstance(rotation, ApiFailure):
            fill(props, ("EnableKeyRotation",), rotation)
        elif rotation is not None:
            props["EnableKeyRotation"] = bool(rotation.get("KeyRotationEnabled"))
            if rotation.get("RotationPeriodInDays"):
                props["RotationPeriodInDays"] = rotation["RotationPeriodInDays"]
    if meta.get("KeyManager") == "CUSTOMER":
        policy = region.ask("kms", "GetKeyPolicy", subject=key_id, KeyId=key_id, PolicyName="default")
        if isinstance(policy, ApiFailure):
            fill(props, ("KeyPolicy",), policy)
        elif policy:
            props["KeyPolicy"] = policy.get("Policy")
    region.emit("AWS::KMS::Key", meta.get("Arn") or region.arn("kms", f"key/{key_id}"), props)


COLLECTORS = (
    Collector("kms.keys", "kms", ("ListKeys", "DescribeKey", "GetKeyRotationStatus", "GetKeyPolicy", "ListAliases"),
              collect_keys, stage=KEYS),
)
