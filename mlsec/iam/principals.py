"""Which policies apply to a role, user or group, and what they let it do.

CATALOGUE §6 "principal rule": the union of the principal's inline policies, the managed
policies attached to it (by the principal, by the policy, or by a Terraform attachment),
and, for a user, the policies of its groups; minus Denies without conditions that cover
the same resources; within the permissions boundary when there is one. A document that
cannot be read (outside the scan, not in the shipped AWS managed snapshot, unresolved)
makes an answer that would otherwise be "no" UNKNOWN; a boundary that cannot be read
makes a "yes" UNKNOWN, since it may cap the grant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable
from weakref import WeakKeyDictionary

from mlsec.iam.actions import ActionMatcher
from mlsec.iam.documents import Document, from_tree, from_value
from mlsec.iam.managed import aws_managed_document, aws_managed_name
from mlsec.iam.statements import Statement
from mlsec.model.base import Resource
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import (Group, GroupMembership, ManagedPolicy, Policy, PolicyAttachment, Principal,
                                   Role, User)
from mlsec.model.props import Unknown
from mlsec.model.values import Value

_ATTACH_FIELD = {Role: "roles", User: "users", Group: "groups"}
_EFFECTIVE: "WeakKeyDictionary[Graph, dict[int, Effective]]" = WeakKeyDictionary()


# -- documents a resource declares ---------------------------------------------------------
def declared_documents(holder: Resource) -> list[Document]:
    """The identity documents written on this resource (statement rules read these)."""
    if isinstance(holder, (Policy, ManagedPolicy)):
        doc = from_value(holder.document, _policy_label(holder), holder)
        return [doc] if doc else []
    if isinstance(holder, Principal):
        return _inline_documents(holder)
    return []


def _policy_label(policy: Resource) -> str:
    name = policy.name.value if policy.name.is_set and isinstance(policy.name.value, str) else None
    kind = "managed policy" if isinstance(policy, ManagedPolicy) else "policy"
    return f"{kind} {name!r}" if name and "${" not in name else f"{kind} {policy.id}"


def _inline_documents(principal: Principal) -> list[Document]:
    value = principal.inline_policies
    if value.is_unknown or value.state.value == "branched":
        return [Document("inline policies", principal, reason=value.reason or "they depend on an undecided "
                                                                             "condition", line=value.line)]
    out = []
    for i, part in enumerate(value.value or [] if value.is_set else []):
        name = part.name.value if part.name.is_set else None
        label = f"inline policy {name!r}" if isinstance(name, str) else f"inline policy {i + 1}"
        doc = from_value(part.document, label, principal)
        if doc is not None:
            out.append(doc)
    return out


# -- attachments ---------------------------------------------------------------------------
def managed_document(graph: Graph, owner: Resource, ref: Any) -> Document:
    """The document behind a managed policy ARN (or reference) attached by ``owner``."""
    if isinstance(ref, Unknown):
        return Document("a managed policy", owner, reason=ref.reason, unresolved=True)
    name = aws_managed_name(ref)
    if name is not None:
        collected = graph.follow(owner, ref, ManagedPolicy)
        if collected.found and collected.resource.arn == str(ref):  # a live scan read the policy itself
            return _managed_policy_document(collected.resource)
        doc = aws_managed_document(str(ref))
        label = f"AWS managed policy {name}"
        if doc is None:
            live = " and the scan has no copy from the account (iam:GetPolicyVersion)" if owner.source == "aws" else ""
            return Document(label, owner, reason=f"{name} is not in mlsec's snapshot of AWS managed policies{live}")
        return from_tree(doc, label, owner, managed_arn=str(ref))
    found = graph.follow(owner, ref, ManagedPolicy)
    if found.found:
        return _managed_policy_document(found.resource)
    return Document(f"managed policy {ref}", owner, reason=found.reason or f"{ref} cannot be resolved")


def _managed_policy_document(policy: ManagedPolicy) -> Document:
    name = aws_managed_name(policy.arn)
    label = f"AWS managed policy {name}" if name else _policy_label(policy)
    doc = from_value(policy.document, label, policy) or Document(label, policy, reason="the policy has no document")
    doc.managed_arn = policy.arn if name else None
    return doc


def _list_items(value: Value) -> list[Any]:
    if value.is_unknown:
        return [Unknown(value.reason or "unknown")]
    if value.state.value == "branched":
        return [Unknown(f"{value.path} depends on an undecided condition")]
    if not value.is_set:
        return []
    return list(value.value) if isinstance(value.value, list) else [value.value]


def _targets(graph: Graph, res: Resource, value: Value, target: Resource) -> str:
    """Whether ``value`` on ``res`` names ``target``: "yes", "no" or "maybe"."""
    verdict = "no"
    for item in _list_items(value):
        found = graph.follow(res, item, type(target))
        if found.resource is target:
            return "yes"
        if found.status == "unknown":
            verdict = "maybe"
    return verdict


def attached_documents(principal: Principal, graph: Graph) -> list[Document]:
    """Every identity document that applies to the principal itself (groups not included)."""
    docs = _inline_documents(principal)
    for item in _list_items(principal.managed_policy_arns):
        docs.append(managed_document(graph, principal, item))
    attr = _ATTACH_FIELD[type(principal)]
    seen = {id(d.owner) for d in docs if isinstance(d.owner, ManagedPolicy)}
    for cls in (Policy, ManagedPolicy, PolicyAttachment):
        for res in graph.of(cls, principal.unit):
            if id(res) in seen:
                continue  # attached from both ends (a live policy lists its roles)
            hit = _targets(graph, res, getattr(res, attr), principal)
            if hit == "no":
                continue
            if hit == "maybe":
                docs.append(Document(f"{res.id}", res, reason=f"{res.id} may apply to {principal.id}: its "
                                                              f"{attr} cannot be resolved", line=res.line,
                                     unresolved=True))
            elif isinstance(res, PolicyAttachment):
                docs.extend(managed_document(graph, res, item) for item in _list_items(res.policy_arns))
            elif isinstance(res, ManagedPolicy):
                docs.append(_managed_policy_document(res))
            else:
                docs.extend(d for d in [from_value(res.document, _policy_label(res), res)] if d)
    return docs


def groups_of(user: User, graph: Graph) -> tuple[list[Group], list[str]]:
    """The user's groups in scope, and reasons some membership cannot be told."""
    groups, doubts = [], []
    for item in _list_items(user.groups):
        found = graph.follow(user, item, Group)
        if found.found:
            groups.append(found.resource)
        else:
            doubts.append(f"group {item} of {user.id}: {found.reason}")
    for membership in graph.of(GroupMembership, user.unit):
        hit = _targets(graph, membership, membership.users, user)
        if hit == "no":
            continue
        for item in _list_items(membership.groups):
            found = graph.follow(membership, item, Group)
            if found.found and hit == "yes":
                groups.append(found.resource)
            else:
                doubts.append(f"{membership.id} may add {user.id} to {item}")
    return groups, doubts


