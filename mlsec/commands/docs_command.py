"""``mlsec rules``, ``mlsec explain`` and ``mlsec schema``: documentation from the rules."""

from __future__ import annotations

import json
from pathlib import Path

from mlsec.engine.rule import Rule


def fixture_sources(rule: Rule) -> list[str]:
    """The sources a rule has pass and fail fixtures for, in a fixed order."""
    names = {"cloudformation": ("cloudformation.yaml", "cloudformation.json"), "terraform": ("terraform.tf",),
             "terraform-plan": ("plan.json",), "aws": ("aws.json",)}
    folder = Path(rule.folder) / "fixtures"
    return [src for src, files in names.items()
            if any((folder / "fail" / f).exists() or (folder / "pass" / f).exists() for f in files)]


def list_rules(fmt: str) -> str:
    from mlsec.engine.registry import load_rules

    rules = load_rules()
    if fmt == "json":
        return json.dumps([{"id": r.id, "name": r.name, "control": r.control, "severity": r.severity.value,
                            "resource": r.resource_kinds, "sources": fixture_sources(r),
                            "frameworks": r.frameworks, "title": r.title} for r in rules], indent=2) + "\n"
    if fmt == "markdown":
        return rules_markdown(rules)
    width = max(len(r.name) for r in rules) if rules else 10
    lines = [f"{'ID':<7} {'SEVERITY':<9} {'NAME':<{width}}  RESOURCE"]
    for r in rules:
        lines.append(f"{r.id:<7} {r.severity.value:<9} {r.name:<{width}}  {r.resource_kinds}")
    lines.append(f"\n{len(rules)} rules")
    return "\n".join(lines) + "\n"


def rules_markdown(rules) -> str:
    lines = ["# mlsec rules", "",
             "Generated from the rules themselves by `mlsec rules --format markdown`; do not edit by hand.", "",
             "| ID | name | severity | control | resource | sources | frameworks |",
             "|---|---|---|---|---|---|---|"]
    for r in rules:
        frameworks = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(r.frameworks.items())) or "—"
        folder = Path(r.folder)
        link = f"{folder.parent.name}/{folder.name}/rule.py"
        kinds = r.resource_kinds.replace(" | ", ", ")  # a bare | would split the table cell
        lines.append(f"| [{r.id}]({link}) | {r.name} | {r.severity.value} | {r.control} | {kinds} | "
                     f"{', '.join(fixture_sources(r))} | {frameworks} |")
    return "\n".join(lines) + "\n"


def find_rule(key: str) -> Rule | None:
    from mlsec.engine.registry import load_rules

    key_lower = key.lower()
    for r in load_rules():
        if key_lower in (r.id.lower(), r.name, r.control):
            return r
    return None


def explain_rule(key: str) -> str | None:
    r = find_rule(key)
    if r is None:
        return None
    out = [f"{r.id} {r.name}", f"severity: {r.severity.value}   control: {r.control}   resource: {r.resource_kinds}",
           f"sources: {', '.join(fixture_sources(r))}"]
    if r.frameworks:
        out.append("frameworks: " + "; ".join(f"{k} {', '.join(v)}" for k, v in sorted(r.frameworks.items())))
    for section in ("What it does", "Why it matters"):
        out += ["", section.upper(), r.docs.get(section, "")]
    out += ["", "REMEDIATION", r.remediation.get("summary", "")]
    for key_name, title in (("cloudformation", "CloudFormation"), ("terraform", "Terraform"), ("cli", "AWS CLI")):
        if r.remediation.get(key_name):
            out += ["", f"  {title}:", *("    " + line for line in r.remediation[key_name].splitlines())]
    out += ["", "REFERENCES", r.docs.get("References", "")]
    return "\n".join(out) + "\n"


def report_schema_path() -> Path:
    from mlsec.engine.registry import package_folder

    return package_folder("reports") / "report.schema.json"


def report_schema_text() -> str:
    return report_schema_path().read_text(encoding="utf-8")
