"""Base classes of the resource model."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from mlsec.model.props import Props, Unknown
from mlsec.model.values import Value


class Component(BaseModel):
    """A structured part of a resource (a production variant, an ingress rule)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    line: int | None = None
    props: Any = None


class Resource(BaseModel):
    """One AWS resource, whatever source described it.

    ``kind`` is the CloudFormation type name, used for every source so findings read
    the same. ``native_types`` lists the type names each source uses for it.
    ``identifiers`` names the attributes other resources use to refer to this one
    (name, ARN): the resource graph indexes them.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

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
        if self.file:
            return f"{self.file}:{self.line}" if self.line else self.file
        return self.arn or self.id

    def __hash__(self) -> int:
        return hash((self.unit, self.id, self.native_type))

    def __eq__(self, other: object) -> bool:
        return self is other

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"

    def values(self) -> dict[str, Value]:
        return {k: v for k, v in self.__dict__.items() if isinstance(v, Value)}
