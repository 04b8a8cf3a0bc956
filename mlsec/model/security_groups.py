"""Security group questions: what a group lets in, and which SageMaker resources use it.

A group's inbound permissions are its inline entries plus the standalone rules that name
it (``AWS::EC2::SecurityGroupIngress``, ``aws_security_group_rule`` of type ingress,
``aws_vpc_security_group_ingress_rule``). Each permission is read once into a plain
``Permission``; anything unresolved is kept as the reason it is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mlsec.model.base import Resource
from mlsec.model.builder import resolve_attr
from mlsec.model.components import as_component
from mlsec.model.fields import Attr
from mlsec.model.graph import Graph
from mlsec.model.kinds.network import IngressRule, SecurityGroup, SecurityGroupIngress, VpcEndpoint
from mlsec.model.kinds.sagemaker import Domain, Model, NotebookInstance
from mlsec.model.settled import settle
from mlsec.model.values import Origin, State, Value
from mlsec.model.vpc_endpoints import REQUIRED, service_of

WORLD = ("0.0.0.0/0", "::/0")
_PROTOCOLS = {"-1": "all", "all": "all", "6": "tcp", "tcp": "tcp", "17": "udp", "udp": "udp", "1": "icmp",
              "icmp": "icmp", "58": "icmpv6", "icmpv6": "icmpv6"}


def protocol_name(value: Any) -> str:
    """``-1``/``all`` -> ``all``, ``6`` -> ``tcp``, ``17`` -> ``udp``; other numbers as given."""
    text = str(value).strip().lower()
    return _PROTOCOLS.get(text, text)


@dataclass(slots=True)
class Permission:
    """One inbound permission; ``unknown`` says why it could not be read."""

    where: str
    protocol: str | None = None
    from_port: int | None = None
    to_port: int | None = None
    sources: list[str] = field(default_factory=list)
    unknown: str | None = None

    @property
    def from_anywhere(self) -> list[str]:
        return [s for s in self.sources if s in WORLD]

    def covers_port(self, port: int) -> bool | None:
        """Whether a TCP/UDP ``port`` is in the range (every port for protocol ``all``);
        None when the range is not set."""
        if self.protocol == "all":
            return True
        if self.from_port is None or self.to_port is None:
            return None
        if self.from_port == -1 and self.to_port == -1:
            return True
        return self.from_port <= port <= self.to_port

    def describe(self) -> str:
        if self.protocol == "all":
            what = "all traffic"
        elif self.from_port == self.to_port:
            what = f"{self.protocol} port {self.from_port}"
        else:
            what = f"{self.protocol} ports {self.from_port}-{self.to_port}"
        return f"{what} from {', '.join(self.from_anywhere or self.sources)} ({self.where})"


def inbound(graph: Graph, group: SecurityGroup) -> tuple[list[Permission], list[str]]:
    """The group's inbound permissions, and standalone rules that may belong to it."""
    permissions: list[Permission] = []
    undecided: list[str] = []
    inline = group.ingress
    entries, why = settle(inline)
    if why:
        permissions.append(Permission(inline.path, unknown=why))
    for i, entry in enumerate(entries or []):
        permissions.append(_permission(entry, f"{inline.path}[{i}]"))
    for rule in graph.of(SecurityGroupIngress, group.unit):
        if rule.is_ingress is False:
            continue
        found = graph.follow(rule, rule.group, SecurityGroup)
        if found.status == "unknown":
            undecided.append(f"{rule.id} may add to this group, but {found.reason}")
            continue
        if found.resource is not group:
            continue
        if rule.is_ingress is None:
            permissions.append(Permission(rule.id, unknown=f"whether {rule.id} is an ingress rule is unresolved"))
            continue
        permissions.append(_permission(as_component(rule, IngressRule), rule.id))
    return permissions, undecided


def _permission(entry: IngressRule, where: str) -> Permission:
    protocol, why = settle(entry.ip_protocol)
    low, why_low = settle(entry.from_port)
    high, why_high = settle(entry.to_port)
    v4, why_v4 = settle(entry.cidr_ipv4)
    v6, why_v6 = settle(entry.cidr_ipv6)
    problem = why or why_low or why_high or why_v4 or why_v6
    if problem:
        return Permission(where, unknown=problem)
    sources = [str(c) for c in [*(v4 or []), *(v6 or [])]]
    return Permission(where, protocol_name(protocol) if protocol is not None else None, low, high, sources)


# -- which groups SageMaker resources use ----------------------------------------------

# Where SageMaker resources (and the SageMaker VPC endpoints) name their security groups,
# for kinds that do not declare it as an attribute of their own.
_GROUP_PATHS: dict[type, tuple[Attr, ...]] = {
    Domain: (Attr(cfn="DefaultUserSettings.SecurityGroups", tf="default_user_settings.security_groups",
                  kind="list"),
             Attr(cfn="DefaultSpaceSettings.SecurityGroups", tf="default_space_settings.security_groups",
                  kind="list"),
             Attr(cfn="DomainSettings.SecurityGroupIds", tf="domain_settings.security_group_ids", kind="list")),
}
_SCHEDULE = "MonitoringScheduleConfig.MonitoringJobDefinition."
_NETWORK_CONFIG = Attr(cfn=("NetworkConfig.VpcConfig.SecurityGroupIds",
                            _SCHEDULE + "NetworkConfig.VpcConfig.SecurityGroupIds"),
                       tf="network_config.vpc_config.security_group_ids", kind="list")


def group_references(res: Resource) -> list[Value]:
    """The Values that name security groups on a SageMaker resource (empty for others)."""
    if isinstance(res, NotebookInstance):
        return [res.security_group_ids]
    if isinstance(res, VpcEndpoint):
        return [res.security_group_ids] if _sagemaker_interface_endpoint(res) else []
    config = getattr(res, "vpc_config", None) if (res.kind or "").startswith("AWS::SageMaker::") else None
    if isinstance(config, Value):
        if config.is_set:
            return [c.security_group_ids for c in config.value]
        return [config] if config.state in (State.UNKNOWN, State.BRANCHED) else []
    paths = _GROUP_PATHS.get(type(res))
    if paths is None and (res.kind or "").startswith("AWS::SageMaker::") and not isinstance(res, Model):
        paths = (_NETWORK_CONFIG,)
    if not paths or not isinstance(res.props, dict):
        return []
    base = Origin(res.source, res.file, res.line, res.arn)
    return [resolve_attr(res.props, attr, res.source, base) for attr in paths]


def _sagemaker_interface_endpoint(ep: VpcEndpoint) -> bool:
    name, why = settle(ep.service_name)
    kind, why_kind = settle(ep.endpoint_type)
    return not why and not why_kind and kind == "Interface" and service_of(str(name)) in REQUIRED


@dataclass(slots=True)
class Attachments:
    users: list[str] = field(default_factory=list)  # SageMaker resources that use the group
    undecided: list[str] = field(default_factory=list)  # references that may lead to it


def attachments(graph: Graph, group: SecurityGroup) -> Attachments:
    out = Attachments()
    for res in graph.resources:
        if res.unit != group.unit:
            continue
        for value in group_references(res):
            items, why = settle(value)
            if why:
                out.undecided.append(f"{res.id}: {why}")
                continue
            for item in items or []:
                found = graph.follow(res, item, SecurityGroup)
                if found.resource is group:
                    out.users.append(res.id)
                elif found.status == "unknown":
                    out.undecided.append(f"{res.id}: {found.reason}")
    out.users = sorted(set(out.users))
    return out
