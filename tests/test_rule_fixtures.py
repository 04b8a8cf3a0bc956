"""One harness for every rule: each fixture's Bad*/Good*/Unknown*/NotApplicable* resources
must get exactly that verdict from the rule, on every source the rule has fixtures for."""

from __future__ import annotations

import pytest

from mlsec.engine.registry import load_rules
from mlsec.model.kinds.scope import ScanUnit
from tests.rule_fixtures import expectation, fixture_files, fixture_name, relpath, run_fixture

UNIT = ScanUnit.kind
CASES = [(rule, path) for rule in load_rules() for path in fixture_files(rule)]


@pytest.mark.parametrize("rule,path", CASES, ids=[f"{r.id}-{relpath(p)}" for r, p in CASES])
def test_fixture(rule, path):
    findings, source = run_fixture(rule, path)
    assert not source.errors, [e.to_dict() for e in source.errors]
    by_resource: dict[str, list] = {}
    for f in findings:
        by_resource.setdefault(fixture_name(f), []).append(f)
    kind = path.parent.name  # pass | fail
    wanted = "fail" if kind == "fail" else "pass"
    # The scanned unit itself (the subject of checks for what a unit lacks) has no name
    # of its own: the folder it sits in states its expectation.
    expected = {rid: wanted if fs[0].resource.kind == UNIT else expectation(rid) for rid, fs in by_resource.items()}
    judged = {rid: exp for rid, exp in expected.items() if exp}
    assert any(exp == wanted for exp in judged.values()), (
        f"{relpath(path)} has no {'Bad' if wanted == 'fail' else 'Good'}* resource evaluated by {rule.id}; "
        f"evaluated: {sorted(by_resource)}")
    for rid, exp in judged.items():
        got = [f.status.value for f in by_resource[rid]]
        if exp == "fail":
            assert "fail" in got, f"{rid}: expected FAIL, got {got}: {[f.verdict.message for f in by_resource[rid]]}"
        else:
            assert set(got) == {exp}, f"{rid}: expected {exp}, got {got}: " \
                                      f"{[f.verdict.message for f in by_resource[rid]]}"
