"""Live data stores (S3, KMS): what the collectors read and how the rules judge it, on
recorded responses (the rules' aws.json fixtures, altered per test)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from mlsec.engine.registry import load_rules
from mlsec.engine.scan import ScanResult, evaluate, now_iso
from mlsec.engine.settings import Settings
from mlsec.sources.aws.collect import LiveOptions, Output, Region
from mlsec.sources.aws.collectors import all_collectors
from mlsec.sources.aws.scope import Scope
from mlsec.sources.aws.snapshot import SnapshotApi
from mlsec.sources.base import SourceResult

ROOT = Path(__file__).resolve().parents[2]
RULES = {r.id: r for r in load_rules()}
ACCOUNT = "123456789012"


def fixture(rule_id: str, kind: str) -> dict:
    folder = Path(RULES[rule_id].folder) / "fixtures" / kind / "aws.json"
    return json.loads(folder.read_text())["responses"]


def collect(responses: dict, everything: bool = True) -> SourceResult:
    """Every collector over recorded responses, in the whole-account or the ML scope."""
    out = Output()
    context = Region(SnapshotApi(copy.deepcopy(responses), "us-east-1"), ACCOUNT, "us-east-1",
                     Scope(ACCOUNT, everything=everything), LiveOptions(scope="account" if everything else "ml"), out)
    for collector in sorted(all_collectors(), key=lambda c: c.stage):
        collector.run(context)
    return SourceResult(resources=out.resources, errors=out.errors)


def verdicts(rule_id: str, source: SourceResult) -> dict[str, tuple[str, str]]:
    """Resource name -> (status, message) of one rule."""
    result = ScanResult(targets=["aws"], started_at=now_iso(), rules=[RULES[rule_id]])
    evaluate(result, source, [RULES[rule_id]], Settings())
    return {f.resource.id.split("#")[0].rsplit(":", 1)[-1].rsplit("/", 1)[-1]: (f.status.value, f.verdict.message)
            for f in result.findings}


def answer(responses: dict, call: str, bucket_or_key: str, **entry) -> None:
    """Replace the recorded answer of ``call`` for one request."""
    entries = responses[call]
    for i, item in enumerate(entries):
        if isinstance(item, dict) and bucket_or_key in (item.get("request") or {}).values():
            entries[i] = {"request": item["request"], **entry}


DENIED = {"error": {"Code": "AccessDenied", "HTTPStatusCode": 403}}


# -- S3 --------------------------------------------------------------------------------

def test_bucket_default_encryption_key_is_described_in_the_ml_scope():
    responses = fixture("MLS501", "fail")
    source = collect(responses, everything=False)  # no kms:ListKeys: the key is found through the bucket
    keys = {r.props["KeyId"]: r.props["KeyManager"] for r in source.resources if r.type == "AWS::KMS::Key"}
    assert keys == {"1234abcd-12ab-34cd-56ef-1234567890ab": "CUSTOMER", "8b5a3e2c-7d41-4f0e-9a6b-2f1c0d9e8a71": "AWS"}
    found = verdicts("MLS501", source)
    assert found["good-sagemaker-artifacts-kms"][0] == "pass"
    assert found["bad-sagemaker-aws-managed-arn"][0] == "fail"


def test_bucket_acl_and_ownership_are_read():
    source = collect(fixture("MLS504", "fail"))
    bucket = next(r for r in source.resources if r.id == "arn:aws:s3:::bad-sagemaker-public-acl")
    assert bucket.props["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    assert [g["Grantee"].get("URI") for g in bucket.props["AclGrants"]] == \
        [None, "http://acs.amazonaws.com/groups/global/AllUsers"]


def test_public_acl_is_neutralised_only_by_ignore_public_acls_or_bucket_owner_enforced():
    responses = fixture("MLS504", "fail")
    answer(responses, "s3:GetPublicAccessBlock", "bad-sagemaker-public-acl", response={
        "PublicAccessBlockConfiguration": {"BlockPublicAcls": False, "IgnorePublicAcls": True,
                                           "BlockPublicPolicy": False, "RestrictPublicBuckets": False}})
    assert verdicts("MLS504", collect(responses))["bad-sagemaker-public-acl"][0] == "pass"
    responses = fixture("MLS504", "fail")
    answer(responses, "s3:GetBucketOwnershipControls", "bad-sagemaker-public-acl",
           response={"OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}})
    assert verdicts("MLS504", collect(responses))["bad-sagemaker-public-acl"][0] == "pass"


def test_unreadable_acl_is_unknown_not_pass():
    responses = fixture("MLS504", "fail")
    answer(responses, "s3:GetBucketAcl", "bad-sagemaker-public-acl", **DENIED)
    source = collect(responses)
    assert any("GetBucketAcl was denied" in e.message for e in source.errors)
    status, message = verdicts("MLS504", source)["bad-sagemaker-public-acl"]
    assert status == "unknown" and "ACL" in message


def test_policy_status_decides_and_the_policy_text_is_read_only_when_it_fails():
    responses = fixture("MLS504", "fail")
    # S3 says public although mlsec's own reading of this text would not: S3 wins
    name = "good-sagemaker-org-only"
    answer(responses, "s3:GetBucketPolicyStatus", name, response={"PolicyStatus": {"IsPublic": True}})
    answer(responses, "s3:GetPublicAccessBlock", name, error="NoSuchPublicAccessBlockConfiguration")
    assert verdicts("MLS504", collect(responses))[name][0] == "fail"
    responses = fixture("MLS504", "fail")
    answer(responses, "s3:GetBucketPolicyStatus", "bad-sagemaker-public-policy", **DENIED)
    status, message = verdicts("MLS504", collect(responses))["bad-sagemaker-public-policy"]
    assert status == "fail" and "statement" in message  # judged from the policy text instead
    answer(responses, "s3:GetBucketPolicy", "bad-sagemaker-public-policy", **DENIED)
    assert verdicts("MLS504", collect(responses))["bad-sagemaker-public-policy"][0] == "unknown"


def test_missing_bucket_block_with_a_denied_account_block_is_unknown():
    responses = fixture("MLS503", "fail")
    responses["s3control:GetPublicAccessBlock"] = [{"request": {"AccountId": ACCOUNT}, **DENIED}]
    found = verdicts("MLS503", collect(responses))
    assert found["bad-sagemaker-no-block"][0] == "unknown"
    assert found["bad-sagemaker-partial-block"][0] == "unknown"
    assert found["good-sagemaker-bucket-block"][0] == "pass"


# -- KMS -------------------------------------------------------------------------------

def test_rotation_is_asked_only_of_keys_kms_can_rotate():
    asked: list[str] = []
    original = SnapshotApi.call

    def spy(self, service, operation, **params):
        if operation == "GetKeyRotationStatus":
            asked.append(params["KeyId"])
        return original(self, service, operation, **params)

    SnapshotApi.call = spy
    try:
        source = collect(fixture("MLS510", "pass"))
    finally:
        SnapshotApi.call = original
    keys = {r.props["KeyId"]: r for r in source.resources if r.type == "AWS::KMS::Key"}
    rotating = [k for k, r in keys.items() if r.props.get("Description") == "SageMaker volumes"]
    assert len(keys) == 5 and asked == rotating  # not the RSA, imported, pending-deletion or AWS-managed keys


def test_unreadable_rotation_is_unknown():
    responses = fixture("MLS510", "fail")
    key = responses["kms:GetKeyRotationStatus"][0]["request"]["KeyId"]
    answer(responses, "kms:GetKeyRotationStatus", key, **DENIED)
    found = verdicts("MLS510", collect(responses))
    assert found[key][0] == "unknown"


def test_aws_managed_keys_policy_is_not_judged():
    responses = fixture("MLS510", "pass")  # holds the aws/s3 key
    found = verdicts("MLS511", collect(responses))
    managed = [status for status, message in found.values() if "managed by AWS" in message]
    assert managed == ["not_applicable"]
