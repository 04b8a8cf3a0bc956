"""Map a source's property tree onto a model class, attribute by attribute.

This is where "absent means the AWS default", "null and empty count as absent",
"unresolved stays unknown" and "a condition left open gives one value per branch" are
applied, once for every source.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from mlsec.model.base import _CONTEXT, Component, Resource
from mlsec.model.fields import MISSING, Attr, Nested
from mlsec.model.props import NO_VALUE, Branches, Items, Props, Ref, RefStr, Unknown
from mlsec.model.values import Origin, State, Value
from mlsec.sources.base import RawResource

_BLOCK_SOURCES = ("terraform", "terraform-plan")


@lru_cache(maxsize=None)
def attributes_of(cls: type) -> tuple[tuple[str, Attr], ...]:
    """The (field name, Attr) pairs a model class declares."""
    out = []
    for name, info in cls.model_fields.items():
        for meta in info.metadata:
            if isinstance(meta, Attr):
                out.append((name, meta))
                break
    return tuple(out)


class _Plan:
    """How to read one attribute from one source: its paths (pre-split) and default."""

    __slots__ = ("name", "spec", "paths", "display", "default", "default_by")

    def __init__(self, name: str, spec: Attr, source: str):
        self.name = name
        self.spec = spec
        self.paths = tuple((p, p.split(".")) for p in spec.paths(source))
        self.display = self.paths[0][0] if self.paths else name_of(spec, source)
        self.default, self.default_by = spec.default_for(source)


@lru_cache(maxsize=None)
def _plans(cls: type, source: str) -> dict[str, _Plan]:
    return {name: _Plan(name, spec, source) for name, spec in attributes_of(cls)}


def resolve_named(cls: type, name: str, context: tuple) -> Value | None:
    """Resolve attribute ``name`` of a model object from its saved context (lazy reads)."""
    props, source, base, line = context
    plan = _plans(cls, source).get(name)
    if plan is None:
        return None
    return _resolve(props, plan, source, base, line)


def _construct(cls: type, fields: dict[str, Any]) -> Any:
    """pydantic's model_construct without its per-call bookkeeping: every field is given."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", fields)
    object.__setattr__(obj, "__pydantic_fields_set__", set())
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def build_resource(cls: type[Resource], raw: RawResource, paths_from: str | None = None) -> Resource:
    """``paths_from`` names the source whose attribute paths to read, when the properties
    have another source's shape (a job document in API shape inside a Terraform state
    machine is read with the CloudFormation paths)."""
    props = raw.props if isinstance(raw.props, dict) else Props(line=raw.line)
    base = Origin(raw.source, raw.file, raw.line, raw.arn)
    fields: dict[str, Any] = {
        "id": raw.id,
        "source": raw.source,
        "native_type": raw.type,
        "unit": raw.unit,
        "file": raw.file,
        "line": raw.line,
        "region": raw.region,
        "account": raw.account,
        "arn": raw.arn,
        "condition": raw.condition,
        "props": props,
        "metadata": raw.metadata,
        _CONTEXT: (props, paths_from or raw.source, base, raw.line),
    }
    return _construct(cls, fields)


def resolve_attr(props: Any, spec: Attr, source: str, base: Origin) -> Value:
    return _resolve(props, _Plan("", spec, source), source, base, base.line)


def _resolve(props: Any, plan: _Plan, source: str, base: Origin, line: int | None) -> Value:
    if not plan.paths:
        return Value(None, State.ABSENT, base, plan.display, line=line, reason="not described by this source")
    first: Value | None = None
    for path, segments in plan.paths:
        value = _walk(props, segments, plan, source, base, path, line)
        if value.state is not State.ABSENT and value.state is not State.DEFAULT:
            return value
        first = first or value
    return first  # type: ignore[return-value]


def name_of(spec: Attr, source: str) -> str:
    paths = spec.paths(source) or spec.paths("cloudformation")
    return paths[0] if paths else "?"


def _walk(node: Any, segments: list[str], plan: _Plan, source: str, base: Origin, path: str,
          line: int | None) -> Value:
    for i, seg in enumerate(segments):
        if type(node) is Props:  # the common case first
            if seg not in node:
                return _absent(plan, base, path, node.line or line)
            line = node.key_lines.get(seg, node.line or line)
            node = node[seg]
            continue
        if isinstance(node, Branches):
            return _branched(node, segments[i:], plan, source, base, path, line)
        if isinstance(node, Unknown):
            return _unknown(node, base, path, line)
        if isinstance(node, list) and source in _BLOCK_SOURCES:
            node = node[0] if node else None
            if isinstance(node, (Branches, Unknown)):
                return _walk(node, segments[i:], plan, source, base, path, line)
        if node is None or node is NO_VALUE:
            return _absent(plan, base, path, line)
        if not isinstance(node, dict):
            return Value(None, State.UNKNOWN, base, path, line=line,
                         reason=f"expected an object at {'.'.join(segments[:i]) or 'the top level'}, "
                                f"found {type(node).__name__}")
        if seg not in node:
            return _absent(plan, base, path, getattr(node, "line", None) or line)
        if isinstance(node, Props):
            line = node.key_lines.get(seg, node.line or line)
        node = node[seg]
    return _leaf(node, plan, source, base, path, line)


