"""Terraform's JSON configuration syntax (``*.tf.json``).

JSON is close enough to HCL expression syntax that the HCL grammar parses a JSON
document as one object expression, and its strings as templates, which is what
Terraform makes of them. This module reads that object as the blocks of a file:
``{"resource": {"aws_x": {"name": {...}}}}`` becomes a ``resource "aws_x" "name"`` block
whose body is the inner object. Without provider schemas an object value is taken as a
nested block, except under names that hold maps (``tags``, ``environment``, ...).
"""

from __future__ import annotations

import json
import re

from mlsec.sources.base import ScanError

from .parser import object_items, parse_source, read_source, unwrap

# Attributes that are maps, not nested blocks, in the AWS provider.
MAP_ATTRIBUTES = frozenset({
    "tags", "tags_all", "default_tags", "environment", "variables", "parameters", "labels",
    "metadata", "policy", "triggers", "settings", "options", "attributes", "context", "headers",
    "request_parameters", "request_templates", "response_parameters", "response_templates",
    "stage_variables", "environment_variables", "hyper_parameters", "default_arguments",
})
_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1}
_PREFIX = b"__json__ = "
_JSON_ESCAPE = re.compile(rb'\\(.)')
_HCL_FOR = {b"/": b"/", b"b": b"\\u0008", b"f": b"\\u000c"}


def _to_hcl_escapes(match: re.Match) -> bytes:
    char = match.group(1)
    return _HCL_FOR.get(char, match.group(0))


def parse_json_config(path: str, max_bytes: int):
    data = read_source(path, max_bytes)
    if isinstance(data, ScanError):
        return data
    try:
        doc = json.loads(data)
    except ValueError as exc:
        return ScanError(path, f"invalid JSON: {exc}", "parse", getattr(exc, "lineno", None))
    except RecursionError:
        return ScanError(path, "the JSON nests too deeply to read", "limit")
    if not isinstance(doc, dict):
        return ScanError(path, "a Terraform JSON file must hold an object", "parse", 1)
    # The prefix stays on the first line so line numbers match the file.
    parsed = parse_source(path, _PREFIX + _JSON_ESCAPE.sub(_to_hcl_escapes, data))
    if isinstance(parsed, ScanError):
        return parsed
    return JsonFile(parsed)


def _bodies(node):
    """A body object, or each object of an array of bodies."""
    inner = unwrap(node)
    if inner.type == "tuple":
        return [unwrap(c) for c in inner.children if c.type == "expression"]
    return [inner]


class JsonFile:
    """A parsed .tf.json file, offering the same entries as an HclFile."""

    def __init__(self, hcl):
        self.path = hcl.path
        self._hcl = hcl

    def entries(self):
        root = next(iter(self._hcl.entries()))[2]
        for kind, value, line in object_items(root):
            if kind == "//":
                continue
            depth = _LABELS.get(kind, 0)
            for body in _bodies(value):
                yield from self._blocks(kind, body, [], depth, line)

    def _blocks(self, kind, node, labels, depth, line):
        if depth == 0:
            for body in _bodies(node):
                yield ("block", JsonBlock(kind, labels, body, line, self))
            return
        for key, value, key_line in object_items(node):
            if key != "//":
                yield from self._blocks(kind, value, labels + [key], depth - 1, key_line)

    def comments_for(self, line: int, end_line: int) -> list:
        return []


class JsonBlock:
    """A block of a .tf.json file; ``body`` is the JSON object node."""

    __slots__ = ("type", "labels", "body", "line", "end_line", "file", "_attrs")

    def __init__(self, kind: str, labels: list[str], body, line: int, file: JsonFile):
        self.type = kind
        self.labels = labels
        self.body = body
        self.line = line
        self.end_line = body.end_point[0] + 1
        self.file = file
        self._attrs = None

    def entries(self):
        for key, value, line in object_items(self.body):
            if key != "//":
                yield ("attr", key, value, line)

    def attributes(self) -> dict:
        if self._attrs is None:
            found = {}
            for _, key, value, line in self.entries():
                if self.type == "variable" and key == "type":
                    value = _type_expression(value)
                found[key] = (value, line)
            self._attrs = found
        return self._attrs


def _type_expression(node):
    """A variable type written as a JSON string ("list(string)") as an HCL expression node."""
    literal = unwrap(node)
    if literal.type != "literal_value":
        return node
    parsed = parse_source("<type>", b"t = " + json.loads(literal.text.decode()).encode())
    if isinstance(parsed, ScanError):
        return node
    return next(iter(parsed.entries()))[2]
