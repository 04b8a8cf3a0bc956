"""Graph questions that several rules ask: which VPC a subnet is in, which variants use
a model, which subnets a SageMaker resource is placed in."""

from __future__ import annotations

from dataclasses import dataclass

from mlsec.model.base import Resource
from mlsec.model.graph import Graph, Resolution
from mlsec.model.kinds.network import Subnet, Vpc
from mlsec.model.kinds.sagemaker import Domain, EndpointConfig, Model, NotebookInstance, ProductionVariant
from mlsec.model.values import Value


@dataclass(slots=True)
class Placement:
    """A SageMaker resource and the VPC it runs in (or why that is unknown)."""

    resource: Resource
    vpc: Vpc | None
    subnets: list[Subnet]
    unresolved: str | None = None
    outside: bool = False  # the subnet or VPC is named but not among the scanned resources


def vpc_of_subnet(graph: Graph, subnet: Subnet) -> Resolution:
    return graph.follow(subnet, subnet.vpc_id, Vpc)


def _subnet_values(res: Resource) -> Value | list | None:
    if isinstance(res, NotebookInstance):
        return [res.subnet_id] if res.subnet_id.is_set or res.subnet_id.is_unknown else []
    if isinstance(res, Model):
        if not res.vpc_config.is_set:
            return None if res.vpc_config.is_unknown else []
        cfg = res.vpc_config.value[0]
        return cfg.subnets
    return []


def placements(graph: Graph, unit: str) -> list[Placement]:
    """Every notebook, model and Studio domain of the unit that runs inside a VPC."""
    out: list[Placement] = []
    for res in [*graph.of(NotebookInstance, unit), *graph.of(Model, unit)]:
        values = _subnet_values(res)
        if values is None:
            out.append(Placement(res, None, [], unresolved="its VPC configuration is unresolved"))
            continue
        if isinstance(values, Value):
            if values.is_unknown:
                out.append(Placement(res, None, [], unresolved=values.reason))
                continue
            values = list(values.value or []) if values.is_set else []
        if not values:
            continue
        out.append(_place(graph, res, values))
    for domain in graph.of(Domain, unit):
        if domain.vpc_id.is_absent:
            continue
        found = graph.follow(domain, domain.vpc_id, Vpc)
        out.append(Placement(domain, found.resource if found.found else None, [],
                             unresolved=None if found.found else found.reason, outside=found.status == "outside"))
    return out


def _place(graph: Graph, res: Resource, values: list) -> Placement:
    subnets: list[Subnet] = []
    vpc = None
    for v in values:
        found = graph.follow(res, v, Subnet)
        if not found.found:
            return Placement(res, None, subnets, unresolved=found.reason, outside=found.status == "outside")
        subnet = found.resource  # type: ignore[assignment]
        subnets.append(subnet)
        owner = vpc_of_subnet(graph, subnet)
        if not owner.found:
            return Placement(res, None, subnets, unresolved=owner.reason, outside=owner.status == "outside")
        vpc = owner.resource
    return Placement(res, vpc, subnets)  # type: ignore[arg-type]


def variants_using(graph: Graph, model: Model) -> list[tuple[EndpointConfig, ProductionVariant]]:
    """Production variants (with their configs) whose ModelName leads to ``model``."""
    out = []
    for config in graph.of(EndpointConfig, model.unit):
        for variant in config.variants():
            if graph.follow(config, variant.model_name, Model).resource is model:
                out.append((config, variant))
    return out


def serverless_only(graph: Graph, model: Model) -> bool:
    """True when some variant uses the model and every such variant is serverless."""
    users = variants_using(graph, model)
    return bool(users) and all(variant.is_serverless for _, variant in users)
