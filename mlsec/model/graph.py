"""The resource graph: every resource of a scan, indexed so references can be followed.

References come in three shapes: a symbolic ``Ref`` from a template or module
(``!Ref PrivateSubnet``, ``aws_kms_key.k.arn``), a ``RefStr`` that embeds one
(``!Sub "arn:...:key/${Key}"``), or a plain identifier (a name, an id such as
``subnet-0abc``, an ARN) that is matched against the identifiers resources declare.
Lookups stay inside one unit (a template, a Terraform root module, an account/region),
the scope in which cross-resource rules reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, TypeVar

from mlsec.model.base import Resource
from mlsec.model.props import Ref, RefStr, Unknown
from mlsec.model.values import State, Value

R = TypeVar("R", bound=Resource)


@dataclass(slots=True)
class Resolution:
    """Where a reference leads. ``status``: found | outside | unknown | absent."""

    status: str
    resource: Resource | None = None
    reason: str | None = None
    attr: str | None = None

    @property
    def found(self) -> bool:
        return self.status == "found"


class Graph:
    def __init__(self, resources: Iterable[Resource]):
        self.resources: list[Resource] = list(resources)
        for res in list(self.resources):
            if type(res).carried is not Resource.carried:
                self.resources.extend(res.carried())
        self._by_id: dict[tuple[str, str], Resource] = {}
        self._by_type: dict[type, list[Resource]] = defaultdict(list)
        self._by_unit_type: dict[tuple[str, type], list[Resource]] = defaultdict(list)
        self._ident_index: dict[tuple[str, str], list[Resource]] | None = None
        for res in self.resources:
            self._by_id[(res.unit, res.id)] = res
            for cls in type(res).__mro__:
                if cls is Resource:
                    break
                self._by_type[cls].append(res)
                self._by_unit_type[(res.unit, cls)].append(res)

    @property
    def _by_ident(self) -> dict[tuple[str, str], list[Resource]]:
        """Names, ids and ARNs, indexed on the first lookup by identifier (reading them
        resolves attribute values, which most scans never need)."""
        if self._ident_index is None:
            index: dict[tuple[str, str], list[Resource]] = defaultdict(list)
            for res in self.resources:
                for ident in _identifiers(res):
                    index[(res.unit, ident)].append(res)
            self._ident_index = index
        return self._ident_index

    # -- lookups -----------------------------------------------------------------
    def of(self, cls: type[R], unit: str | None = None) -> list[R]:
        if unit is None:
            return self._by_type.get(cls, [])  # type: ignore[return-value]
        return self._by_unit_type.get((unit, cls), [])  # type: ignore[return-value]

    def get(self, unit: str, resource_id: str) -> Resource | None:
        return self._by_id.get((unit, resource_id))

    def follow(self, origin: Resource, ref: Any, kinds: tuple[type, ...] | type | None = None) -> Resolution:
        """Resolve ``ref`` (a Value or a raw reference) from ``origin``'s unit."""
        if isinstance(kinds, type):
            kinds = (kinds,)
        if isinstance(ref, Value):
            if ref.state is State.UNKNOWN:
                return Resolution("unknown", reason=ref.reason)
            if ref.state is State.BRANCHED:
                return Resolution("unknown", reason=f"{ref.path} depends on an undecided condition")
            if ref.value is None:
                return Resolution("absent")
            ref = ref.value
        if isinstance(ref, Unknown):
            return Resolution("unknown", reason=ref.reason)
        if isinstance(ref, RefStr) and ref.refs:
            targets = [r for r in ref.refs if not r.target.startswith(("AWS::", "Fn::", "data.", "var.", "local."))]
            if len(targets) == 1:
                return self._follow_ref(origin, targets[0], kinds)
        if isinstance(ref, Ref):
            return self._follow_ref(origin, ref, kinds)
        if isinstance(ref, str):
            return self._follow_ident(origin, ref, kinds)
        return Resolution("unknown", reason=f"{ref!r} is not a reference")

    def _follow_ref(self, origin: Resource, ref: Ref, kinds: tuple[type, ...] | None) -> Resolution:
        target = self._by_id.get((origin.unit, ref.target))
        if target is None:
            # a reference to a resource with count/for_each: take the first instance
            prefix = ref.target + "["
            for (unit, rid), res in self._by_id.items():
                if unit == origin.unit and rid.startswith(prefix):
                    target = res
                    break
        if target is None:
            return Resolution("outside", reason=f"{ref} does not name a resource in the scanned {_scope(origin)}")
        if kinds and not isinstance(target, kinds):
            return Resolution("outside", resource=target, attr=ref.attr,
                              reason=f"{ref} is a {target.kind or target.native_type}, not a "
                                     f"{' or '.join(k.kind for k in kinds)}")
        return Resolution("found", resource=target, attr=ref.attr)

    def _follow_ident(self, origin: Resource, ident: str, kinds: tuple[type, ...] | None) -> Resolution:
        candidates = self._by_ident.get((origin.unit, ident)) or self._by_ident.get((origin.unit, _arn_tail(ident)))
        for res in candidates or ():
            if not kinds or isinstance(res, kinds):
                return Resolution("found", resource=res)
        return Resolution("outside", reason=f"{ident} is not defined in the scanned {_scope(origin)}")

    def referrers(self, target: Resource, cls: type[R], attr: str) -> list[R]:
        """Resources of ``cls`` whose attribute ``attr`` (a Value, or a list in it) leads to ``target``."""
        out = []
        for res in self.of(cls, target.unit):
            value = getattr(res, attr)
            refs = value.value if value.is_set and isinstance(value.value, list) else [value]
            if any(self.follow(res, r, type(target)).resource is target for r in refs):
                out.append(res)
        return out


def _identifiers(res: Resource) -> list[str]:
    out = []
    if res.arn:
        out.append(res.arn)
    for name in res.identifiers:
        value = getattr(res, name, None)
        if isinstance(value, Value) and value.is_set and isinstance(value.value, str) and not isinstance(
                value.value, RefStr):
            out.append(value.value)
    return out


def _arn_tail(ident: str) -> str:
    if ident.startswith("arn:"):
        tail = ident.rsplit(":", 1)[-1]
        return tail.rsplit("/", 1)[-1]
    return ident


def _scope(origin: Resource) -> str:
    return {"cloudformation": "template", "terraform": "module", "terraform-plan": "plan"}.get(
        origin.source, "account and region")