def boundary_of(principal: Principal, graph: Graph) -> Document | None:
    value = getattr(principal, "permissions_boundary", None)
    if value is None or value.state.value in ("absent", "default"):
        return None
    if value.is_unknown or value.state.value == "branched":
        return Document("permissions boundary", principal, reason=value.reason or "it depends on an undecided "
                                                                                   "condition", line=value.line)
    doc = managed_document(graph, principal, value.value)
    doc.label = f"permissions boundary ({doc.label})"
    return doc


def principals_of(policy: Resource, graph: Graph) -> list[Principal]:
    """Roles, users and groups a standalone or managed policy is attached to (in scope)."""
    out: list[Principal] = []
    for cls, attr in ((Role, "roles"), (User, "users"), (Group, "groups")):
        for item in _list_items(getattr(policy, attr)):
            found = graph.follow(policy, item, cls)
            if found.found and found.resource not in out:
                out.append(found.resource)
    if isinstance(policy, ManagedPolicy):
        for principal in graph.of(Principal, policy.unit):
            if principal not in out and any(d.owner is policy for d in attached_documents(principal, graph)):
                out.append(principal)
    return out


# -- effective permissions -----------------------------------------------------------------
@dataclass(slots=True)
class Grant:
    doc: Document
    statement: Statement

    def describe(self) -> str:
        st = self.statement
        which = f"statement {st.sid}" if st.sid else f"statement {st.index + 1}"
        return f"{self.doc.label} ({which})"


