"""What a live region records (MLS601, MLS606, MLS607): the trails DescribeTrails lists in
the region, shadow trails included, judged from their description in their home region;
one ScanUnit per account and region."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from mlsec.engine.registry import load_rules
from mlsec.engine.scan import ScanResult, evaluate, now_iso
from mlsec.engine.settings import Settings
from mlsec.sources.aws.snapshot import replay
from mlsec.sources.base import SourceResult

ACCOUNT = "123456789012"
RULES = {r.id: r for r in load_rules()}


def _responses(rule_id: str, kind: str) -> dict:
    path = Path(RULES[rule_id].folder) / "fixtures" / kind / "aws.json"
    return json.loads(path.read_text())["responses"]


def _shadow_region(home: dict) -> dict:
    """eu-west-1 of the same account: DescribeTrails there lists the us-east-1 multi-region
    trails as shadow trails; nothing else is homed there."""
    listed = [t for t in home["cloudtrail:DescribeTrails"][0]["response"]["trailList"] if t["IsMultiRegionTrail"]]
    return {"cloudtrail:DescribeTrails": [{"request": {"includeShadowTrails": True},
                                           "response": {"trailList": copy.deepcopy(listed)}}]}


def _evaluate(rule_id: str, *sources: SourceResult) -> dict[str, tuple[str, str]]:
    source = SourceResult(resources=[r for s in sources for r in s.resources],
                          errors=[e for s in sources for e in s.errors])
    result = ScanResult(targets=["aws"], started_at=now_iso(), rules=[RULES[rule_id]])
    evaluate(result, source, [RULES[rule_id]], Settings())
    return {f.resource.id: (f.status.value, f.verdict.message) for f in result.findings}


def test_a_multi_region_trail_homed_elsewhere_covers_the_region():
    home = _responses("MLS601", "pass")
    found = _evaluate("MLS601", replay(home, ACCOUNT, "us-east-1"), replay(_shadow_region(home), ACCOUNT, "eu-west-1"))
    assert {unit: status for unit, (status, _) in found.items()} == {f"{ACCOUNT}/us-east-1": "pass",
                                                                      f"{ACCOUNT}/eu-west-1": "pass"}
    assert "trail/org-audit" in found[f"{ACCOUNT}/eu-west-1"][1]


def test_a_stopped_multi_region_trail_leaves_the_other_region_failing():
    home = _responses("MLS601", "fail")
    found = _evaluate("MLS601", replay(home, ACCOUNT, "us-east-1"), replay(_shadow_region(home), ACCOUNT, "eu-west-1"))
    assert found[f"{ACCOUNT}/eu-west-1"][0] == "fail"


def test_a_shadow_trail_whose_home_region_is_not_scanned_is_unknown():
    found = _evaluate("MLS601", replay(_shadow_region(_responses("MLS601", "pass")), ACCOUNT, "eu-west-1"))
    status, message = found[f"{ACCOUNT}/eu-west-1"]
    assert status == "unknown" and "homed in us-east-1" in message


def test_a_region_without_any_trail_fails():
    empty = {"cloudtrail:DescribeTrails": [{"request": {"includeShadowTrails": True}, "response": {"trailList": []}}],
             "sagemaker:DescribeEndpoint": _responses("MLS607", "fail")["sagemaker:DescribeEndpoint"]}
    source = replay(empty, ACCOUNT, "eu-west-1")
    status, message = _evaluate("MLS601", source)[f"{ACCOUNT}/eu-west-1"]
    assert status == "fail" and "DescribeTrails lists none" in message
    assert {status for status, _ in _evaluate("MLS607", source).values()} == {"fail"}


def test_an_unreadable_or_unrecorded_trail_list_is_unknown():
    denied = {"cloudtrail:DescribeTrails": [{"request": {"includeShadowTrails": True},
                                             "error": {"Code": "AccessDenied", "HTTPStatusCode": 403}}],
              "sagemaker:DescribeEndpoint": _responses("MLS607", "fail")["sagemaker:DescribeEndpoint"]}
    source = replay(denied, ACCOUNT, "us-east-1")
    assert any("DescribeTrails was denied" in e.message for e in source.errors)
    assert _evaluate("MLS601", source)[f"{ACCOUNT}/us-east-1"][0] == "unknown"
    assert {status for status, _ in _evaluate("MLS607", source).values()} == {"unknown"}
    unrecorded = {"sagemaker:DescribeEndpoint": denied["sagemaker:DescribeEndpoint"]}
    assert {status for status, _ in _evaluate("MLS607", replay(unrecorded, ACCOUNT, "us-east-1")).values()} == \
        {"unknown"}


def test_every_region_gets_its_own_scan_unit_and_the_account_wide_part_none():
    buckets = _responses("MLS606", "pass")  # us-east-1 trails and buckets, plus the account block ("global")
    sources = [replay(buckets, ACCOUNT, "us-east-1"), replay(_shadow_region(buckets), ACCOUNT, "eu-west-1")]
    assert any(r.unit == f"{ACCOUNT}/global" for r in sources[0].resources)
    units = _evaluate("MLS601", *sources)
    assert sorted(units) == [f"{ACCOUNT}/eu-west-1", f"{ACCOUNT}/us-east-1"]
