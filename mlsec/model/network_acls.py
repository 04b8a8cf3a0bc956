"""Network ACL questions: which subnets an ACL guards, and what its inbound entries decide
for traffic from anywhere.

Entries are evaluated in ``RuleNumber`` order and the first match decides; an implicit
last rule denies everything. Only entries whose CIDR is the whole address space
(``0.0.0.0/0``, ``::/0``) decide for "traffic from anywhere": an entry for a narrower range
matches part of the internet only.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlsec.model.components import as_component
from mlsec.model.graph import Graph
from mlsec.model.kinds.network import (NetworkAcl, NetworkAclEntry, NetworkAclRule, Subnet,
                                       SubnetNetworkAclAssociation)
from mlsec.model.security_groups import protocol_name
from mlsec.model.settled import settle


@dataclass(slots=True)
class Entry:
    where: str
    number: int | None = None
    action: str | None = None
    protocol: str | None = None
    from_port: int | None = None
    to_port: int | None = None
    cidr_ipv4: str | None = None
    cidr_ipv6: str | None = None
    egress: bool = False
    unknown: str | None = None


def entries(graph: Graph, acl: NetworkAcl) -> tuple[list[Entry], list[str]]:
    """The ACL's entries (inline and standalone), and standalone entries that may belong to it."""
    out: list[Entry] = []
    undecided: list[str] = []
    inline = acl.inline_ingress
    items, why = settle(inline)
    if why:
        out.append(Entry(inline.path, unknown=why))
    for i, item in enumerate(items or []):
        out.append(_entry(item, f"{inline.path}[{i}]"))
    for rule in graph.of(NetworkAclRule, acl.unit):
        found = graph.follow(rule, rule.network_acl_id, NetworkAcl)
        if found.status == "unknown":
            undecided.append(f"{rule.id} may belong to this ACL, but {found.reason}")
        elif found.resource is acl:
            out.append(_entry(as_component(rule, NetworkAclEntry), rule.id))
    return out, undecided


def _entry(item: NetworkAclEntry, where: str) -> Entry:
    values = {}
    for name in ("rule_number", "action", "protocol", "from_port", "to_port", "cidr_ipv4", "cidr_ipv6", "egress"):
        value, why = settle(getattr(item, name))
        if why:
            return Entry(where, unknown=why)
        values[name] = value
    return Entry(where, values["rule_number"], str(values["action"] or "").lower() or None,
                 protocol_name(values["protocol"]) if values["protocol"] is not None else None,
                 values["from_port"], values["to_port"], values["cidr_ipv4"], values["cidr_ipv6"],
                 bool(values["egress"]))


def first_match(inbound: list[Entry], family: str, protocol: str, port: int) -> tuple[Entry | None, str | None]:
    """The entry that decides ``protocol``/``port`` traffic from anywhere in ``family``
    (``ipv4``/``ipv6``): (entry, None), (None, None) for the implicit deny, or
    (None, why unknown)."""
    world = "0.0.0.0/0" if family == "ipv4" else "::/0"
    candidates = []
    for e in inbound:
        if e.unknown:
            return None, f"{e.where} is unresolved ({e.unknown})"
        if (e.cidr_ipv4 if family == "ipv4" else e.cidr_ipv6) != world:
            continue
        if e.protocol not in ("all", protocol):
            continue
        if e.protocol != "all":
            if e.from_port is None or e.to_port is None:
                return None, f"{e.where} sets no port range"
            if not e.from_port <= port <= e.to_port:
                continue
        if e.number is None:
            return None, f"{e.where} has no rule number"
        candidates.append(e)
    if not candidates:
        return None, None
    return min(candidates, key=lambda e: e.number), None  # type: ignore[arg-type,return-value]


def guarded_subnets(graph: Graph, acl: NetworkAcl) -> tuple[list[str], list[str]]:
    """Subnets the ACL is associated with (ids or references), and associations that may be."""
    subnets: list[str] = []
    undecided: list[str] = []
    listed, why = settle(acl.subnet_ids)
    if why:
        undecided.append(why)
    for item in listed or []:
        found = graph.follow(acl, item, Subnet)
        subnets.append(found.resource.id if found.found and found.resource else str(item))
    for assoc in graph.of(SubnetNetworkAclAssociation, acl.unit):
        found = graph.follow(assoc, assoc.network_acl_id, NetworkAcl)
        if found.status == "unknown":
            undecided.append(f"{assoc.id} may associate it, but {found.reason}")
        elif found.resource is acl:
            subnet = graph.follow(assoc, assoc.subnet_id, Subnet)
            subnets.append(subnet.resource.id if subnet.found and subnet.resource else str(assoc.subnet_id.value))
    return sorted(set(subnets)), undecided