@dataclass(slots=True)
class Reach:
    """The answer to "may the principal do X": grants found, and what keeps it from certain."""

    grants: list[Grant] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)  # what may add a grant we cannot see
    capped: str | None = None  # why a grant found may still be capped (unreadable boundary)
    blocked: list[str] = field(default_factory=list)  # grants removed by a Deny or the boundary

    @property
    def status(self) -> str:
        if self.grants:
            return "unknown" if self.capped else "yes"
        return "unknown" if self.doubts else "no"


def matcher(st: Statement) -> ActionMatcher:
    found = st.memo.get("matcher")
    if found is None:
        if st.not_actions:
            found = ActionMatcher([a for a in st.not_actions if isinstance(a, str)], negated=True)
        else:
            found = ActionMatcher([a for a in st.actions if isinstance(a, str)])
        st.memo["matcher"] = found
    return found


def unreadable_actions(st: Statement) -> bool:
    return any(not isinstance(a, str) for a in st.actions + st.not_actions)


class Effective:
    """A principal's identity documents, its groups' documents and its boundary."""

    def __init__(self, principal: Principal, graph: Graph):
        self.principal = principal
        self.documents = attached_documents(principal, graph)
        self.doubts: list[str] = []
        if isinstance(principal, User):
            groups, self.doubts = groups_of(principal, graph)
            for group in groups:
                self.documents.extend(attached_documents(group, graph))
        self.boundary = boundary_of(principal, graph)

    @classmethod
    def of(cls, principal: Principal, graph: Graph) -> "Effective":
        cache = _EFFECTIVE.setdefault(graph, {})
        found = cache.get(id(principal))
        if found is None or found.principal is not principal:
            found = cache[id(principal)] = cls(principal, graph)
        return found

    def unreadable(self) -> list[str]:
        return [f"{d.label}: {d.reason}" for d in self.documents if not d.readable] + self.doubts

    def reach(self, action: str, where: Callable[[Statement], bool | None] | None = None) -> Reach:
        """Whether the principal may perform ``action``; ``where`` narrows the statements that
        count (e.g. "on a broad resource"): True counts, False does not, None is a doubt."""
        out = Reach(doubts=self.unreadable())
        for doc in self.documents:
            if not doc.readable:
                continue
            granting = []
            for when, statements in doc.variants:
                hits = []
                for st in statements:
                    if not st.is_allow:
                        continue
                    if unreadable_actions(st) and not matcher(st).grants(action):
                        out.doubts.append(f"{doc.label}: some actions cannot be resolved")
                        continue
                    if not matcher(st).grants(action):
                        continue
                    scoped = where(st) if where else True
                    if scoped is None:
                        out.doubts.append(f"{doc.label}: the resources of a statement granting {action} cannot "
                                          "be resolved")
                    elif scoped:
                        hits.append(st)
                granting.append((when, hits))
            if all(hits for _, hits in granting):
                out.grants.extend(Grant(doc, st) for st in granting[0][1])
            elif any(hits for _, hits in granting):
                out.doubts.append(f"{doc.label} grants {action} only " +
                                  " or ".join(f"when {w}" for w, h in granting if h))
        kept = []
        for grant in out.grants:
            why = self._denied(action, grant.statement)
            if why:
                out.blocked.append(f"{grant.describe()}: {why}")
            else:
                kept.append(grant)
        out.grants = kept
        if out.grants and self.boundary is not None:
            if not self.boundary.readable:
                out.capped = f"{self.boundary.label} cannot be read: {self.boundary.reason}"
            elif not any(st.is_allow and matcher(st).grants(action) for st in self.boundary.statements):
                out.blocked.extend(f"{g.describe()}: not allowed by the {self.boundary.label}" for g in out.grants)
                out.grants = []
        return out

    def _denied(self, action: str, allow: Statement) -> str | None:
        docs = self.documents + ([self.boundary] if self.boundary is not None and self.boundary.readable else [])
        for doc in docs:
            if not doc.readable:
                continue
            for st in doc.statements:
                if st.is_deny and not st.conditions and matcher(st).grants(action) and _covers(st, allow):
                    return f"denied by {doc.label}"
        return None


def _covers(deny: Statement, allow: Statement) -> bool:
    if deny.not_resources:
        return False
    resources = {str(r) for r in deny.resources if isinstance(r, str)}
    if "*" in resources:
        return True
    wanted = {str(r) for r in allow.resources if isinstance(r, str)}
    return bool(wanted) and not allow.not_resources and wanted <= resources
