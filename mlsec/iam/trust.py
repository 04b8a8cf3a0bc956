"""Trust policies and SageMaker execution roles.

A SageMaker execution role (CATALOGUE §1.3) is a role whose trust allows
``sagemaker.amazonaws.com``, or one that a SageMaker role field references (``RoleArn``,
``ExecutionRoleArn``, a domain's default execution role...). Role fields are found on every
SageMaker model kind by attribute name, so kinds added later count without a change here.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from mlsec.iam.actions import wildcard_match
from mlsec.iam.documents import Document, from_value
from mlsec.iam.statements import Statement
from mlsec.model.builder import attributes_of
from mlsec.model.graph import Graph, Resolution
from mlsec.model.kinds.iam import Role
from mlsec.model.values import Value

SAGEMAKER = "sagemaker.amazonaws.com"
ROLE_FIELDS = ("role_arn", "execution_role_arn", "execution_role", "default_execution_role")

_REFERENCES: "WeakKeyDictionary[Graph, dict[str, list[tuple[Any, Value]]]]" = WeakKeyDictionary()


def trust_document(role: Role) -> Document | None:
    return from_value(role.assume_role_policy, "trust policy", role)


ASSUME = ("sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity")


def assumes(st: Statement) -> bool:
    """An Allow of one of the sts:AssumeRole* actions (or a wildcard over them)."""
    return st.is_allow and any(isinstance(a, str) and wildcard_match(a, x) for a in st.actions for x in ASSUME)


def service_principals(st: Statement) -> list[str]:
    return [str(v) for v in (st.principals or {}).get("Service", []) if isinstance(v, str)]


def trusts_service(doc: Document | None, service: str) -> bool | None:
    """True when some variant of the trust policy lets ``service`` (or everyone) assume the role."""
    if doc is None:
        return False
    if not doc.readable:
        return None
    for st in doc.statements:
        if assumes(st) and (service in service_principals(st) or st.principal_is_everyone()):
            return True
    return False


def sagemaker_references(graph: Graph, unit: str) -> list[tuple[Any, Value]]:
    """(SageMaker resource, role field value) pairs in the unit."""
    per_graph = _REFERENCES.setdefault(graph, {})
    if unit not in per_graph:
        found = []
        for res in graph.resources:
            if res.unit != unit or not type(res).kind.startswith("AWS::SageMaker::"):
                continue
            names = {name for name, _ in attributes_of(type(res))}
            for field in ROLE_FIELDS:
                if field in names:
                    value = getattr(res, field)
                    if value.is_set or value.is_unknown:
                        found.append((res, value))
        per_graph[unit] = found
    return per_graph[unit]


def referencing(graph: Graph, role: Role) -> list[Any]:
    """SageMaker resources whose role field leads to ``role``."""
    return [res for res, value in sagemaker_references(graph, role.unit)
            if graph.follow(res, value, Role).resource is role]


def is_execution_role(role: Role, graph: Graph) -> bool | None:
    trusted = trusts_service(trust_document(role), SAGEMAKER)
    if trusted:
        return True
    # live IAM sits in the account's global unit; its collector records the SageMaker
    # resources (in regional units) that name the role
    if (role.metadata or {}).get("sagemaker_references") or referencing(graph, role):
        return True
    return None if trusted is None else False


def execution_role_of(resource: Any, graph: Graph) -> list[tuple[Value, Any]]:
    """(role field value, resolution) for each role field a SageMaker resource sets. Live IAM
    sits in the account's global unit, so a live ARN is also looked up across units."""
    out = []
    names = {name for name, _ in attributes_of(type(resource))}
    for field in ROLE_FIELDS:
        if field not in names:
            continue
        value = getattr(resource, field)
        if not (value.is_set or value.is_unknown or value.state.value == "branched"):
            continue
        found = graph.follow(resource, value, Role)
        if not found.found and resource.source == "aws" and value.is_set:
            match = next((r for r in graph.of(Role) if r.arn == value.value), None)
            found = Resolution("found", resource=match) if match is not None else Resolution(
                "outside", reason="the account's IAM details (iam:GetAccountAuthorizationDetails) list no such "
                                  "role: it was deleted, belongs to another account, or IAM could not be read")
        out.append((value, found))
    return out


def assumed_by_people(doc: Document | None) -> bool | None:
    """Whether the trust lets accounts, users, federated identities or everyone assume the
    role (people, as opposed to AWS services)."""
    if doc is None:
        return False
    if not doc.readable:
        return None
    for st in doc.statements:
        if assumes(st):
            kinds = set((st.principals or {}).keys()) - {"Service"}
            if kinds or st.principal_is_everyone() or st.not_principals is not None:
                return True
    return False
