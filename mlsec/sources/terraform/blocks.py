"""Evaluating a block body into a property tree.

Attributes become keys; nested blocks become ``Items`` of ``Props`` under the block
type (always a list, as in plan JSON); ``dynamic`` blocks are expanded with their
iterator. Meta-arguments (count, for_each, lifecycle, ...) are left out by the caller.
"""

from __future__ import annotations

from mlsec.model.props import Items, Props, Unknown

from .expressions import iterate
from .json_syntax import MAP_ATTRIBUTES
from .parser import block_parts, line_of, object_items, unwrap
from .values import EvalError, as_unknown, is_open

RESOURCE_META = frozenset({"count", "for_each", "provider", "depends_on", "lifecycle", "provisioner", "connection"})


def evaluate_body(ev, body, scope: dict, skip=frozenset(), line: int | None = None) -> Props:
    """Props of the attributes and nested blocks of ``body`` (a tree-sitter body node)."""
    out = Props(line=line if line is not None else (line_of(body) if body is not None else None))
    if body is None:
        return out
    if body.type == "object":
        return _evaluate_json_body(ev, body, scope, skip, out)
    key_lines = out.key_lines
    for child in body.children:
        t = child.type
        if t == "attribute":
            kids = child.children
            name = kids[0].text.decode()
            if name in skip:
                continue
            out[name] = ev.value(kids[-1], scope, name)  # kids[-1] is an expression node
            key_lines[name] = child.start_point[0] + 1
        elif t == "block":
            btype, labels, inner = block_parts(child)
            if btype in skip:
                continue
            if btype == "dynamic" and labels:
                _expand_dynamic(ev, child, labels[0], inner, scope, out)
                continue
            _append(out, btype, evaluate_body(ev, inner, scope, line=line_of(child)), line_of(child))
    return out


def _evaluate_json_body(ev, body, scope: dict, skip, out: Props) -> Props:
    """A body in JSON syntax: objects (and arrays of objects) are nested blocks.

    ``dynamic`` blocks are not expanded in JSON syntax and are left out.
    """
    for key, value, line in object_items(body):
        if key == "//" or key in skip or key == "dynamic":
            continue
        blocks = None if key in MAP_ATTRIBUTES else _block_objects(unwrap(value))
        if blocks is not None:
            out[key] = Items([_evaluate_json_body(ev, b, scope, (), Props(line=line_of(b))) for b in blocks],
                             line=line)
        else:
            out[key] = ev.value(value, scope, key)
        out.key_lines[key] = line
    return out


def _block_objects(node) -> list | None:
    """The objects of a nested-block value (an object or an array of objects), else None."""
    if node.type == "object":
        return [node]
    if node.type == "tuple":
        elements = [unwrap(c) for c in node.children if c.type == "expression"]
        if elements and all(e.type == "object" for e in elements):
            return elements
    return None


def _append(out: Props, name: str, item, line: int) -> None:
    items = out.get(name)
    if not isinstance(items, Items):
        items = out[name] = Items(line=line)
        out.key_lines[name] = line
    items.append(item)


def _expand_dynamic(ev, node, name: str, body, scope: dict, out: Props) -> None:
    """Add one block per element of a ``dynamic`` block's for_each."""
    line = line_of(node)
    for_each = iterator = content = None
    if body is not None:
        for child in body.children:
            if child.type == "attribute":
                kids = child.children
                attr = kids[0].text.decode()
                if attr == "for_each":
                    for_each = kids[-1]
                elif attr == "iterator":
                    iterator = kids[-1].text.decode().strip()
            elif child.type == "block" and block_parts(child)[0] == "content":
                content = child
    if content is None or for_each is None:
        return
    content_body = block_parts(content)[2]
    collection = ev.value(for_each, scope, f"for_each of dynamic {name}")
    if is_open(collection):
        _append(out, name, as_unknown(collection, f"the {name} blocks (dynamic for_each)"), line)
        return
    try:
        pairs = iterate(collection)
    except EvalError as exc:
        _append(out, name, Unknown(f"for_each of dynamic {name} is not a collection: {exc}"), line)
        return
    var = iterator or name
    if not pairs and name not in out:
        out[name] = Items(line=line)
        out.key_lines[name] = line
    for key, value in pairs:
        inner_scope = dict(scope)
        inner_scope[var] = Props({"key": key, "value": value}, line=line)
        _append(out, name, evaluate_body(ev, content_body, inner_scope, line=line_of(content)), line)
