"""Rules whose verdicts depend on a scan setting: the fixtures run with one setting, these
run the same fixtures with the other."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlsec.engine.registry import load_rules
from mlsec.engine.settings import Settings
from tests.rule_fixtures import run_fixture

RULES = {r.id: r for r in load_rules()}


def verdicts(rule_id: str, kind: str, name: str, settings: Settings) -> dict[str, str]:
    rule = RULES[rule_id]
    findings, source = run_fixture(rule, Path(rule.folder) / "fixtures" / kind / name, settings)
    assert not source.errors
    return {f.resource.id.rsplit("/", 1)[-1]: f.status.value for f in findings}


@pytest.mark.parametrize("rule_id,kind", [("MLS601", "fail"), ("MLS601", "pass"), ("MLS606", "fail"),
                                          ("MLS607", "fail")])
def test_trail_checks_do_not_apply_to_templates_unless_a_trail_is_expected(rule_id, kind):
    got = verdicts(rule_id, kind, "cloudformation.yaml", Settings(expect_cloudtrail=False))
    assert got and set(got.values()) == {"not_applicable"}, got


def test_strict_bucket_level_ignores_the_account_block():
    lenient = verdicts("MLS503", "pass", "terraform.tf", Settings())
    strict = verdicts("MLS503", "pass", "terraform.tf", Settings(strict_bucket_level=True))
    assert lenient["aws_s3_bucket.good_account_level"] == "pass"
    assert strict["aws_s3_bucket.good_account_level"] == "fail"
    assert strict["aws_s3_bucket.good_default"] == "pass"  # no block of its own: S3 turns all four on


def test_required_retention_makes_never_expiring_groups_fail():
    got = verdicts("MLS531", "pass", "terraform.tf", Settings(require_explicit_retention=True))
    assert got["aws_cloudwatch_log_group.good_unset"] == "fail"
    assert got["aws_cloudwatch_log_group.good_zero_never_expires"] == "fail"
    assert got["aws_cloudwatch_log_group.good_two_years"] == "pass"
    shorter = verdicts("MLS531", "fail", "terraform.tf", Settings(min_log_retention_days=30))
    assert shorter["aws_cloudwatch_log_group.bad_month"] == "pass"
