"""What CloudTrail trails record: management events, and data events for one bucket or
one SageMaker endpoint.

The trails that cover a unit are its own; live, also the multi-region and organization
trails homed elsewhere that the region's trail list names (each is described in its
home region, so the one description serves every region it covers).

A trail with neither basic nor advanced selectors logs all management events, read and
write, and no data events. Basic selectors name data resources by ARN prefix (S3 objects
only, here); advanced selectors are conjunctions of field conditions, and a data event is
logged when some selector matches it. Each question is answered for reads and for writes
separately: True (recorded), False (not), or None (cannot be told), with reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from mlsec.model.graph import Graph
from mlsec.model.kinds.monitoring import AdvancedEventSelector, Trail, TrailList
from mlsec.model.kinds.sagemaker import Endpoint
from mlsec.model.kinds.storage import Bucket
from mlsec.model.props import Ref, RefStr, Unknown
from mlsec.model.s3 import literal_name, normalize_resource
from mlsec.model.settled import settle
from mlsec.model.values import State

S3_OBJECT = "AWS::S3::Object"
SAGEMAKER_ENDPOINT = "AWS::SageMaker::Endpoint"
_ACCESS = {"All": (True, True), "ReadOnly": (True, False), "WriteOnly": (False, True)}


@dataclass(slots=True)
class Recording:
    """Whether reads and writes are recorded, by which trails, and what stayed undecided.
    ``listed``: every trail that covers the unit is known (live, from its trail list)."""

    read: list[str] = field(default_factory=list)
    write: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)
    listed: bool = False

    def add(self, reads: bool, writes: bool, by: str) -> None:
        if reads:
            self.read.append(by)
        if writes:
            self.write.append(by)


def covering_trails(graph: Graph, unit: str) -> tuple[list[Trail], list[str], bool]:
    """The trails that record a unit's events: its own, and live, those its trail list
    names that are homed in another region (multi-region trails) or account
    (organization trails), found where they were described. Also what stayed undecided,
    and whether the unit's trail list is known (then no other trail covers it)."""
    trails = list(graph.of(Trail, unit))
    undecided: list[str] = []
    listed = False
    for listing in graph.of(TrailList, unit):
        entries, why = settle(listing.trails)
        if why:
            undecided.append(f"the trails of the region cannot be listed ({why})")
            continue
        listed = True
        own = {t.arn for t in trails}
        for entry in entries or []:
            arn, _ = settle(entry.trail_arn)
            if arn in own:
                continue
            home = settle(entry.home_region)[0] or "another region"
            found = [t for t in graph.of(Trail) if t.arn == arn and t.account == listing.account]
            if found:
                trails.append(found[0])
            else:
                undecided.append(f"{arn}, homed in {home}, covers this region but was not described: its home region "
                                 "or account is outside the scan")
    return trails, undecided, listed


def logging_trails(graph: Graph, unit: str) -> tuple[list[Trail], list[str], bool]:
    """The trails covering the unit that are logging, why others may or may not be, and
    whether the unit's trail list is known."""
    candidates, undecided, listed = covering_trails(graph, unit)
    trails = []
    for trail in candidates:
        logging, why = settle(trail.is_logging)
        if why or logging is None:
            why = why or f"{trail.is_logging.path} is not set"
            undecided.append(f"whether {trail.id} is logging is unknown ({why})")
        elif logging:
            trails.append(trail)
    return trails, undecided, listed


def recorded(graph: Graph, unit: str, question: Callable[[Trail], Recording]) -> tuple[list[Trail], Recording]:
    """The unit's logging trails, and what they record together: ``question`` asks one
    trail (``management_events``, or ``data_events`` for one resource)."""
    trails, undecided, listed = logging_trails(graph, unit)
    total = Recording(undecided=list(undecided), listed=listed)
    for trail in trails:
        found = question(trail)
        total.read += found.read
        total.write += found.write
        total.undecided += found.undecided
    return trails, total


def _selectors(trail: Trail, out: Recording) -> tuple[list, list] | None:
    """(basic, advanced) selectors of the trail, or None (noted in ``out``) when unresolved."""
    advanced, why_advanced = settle(trail.advanced_event_selectors)
    basic, why_basic = settle(trail.event_selectors)
    if why_advanced or why_basic:
        out.undecided.append(f"the selectors of {trail.id} are unresolved ({why_advanced or why_basic})")
        return None
    return basic or [], advanced or []


