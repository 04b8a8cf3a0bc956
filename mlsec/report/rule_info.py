"""What reports say about the rules of a document: name, control, severity, title,
documentation, remediation and framework mappings.

A document carries each rule's metadata and remediation inside its findings; the
documentation (What it does / Why it matters / References) comes from the installed rules.
A rule the installed mlsec no longer has keeps what the findings tell.
"""

from __future__ import annotations

from typing import Any

_DOC_KEYS = ("What it does", "Why it matters", "References")


def rule_catalog(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """rule id -> {id, name, control, severity, title, docs, remediation, frameworks}, for
    every rule the scan ran and every rule that has a finding, in id order."""
    ids = set(doc["scan"].get("rules") or ())
    from_findings: dict[str, dict[str, Any]] = {}
    for f in doc["findings"]:
        if f["rule_id"] not in from_findings:
            from_findings[f["rule_id"]] = f
    ids.update(from_findings)
    installed = _installed_rules()
    out = {}
    for rule_id in sorted(ids):
        rule, finding = installed.get(rule_id), from_findings.get(rule_id)
        if finding is not None:
            info = {"id": rule_id, "name": finding["rule_name"], "control": finding["control"],
                    "severity": finding["severity"], "remediation": finding["remediation"],
                    "frameworks": finding["frameworks"]}
        elif rule is not None:
            info = {"id": rule_id, "name": rule.name, "control": rule.control, "severity": rule.severity.value,
                    "remediation": {k: rule.remediation.get(k, "") for k in
                                    ("summary", "cloudformation", "terraform", "cli")},
                    "frameworks": rule.frameworks}
        else:
            info = {"id": rule_id, "name": rule_id.lower(), "control": "", "severity": "medium",
                    "remediation": {"summary": "", "cloudformation": "", "terraform": "", "cli": ""},
                    "frameworks": {}}
        docs = {k: rule.docs.get(k, "") for k in _DOC_KEYS} if rule is not None else {}
        info["docs"] = docs
        info["title"] = rule.title if rule is not None else info["remediation"]["summary"] or info["name"]
        out[rule_id] = info
    return out


def _installed_rules() -> dict[str, Any]:
    try:
        from mlsec.engine.registry import load_rules

        return {r.id: r for r in load_rules()}
    except Exception:  # noqa: BLE001 -- a report still renders without the rules folder
        return {}
