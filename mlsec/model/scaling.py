"""What a scaling policy scales: its own namespace and dimension, or those of the scalable
target it names (CloudFormation ``ScalingTargetId``, or Terraform arguments copied from
the target such as ``aws_appautoscaling_target.t.service_namespace``)."""

from __future__ import annotations

from mlsec.model.graph import Graph
from mlsec.model.kinds.autoscaling import ScalableTarget, ScalingPolicy
from mlsec.model.props import Ref
from mlsec.model.values import State, Value


def policy_dimension(policy: ScalingPolicy, graph: Graph) -> tuple[Value, Value]:
    """(service namespace, scalable dimension) of the policy."""
    target = _target(policy, graph)
    return (_through(policy, policy.service_namespace, target, "service_namespace", graph),
            _through(policy, policy.scalable_dimension, target, "scalable_dimension", graph))


def _target(policy: ScalingPolicy, graph: Graph) -> ScalableTarget | None:
    if not policy.scaling_target_id.is_set:
        return None
    found = graph.follow(policy, policy.scaling_target_id, ScalableTarget)
    return found.resource if found.found else None  # type: ignore[return-value]


def _through(policy: ScalingPolicy, value: Value, target: ScalableTarget | None, attr: str, graph: Graph) -> Value:
    if value.state is State.EXPLICIT and isinstance(value.value, Ref):
        found = graph.follow(policy, value.value, ScalableTarget)
        if found.found:
            return getattr(found.resource, attr)
        return Value(None, State.UNKNOWN, value.base, value.path, line=value.line,
                     reason=found.reason or f"{value.value} is not a scalable target attribute", expr=str(value.value))
    if value.is_absent and target is not None:
        return getattr(target, attr)
    return value
