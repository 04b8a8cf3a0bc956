"""Every rule documents itself, proves every source it declares, and the generated
rules/README.md matches the rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mlsec.commands.docs_command import rules_markdown
from mlsec.engine.frameworks import framework_files
from mlsec.engine.registry import load_rules, rules_root
from mlsec.engine.rule import SECTIONS

RULES = load_rules()
FILES = {"cloudformation": ("cloudformation.yaml", "cloudformation.json"), "terraform": ("terraform.tf",),
         "terraform-plan": ("plan.json",), "aws": ("aws.json",)}


def test_enough_rules_and_unique_ids_and_names():
    assert len(RULES) >= 12
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_shape(rule):
    folder = Path(rule.folder)
    assert re.fullmatch(r"MLS\d{3}", rule.id)
    assert folder.name == f"{rule.id}_{rule.name.replace('-', '_')}", "folder name must be <id>_<name>"
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name) and not rule.name.startswith("ensure")
    for section in SECTIONS:
        assert rule.docs.get(section), f"{rule.id}: docstring section '{section}' is missing or empty"
    for form in ("summary", "cloudformation", "terraform", "cli"):
        assert rule.remediation.get(form), f"{rule.id}: remediation lacks its {form} form"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_declared_source_has_pass_and_fail_fixtures(rule):
    base = Path(rule.folder) / "fixtures"
    for source in rule.sources:
        for kind in ("pass", "fail"):
            assert any((base / kind / name).exists() for name in FILES[source]), \
                f"{rule.id}: no {kind} fixture for {source} (expected one of {FILES[source]})"


def test_framework_maps_name_only_existing_rules():
    ids = {r.id for r in RULES}
    for name, data in framework_files().items():
        unknown = set(data.get("controls") or {}) - ids
        assert not unknown, f"{name} maps rules that do not exist: {sorted(unknown)}"


def test_rules_readme_is_current():
    readme = rules_root() / "README.md"
    assert readme.exists(), "generate it: mlsec rules --format markdown > rules/README.md"
    assert readme.read_text() == rules_markdown(RULES), \
        "rules/README.md is stale: run `mlsec rules --format markdown > rules/README.md`"
