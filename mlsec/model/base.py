"""Base classes of the resource model."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from mlsec.model.props import Props, Unknown
from mlsec.model.values import Value


_CONTEXT = "__mlsec_context__"


def location_of(file: str | None, line: int | None, arn: str | None, resource_id: str) -> str:
    """Where a resource is, for messages: ``file:line`` for IaC, its ARN (or id) for live."""
    if file:
        return f"{file}:{line}" if line else file
    return arn or resource_id


def _lazy_value(obj: Any, name: str) -> Any:
    """Attribute values are resolved from the property tree on first read, then cached:
    most rules read two or three attributes of a resource, not all of them."""
    d = obj.__dict__
    context = d.get(_CONTEXT)
    if context is not None:
        from mlsec.model.builder import resolve_named

        value = resolve_named(type(obj), name, context)
        if value is not None:
            d[name] = value
            return value
    raise AttributeError(f"{type(obj).__name__!r} object has no attribute {name!r}")


class Component(BaseModel):
    """A structured part of a resource (a production variant, an ingress rule)."""

    model_config = ConfigDict(arbitrary_types_allowed=True, defer_build=True)

    line: int | None = None
    props: Any = None

    def __getattr__(self, name: str) -> Any:
        return _lazy_value(self, name)


class Resource(BaseModel):
    """One AWS resource, whatever source described it.

    ``kind`` is the CloudFormation type name, used for every source so findings read
    the same. ``native_types`` lists the type names each source uses for it.
    ``identifiers`` names the attributes other resources use to refer to this one
    (name, ARN): the resource graph indexes them.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, defer_build=True)

    kind: ClassVar[str] = ""
    native_types: ClassVar[dict[str, tuple[str, ...]]] = {}
    identifiers: ClassVar[tuple[str, ...]] = ()

    id: str
    source: str
    native_type: str
    unit: str
    file: str | None = None
    line: int | None = None
    region: str | None = None
    account: str | None = None
    arn: str | None = None
    condition: Unknown | None = None
    props: Props | None = None
    metadata: dict[str, Any] = {}

    @property
    def label(self) -> str:
        return self.id

    def location(self) -> str:
        return location_of(self.file, self.line, self.arn, self.id)

    def __hash__(self) -> int:
        return hash((self.unit, self.id, self.native_type))

    def __eq__(self, other: object) -> bool:
        return self is other

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"

    def __getattr__(self, name: str) -> Any:
        return _lazy_value(self, name)

    def carried(self) -> list["Resource"]:
        """Resources described inside this one (the job documents of a state machine or a
        pipeline); the graph adds them beside it."""
        return []

    def release(self) -> None:
        """Drop the property tree once rules have run (values read so far stay)."""
        d = self.__dict__
        d.pop(_CONTEXT, None)
        d["props"] = None

    def values(self) -> dict[str, Value]:
        from mlsec.model.builder import attributes_of

        return {name: getattr(self, name) for name, _ in attributes_of(type(self))}
