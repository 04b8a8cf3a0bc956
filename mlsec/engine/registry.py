"""Find rules by walking the rules folder: a new rule is a new folder, nothing else."""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

from mlsec.engine.rule import Rule, is_rule, rule_from_function


def rules_root() -> Path:
    """rules/ beside the package in a checkout, or mlsec/rules inside an installed wheel."""
    return package_folder("rules")


def package_folder(name: str) -> Path:
    """A data folder shipped with mlsec: inside the installed package (the wheel maps
    rules/ and reports/ to mlsec/rules and mlsec/reports), or at the top of a checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / name
    if installed.is_dir():
        return installed
    checkout = package.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    raise FileNotFoundError(f"mlsec cannot find its {name} folder (looked in {installed} and {checkout / name})")


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    from mlsec.engine.frameworks import framework_map

    root = rules_root()
    found: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(root.glob("*/MLS*/rule.py")):
        folder = path.parent
        module = _import(path, f"mlsec_rules.{folder.parent.name}.{folder.name}")
        for obj in vars(module).values():
            if is_rule(obj):
                r = rule_from_function(obj, module.__doc__ or "", str(folder), folder.parent.name)
                if r.id in seen:
                    raise ValueError(f"rule id {r.id} is declared twice: {seen[r.id]} and {folder}")
                seen[r.id] = str(folder)
                found.append(r)
    mapping = framework_map()
    for r in found:
        r.frameworks = mapping.get(r.id, {})
    return tuple(sorted(found, key=lambda r: r.id))


def _import(path: Path, name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def select(rules: tuple[Rule, ...], selectors: list[str] | None = None, skip: list[str] | None = None,
           frameworks: list[str] | None = None) -> list[Rule]:
    """Rules chosen by id, name or control (``--select``/``--skip``) and framework."""

    def matches(r: Rule, keys: list[str]) -> bool:
        return any(k in (r.id, r.name, r.control) for k in keys)

    chosen = [r for r in rules if not selectors or matches(r, selectors)]
    if skip:
        chosen = [r for r in chosen if not matches(r, skip)]
    if frameworks:
        chosen = [r for r in chosen if any(f in r.frameworks for f in frameworks)]
    return chosen
