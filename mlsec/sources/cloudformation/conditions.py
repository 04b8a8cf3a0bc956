"""The Conditions section, evaluated three-valued: True, False, or Open.

A condition is Open when it hangs on something known only at deploy time (a parameter
without a value, the region when none was given, an imported value). Open carries the
causes, so messages can say *which* input would decide it. And/Or/Not follow Kleene
logic: ``And`` with one False operand is False even if another is open.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mlsec.model.props import NO_VALUE, Branches, Ref, RefStr, Unknown
from mlsec.sources.cloudformation.intrinsics import Evaluator, intrinsic_parts
from mlsec.sources.cloudformation.loader import kind_of
from mlsec.sources.cloudformation.parameters import ParameterUnknown


class Open:
    """An undecided condition; ``causes`` name what would decide it."""

    __slots__ = ("causes",)

    def __init__(self, causes: tuple[str, ...]):
        self.causes = tuple(dict.fromkeys(causes))

    @property
    def reason(self) -> str:
        return "depends on " + " and ".join(self.causes)

    def __repr__(self) -> str:
        return f"Open({self.causes!r})"


State = Any  # True | False | Open


class Conditions:
    def __init__(self, evaluator: Evaluator, section: Node | None):
        self.evaluator = evaluator
        self.nodes: dict[str, Node] = {}
        if section is not None and section.__class__ is MappingNode:
            self.nodes = {k.value: v for k, v in section.value if k.__class__ is ScalarNode}
        self.states: dict[str, State] = {}
        self._evaluating: set[str] = set()

    @contextmanager
    def assuming(self, name: str) -> Iterator[None]:
        """Evaluate as if condition ``name`` held: inside a resource whose ``Condition`` is
        ``name``, an ``Fn::If`` on that same condition (or on one derived from it) can only
        take the branch that exists."""
        saved = self.states
        self.states = {k: v for k, v in saved.items() if not isinstance(v, Open)}
        self.states[name] = True
        try:
            yield
        finally:
            self.states = saved

    def state(self, name: str) -> State | None:
        """True, False or Open for a named condition; None if it is not defined."""
        known = self.states.get(name)
        if known is not None:
            return known
        node = self.nodes.get(name)
        if node is None:
            return None
        if name in self._evaluating:
            return Open((f"condition {name}, which refers back to itself",))
        self._evaluating.add(name)
        try:
            result = self.condition(node)
        finally:
            self._evaluating.discard(name)
        self.states[name] = result
        return result

    def condition(self, node: Node) -> State:
        parts = intrinsic_parts(node, conditions=True)
        if parts is None:
            value = self.evaluator.value(node)
            if value is True or value is False:
                return value
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            return Open((f"an entry that is not a condition function ({kind_of(node)})",))
        return self.expression(parts[0], parts[1])

    def expression(self, function: str, arg: Node) -> State:
        if function == "Condition":
            if arg.__class__ is not ScalarNode:
                return Open(("a Condition reference without a name",))
            name = arg.value
            state = self.state(name)
            return Open((f"condition {name}, which is not defined",)) if state is None else state
        operands = arg.value if arg.__class__ is SequenceNode else None
        if operands is None:
            return Open((f"{function} without a list of operands",))
        if function == "Fn::Equals":
            if len(operands) != 2:
                return Open(("Fn::Equals without exactly two operands",))
            return _equals(self.evaluator.value(operands[0]), self.evaluator.value(operands[1]))
        if function == "Fn::Not":
            if len(operands) != 1:
                return Open(("Fn::Not without exactly one operand",))
            inner = self.condition(operands[0])
            return inner if isinstance(inner, Open) else not inner
        if function in ("Fn::And", "Fn::Or"):
            return _combine(function, [self.condition(operand) for operand in operands])
        return Open((f"{function}, which is not a condition function",))


def _combine(function: str, states: list[State]) -> State:
    decisive = function == "Fn::Or"  # the operand value that settles the result
    if any(s is decisive for s in states):
        return decisive
    opens = [s for s in states if isinstance(s, Open)]
    if not opens:
        return not decisive
    return Open(tuple(cause for s in opens for cause in s.causes))


def _equals(left: Any, right: Any) -> State:
    causes = _unsettled(left) + _unsettled(right)
    if causes:
        return Open(tuple(causes))
    return _comparable(left) == _comparable(right)


def _unsettled(value: Any) -> list[str]:
    """What keeps ``value`` from being compared, as causes for a message."""
    if isinstance(value, ParameterUnknown):
        return [f"parameter {value.parameter} ({value.why})"]
    if isinstance(value, Unknown):
        return [f"a value that is not known ({value.reason})"]
    if value.__class__ is Branches:
        return ["a value chosen by an undecided Fn::If"]
    if value.__class__ is Ref:
        return [_ref_cause(value)]
    if value.__class__ is RefStr:
        return [_ref_cause(ref) for ref in value.refs]
    if isinstance(value, list):
        return [cause for item in value for cause in _unsettled(item)]
    if isinstance(value, dict):
        return [cause for item in value.values() for cause in _unsettled(item)]
    return []


def _ref_cause(ref: Ref) -> str:
    if ref.target.startswith("AWS::"):
        return f"{ref.target} (no value given)"
    if ref.target == "Fn::GetAZs":
        return "the region's Availability Zones (known at deploy time)"
    return f"resource {ref}"


def _comparable(value: Any) -> Any:
    """CloudFormation compares the JSON text of values: true == "true", 1 == "1"."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None or value is NO_VALUE:
        return ""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, list):
        return tuple(_comparable(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _comparable(v)) for k, v in value.items()))
    return str(value)
