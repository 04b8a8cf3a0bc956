"""A document whose JSON text is unknown because of one leaf still yields its jobs."""

from pathlib import Path

from mlsec.engine.registry import load_rules
from mlsec.model.props import Props, Unknown
from tests.rule_fixtures import run_fixture

RULES = {r.id: r for r in load_rules()}


def test_jsonencode_with_an_unknown_leaf_keeps_the_structure():
    from mlsec.sources.terraform.values import encode_json

    doc = Props({"a": 1, "b": Unknown("var.x has no value")})
    out = encode_json(doc)
    assert isinstance(out, Unknown) and "var.x" in out.reason
    assert out.partial is doc


def test_state_machine_with_an_unresolved_role_is_still_judged():
    rule = RULES["MLS203"]
    findings, _ = run_fixture(rule, Path(rule.folder) / "fixtures" / "fail" / "terraform.tf")
    verdicts = {f.resource.id: f.status.value for f in findings}
    assert verdicts["aws_sfn_state_machine.bad_machine_with_unresolved_role/States/Train"] == "fail"
