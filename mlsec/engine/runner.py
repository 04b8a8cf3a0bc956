"""Run rules over the resource graph and turn their verdicts into findings."""

from __future__ import annotations

from typing import Iterable

from mlsec.engine.findings import Finding, ResourceIdentity
from mlsec.engine.rule import Rule
from mlsec.engine.settings import Settings
from mlsec.model.base import Resource
from mlsec.model.graph import Graph
from mlsec.model.verdict import Status, Verdict
from mlsec.sources.base import ScanError


def run_rules(rules: Iterable[Rule], graph: Graph, settings: Settings,
              errors: list[ScanError] | None = None) -> list[Finding]:
    findings: list[Finding] = []
    identities: dict[int, ResourceIdentity] = {}
    for rule in rules:
        for resource in _selected(rule, graph):
            identity = identities.get(id(resource))
            if identity is None:
                identity = identities[id(resource)] = ResourceIdentity.of(resource)
            for verdict in _evaluate(rule, resource, graph, settings, errors):
                findings.append(Finding(rule, identity, _respect_condition(resource, verdict)))
    return findings


def _selected(rule: Rule, graph: Graph) -> list[Resource]:
    kinds = rule.kinds or (rule.resource,)
    if len(kinds) == 1:
        return graph.of(kinds[0])
    seen: set[int] = set()
    out = []
    for kind in kinds:
        for resource in graph.of(kind):
            if id(resource) not in seen:
                seen.add(id(resource))
                out.append(resource)
    return out


def _evaluate(rule: Rule, resource: Resource, graph: Graph, settings: Settings,
              errors: list[ScanError] | None) -> list[Verdict]:
    kwargs = {}
    if rule.wants_graph:
        kwargs["graph"] = graph
    if rule.wants_settings:
        kwargs["settings"] = settings
    try:
        result = rule.check(resource, **kwargs)
    except Exception as exc:  # a rule bug must not hide the other findings
        if errors is not None:
            errors.append(ScanError(resource.file, f"rule {rule.id} failed on {resource.id}: "
                                                   f"{type(exc).__name__}: {exc}", kind="rule", line=resource.line))
        return [Verdict(Status.UNKNOWN, f"rule {rule.id} could not evaluate this resource "
                                        f"({type(exc).__name__})", reason="rule-error")]
    if result is None:
        return [Verdict(Status.PASS, "no issue found")]
    if isinstance(result, Verdict):
        return [result]
    return list(result)


def _respect_condition(resource: Resource, verdict: Verdict) -> Verdict:
    """A resource that may not exist cannot be said to fail: its FAIL becomes UNKNOWN."""
    if resource.condition is None or verdict.status is not Status.FAIL:
        return verdict
    return Verdict(
        Status.UNKNOWN,
        f"{verdict.message} -- if the resource is created: {resource.condition.reason}",
        reason="conditional-resource",
        evidence={**verdict.evidence, "condition": resource.condition.reason},
        line=verdict.line,
        subject=verdict.subject,
        severity=verdict.severity,
    )
