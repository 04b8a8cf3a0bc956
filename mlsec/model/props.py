"""The property tree a source hands to the model builder.

Sources (CloudFormation, Terraform, plan JSON, live AWS) evaluate what they can and
produce plain Python data made of these pieces:

* ``Props`` -- a dict that remembers the line of each key (and its own line);
* ``Items`` -- a list that remembers its line;
* ``Ref`` -- a reference to another resource of the same unit (``!GetAtt Key.Arn``,
  ``aws_kms_key.k.arn``), kept symbolic so the resource graph can follow it;
* ``RefStr`` -- a string built from text and references (``!Sub``, HCL templates);
* ``Unknown`` -- a value the source could not resolve, with a human reason;
* ``Branches`` -- a value that depends on a condition the source could not decide
  (CloudFormation ``Fn::If`` on an open condition): one value per branch;
* ``NO_VALUE`` -- "absent" inside a branch (``AWS::NoValue``). Sources drop keys whose
  value is ``NO_VALUE`` everywhere else.

Nothing here knows about AWS resource kinds; the model builder maps trees to classes.
"""

from __future__ import annotations

from typing import Any


class Props(dict):
    """A mapping with the source line of itself and of each of its keys."""

    __slots__ = ("line", "key_lines")

    def __init__(self, *args: Any, line: int | None = None, key_lines: dict | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self.line = line
        self.key_lines = key_lines if key_lines is not None else {}

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key, self.line)


class Items(list):
    """A list with the source line where it starts."""

    __slots__ = ("line",)

    def __init__(self, *args: Any, line: int | None = None):
        super().__init__(*args)
        self.line = line


class Ref:
    """A reference to resource ``target`` (logical id or address), attribute ``attr``.

    ``attr`` is None for CloudFormation ``Ref`` (which returns the resource's primary
    identifier); ``expr`` is the expression as written, for messages.
    """

    __slots__ = ("target", "attr", "expr")

    def __init__(self, target: str, attr: str | None = None, expr: str | None = None):
        self.target = target
        self.attr = attr
        self.expr = expr

    def __repr__(self) -> str:
        return f"Ref({self.target!r}, {self.attr!r})"

    def __str__(self) -> str:
        return self.expr or (f"{self.target}.{self.attr}" if self.attr else self.target)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ref) and (self.target, self.attr) == (other.target, other.attr)

    def __hash__(self) -> int:
        return hash((self.target, self.attr))


class RefStr(str):
    """A string assembled from literal text and references, e.g. ``!Sub "${Key.Arn}"``.

    It compares and prints as its text, in which every reference appears as
    ``${target.attr}``; ``refs`` keeps the references themselves.
    """

    refs: tuple

    def __new__(cls, text: str, refs: tuple | list = ()):  # noqa: D102
        obj = super().__new__(cls, text)
        obj.refs = tuple(refs)
        return obj


class Unknown:
    """A value that could not be resolved. ``reason`` is a sentence for the user.

    ``partial`` optionally keeps the structure the value was being built from, with the
    unresolved parts as Unknown leaves -- e.g. the object given to Terraform's
    ``jsonencode``, whose JSON text is unknown when one leaf is. Consumers that read
    documents part by part (job definitions inside a state machine) may use it; anything
    that needs the whole value treats it as unknown.
    """

    __slots__ = ("reason", "expr", "partial")

    def __init__(self, reason: str, expr: str | None = None, partial: Any = None):
        self.reason = reason
        self.expr = expr
        self.partial = partial

    def __repr__(self) -> str:
        return f"Unknown({self.reason!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unknown) and self.reason == other.reason

    def __hash__(self) -> int:
        return hash(self.reason)


class Branches:
    """A value that differs by branch of an undecided condition.

    ``options`` is a list of ``(label, value)``; a label reads like
    ``"condition UseKms is true"`` and a value may be ``NO_VALUE``.
    """

    __slots__ = ("options",)

    def __init__(self, options: list[tuple[str, Any]]):
        self.options = options

    def __repr__(self) -> str:
        return f"Branches({self.options!r})"


class _NoValue:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_VALUE"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NO_VALUE"  # unpickles as the module's singleton (worker processes)


NO_VALUE = _NoValue()
