"""Availability Zones of subnets, as far as a template or module can tell.

A zone is written as a name (``us-east-1a``), an id (``use1-az1``), or in CloudFormation
as ``!Select [i, !GetAZs ""]`` (rendered ``${Fn::GetAZs[i]}``): the i-th zone of the
region, so different indices are different zones. Values of different kinds cannot be
compared with each other (``us-east-1a`` may or may not be the 0th zone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mlsec.model.kinds.network import Subnet
from mlsec.model.props import RefStr
from mlsec.model.values import State

_GETAZS = re.compile(r"^\$\{Fn::GetAZs\[(\d+)\]\}$")


@dataclass(frozen=True, slots=True)
class Zone:
    space: str  # name | id | index
    key: str

    def __str__(self) -> str:
        return f"GetAZs[{self.key}]" if self.space == "index" else self.key


def subnet_zone(subnet: Subnet) -> Zone | str:
    """The subnet's zone, or a sentence saying why it cannot be told."""
    for value, space in ((subnet.availability_zone, "name"), (subnet.availability_zone_id, "id")):
        if value.state is State.EXPLICIT and isinstance(value.value, str):
            text = str(value.value)
            match = _GETAZS.match(text)
            if match:
                return Zone("index", match.group(1))
            if isinstance(value.value, RefStr) and value.value.refs:
                return f"{value.path} of {subnet.id} is {text}, known only at deploy time"
            return Zone(space, text)
        if value.is_unknown or value.state is State.BRANCHED:
            return f"{value.path} of {subnet.id} is {value.describe()}"
    return f"{subnet.id} sets no AvailabilityZone: AWS picks one at creation"


def distinct_zones(zones: list[Zone]) -> int:
    """How many zones are certainly different: the most within one kind of value."""
    by_space: dict[str, set[str]] = {}
    for zone in zones:
        by_space.setdefault(zone.space, set()).add(zone.key)
    return max((len(keys) for keys in by_space.values()), default=0)
