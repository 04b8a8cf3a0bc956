"""Parity of sources: for each rule with live fixtures, the insecure resource the demo
creates through the AWS API (moto) and its CloudFormation and Terraform twins in
examples/ (the same fraud-scoring deployment) get the same verdict, and so do the
hardened ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlsec.engine.registry import load_rules
from mlsec.engine.scan import scan
from tests.live.test_demo import EXPECTED

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TWINS = {
    "cloudformation": ("cloudformation/insecure-ml-stack.yaml", "cloudformation/secure-ml-stack.yaml"),
    "terraform": ("terraform/insecure", "terraform/secure"),
}


# the examples' trail logs; the stopped-trail twin is the rule's own fail fixture
STOPPED_TRAIL = Path(__file__).resolve().parents[2] / "rules/logging/MLS605_cloudtrail_logging_disabled/fixtures/fail"


@pytest.fixture(scope="module")
def examples():
    result = scan([str(EXAMPLES), str(STOPPED_TRAIL)], load_rules(), jobs=1)
    out: dict[tuple[str, str], set[str]] = {}
    for f in result.findings:
        out.setdefault((f.rule.id, f.resource.file or ""), set()).add(f.status.value)
    return out


def _verdict(examples, rule_id: str, where: str) -> set[str]:
    return set().union(*[s for (rid, file), s in examples.items() if rid == rule_id and where in file] or [set()])


@pytest.mark.parametrize("source", sorted(TWINS))
@pytest.mark.parametrize("rule_id,bad,good", EXPECTED + [("MLS301", "eu-west-1", "us-east-1")])
def test_live_and_iac_agree(demo_scan, examples, source, rule_id, bad, good):
    _, live, _ = demo_scan
    insecure, secure = TWINS[source]

    def live_status(name):
        return {f.status.value for f in live.findings if f.rule.id == rule_id
                and (f.resource.id.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == name or f.resource.region == name)}

    if rule_id == "MLS605":
        insecure = {"cloudformation": "fail/cloudformation.yaml", "terraform": "fail/terraform.tf"}[source]
    assert "fail" in live_status(bad) and "fail" in _verdict(examples, rule_id, insecure)
    assert live_status(good) == {"pass"}
    assert "fail" not in _verdict(examples, rule_id, secure) and "pass" in _verdict(examples, rule_id, secure)
