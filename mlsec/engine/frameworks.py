"""Compliance mappings, kept as data in rules/_frameworks/<framework>.yaml.

Each file: ``{name: "...", title: "...", controls: {MLS001: ["SageMaker.1"], ...}}``.
"""

from __future__ import annotations

from functools import lru_cache

import yaml


@lru_cache(maxsize=1)
def framework_files() -> dict[str, dict]:
    from mlsec.engine.registry import rules_root

    folder = rules_root() / "_frameworks"
    out = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        out[data.get("name", path.stem)] = data
    return out


@lru_cache(maxsize=1)
def framework_map() -> dict[str, dict[str, list[str]]]:
    """rule id -> {framework name: [control ids]}"""
    table: dict[str, dict[str, list[str]]] = {}
    for name, data in framework_files().items():
        for rule_id, controls in (data.get("controls") or {}).items():
            table.setdefault(rule_id, {})[name] = list(controls)
    return table
