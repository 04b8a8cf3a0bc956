"""Which Model Monitor schedules watch an endpoint (CATALOGUE MLS611): a schedule targets
an endpoint through its own ``EndpointName``, the ``EndpointInput`` of its embedded job
definition, or the ``<Type>JobInput.EndpointInput`` of the job definition it names. A
schedule a live scan finds ``Stopped`` runs no more jobs: it targets the endpoint but does
not watch it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mlsec.model.alarms import names_endpoint
from mlsec.model.graph import Graph
from mlsec.model.job_checks import effective
from mlsec.model.kinds.jobs import MonitoringSchedule
from mlsec.model.kinds.sagemaker import Endpoint
from mlsec.model.verdict import Verdict


@dataclass(slots=True)
class Monitors:
    watching: list[MonitoringSchedule] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    stopped: list[MonitoringSchedule] = field(default_factory=list)


def schedule_targets(schedule: MonitoringSchedule, graph: Graph) -> tuple[list[Any], str | None]:
    """The endpoint names a schedule targets, or why they cannot be told."""
    targets: list[Any] = []
    if schedule.endpoint_name.is_set or schedule.endpoint_name.is_unknown:
        targets.append(schedule.endpoint_name.value if schedule.endpoint_name.is_set else None)
    inputs = schedule.monitoring_inputs
    if inputs.is_set:
        for item in inputs.value:
            endpoint_input = item.get("EndpointInput") if isinstance(item, dict) else None
            if isinstance(endpoint_input, dict):
                targets.append(endpoint_input.get("EndpointName"))
    if schedule.definition_name() is not None:
        found = effective(schedule, graph)
        if isinstance(found, Verdict):
            return targets, found.message
        definition = found[0]
        value = definition.endpoint_name
        if value.is_unknown:
            return targets, f"the endpoint of {definition.id} cannot be resolved: {value.reason}"
        if value.is_set:
            targets.append(value.value)
    if None in targets:
        return [t for t in targets if t is not None], f"{schedule.endpoint_name.path} cannot be resolved"
    return targets, None


def endpoint_monitors(endpoint: Endpoint, graph: Graph) -> Monitors:
    result = Monitors()
    for schedule in graph.of(MonitoringSchedule, endpoint.unit):
        targets, problem = schedule_targets(schedule, graph)
        outcomes = [names_endpoint(schedule, t, endpoint, graph, "EndpointName") for t in targets]
        if any(o == "yes" for o, _ in outcomes):
            stopped = schedule.status.is_set and schedule.status.value == "Stopped"
            (result.stopped if stopped else result.watching).append(schedule)
            continue
        reasons = [detail for o, detail in outcomes if o == "unknown"]
        if problem:
            reasons.append(problem)
        if reasons:
            result.unresolved.append(f"{schedule.id}: {'; '.join(reasons)}")
    return result
