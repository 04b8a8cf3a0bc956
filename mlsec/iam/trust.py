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
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import Role
from mlsec.model.values import Value

SAGEMAKER = "sagemaker.amazonaws.com"
ROLE_FIELDS = ("role_arn", "execution_role_arn", "execution_role", "default_execution_role")

_REFERENCES: "WeakKeyDictionary[Graph, dict[str, list[tuple[Any, Value]]]]" = WeakKeyDictionary()


def trust_document(role: Role) -> Document | None:
    return from_value(role.assume_role_policy, "trust policy", role)


def assumes(st: Statement) -> bool:
    """An Allow of sts:AssumeRole (or a wildcard over it)."""
    return st.is_allow and any(isinstance(a, str) and wildcard_match(a, "sts:AssumeRole") for a in st.actions)


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
    if referencing(graph, role):
        return True
    return None if trusted is None else False