def _leaf(node: Any, plan: _Plan, source: str, base: Origin, path: str, line: int | None) -> Value:
    if isinstance(node, Branches):
        return _branched(node, [], plan, source, base, path, line)
    if isinstance(node, Unknown):
        return _unknown(node, base, path, line)
    if node is None or node is NO_VALUE or node == "" or _empty(node, source):
        return _absent(plan, base, path, line)
    spec = plan.spec
    if isinstance(spec, Nested):
        return _nested(node, spec, source, base, path, line)
    coerced = coerce(node, spec.kind)
    if isinstance(coerced, Unknown):
        return _unknown(coerced, base, path, line)
    return Value(coerced, State.EXPLICIT, base, path, line=line, expr=str(node) if isinstance(node, Ref) else None)


def _empty(node: Any, source: str) -> bool:
    """An empty object is an absent one; in Terraform an empty list is an absent block."""
    if isinstance(node, dict):
        return not node
    return isinstance(node, list) and not node and source in _BLOCK_SOURCES


def _nested(node: Any, spec: Nested, source: str, base: Origin, path: str, line: int | None) -> Value:
    if isinstance(node, dict):
        node = [node]
    if not isinstance(node, list):
        return Value(None, State.UNKNOWN, base, path, line=line, reason=f"{path} is not a list")
    parts = []
    for item in node:
        if item is NO_VALUE:
            continue
        if isinstance(item, Unknown):
            return _unknown(item, base, path, line)
        if isinstance(item, Branches):
            return Value(None, State.UNKNOWN, base, path, line=line,
                         reason=f"an element of {path} depends on an undecided condition")
        if not isinstance(item, dict):
            return Value(None, State.UNKNOWN, base, path, line=line, reason=f"an element of {path} is not an object")
        item_line = getattr(item, "line", None) or line
        parts.append(_construct(spec.model, {"line": item_line, "props": item,
                                             _CONTEXT: (item, source, base, item_line)}))
    return Value(parts, State.EXPLICIT, base, path, line=line)


def _branched(node: Branches, rest: list[str], plan: _Plan, source: str, base: Origin, path: str,
              line: int | None) -> Value:
    options = []
    for label, option in node.options:
        if rest:
            sub = _walk(option, rest, plan, source, base, path, line)
        else:
            sub = _leaf(option, plan, source, base, path, line)
        if sub.state is State.BRANCHED:
            options.extend((f"{label} and {inner}", v) for inner, v in sub.branches or [])
        else:
            options.append((label, sub))
    return Value(None, State.BRANCHED, base, path, line=line, branches=options)


def _absent(plan: _Plan, base: Origin, path: str, line: int | None) -> Value:
    if plan.default is MISSING:
        return Value(None, State.ABSENT, base, path, line=line)
    return Value(plan.default, State.DEFAULT, base, path, line=line, default_by=plan.default_by)


def _unknown(node: Unknown, base: Origin, path: str, line: int | None) -> Value:
    return Value(None, State.UNKNOWN, base, path, line=line, reason=node.reason, expr=node.expr,
                 partial=getattr(node, "partial", None))


_TRUE = {"true": True, "false": False}


def coerce(value: Any, kind: str) -> Any:
    """Convert a source value to the attribute's kind, or an Unknown saying why not."""
    if kind == "any" or kind == "str":
        if kind == "str" and isinstance(value, bool):
            return "true" if value else "false"
        if kind == "str" and isinstance(value, (int, float)):
            return str(value)
        return value
    if kind == "list" and isinstance(value, Ref):
        return Items([value])  # a plan's unknown list that one reference produces
    if isinstance(value, (Ref, RefStr)) and kind != "policy":
        return Unknown(f"the value comes from {value!s}, which is resolved at deploy time", str(value))
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in _TRUE:
            return _TRUE[value.lower()]
        return Unknown(f"{value!r} is not a boolean", str(value))
    if kind == "int":
        if isinstance(value, bool):
            return Unknown(f"{value!r} is not a number", str(value))
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        try:
            return int(str(value).strip())
        except ValueError:
            return Unknown(f"{value!r} is not a number", str(value))
    if kind == "list":
        if isinstance(value, list):
            return value
        if isinstance(value, str):
            return Items([value])
        return Unknown(f"{value!r} is not a list", str(value))
    if kind == "dict":
        return value if isinstance(value, dict) else Unknown(f"{value!r} is not an object", str(value))
    if kind == "policy":
        return _policy_document(value)
    return value


def _policy_document(value: Any) -> Any:
    """A policy as a mapping: templates give mappings, Terraform and APIs give JSON text."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            doc = json.loads(value)
        except ValueError as exc:
            return Unknown(f"the policy is not valid JSON ({exc.msg} at position {exc.pos})", value[:200])
        except RecursionError:
            return Unknown("the policy JSON nests too deeply to read", value[:200])
        return doc if isinstance(doc, dict) else Unknown("the policy JSON is not an object", value[:200])
    if isinstance(value, Ref):
        return Unknown(f"the policy is built from {value}, which is known only after apply", str(value))
    return Unknown(f"the policy is a {type(value).__name__}, not a document")


def build_component(cls: type[Component], props: Props, source: str, base: Origin) -> Component:
    line = getattr(props, "line", None)
    return _construct(cls, {"line": line, "props": props, _CONTEXT: (props, source, base, line or base.line)})
