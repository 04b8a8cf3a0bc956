"""One plain value out of a Value, for rules that combine several values at once.

``Value.judge`` handles one attribute; rules that weigh many (the entries of a network
ACL, the flags of two public access blocks) need each as a plain value or a reason why
there is none. A value that differs by branch of an undecided condition is settled when
every branch agrees, and unknown otherwise.
"""

from __future__ import annotations

from typing import Any

from mlsec.model.values import State, Value


def settle(value: Value) -> tuple[Any, str | None]:
    """``(value, None)`` when known (``None`` when absent without a default), else
    ``(None, why not)``."""
    if value.state in (State.EXPLICIT, State.DEFAULT, State.ABSENT):
        return value.value, None
    if value.state is State.UNKNOWN:
        return None, f"{value.path} is unresolved ({value.reason})"
    outcomes = [settle(branch) for _, branch in value.branches or []]
    known = [v for v, why in outcomes if why is None]
    if outcomes and len(known) == len(outcomes) and all(v == known[0] for v in known):
        return known[0], None
    return None, f"{value.path} depends on an undecided condition ({value.describe()})"
