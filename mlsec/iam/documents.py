"""Policy documents as the IAM rules read them: where each came from, its statements, and
why it cannot be read when it cannot.

A CloudFormation ``Fn::If`` left open inside a document (an action, a resource) gives one
variant per combination of branches; rules judge every variant and agree or report
UNKNOWN. A whole attribute that depends on a condition is handled the same way.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Callable

from mlsec.iam.statements import PolicyError, Statement, parse_statements
from mlsec.model.base import Resource
from mlsec.model.props import NO_VALUE, Branches, Items, Props
from mlsec.model.values import State, Value
from mlsec.model.verdict import Status, Verdict

MAX_VARIANTS = 16


@dataclass(slots=True)
class Document:
    label: str  # "inline policy 'data-access'", "aws_iam_policy.p", "AWS managed policy AdministratorAccess"
    owner: Resource | None = None
    variants: list[tuple[str, list[Statement]]] = field(default_factory=list)  # ("" when unconditional)
    reason: str | None = None  # why the document cannot be read
    line: int | None = None
    managed_arn: str | None = None  # the AWS managed policy it is (shipped snapshot or live)
    unresolved: bool = False  # which policy, or whether it applies at all, is unknown

    @property
    def readable(self) -> bool:
        return self.reason is None

    @property
    def statements(self) -> list[Statement]:
        """Statements of every variant (for questions where any variant counts)."""
        return [st for _, sts in self.variants for st in sts]


def from_value(value: Value, label: str, owner: Resource | None) -> Document | None:
    """The document an attribute holds (None when the attribute is absent)."""
    if value.state in (State.ABSENT, State.DEFAULT):
        return None
    if value.state is State.UNKNOWN:
        return Document(label, owner, reason=value.reason, line=value.line)
    if value.state is State.BRANCHED:
        variants = []
        for when, branch in value.branches or []:
            if branch.state is State.UNKNOWN:
                return Document(label, owner, reason=f"{branch.reason} (when {when})", line=value.line)
            if branch.state is not State.EXPLICIT:
                variants.append((when, []))
                continue
            try:
                variants.extend((_join(when, w), sts) for w, sts in _variants(branch.value))
            except PolicyError as exc:
                return Document(label, owner, reason=f"{exc} (when {when})", line=value.line)
        return Document(label, owner, variants=variants, line=value.line)
    return from_tree(value.value, label, owner, value.line)


def from_tree(tree: Any, label: str, owner: Resource | None, line: int | None = None,
              managed_arn: str | None = None) -> Document:
    try:
        return Document(label, owner, variants=_variants(tree), line=line or getattr(tree, "line", None),
                        managed_arn=managed_arn)
    except PolicyError as exc:
        return Document(label, owner, reason=str(exc), line=line)


def _join(a: str, b: str) -> str:
    return " and ".join(x for x in (a, b) if x)


def _variants(tree: Any) -> list[tuple[str, list[Statement]]]:
    choices = _open_choices(tree)
    if not choices:
        return [("", parse_statements(tree))]
    labels = list(choices)
    combos = list(itertools.product(*(range(len(choices[k])) for k in labels)))
    if len(combos) > MAX_VARIANTS:
        raise PolicyError(f"the document depends on {len(labels)} undecided conditions")
    out = []
    for combo in combos:
        picked = dict(zip(labels, combo))
        when = " and ".join(choices[k][i] for k, i in picked.items())
        out.append((when, parse_statements(_choose(tree, picked))))
    return out


def _open_choices(node: Any, found: dict | None = None) -> dict[tuple, list[str]]:
    """Undecided conditions in the tree, keyed by their branch labels (the same condition
    used twice is one choice, so its branches stay consistent)."""
    found = {} if found is None else found
    if isinstance(node, Branches):
        labels = tuple(label for label, _ in node.options)
        found.setdefault(labels, list(labels))
        for _, option in node.options:
            _open_choices(option, found)
    elif isinstance(node, dict):
        for v in node.values():
            _open_choices(v, found)
    elif isinstance(node, list):
        for v in node:
            _open_choices(v, found)
    return found


def _choose(node: Any, picked: dict[tuple, int]) -> Any:
    if isinstance(node, Branches):
        labels = tuple(label for label, _ in node.options)
        return _choose(node.options[picked[labels]][1], picked)
    if isinstance(node, dict):
        out = Props(line=getattr(node, "line", None), key_lines=getattr(node, "key_lines", {}))
        for k, v in node.items():
            chosen = _choose(v, picked)
            if chosen is not NO_VALUE:
                out[k] = chosen
        return out
    if isinstance(node, list):
        return Items([c for c in (_choose(v, picked) for v in node) if c is not NO_VALUE],
                     line=getattr(node, "line", None))
    return node


def judge_variants(doc: Document, judge: Callable[[list[Statement]], list[Verdict]]) -> list[Verdict]:
    """Apply ``judge`` to each variant. Variants that agree give that outcome; variants that
    disagree give one UNKNOWN verdict listing what each would be."""
    if not doc.readable:
        return [Verdict(Status.UNKNOWN, f"{doc.label} cannot be read: {doc.reason}", reason=doc.reason,
                        line=doc.line, subject=doc.label)]
    outcomes = [(when, judge(sts)) for when, sts in doc.variants]
    if len(outcomes) == 1:
        return outcomes[0][1]
    shapes = {tuple((v.status, v.subject) for v in verdicts) for _, verdicts in outcomes}
    if len(shapes) == 1:
        return outcomes[0][1]
    detail = "; ".join(f"when {when}: " + (", ".join(sorted({v.status.value.upper() for v in verdicts})) or "PASS")
                       for when, verdicts in outcomes)
    return [Verdict(Status.UNKNOWN, f"{doc.label}: the outcome depends on an undecided condition ({detail})",
                    reason="depends-on-condition", line=doc.line, subject=doc.label)]


def statement_label(doc: Document, st: Statement) -> str:
    which = f"statement {st.sid}" if st.sid else f"statement {st.index + 1}"
    return f"{doc.label}, {which}"