def management_events(trail: Trail) -> Recording:
    """The management events ``trail`` records."""
    out = Recording()
    selectors = _selectors(trail, out)
    if selectors is None:
        return out
    basic, advanced = selectors
    if not advanced and not basic:
        out.add(True, True, f"{trail.id} (no selectors: all management events)")
        return out
    for selector in basic or []:
        include, why = settle(selector.include_management_events)
        access, why_access = settle(selector.read_write_type)
        if why or why_access:
            out.undecided.append(f"a selector of {trail.id} is unresolved ({why or why_access})")
        elif include and access in _ACCESS:
            out.add(*_ACCESS[access], f"{trail.id} (basic selector, {access})")
    for selector in advanced or []:
        fields = _fields(selector)
        if fields is None:
            out.undecided.append(f"an advanced selector of {trail.id} is unresolved")
            continue
        category = _equals(fields, "eventcategory")
        if category is None or "Management" not in category:
            continue
        reads, writes = _read_only(fields)
        out.add(reads, writes, f"{trail.id} (advanced selector {_name(selector)})")
    return out


def data_events(trail: Trail, resource_type: str, matches: "ArnTest") -> Recording:
    """The data events of ``resource_type`` that ``trail`` records for one resource.
    ``matches`` says how an ARN pattern relates to that resource."""
    out = Recording()
    selectors = _selectors(trail, out)
    if selectors is None:
        return out
    basic, advanced = selectors
    for selector in basic or []:
        access, why = settle(selector.read_write_type)
        resources, why_resources = settle(selector.data_resources)
        if why or why_resources:
            out.undecided.append(f"a selector of {trail.id} is unresolved ({why or why_resources})")
            continue
        for resource in resources or []:
            rtype, why = settle(resource.type)
            values, why_values = settle(resource.values)
            if why or why_values:
                out.undecided.append(f"a data resource of {trail.id} is unresolved ({why or why_values})")
                continue
            if rtype != resource_type:
                continue
            covered = _any(matches.covers(v) for v in values or [])
            by = f"{trail.id} (basic selector, {access})"
            if covered is None:
                out.undecided.append(f"{by} names ARNs that cannot be compared with this resource")
            elif covered and access in _ACCESS:
                out.add(*_ACCESS[access], by)
    for selector in advanced or []:
        _advanced_data(trail, selector, resource_type, matches, out)
    return out


def _advanced_data(trail: Trail, selector: AdvancedEventSelector, resource_type: str, matches: "ArnTest",
                   out: Recording) -> None:
    by = f"{trail.id} (advanced selector {_name(selector)})"
    fields = _fields(selector)
    if fields is None:
        out.undecided.append(f"{by} is unresolved")
        return
    if "Data" not in (_equals(fields, "eventcategory") or []):
        return
    if resource_type not in (_equals(fields, "resources.type") or []):
        return
    arn = fields.get("resources.arn")
    if arn is not None:
        covered = _arn_condition(arn, matches)
        if covered is None:
            out.undecided.append(f"{by} has a resources.ARN condition that cannot be compared with this resource")
            return
        if not covered:
            return
    out.add(*_read_only(fields), by)


# -- ARN patterns against one resource -----------------------------------------------------

class ArnTest(Protocol):
    """How ARN patterns relate to one resource. ``covers``: the pattern, read as a prefix,
    takes in all of the resource; ``touches``: the pattern names the resource or part of
    it (so excluding it leaves a gap); ``is_exactly``: the pattern is the resource's ARN.
    Each answers None when the pattern or the resource's name is unresolved."""

    def covers(self, pattern: Any) -> bool | None: ...

    def touches(self, pattern: Any) -> bool | None: ...

    def is_exactly(self, pattern: Any) -> bool | None: ...


class BucketObjects:
    """Every object of one bucket (``arn:aws:s3:::B/…``)."""

    def __init__(self, bucket: Bucket):
        self.bucket = bucket
        name = literal_name(bucket)
        self.targets = ["arn:aws:s3:::\x00bucket\x00/"] + ([f"arn:aws:s3:::{name}/"] if name else [])
        self.name_unknown = bucket.name.state in (State.UNKNOWN, State.BRANCHED)

    def _pattern(self, pattern: Any) -> str | None:
        if isinstance(pattern, Unknown):
            return None
        text = normalize_resource(self.bucket, pattern)
        return "" if text is None else text  # a reference to something else names no object here

    def covers(self, pattern: Any) -> bool | None:
        text = self._pattern(pattern)
        if text is None:
            return None
        if not text:
            return False
        if any(t.startswith(text) for t in self.targets):
            return True
        return None if self._undecidable(text) else False

    def touches(self, pattern: Any) -> bool | None:
        text = self._pattern(pattern)
        if text is None:
            return None
        if not text:
            return False
        if any(t.startswith(text) or text.startswith(t) for t in self.targets):
            return True
        return None if self._undecidable(text) else False

    def is_exactly(self, pattern: Any) -> bool | None:
        return False  # an object ARN names one object, never the whole bucket

    def _undecidable(self, text: str) -> bool:
        """A pattern that names some bucket, when this bucket's name is unresolved."""
        return self.name_unknown and text.startswith("arn:") and "${" not in text


