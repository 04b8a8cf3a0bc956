"""A resource read as one of the components it is a standalone form of.

Some resources carry, at their top level, exactly what another resource nests: a
``AWS::EC2::SecurityGroupIngress`` is one inline ``SecurityGroupIngress`` entry, a
``aws_s3_bucket_public_access_block`` is CloudFormation's ``PublicAccessBlockConfiguration``.
Declaring the component once and reading the standalone resource through it keeps the
two forms on the same attribute declarations, so they cannot drift.
"""

from __future__ import annotations

from typing import TypeVar

from mlsec.model.base import Component, Resource
from mlsec.model.builder import build_component
from mlsec.model.props import Props
from mlsec.model.values import Origin

C = TypeVar("C", bound=Component)


def as_component(resource: Resource, cls: type[C]) -> C:
    """``resource``'s own properties read as ``cls``."""
    props = resource.props if isinstance(resource.props, dict) else Props(line=resource.line)
    base = Origin(resource.source, resource.file, resource.line, resource.arn)
    return build_component(cls, props, resource.source, base)
