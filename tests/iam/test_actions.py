"""The dated action list: merged from botocore and policyuniverse, with wildcard and
NotAction semantics."""

from __future__ import annotations

import json
import re
from pathlib import Path

import policyuniverse

from mlsec.iam.actions import ActionMatcher, catalog, condition_keys, is_known_pattern, matching, snapshot

RECENT_SAGEMAKER = ["sagemaker:CreatePresignedMlflowTrackingServerUrl", "sagemaker:CreatePartnerAppPresignedUrl",
                    "sagemaker:CreatePresignedMlflowAppUrl"]


def _policyuniverse_sagemaker() -> set[str]:
    data = json.loads((Path(policyuniverse.__file__).parent / "data.json").read_text())
    return {a for s in data.values() if s["prefix"] == "sagemaker" for a in s["actions"]}


def test_sagemaker_actions_added_after_2023_are_known():
    old = _policyuniverse_sagemaker()
    for action in RECENT_SAGEMAKER:
        assert action.split(":")[1] not in old, f"{action} is already in policyuniverse: pick a newer one"
        assert is_known_pattern(action), action
        assert matching(action.lower()) == (action,)  # case-insensitive, canonical spelling kept


def test_snapshot_is_dated_and_counted():
    meta = snapshot()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["date"])
    assert meta["date"] == catalog().date
    assert meta["actions"] == sum(len(s.names) for s in catalog().services.values()) > 15000
    assert "elastic-inference" in meta["retired"] and catalog().service("elastic-inference") is None


def test_wildcards_and_unknown_patterns():
    assert "sagemaker:CreatePresignedDomainUrl" in matching("sagemaker:CreatePresigned*")
    assert matching("sagemaker:Describe?odel") == ("sagemaker:DescribeModel",)
    assert not is_known_pattern("sagemaker:CreateTrainingJobs")
    assert not is_known_pattern("sagemaker-runtime:InvokeEndpoint")
    assert is_known_pattern("s*:GetObject")


def test_not_action_is_the_complement():
    everything_but_iam = ActionMatcher(["iam:*"], negated=True)
    assert everything_but_iam.grants("s3:GetObject") and not everything_but_iam.grants("iam:PassRole")
    assert everything_but_iam.covers_service("sagemaker") and not everything_but_iam.covers_service("iam")
    assert ActionMatcher(["s3:*"]).covers_service("s3") and not ActionMatcher(["s3:Get*"]).covers_service("s3")
    assert ActionMatcher(["*"]).is_everything()


def test_condition_keys_known_unknown_and_curated():
    assert "sagemaker:RootAccess" in condition_keys("sagemaker:CreateNotebookInstance")
    assert "sagemaker:RootAccess" not in condition_keys("sagemaker:CreateTrainingJob")
    assert condition_keys("sagemaker:CreatePresignedMlflowTrackingServerUrl") is None  # not "none"
    assert "sagemaker:StudioLifecycleConfigArns" in condition_keys("sagemaker:UpdateDomain")
