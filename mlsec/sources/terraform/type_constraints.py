"""Variable type constraints (``type = list(string)``) and the conversions they imply.

A constraint is a small tuple: ``("string",)``, ``("list", elem)``, ``("object", {name:
(type, optional, default)})`` ... Conversion follows Terraform where it is simple
(numbers and bools from strings, strings from numbers, optional object attributes);
open values (references, unknowns) pass through untouched.
"""

from __future__ import annotations

from mlsec.model.props import Items, Props

from .parser import object_items, unwrap
from .values import EvalError, is_open, to_bool, to_number, to_string

ANY = ("any",)
_PRIMITIVES = {"string", "number", "bool", "any"}
_COLLECTIONS = {"list", "set", "map"}


def parse_type(node, eval_default) -> tuple:
    """Read a type expression node; ``eval_default(node)`` evaluates optional() defaults."""
    kids = [c for c in node.children if c.type != "comment"]
    if node.type == "expression" and len(kids) == 1:
        return parse_type(kids[0], eval_default)
    if node.type == "variable_expr":
        name = node.text.decode()
        return (name,) if name in _PRIMITIVES else ANY
    if node.type == "function_call":
        name = kids[0].text.decode()
        args = _call_args(node)
        if name in _COLLECTIONS and args:
            return (name, parse_type(args[0], eval_default))
        if name == "object" and args:
            attrs = {}
            for key, value_node, _line in object_items(args[0]):
                attrs[key] = _attr_type(value_node, eval_default)
            return ("object", attrs)
        if name == "tuple" and args:
            return ("tuple", [parse_type(e, eval_default) for e in _tuple_elems(args[0])])
    return ANY


def _attr_type(node, eval_default):
    inner = unwrap(node)
    if inner.type == "function_call" and inner.children[0].text == b"optional":
        args = _call_args(inner)
        if args:
            default = eval_default(args[1]) if len(args) > 1 else None
            return (parse_type(args[0], eval_default), True, default)
    return (parse_type(node, eval_default), False, None)


def _call_args(call):
    for c in call.children:
        if c.type == "function_arguments":
            return [a for a in c.named_children if a.type == "expression"]
    return []


def _tuple_elems(node):
    tup = unwrap(node)
    return [c for c in tup.named_children if c.type == "expression"] if tup.type == "tuple" else []


def is_complex(t: tuple) -> bool:
    return t[0] not in _PRIMITIVES


def convert(value, t: tuple):
    """Convert ``value`` to type ``t``; raise EvalError when it cannot be."""
    kind = t[0]
    if kind == "any" or value is None or is_open(value):
        return value
    if kind == "string":
        if isinstance(value, (list, dict)):
            raise EvalError(f"a {'list' if isinstance(value, list) else 'map'} is not a string")
        return to_string(value)
    if kind == "number":
        return to_number(value)
    if kind == "bool":
        return to_bool(value)
    if kind in ("list", "set"):
        if isinstance(value, dict):
            raise EvalError("a map is not a list")
        if not isinstance(value, list):
            raise EvalError(f"a {type(value).__name__} is not a list")
        items = [convert(v, t[1]) for v in value]
        return Items(as_set(items) if kind == "set" else items, line=getattr(value, "line", None))
    if kind == "map":
        if not isinstance(value, dict):
            raise EvalError("value is not a map")
        return _props({k: convert(v, t[1]) for k, v in value.items()}, value)
    if kind == "object":
        if not isinstance(value, dict):
            raise EvalError("value is not an object")
        out = {}
        for name, (attr_t, optional, default) in t[1].items():
            if name in value and value[name] is not None:
                out[name] = convert(value[name], attr_t)
            elif optional or name in value:
                out[name] = convert(default, attr_t) if default is not None else None
            else:
                raise EvalError(f"attribute {name!r} is required")
        return _props(out, value)
    if kind == "tuple":
        if not isinstance(value, list) or len(value) != len(t[1]):
            raise EvalError(f"value is not a tuple of {len(t[1])} elements")
        return Items([convert(v, et) for v, et in zip(value, t[1])], line=getattr(value, "line", None))
    return value


def _props(data: dict, like) -> Props:
    line = getattr(like, "line", None)
    key_lines = getattr(like, "key_lines", None)
    return Props(data, line=line, key_lines=dict(key_lines) if key_lines else {})


def as_set(items: list) -> list:
    """Deduplicate; sets of strings or of numbers come out sorted, as Terraform orders them."""
    seen: list = []
    keys = set()
    for v in items:
        try:
            k = (type(v).__name__, v) if not isinstance(v, (list, dict)) else None
        except TypeError:
            k = None
        if k is not None:
            if k in keys:
                continue
            keys.add(k)
        seen.append(v)
    if seen and all(isinstance(v, str) and not is_open(v) for v in seen):
        seen.sort()
    elif seen and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in seen):
        seen.sort()
    return seen
