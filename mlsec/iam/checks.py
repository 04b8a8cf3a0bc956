"""What the IAM rules share: judging each statement of a resource's documents, raising the
severity for SageMaker execution roles, and telling whether a principal is privileged."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

from mlsec.iam.documents import Document, judge_variants
from mlsec.iam.managed import aws_managed_name
from mlsec.iam.principals import Effective, principals_of
from mlsec.iam.resources import statement_scope
from mlsec.iam.statements import Statement
from mlsec.iam.trust import is_execution_role
from mlsec.model.base import Resource
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import ManagedPolicy, Policy, Principal, Role
from mlsec.model.verdict import Severity, Status, Verdict, not_applicable, passed

_DATA = Path(__file__).resolve().parent / "data"
_UP = {Severity.LOW: Severity.MEDIUM, Severity.MEDIUM: Severity.HIGH, Severity.HIGH: Severity.CRITICAL,
       Severity.CRITICAL: Severity.CRITICAL}
ADMIN_POLICIES = ("AdministratorAccess", "IAMFullAccess")


@lru_cache(maxsize=None)
def data(name: str) -> dict:
    return json.loads((_DATA / f"{name}.json").read_text(encoding="utf-8"))


def escalate(severity: Severity | str) -> Severity:
    return _UP[Severity(severity)]


def serves_sagemaker(holder: Resource, graph: Graph) -> bool:
    """The resource is a SageMaker execution role, or a policy attached to one."""
    if isinstance(holder, Role):
        return is_execution_role(holder, graph) is True
    if isinstance(holder, (Policy, ManagedPolicy)):
        return any(isinstance(p, Role) and is_execution_role(p, graph) for p in principals_of(holder, graph))
    return False


StatementJudge = Callable[[Document, Statement], "Verdict | None"]


def judge_statements(holder: Resource, graph: Graph, documents: list[Document], judge: StatementJudge, *,
                     severity: Severity | str, passed_message: str) -> list[Verdict]:
    """Run ``judge`` on every statement (it returns a FAIL/UNKNOWN verdict or None). FAILs on
    a SageMaker execution role, or a policy attached to one, go one severity level up."""
    if is_aws_managed(holder):
        return [not_applicable("an AWS managed policy: AWS writes it, and the principal rules judge it where it "
                               "is attached")]
    verdicts: list[Verdict] = []
    for doc in documents:
        verdicts.extend(judge_variants(doc, lambda sts, doc=doc: [v for st in sts for v in [judge(doc, st)] if v]))
    if not verdicts:
        return [passed(passed_message)]
    if any(v.status is Status.FAIL for v in verdicts) and serves_sagemaker(holder, graph):
        for v in verdicts:
            if v.status is Status.FAIL:
                v.severity = escalate(v.severity or severity)
                v.evidence["sagemaker_execution_role"] = True
                v.message += " (on a SageMaker execution role: severity raised one level)"
    return verdicts


def is_aws_managed(holder: Resource) -> bool:
    if not isinstance(holder, ManagedPolicy):
        return False
    return holder.aws_managed.value is True or aws_managed_name(holder.arn) is not None


def full_admin(st: Statement) -> bool:
    """Allow of every action on ``*`` with no bounding condition (MLS401's case: the narrower
    rules leave it to MLS401 rather than repeat it)."""
    from mlsec.iam.conditions import is_bounded
    from mlsec.iam.principals import matcher

    return st.is_allow and matcher(st).is_everything() and "*" in st.resources and not is_bounded(st)


def broad(st: Statement) -> bool | None:
    return statement_scope(st)[0]


@dataclass(slots=True)
class Privilege:
    status: str  # yes | no | unknown
    reasons: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)


def privilege(principal: Principal, graph: Graph) -> Privilege:
    """Whether the principal's effective permissions make it an administrator in all but name:
    an attached AdministratorAccess/IAMFullAccess, permissions management on broad resources,
    or a published privilege-escalation method."""
    eff = Effective.of(principal, graph)
    out = Privilege("no")
    for doc in eff.documents:
        name = aws_managed_name(doc.managed_arn) if doc.managed_arn else None
        if name in ADMIN_POLICIES:
            out.reasons.append(f"{name} is attached")
    capped: list[str] = []
    privileged = data("privilege")
    for action in privileged["permissions_management"]:
        reach = eff.reach(action, where=broad)
        _collect(out, reach, f"{action} on a broad resource via {_via(reach)}", capped)
    for method, actions in privileged["escalation_methods"].items():
        reaches = [eff.reach(a, where=broad if a == "iam:PassRole" else None) for a in actions]
        statuses = {r.status for r in reaches}
        if statuses == {"yes"}:
            out.reasons.append(f"{method} ({', '.join(actions)})")
        elif "no" not in statuses:
            out.doubts.append(f"{method}: " + "; ".join(d for r in reaches for d in (r.doubts or [r.capped or ""])
                                                         if d))
    if out.reasons:
        out.status = "yes"
    elif capped or out.doubts:
        out.status = "unknown"
        out.doubts = list(dict.fromkeys(capped + out.doubts))  # many actions share one unreadable document
    return out


def _collect(out: Privilege, reach, reason: str, capped: list[str]) -> None:
    if reach.status == "yes":
        out.reasons.append(reason)
    elif reach.status == "unknown":
        (capped if reach.capped else out.doubts).extend([reach.capped] if reach.capped else reach.doubts[:1])


def _via(reach) -> str:
    return ", ".join(g.describe() for g in reach.grants[:3])


@dataclass(slots=True)
class UnscopedGrant:
    """An Allow statement's grant of some watched actions on broad resources."""

    label: str
    actions: list[str]
    where: str
    scope: bool | None  # True broad, None unreadable
    guards: list  # positive clauses on the keys that would scope it


