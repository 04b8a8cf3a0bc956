"""Declarations that tie a model attribute to its place in each source.

A model class declares each attribute once, with its CloudFormation property path,
Terraform argument path, live API field path and the AWS default, e.g.::

    direct_internet_access: Annotated[Value, Attr(
        cfn="DirectInternetAccess", tf="direct_internet_access", default="Enabled")]

Paths are dotted; a Terraform block (always a list) is entered through its first
element. A path may be a tuple of alternatives tried in order (first one present wins).
``tf_default`` is the Terraform provider's default where it differs from AWS's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MISSING: Any = type("MissingDefault", (), {"__repr__": lambda self: "MISSING"})()

Path = str | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Attr:
    cfn: Path = None
    tf: Path = None
    api: Path = None  # defaults to the CloudFormation path
    default: Any = MISSING
    tf_default: Any = MISSING
    kind: str = "any"  # any | str | bool | int | list | dict
    doc: str = ""

    def paths(self, source: str) -> tuple[str, ...]:
        if source in ("terraform", "terraform-plan"):
            p = self.tf
        elif source == "aws":
            p = self.api if self.api is not None else self.cfn
        else:
            p = self.cfn
        if p is None:
            return ()
        return (p,) if isinstance(p, str) else tuple(p)

    def default_for(self, source: str) -> tuple[Any, str | None]:
        """The default that applies when the attribute is absent, and who sets it."""
        if source in ("terraform", "terraform-plan") and self.tf_default is not MISSING:
            return self.tf_default, "Terraform provider"
        if self.default is not MISSING:
            return self.default, "AWS"
        return MISSING, None


@dataclass(frozen=True, slots=True)
class Nested(Attr):
    """A list of sub-objects (e.g. production variants), each built as ``model``."""

    model: Any = None