class EndpointArn:
    """One SageMaker endpoint (``arn:aws:sagemaker:<region>:<account>:endpoint/<name>``,
    the name in lower case). Region and account are taken to be the scan's own."""

    def __init__(self, endpoint: Endpoint):
        name, why = settle(endpoint.name)
        self.name = str(name).lower() if name is not None and why is None and not _has_refs(name) else None

    @staticmethod
    def _part(pattern: Any) -> tuple[str, str]:
        """("unresolved" | "other" | "every" | "named", the endpoint-name part).
        Placeholders for the partition, region or account are the scan's own."""
        if isinstance(pattern, (Unknown, Ref)):
            return "unresolved", ""
        text = str(pattern).lower()
        if ":endpoint/" in text:
            tail = text.split(":endpoint/", 1)[1]
            return ("unresolved", "") if "${" in tail else ("named", tail)
        plain = re.sub(r"\$\{[^}]*\}", "x", text)
        if "arn:aws:sagemaker:".startswith(plain) or re.match(r"^arn:[^:]*:sagemaker(:|$)", plain):
            return "every", ""
        return "other", ""

    def _compare(self, pattern: Any, same: Callable[[str, str], bool], every: bool) -> bool | None:
        kind, part = self._part(pattern)
        if kind == "unresolved":
            return None
        if kind == "every":
            return every
        if kind == "other":
            return False
        return None if self.name is None else same(self.name, part)

    def covers(self, pattern: Any) -> bool | None:
        return self._compare(pattern, str.startswith, every=True)

    def touches(self, pattern: Any) -> bool | None:
        return self._compare(pattern, str.startswith, every=True)

    def is_exactly(self, pattern: Any) -> bool | None:
        return self._compare(pattern, str.__eq__, every=False)


def _arn_condition(selector: Any, matches: ArnTest) -> bool | None:
    """Whether a resources.ARN field condition takes in the whole resource."""
    checks: list[bool | None] = []
    for attr, test, positive in (("starts_with", matches.covers, True), ("equals", matches.is_exactly, True),
                                 ("ends_with", lambda p: False, True),
                                 ("not_starts_with", matches.touches, False),
                                 ("not_equals", matches.touches, False), ("not_ends_with", matches.touches, False)):
        values, why = settle(getattr(selector, attr))
        if why:
            return None
        if not values:
            continue
        hit = _any(test(v) for v in values)
        checks.append(hit if positive else (None if hit is None else not hit))
    if not checks:
        return True
    if any(c is False for c in checks):
        return False
    return None if any(c is None for c in checks) else True


# -- field conditions ------------------------------------------------------------------------

def _fields(selector: AdvancedEventSelector) -> dict[str, Any] | None:
    items, why = settle(selector.field_selectors)
    if why:
        return None
    out = {}
    for item in items or []:
        name, why = settle(item.field)
        if why or name is None:
            return None
        out[str(name).lower()] = item
    return out


def _equals(fields: dict[str, Any], name: str) -> list[str] | None:
    item = fields.get(name)
    if item is None:
        return None
    values, why = settle(item.equals)
    return None if why else [str(v) for v in values or []]


def _read_only(fields: dict[str, Any]) -> tuple[bool, bool]:
    """(reads, writes) an advanced selector takes in, from its readOnly condition."""
    item = fields.get("readonly")
    if item is None:
        return True, True
    for attr, keep in (("equals", True), ("not_equals", False)):
        values, why = settle(getattr(item, attr))
        if why or not values:
            continue
        wanted = {str(v).lower() == "true" for v in values}
        if not keep:
            wanted = {True, False} - wanted
        return True in wanted, False in wanted
    return True, True


def _name(selector: AdvancedEventSelector) -> str:
    name, why = settle(selector.name)
    return repr(name) if name and not why else "(unnamed)"


def _any(results: Any) -> bool | None:
    seen_unknown = False
    for r in results:
        if r is True:
            return True
        if r is None:
            seen_unknown = True
    return None if seen_unknown else False


def _has_refs(value: Any) -> bool:
    return isinstance(value, RefStr) and bool(value.refs)
