"""What reports say about the rules of a document: name, control, severity, title,
documentation, remediation and framework mappings.

A document carries each rule's metadata and remediation inside its findings; the
documentation (What it does / Why it matters / References) comes from the installed
rules' source. It is read with ``ast``, not imported: importing every rule pulls in the
whole resource model, which would double the time to render a saved report. A rule the
installed mlsec no longer has keeps what the findings tell.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from typing import Any

_DOC_KEYS = ("What it does", "Why it matters", "References")
_FORMS = ("summary", "cloudformation", "terraform", "cli")


def rule_catalog(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """rule id -> {id, name, control, severity, title, docs, remediation, frameworks}, for
    every rule the scan ran and every rule that has a finding, in id order."""
    ids = set(doc["scan"].get("rules") or ())
    from_findings: dict[str, dict[str, Any]] = {}
    for f in doc["findings"]:
        if f["rule_id"] not in from_findings:
            from_findings[f["rule_id"]] = f
    ids.update(from_findings)
    installed = installed_rule_docs()
    out = {}
    for rule_id in sorted(ids):
        source, finding = installed.get(rule_id, {}), from_findings.get(rule_id)
        if finding is not None:
            info = {"id": rule_id, "name": finding["rule_name"], "control": finding["control"],
                    "severity": finding["severity"], "remediation": finding["remediation"],
                    "frameworks": finding["frameworks"]}
        else:
            info = {"id": rule_id, "name": source.get("name", rule_id.lower()), "control": source.get("control", ""),
                    "severity": source.get("severity", "medium"),
                    "remediation": source.get("remediation") or dict.fromkeys(_FORMS, ""),
                    "frameworks": _frameworks().get(rule_id, {})}
        docs = source.get("docs", {})
        info["docs"] = {k: docs.get(k, "") for k in _DOC_KEYS}
        info["title"] = source.get("title") or info["remediation"]["summary"] or info["name"]
        out[rule_id] = info
    return out


@lru_cache(maxsize=1)
def installed_rule_docs() -> dict[str, dict[str, Any]]:
    """rule id -> {name, control, severity, docs, title, remediation} from each rule.py."""
    from mlsec.engine.registry import rules_root
    from mlsec.engine.rule import first_sentence, parse_remediation, parse_sections

    try:
        paths = sorted(rules_root().glob("*/MLS*/rule.py"))
    except FileNotFoundError:  # a report still renders without the rules folder
        return {}
    out = {}
    for path in paths:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        meta = _rule_arguments(tree)
        if "id" not in meta:
            continue
        docs = parse_sections(ast.get_docstring(tree) or "")
        meta.update(docs=docs, title=first_sentence(docs.get("What it does", meta.get("name", ""))),
                    remediation={k: parse_remediation(docs.get("Remediation", "")).get(k, "") for k in _FORMS})
        out[meta["id"]] = meta
    return out


def _rule_arguments(tree: ast.Module) -> dict[str, str]:
    """The literal keyword arguments of the ``@rule(...)`` decorator in a rule module."""
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "rule":
                return {k.arg: k.value.value for k in decorator.keywords
                        if k.arg in ("id", "name", "control", "severity") and isinstance(k.value, ast.Constant)}
    return {}


def _frameworks() -> dict[str, dict[str, list[str]]]:
    try:
        from mlsec.engine.frameworks import framework_map

        return framework_map()
    except Exception:  # noqa: BLE001 -- mappings are a nicety for rules without findings
        return {}