def unscoped_grant(doc: Document, st: Statement, actions: list[str], guard_keys: list[str]) -> \
        "UnscopedGrant | Verdict | None":
    """What a statement grants of ``actions`` on broad resources, or None when nothing; an
    UNKNOWN verdict when its actions or resources cannot be read."""
    from mlsec.iam.conditions import positive_on
    from mlsec.iam.documents import statement_label
    from mlsec.iam.principals import matcher, unreadable_actions
    from mlsec.model.verdict import unknown

    if not st.is_allow or full_admin(st):
        return None
    label = statement_label(doc, st)
    m = matcher(st)
    granted = [a for a in actions if m.grants(a)]
    if not granted:
        if unreadable_actions(st):
            return unknown(f"{label}: some actions cannot be resolved, so it may grant "
                           f"{', '.join(actions[:3])}{'…' if len(actions) > 3 else ''}", line=st.line, subject=label)
        return None
    scope, where = statement_scope(st)
    if scope is False:
        return None
    return UnscopedGrant(label, granted, where, scope, positive_on(st, guard_keys))


def judge_unscoped(doc: Document, st: Statement, actions: list[str], guard_keys: list[str],
                   fail_message: Callable[[UnscopedGrant], str]) -> "Verdict | None":
    """FAIL when the statement grants some of ``actions`` on broad resources with no positive
    condition on ``guard_keys``; UNKNOWN when its actions or resources cannot be read."""
    from mlsec.model.verdict import failed, unknown

    grant = unscoped_grant(doc, st, actions, guard_keys)
    if not isinstance(grant, UnscopedGrant):
        return grant
    if grant.guards:
        return None
    if grant.scope is None:
        names = ", ".join(grant.actions)
        return unknown(f"{grant.label} allows {names}, but its resources cannot be resolved: {grant.where}",
                       line=st.line, subject=grant.label)
    return failed(fail_message(grant), line=st.line, subject=grant.label,
                  evidence={"actions": grant.actions, "resources": grant.where})
