"""Attribute values with a state and a provenance.

Every attribute a rule reads is a ``Value``: what mlsec resolved, whether it was set
explicitly, taken from a documented default, absent with no default, or unknown (with a
reason), and where it came from. Rules never see raw source data, so "absent means the
AWS default" and "unresolved means UNKNOWN, never PASS" are decided here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable

from mlsec.model.verdict import Status, Verdict


class State(str, Enum):
    EXPLICIT = "explicit"  # set in the input
    DEFAULT = "default"  # not set; the documented AWS (or provider) default applies
    ABSENT = "absent"  # not set and there is no default (e.g. no subnet)
    UNKNOWN = "unknown"  # could not be resolved; ``reason`` says why
    BRANCHED = "branched"  # differs by branch of an undecided condition


@dataclass(slots=True, frozen=True)
class Origin:
    """Where a value came from: file and line for IaC, ARN and API call for live."""

    source: str
    file: str | None = None
    line: int | None = None
    arn: str | None = None
    api: str | None = None

    def where(self) -> str:
        if self.file:
            return f"{self.file}:{self.line}" if self.line else self.file
        if self.arn:
            return f"{self.arn} ({self.api})" if self.api else self.arn
        return self.source


class Value:
    """One resolved attribute. ``value`` is None unless the state is EXPLICIT or DEFAULT.

    ``line`` is where the value (or, when absent, its enclosing object) was written;
    ``base`` is the resource-wide origin (file or ARN), shared by all its values.
    """

    __slots__ = ("value", "state", "base", "line", "path", "reason", "default_by", "branches", "expr", "partial")

    def __init__(
        self,
        value: Any,
        state: State,
        base: Origin,
        path: str,
        *,
        line: int | None = None,
        reason: str | None = None,
        default_by: str | None = None,
        branches: list[tuple[str, "Value"]] | None = None,
        expr: str | None = None,
        partial: Any = None,
    ):
        self.value = value
        self.state = state
        self.base = base
        self.line = line if line is not None else base.line
        self.path = path
        self.reason = reason
        self.default_by = default_by
        self.branches = branches
        self.expr = expr
        self.partial = partial  # an unknown value's known structure, if any (see props.Unknown)

    @property
    def origin(self) -> Origin:
        base = self.base
        if self.line == base.line:
            return base
        return Origin(base.source, base.file, self.line, base.arn, base.api)

    # -- state -------------------------------------------------------------------
    @property
    def is_known(self) -> bool:
        return self.state in (State.EXPLICIT, State.DEFAULT, State.ABSENT)

    @property
    def is_unknown(self) -> bool:
        return self.state is State.UNKNOWN

    @property
    def is_set(self) -> bool:
        return self.state is State.EXPLICIT

    @property
    def is_absent(self) -> bool:
        """Not set in the input (whether or not a default applies)."""
        return self.state in (State.DEFAULT, State.ABSENT)

    def __repr__(self) -> str:
        return f"Value({self.value!r}, {self.state.value}, {self.path})"

    # -- rendering ---------------------------------------------------------------
    def describe(self) -> str:
        """The value with how it was obtained, for messages."""
        if self.state is State.EXPLICIT:
            return render_scalar(self.value)
        if self.state is State.DEFAULT:
            return f"{render_scalar(self.value)} (not set; {self.default_by or 'AWS'} default)"
        if self.state is State.ABSENT:
            return "not set"
        if self.state is State.UNKNOWN:
            return f"unknown ({self.reason})"
        return "one of " + "; ".join(f"{b.describe()} when {label}" for label, b in self.branches or [])

    def evidence(self) -> dict[str, Any]:
        ev: dict[str, Any] = {"path": self.path, "state": self.state.value}
        if self.state in (State.EXPLICIT, State.DEFAULT):
            ev["value"] = jsonable(self.value)
        if self.default_by:
            ev["default_by"] = self.default_by
        if self.reason:
            ev["reason"] = self.reason
        if self.expr:
            ev["expression"] = self.expr
        if self.line:
            ev["line"] = self.line
        if self.branches:
            ev["branches"] = [{"when": label, **b.evidence()} for label, b in self.branches]
        return ev

    # -- verdicts ----------------------------------------------------------------
    def unknown_verdict(self, what: str | None = None) -> Verdict:
        return Verdict(
            Status.UNKNOWN,
            f"{what or self.path} cannot be resolved: {self.reason}",
            reason=self.reason,
            evidence=self.evidence(),
            line=self.line,
        )

    def judge(self, decide: Callable[["Value"], Verdict]) -> Verdict:
        """Apply ``decide`` to a known value; UNKNOWN for unknown values; per branch for
        branched ones (equal verdicts merge, different ones give UNKNOWN)."""
        if self.state is State.UNKNOWN:
            return self.unknown_verdict()
        if self.state is State.BRANCHED:
            return merge_branches([(label, b.judge(decide)) for label, b in self.branches or []])
        return decide(self)

    def fail_if(self, bad: Callable[[Any], bool], message: str, pass_message: str | None = None) -> Verdict:
        """FAIL when ``bad(value)`` holds, else PASS. Messages may use {path} and {value}."""

        def decide(v: Value) -> Verdict:
            failed = bool(bad(v.value))
            template = message if failed or pass_message is None else pass_message
            text = template.format(path=v.path, value=v.describe())
            return Verdict(Status.FAIL if failed else Status.PASS, text, evidence=v.evidence(), line=v.line)

        return self.judge(decide)


def merge_branches(outcomes: list[tuple[str, Verdict]]) -> Verdict:
    """Combine the verdicts of the branches of an undecided condition."""
    statuses = {v.status for _, v in outcomes}
    first = outcomes[0][1]
    if len(statuses) == 1:
        labels = " and ".join(label for label, _ in outcomes)
        return Verdict(first.status, f"{first.message} (in every branch: {labels})",
                       reason=first.reason, evidence=first.evidence, line=first.line)
    detail = "; ".join(f"when {label}: {v.status.value.upper()} ({v.message})" for label, v in outcomes)
    return Verdict(
        Status.UNKNOWN,
        f"the outcome depends on an undecided condition: {detail}",
        reason="depends-on-condition",
        evidence={"branches": [{"when": label, "status": v.status.value, "message": v.message} for label, v in outcomes]},
        line=first.line,
    )


def render_scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(render_scalar(v) for v in value) + "]"
    return str(value)


def jsonable(value: Any) -> Any:
    """Plain JSON data for evidence (references and models become strings)."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)
