"""Which VPC endpoints a VPC has, and whether they keep SageMaker traffic private."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from mlsec.model.base import Resource
from mlsec.model.graph import Graph
from mlsec.model.kinds.network import Subnet, SubnetRouteTableAssociation, Vpc, VpcEndpoint, VpcEndpointPolicy
from mlsec.model.kinds.sagemaker import Domain, Model, NotebookInstance
from mlsec.model.props import Ref, RefStr
from mlsec.model.values import Value

REQUIRED = ("s3", "sagemaker.api", "sagemaker.runtime")
ISOLATED_VPC_SERVICES = ("ecr.api", "ecr.dkr", "sts", "logs", "monitoring")


def service_of(name: str) -> str | None:
    """``com.amazonaws.us-east-1.sagemaker.api`` -> ``sagemaker.api``; the notebook and
    Studio endpoints are ``aws.sagemaker.<region>.notebook`` / ``.studio``."""
    text = str(name)
    for prefix in ("cn.com.amazonaws.", "com.amazonaws."):
        if text.startswith(prefix):
            rest = text[len(prefix):]
            parts = rest.split(".", 1)
            return parts[1] if len(parts) == 2 else None
    if text.startswith("aws.sagemaker."):
        return "sagemaker." + text.rsplit(".", 1)[-1]
    return None


@dataclass(slots=True)
class Coverage:
    missing: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)


def endpoint_coverage(graph: Graph, vpc: Vpc, hosting_subnets: list[Subnet]) -> Coverage:
    cov = Coverage()
    found: dict[str, list[VpcEndpoint]] = {}
    for ep in graph.of(VpcEndpoint, vpc.unit):
        owner = graph.follow(ep, ep.vpc_id, Vpc)
        if owner.status == "unknown":
            cov.undecided.append(f"endpoint {ep.id} has an unresolved VPC ({owner.reason})")
            continue
        if owner.resource is not vpc:
            continue
        if not ep.service_name.is_set:
            cov.undecided.append(f"endpoint {ep.id} has an unresolved service name ({ep.service_name.reason})")
            continue
        service = service_of(ep.service_name.value)
        cov.evidence.append({"endpoint": ep.id, "service": ep.service_name.value,
                             "type": ep.endpoint_type.value, "private_dns": ep.private_dns_enabled.value})
        if service:
            found.setdefault(service, []).append(ep)
    unresolved = bool(cov.undecided)  # an endpoint whose VPC or service is unknown may be a missing one
    for service in REQUIRED:
        candidates = found.get(service, [])
        if not candidates:
            if unresolved:
                cov.undecided.append(f"no endpoint is known to serve {service}")
            else:
                cov.missing.append(f"no {service} endpoint")
            continue
        problems = [_usable(graph, ep, service, hosting_subnets) for ep in candidates]
        if any(p is None for p in problems):
            continue
        unknowns = [p[1] for p in problems if p and p[0] == "unknown"]
        if unknowns:
            cov.undecided.append(unknowns[0])
        else:
            cov.missing.append(problems[0][1])  # type: ignore[index]
    return cov


def _usable(graph: Graph, ep: VpcEndpoint, service: str, subnets: list[Subnet]) -> tuple[str, str] | None:
    """None when the endpoint serves the VPC's SageMaker traffic, else (kind, why not)."""
    etype = ep.endpoint_type
    if etype.is_unknown:
        return "unknown", f"the type of {ep.id} is unresolved ({etype.reason})"
    if etype.value == "Interface":
        dns = ep.private_dns_enabled
        if dns.is_unknown:
            return "unknown", f"private DNS of {ep.id} is unresolved ({dns.reason})"
        if dns.value is not True:
            return "fail", f"{service} endpoint {ep.id} has private DNS off ({dns.describe()})"
        return None
    if etype.value == "Gateway" and service == "s3":
        return _routes_cover(graph, ep, subnets)
    return "fail", f"{service} endpoint {ep.id} is of type {etype.value}"


def _routes_cover(graph: Graph, ep: VpcEndpoint, subnets: list[Subnet]) -> tuple[str, str] | None:
    tables = ep.route_table_ids
    if tables.is_unknown:
        return "unknown", f"the route tables of {ep.id} are unresolved ({tables.reason})"
    if not tables.is_set or not tables.value:
        return "fail", f"S3 gateway endpoint {ep.id} is attached to no route table"
    attached = {_key(graph, ep, t) for t in tables.value}
    for subnet in subnets:
        assoc = [a for a in graph.of(SubnetRouteTableAssociation, ep.unit)
                 if graph.follow(a, a.subnet_id, Subnet).resource is subnet]
        if not assoc:
            continue  # the subnet uses the main route table, which the template may not show
        if not any(_key(graph, a, a.route_table_id.value) in attached for a in assoc if a.route_table_id.is_set):
            return "fail", f"S3 gateway endpoint {ep.id} is not on the route table of subnet {subnet.id}"
    return None


def _key(graph: Graph, owner: Resource, value: object) -> str:
    """A comparable name for a route table: its resource id, or the reference's target."""
    found = graph.follow(owner, value)
    if found.found and found.resource:
        return found.resource.id
    if isinstance(value, Ref):
        return value.target
    if isinstance(value, RefStr) and len(value.refs) == 1:
        return value.refs[0].target
    return str(value)


def advisable_services(hosts: list[Resource]) -> list[str]:
    extra = []
    if any(isinstance(h, Domain) and h.app_network_access_type.value == "VpcOnly" for h in hosts):
        extra.append("sagemaker.studio")
    if any(isinstance(h, NotebookInstance) and h.direct_internet_access.value == "Disabled" for h in hosts):
        extra.append("sagemaker.notebook")
    if any(isinstance(h, (NotebookInstance, Model)) for h in hosts):
        extra.extend(ISOLATED_VPC_SERVICES)
    return extra


@lru_cache(maxsize=1)
def policy_services() -> dict[str, str]:
    """Endpoint services whose policies are checked (MLS302), with their IAM action prefix."""
    data = json.loads((Path(__file__).parent / "data" / "endpoint_policy_services.json").read_text())
    return dict(data["services"])


def endpoint_policy(graph: Graph, ep: VpcEndpoint) -> tuple[Resource, Value]:
    """The policy in force on ``ep``: Terraform's ``aws_vpc_endpoint_policy`` when one names
    the endpoint (it replaces the endpoint's own), else the endpoint's ``PolicyDocument``."""
    for policy in graph.of(VpcEndpointPolicy, ep.unit):
        if graph.follow(policy, policy.vpc_endpoint_id, VpcEndpoint).resource is ep:
            return policy, policy.policy
    return ep, ep.policy
