"""Which CloudWatch alarms watch a SageMaker endpoint (CATALOGUE MLS610, also MLS111).

An alarm watches an endpoint when one of its metrics (the alarm's own metric, or a
``MetricStat`` of a metric-math alarm) is in a SageMaker endpoint namespace and has an
``EndpointName`` (or ``Endpoint``) dimension naming the endpoint. The dimension may name it
by reference (``!GetAtt E.EndpointName``, ``aws_sagemaker_endpoint.e.name``) or by the
literal name. ``!Ref E`` and ``aws_sagemaker_endpoint.e.arn`` give the endpoint's ARN,
which never equals the dimension value CloudWatch publishes: such alarms watch nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from mlsec.model.base import Resource
from mlsec.model.graph import Graph
from mlsec.model.kinds.cloudwatch import Alarm
from mlsec.model.kinds.sagemaker import Endpoint
from mlsec.model.props import Branches, Ref, RefStr, Unknown
from mlsec.model.values import State

# AWS/SageMaker (invocation and instance metrics), /aws/sagemaker/Endpoints (instance
# metrics), and the Model Monitor namespaces aws/sagemaker/Endpoints/<kind>-metrics, in
# the spellings AWS pages print (leading slash or not, Endpoint or Endpoints, metric or metrics).
_NAMESPACE = re.compile(r"^/?aws/sagemaker(/endpoints?(/(data|model|bias|explainability)-metrics?)?)?$", re.I)
_DIMENSIONS = ("EndpointName", "Endpoint")
# Reference attributes that yield the endpoint's name; others (Ref, arn) yield its ARN.
_NAME_ATTRS = {"EndpointName", "name", "id"}


@dataclass(slots=True)
class Metric:
    namespace: Any
    dimensions: list[tuple[Any, Any]]


@dataclass(slots=True)
class Watch:
    """How the alarms of a unit relate to one endpoint."""

    watching: list[Alarm] = field(default_factory=list)
    by_arn: list[Alarm] = field(default_factory=list)  # dimension is the endpoint's ARN
    unresolved: list[tuple[Alarm, str]] = field(default_factory=list)


def is_endpoint_namespace(namespace: Any) -> bool:
    return isinstance(namespace, str) and not isinstance(namespace, RefStr) and bool(_NAMESPACE.match(namespace))


def alarm_metrics(alarm: Alarm) -> Iterator[Metric]:
    """The metrics an alarm evaluates: its own, and each MetricStat of its metric math."""
    if alarm.namespace.is_set or alarm.dimensions.is_set:
        yield Metric(alarm.namespace.value, _dimension_pairs(alarm.dimensions.value))
    if alarm.metrics.is_set:
        for query in alarm.metrics.value:
            if not isinstance(query, dict):
                continue
            metric = _first(query.get("metric")) or _first(_first(query.get("MetricStat") or {}).get("Metric"))
            if isinstance(metric, dict):
                yield Metric(metric.get("Namespace", metric.get("namespace")),
                             _dimension_pairs(metric.get("Dimensions", metric.get("dimensions"))))


def watches(alarm: Alarm, endpoint: Endpoint, graph: Graph) -> tuple[str, str]:
    """("yes" | "arn" | "unknown" | "no", detail) for one alarm and one endpoint."""
    outcome, detail = "no", "no metric of the alarm is an endpoint metric of this endpoint"
    unread = next((v for v in (alarm.namespace, alarm.dimensions, alarm.metrics) if v.is_unknown), None)
    if unread is not None:  # e.g. a parameter without a default, or alarms that could not be listed
        outcome, detail = "unknown", f"its {unread.path} cannot be resolved: {unread.reason}"
    for metric in alarm_metrics(alarm):
        if not is_endpoint_namespace(metric.namespace):
            if isinstance(metric.namespace, (Unknown, Branches, Ref, RefStr)):
                outcome, detail = _stronger((outcome, detail), ("unknown", "its metric namespace is unresolved"))
            continue
        for name, value in metric.dimensions:
            if name is not None and name not in _DIMENSIONS:
                continue
            name = name or "EndpointName"
            outcome, detail = _stronger((outcome, detail), names_endpoint(alarm, value, endpoint, graph, name))
    return outcome, detail


def endpoint_watch(endpoint: Endpoint, graph: Graph) -> Watch:
    result = Watch()
    for alarm in graph.of(Alarm, endpoint.unit):
        outcome, detail = watches(alarm, endpoint, graph)
        if outcome == "yes":
            result.watching.append(alarm)
        elif outcome == "arn":
            result.by_arn.append(alarm)
        elif outcome == "unknown":
            result.unresolved.append((alarm, detail))
    return result


_RANK = {"no": 0, "arn": 1, "unknown": 2, "yes": 3}


def _stronger(a: tuple[str, str], b: tuple[str, str]) -> tuple[str, str]:
    return b if _RANK[b[0]] > _RANK[a[0]] else a


def names_endpoint(alarm: Resource, value: Any, endpoint: Endpoint, graph: Graph, dimension: str) -> tuple[str, str]:
    """Whether ``value`` (written on ``alarm``, or any other resource) names ``endpoint``:
    ("yes" | "arn" | "unknown" | "no", detail)."""
    if isinstance(value, RefStr):
        if len(value.refs) == 1 and str(value) == _placeholder(value.refs[0]):
            value = value.refs[0]  # "${Endpoint.EndpointName}": the reference itself
        else:
            return _literal(str(value), endpoint, dimension)  # known text (plan JSON) or text around a reference
    if isinstance(value, Ref):
        found = graph.follow(alarm, value, Endpoint)
        if found.resource is not endpoint:
            if found.resource is None and found.status != "found":
                return "unknown", f"dimension {dimension} is {value}, which is not in the scanned files"
            return "no", ""
        if value.attr in _NAME_ATTRS:
            return "yes", f"dimension {dimension} is {value}"
        return "arn", (f"dimension {dimension} is {value}, which gives the endpoint's ARN, not its name: "
                       "CloudWatch publishes endpoint metrics under the name")
    if isinstance(value, (Unknown, Branches)):
        reason = value.reason if isinstance(value, Unknown) else "it depends on an undecided condition"
        return "unknown", f"dimension {dimension} cannot be resolved: {reason}"
    if isinstance(value, str):
        return _literal(value, endpoint, dimension)
    return "no", ""


def _placeholder(ref: Ref) -> str:
    return "${%s.%s}" % (ref.target, ref.attr) if ref.attr else "${%s}" % ref.target


def _literal(text: str, endpoint: Endpoint, dimension: str) -> tuple[str, str]:
    name = endpoint.name
    if name.state is State.EXPLICIT and isinstance(name.value, str) and not isinstance(name.value, RefStr):
        if text == name.value:
            return "yes", f"dimension {dimension} is {text}"
        if text.startswith("arn:") and text.lower().endswith(f":endpoint/{name.value.lower()}"):
            return "arn", f"dimension {dimension} is the endpoint's ARN {text}, not its name"
        return "no", ""
    if name.is_unknown or name.state is State.BRANCHED:
        return "unknown", f"dimension {dimension} is {text}, and the endpoint's name cannot be resolved"
    return "no", ""


def _dimension_pairs(dimensions: Any) -> list[tuple[Any, Any]]:
    """CloudFormation lists ``{Name, Value}`` objects; Terraform writes a map."""
    if isinstance(dimensions, list):
        return [(d.get("Name"), d.get("Value")) for d in dimensions if isinstance(d, dict)]
    if isinstance(dimensions, dict):
        return list(dimensions.items())
    if isinstance(dimensions, Ref):
        # A plan shows a map holding a value known only after apply as one reference, without
        # its keys: in an endpoint namespace that reference is taken as the endpoint dimension.
        return [(None, dimensions)]
    return []


def _first(value: Any) -> Any:
    """A Terraform block (a list of one) or a CloudFormation object."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def rollback_alarms(endpoint: Endpoint, graph: Graph) -> list[tuple[Any, Alarm | None, str]]:
    """The endpoint's auto-rollback alarms: (name as written, the alarm or None, why not found)."""
    value = endpoint.rollback_alarms
    if not value.is_set:
        return []
    out = []
    for entry in value.value:
        name = entry.get("AlarmName", entry.get("alarm_name")) if isinstance(entry, dict) else entry
        found = graph.follow(endpoint, name, Alarm)
        out.append((name, found.resource if found.found else None, found.reason or ""))
    return out
