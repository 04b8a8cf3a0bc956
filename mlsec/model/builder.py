"""Map a source's property tree onto a model class, attribute by attribute.

This is where "absent means the AWS default", "null and empty count as absent",
"unresolved stays unknown" and "a condition left open gives one value per branch" are
applied, once for every source.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from mlsec.model.base import Component, Resource
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


def build_resource(cls: type[Resource], raw: RawResource) -> Resource:
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
    }
    fields.update(_build_values(cls, props, raw.source, base))
    return cls.model_construct(**fields)


def _build_values(cls: type, props: Any, source: str, base: Origin) -> dict[str, Value]:
    out = {}
    for name, spec in attributes_of(cls):
        out[name] = resolve_attr(props, spec, source, base)
    return out


def resolve_attr(props: Any, spec: Attr, source: str, base: Origin) -> Value:
    paths = spec.paths(source)
    if not paths:
        return Value(None, State.ABSENT, base, name_of(spec, source), reason="not described by this source")
    first: Value | None = None
    for path in paths:
        value = _walk(props, path.split("."), spec, source, base, path)
        if value.state is not State.ABSENT and value.state is not State.DEFAULT:
            return value
        first = first or value
    return first  # type: ignore[return-value]


def name_of(spec: Attr, source: str) -> str:
    paths = spec.paths(source) or spec.paths("cloudformation")
    return paths[0] if paths else "?"


def _walk(node: Any, segments: list[str], spec: Attr, source: str, base: Origin, path: str) -> Value:
    line = getattr(node, "line", None) or base.line
    for i, seg in enumerate(segments):
        if isinstance(node, Branches):
            return _branched(node, segments[i:], spec, source, base, path, line)
        if isinstance(node, Unknown):
            return _unknown(node, base, path, line)
        if isinstance(node, list) and source in _BLOCK_SOURCES:
            node = node[0] if node else None
            if isinstance(node, (Branches, Unknown)):
                return _walk(node, segments[i:], spec, source, base, path)
        if node is None or node is NO_VALUE:
            return _absent(spec, source, base, path, line)
        if not isinstance(node, dict):
            return Value(None, State.UNKNOWN, _at(base, line), path,
                         reason=f"expected an object at {'.'.join(segments[:i]) or 'the top level'}, "
                                f"found {type(node).__name__}")
        if seg not in node:
            return _absent(spec, source, base, path, getattr(node, "line", None) or line)
        line = node.line_of(seg) if isinstance(node, Props) else line
        node = node[seg]
    return _leaf(node, spec, source, base, path, line)


def _leaf(node: Any, spec: Attr, source: str, base: Origin, path: str, line: int | None) -> Value:
    if isinstance(node, Branches):
        return _branched(node, [], spec, source, base, path, line)
    if isinstance(node, Unknown):
        return _unknown(node, base, path, line)
    if node is None or node is NO_VALUE or node == "" or _empty(node, source):
        return _absent(spec, source, base, path, line)
    if isinstance(spec, Nested):
        return _nested(node, spec, source, base, path, line)
    coerced = coerce(node, spec.kind)
    if isinstance(coerced, Unknown):
        return _unknown(coerced, base, path, line)
    return Value(coerced, State.EXPLICIT, _at(base, line), path, expr=str(node) if isinstance(node, Ref) else None)


def _empty(node: Any, source: str) -> bool:
    """An empty object is an absent one; in Terraform an empty list is an absent block."""
    if isinstance(node, dict):
        return not node
    return isinstance(node, list) and not node and source in _BLOCK_SOURCES


def _nested(node: Any, spec: Nested, source: str, base: Origin, path: str, line: int | None) -> Value:
    if isinstance(node, dict):
        node = [node]
    if not isinstance(node, list):
        return Value(None, State.UNKNOWN, _at(base, line), path, reason=f"{path} is not a list")
    parts = []
    for item in node:
        if item is NO_VALUE:
            continue
        if isinstance(item, Unknown):
            return _unknown(item, base, path, line)
        if isinstance(item, Branches):
            return Value(None, State.UNKNOWN, _at(base, line), path,
                         reason=f"an element of {path} depends on an undecided condition")
        if not isinstance(item, dict):
            return Value(None, State.UNKNOWN, _at(base, line), path, reason=f"an element of {path} is not an object")
        item_line = getattr(item, "line", None) or line
        fields = _build_values(spec.model, item, source, _at(base, item_line))
        parts.append(spec.model.model_construct(line=item_line, props=item, **fields))
    return Value(parts, State.EXPLICIT, _at(base, line), path)


def _branched(node: Branches, rest: list[str], spec: Attr, source: str, base: Origin, path: str,
              line: int | None) -> Value:
    options = []
    for label, option in node.options:
        sub = _walk(option, rest, spec, source, base, path) if rest else _leaf(option, spec, source, base, path, line)
        if sub.state is State.BRANCHED:
            options.extend((f"{label} and {inner}", v) for inner, v in sub.branches or [])
        else:
            options.append((label, sub))
    return Value(None, State.BRANCHED, _at(base, line), path, branches=options)


def _absent(spec: Attr, source: str, base: Origin, path: str, line: int | None) -> Value:
    default, by = spec.default_for(source)
    if default is MISSING:
        return Value(None, State.ABSENT, _at(base, line), path)
    return Value(default, State.DEFAULT, _at(base, line), path, default_by=by)


def _unknown(node: Unknown, base: Origin, path: str, line: int | None) -> Value:
    return Value(None, State.UNKNOWN, _at(base, line), path, reason=node.reason, expr=node.expr)


def _at(base: Origin, line: int | None) -> Origin:
    if line == base.line or line is None:
        return base
    return Origin(base.source, base.file, line, base.arn, base.api)


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
        return doc if isinstance(doc, dict) else Unknown("the policy JSON is not an object", value[:200])
    if isinstance(value, Ref):
        return Unknown(f"the policy is built from {value}, which is known only after apply", str(value))
    return Unknown(f"the policy is a {type(value).__name__}, not a document")


def build_component(cls: type[Component], props: Props, source: str, base: Origin) -> Component:
    return cls.model_construct(line=getattr(props, "line", None), props=props,
                               **_build_values(cls, props, source, base))
