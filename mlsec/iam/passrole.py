"""Who can hand which role to SageMaker (MLS407).

A PassRole statement reaches SageMaker when its resource is broad and its
``iam:PassedToService`` condition, if any, admits ``sagemaker.amazonaws.com``.
"""

from __future__ import annotations

from mlsec.iam.actions import wildcard_match
from mlsec.iam.conditions import clauses, positive_on
from mlsec.iam.principals import Reach
from mlsec.iam.resources import statement_scope
from mlsec.iam.statements import Statement
from mlsec.iam.trust import SAGEMAKER, trust_document, trusts_service
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import Role
from mlsec.model.props import Ref


def admits_sagemaker(st: Statement) -> bool:
    for clause in clauses(st):
        if clause.key.lower() != "iam:passedtoservice":
            continue
        names = [str(v) for v in clause.values if isinstance(v, str)]
        base = clause.base.lower()
        if ("notequals" in base or "notlike" in base) and any(wildcard_match(n, SAGEMAKER) for n in names):
            return False
    positive = positive_on(st, ["iam:PassedToService"])
    if not positive:
        return True
    return all(any(isinstance(v, str) and wildcard_match(v, SAGEMAKER) for v in c.values) for c in positive)


def passes_broad_role_to_sagemaker(st: Statement) -> bool | None:
    scope, _ = statement_scope(st)
    if scope is None:
        return None
    return bool(scope) and admits_sagemaker(st)


def passable_sagemaker_roles(passing: Reach, graph: Graph, principal) -> list[Role]:
    """Roles in the principal's unit that trust SageMaker and that a granting statement names
    (by pattern on the role's path and name, or by reference)."""
    out = []
    for role in graph.of(Role, principal.unit):
        if role is principal or not trusts_service(trust_document(role), SAGEMAKER):
            continue
        if any(_names(g.statement, role) for g in passing.grants):
            out.append(role)
    return out


def _names(st: Statement, role: Role) -> bool:
    if st.not_resources:
        return True
    name = role.name.value if role.name.is_set and isinstance(role.name.value, str) else None
    path = role.path.value if role.path.is_set or role.path.state.value == "default" else "/"
    for resource in st.resources:
        if isinstance(resource, Ref):
            if resource.target == role.id:
                return True
            continue
        if not isinstance(resource, str):
            continue
        text = str(resource)
        if text == "*":
            return True
        _, sep, tail = text.partition(":role/")
        if sep and (name is None or wildcard_match("/" + tail, f"{path or '/'}{name}")):
            return True  # a role without a fixed name may get any name: assume it matches
    return False
