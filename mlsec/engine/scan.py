"""One scan: discover inputs, read them through their sources, build the graph, run rules."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable

from mlsec.engine.findings import Finding
from mlsec.engine.rule import Rule
from mlsec.engine.runner import run_rules
from mlsec.engine.settings import Settings
from mlsec.model.base import Resource
from mlsec.model.builder import build_resource
from mlsec.model.catalog import model_for
from mlsec.model.graph import Graph
from mlsec.sources.base import RawResource, ScanError, SourceOptions, SourceResult
from mlsec.sources.discovery import discover


@dataclass(slots=True)
class ScanResult:
    targets: list[str]
    started_at: str
    finished_at: str = ""
    duration_s: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    resources: int = 0
    rules: list[Rule] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def nothing_scanned(self) -> bool:
        return not self.files and self.resources == 0


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def read_sources(paths: list[str], options: SourceOptions, excludes: tuple[str, ...] = ()) -> SourceResult:
    """Read every input the paths lead to; per-file problems end up in ``errors``."""
    inputs = discover(paths, excludes)
    out = SourceResult(errors=list(inputs.errors))
    for path in inputs.documents:
        result = read_document(path, options)
        if result is not None:
            out.extend(result)
    if inputs.terraform_dirs:
        from mlsec.sources.terraform import load_module

        for directory in _root_modules(inputs.terraform_dirs):
            out.extend(load_module(directory, options))
    return out


def read_document(path: str, options: SourceOptions) -> SourceResult | None:
    """A YAML/JSON file: a Terraform plan, a CloudFormation template, or neither (None)."""
    try:
        size = os.path.getsize(path)
        if size > options.max_file_bytes:
            return SourceResult(errors=[ScanError(path, f"file is {size} bytes, over the {options.max_file_bytes}"
                                                        f"-byte limit; skipped", kind="limit")])
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return SourceResult(errors=[ScanError(path, f"cannot read file: {exc.strerror or exc}", kind="read")])
    if b'"format_version"' in data[:4096] or (b'"planned_values"' in data and b'"format_version"' in data):
        plan = _read_plan(path, data, options)
        if plan is not None:
            return plan
    from mlsec.sources.cloudformation import load_template

    return load_template(path, options, data)


def _read_plan(path: str, data: bytes, options: SourceOptions) -> SourceResult | None:
    from mlsec.sources.terraform.plan import is_plan, load_plan

    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not is_plan(doc):
        return None
    return load_plan(path, doc, options)


def _root_modules(dirs: list[str]) -> list[str]:
    """Folders with .tf files that are not called as a local module by another scanned folder."""
    called: set[str] = set()
    real = {d: os.path.realpath(d) for d in dirs}
    for d in dirs:
        called.update(_local_module_calls(d))
    return [d for d in dirs if real[d] not in called]


def _local_module_calls(directory: str) -> set[str]:
    import re

    out = set()
    pattern = re.compile(r'source\s*=\s*"(\.{1,2}/[^"]*)"')
    try:
        names = os.listdir(directory)
    except OSError:
        return out
    for name in names:
        if name.endswith(".tf"):
            try:
                with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            except OSError:
                continue
            for match in pattern.finditer(text):
                out.add(os.path.realpath(os.path.join(directory, match.group(1))))
    return out


def build_models(raws: Iterable[RawResource]) -> list[Resource]:
    models = []
    for raw in raws:
        cls = model_for(raw.type)
        if cls is not None:
            models.append(build_resource(cls, raw))
    return models


def scan(paths: list[str], rules: list[Rule], options: SourceOptions | None = None,
         settings: Settings | None = None, excludes: tuple[str, ...] = ()) -> ScanResult:
    options = options or SourceOptions()
    settings = settings or Settings()
    started = time.perf_counter()
    result = ScanResult(targets=list(paths), started_at=now_iso(), rules=list(rules))
    source = read_sources(paths, options, excludes)
    evaluate(result, source, rules, settings)
    result.finished_at = now_iso()
    result.duration_s = round(time.perf_counter() - started, 3)
    return result


def evaluate(result: ScanResult, source: SourceResult, rules: list[Rule], settings: Settings) -> None:
    """Map raw resources to the model, run the rules, and record everything in ``result``."""
    models = build_models(source.resources)
    graph = Graph(models)
    result.errors.extend(source.errors)
    result.files.extend(source.files)
    result.resources += len(models)
    result.findings.extend(run_rules(rules, graph, settings, result.errors))
