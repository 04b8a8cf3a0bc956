"""Template bytes -> YAML node tree with line marks, for YAML and JSON alike.

libyaml's composer (``CSafeLoader``) is the fastest way to a tree that still knows its
lines, and it reads JSON too. Short-form intrinsics (``!Ref``) need no registration:
composing never constructs, so their tag simply stays on the node.

Two things the composer does not protect against, and which this module does:

* it recurses in C, so a deeply nested document crashes the process. Documents that
  could nest deeply go through an event-driven builder with an explicit depth limit;
* aliases are shared nodes, so a few lines can expand to billions of values. When the
  text has anchors, the expanded size is counted (each shared node once) and capped.
"""

from __future__ import annotations

import json
import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# Tags the loader gives to untagged nodes. Plain scalars are typed later, and only if
# they are read as values (keys stay text, as CloudFormation treats them).
PLAIN = "?"
STR = "tag:yaml.org,2002:str"

MAX_DEPTH = 500  # deeper than any real template; keeps evaluation within Python's stack
MAX_EXPANDED_NODES = 2_000_000
# libyaml composes roughly 10 000 levels on an 8 MB stack; stay well below that.
_SAFE_COMPOSE_DEPTH = 2_000

_SURROGATE_PAIR = re.compile(rb"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")
_ANCHOR = re.compile(rb"(?:^|[\s\[{,])&[^\s\[\]{},]", re.M)


class TemplateSyntaxError(Exception):
    """The text is not a well-formed YAML/JSON document (or exceeds a safety limit)."""

    def __init__(self, message: str, line: int | None = None, kind: str = "parse"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.kind = kind


class _Loader(yaml.CSafeLoader):
    """libyaml parser that leaves implicit typing to us.

    PyYAML's resolver runs a regex per scalar; most template scalars are plain words,
    which ``typed_scalar`` settles with a dictionary look-up.
    """

    def resolve(self, kind, value, implicit):  # noqa: D102 - PyYAML hook
        if kind is ScalarNode and implicit[0]:
            return PLAIN
        return STR

    # Path resolvers are unused; the composer still calls these hooks once per node, and
    # a C builtin that takes the same arguments costs a third of a Python no-op.
    descend_resolver = staticmethod(slice)  # (parent, index) -> ignored
    ascend_resolver = staticmethod(tuple)  # () -> ignored


def compose(data: bytes) -> Node | None:
    """Parse one YAML/JSON document into nodes; None for an empty document."""
    if b"\\u" in data and _SURROGATE_PAIR.search(data):
        # JSON writes astral characters as surrogate-pair escapes, which YAML rejects;
        # the equivalent 8-digit escape keeps every offset on the same line.
        data = _SURROGATE_PAIR.sub(_join_surrogates, data)
    try:
        if _max_possible_depth(data) < _SAFE_COMPOSE_DEPTH:
            loader = _Loader(data)
            try:
                root = loader.get_single_node()
            finally:
                loader.dispose()
        else:
            root = _compose_from_events(data)
    except yaml.MarkedYAMLError as exc:
        raise TemplateSyntaxError(_describe_yaml_error(exc), _error_line(exc)) from None
    except yaml.YAMLError as exc:  # ReaderError: bad bytes, no line information
        raise TemplateSyntaxError(f"the file is not valid YAML or JSON: {exc}") from None
    if root is not None and b"&" in data and _ANCHOR.search(data):
        _check_expansion(root)
    return root


def _join_surrogates(match: re.Match) -> bytes:
    high, low = int(match.group(1), 16), int(match.group(2), 16)
    code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return b"\\U%08X" % code


def _max_possible_depth(data: bytes) -> int:
    """An upper bound on nesting: flow brackets plus the widest line (block nesting
    needs one more column per level, even in compact ``- - -`` form)."""
    widest = max(map(len, data.split(b"\n"))) if len(data) >= _SAFE_COMPOSE_DEPTH else len(data)
    return data.count(b"[") + data.count(b"{") + widest


def _compose_from_events(data: bytes) -> Node | None:
    """Build the node tree from parser events with an explicit stack and depth limit."""
    anchors: dict[str, Node] = {}
    stack: list[tuple[Node, list, str | None]] = []  # (node, children, anchor)
    root: Node | None = None
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if stack:
            stack[-1][1].append(node)
        else:
            root = node

    for event in yaml.parse(data, Loader=_Loader):
        cls = type(event)
        if cls is yaml.ScalarEvent:
            tag = event.tag if event.tag not in (None, "!") else (PLAIN if event.implicit[0] else STR)
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            if event.anchor is not None:
                anchors[event.anchor] = node
            attach(node)
        elif cls is yaml.SequenceStartEvent or cls is yaml.MappingStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise TemplateSyntaxError(
                    f"the document nests lists and mappings more than {MAX_DEPTH} levels deep",
                    event.start_mark.line + 1,
                    "limit",
                )
            node_cls = SequenceNode if cls is yaml.SequenceStartEvent else MappingNode
            tag = event.tag if event.tag not in (None, "!") else STR
            node = node_cls(tag, [], event.start_mark, event.end_mark, event.flow_style)
            stack.append((node, [], event.anchor))
        elif cls is yaml.SequenceEndEvent or cls is yaml.MappingEndEvent:
            node, children, anchor = stack.pop()
            if type(node) is MappingNode:
                node.value = list(zip(children[0::2], children[1::2]))
            else:
                node.value = children
            if anchor is not None:
                anchors[anchor] = node
            attach(node)
        elif cls is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise TemplateSyntaxError(
                    f"the alias *{event.anchor} refers to an anchor that is not defined before it",
                    event.start_mark.line + 1,
                )
            attach(anchors[event.anchor])
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise TemplateSyntaxError(
                    "the file holds more than one YAML document; a template is a single document",
                    event.start_mark.line + 1,
                )
    return root


def _children(node: Node) -> list:
    if type(node) is MappingNode:
        return [n for pair in node.value for n in pair]
    if type(node) is SequenceNode:
        return node.value
    return []


def _check_expansion(root: Node) -> None:
    """Reject alias bombs and self-referencing anchors before anything walks the tree.

    Each distinct node is sized once (sizes are memoised by identity), so the check is
    linear in the document even when its expansion is astronomically large.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > MAX_EXPANDED_NODES:
                raise TemplateSyntaxError(
                    f"YAML aliases expand the document to more than {MAX_EXPANDED_NODES:,} values "
                    "(an alias bomb); the file was not evaluated",
                    node.start_mark.line + 1,
                    "limit",
                )
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise TemplateSyntaxError(
                "a YAML alias refers to a collection that contains it, so the document is infinite",
                node.start_mark.line + 1,
            )
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) not in sizes:
                if id(child) in open_nodes:
                    raise TemplateSyntaxError(
                        "a YAML alias refers to a collection that contains it, so the document is infinite",
                        child.start_mark.line + 1,
                    )
                stack.append((child, False))


def _error_line(exc: yaml.MarkedYAMLError) -> int | None:
    mark = exc.problem_mark or exc.context_mark
    return mark.line + 1 if mark is not None else None


def _describe_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "malformed document"
    if (exc.context or "").startswith("expected a single document"):
        return "the file holds more than one YAML document; a template is a single document"
    text = f"the file is not valid YAML or JSON: {problem}"
    if exc.context:
        text += f" ({exc.context}"
        if exc.context_mark is not None:
            text += f" started on line {exc.context_mark.line + 1}"
        text += ")"
    mark = exc.problem_mark
    if mark is not None:
        text += f" at line {mark.line + 1}, column {mark.column + 1}"
    return text


# ---------------------------------------------------------------------------------------
# Typing of plain scalars (YAML 1.1 rules, as PyYAML applies them; JSON rules for JSON).

_WORDS = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("null", "Null", "NULL", "~", ""), None),
}
_NUMERIC_START = frozenset("0123456789+-.")
_INT = re.compile(
    r"""[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+""",
    re.X,
)
_FLOAT = re.compile(
    r"""[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)""",
    re.X,
)
_constructor = yaml.constructor.SafeConstructor()


def typed_scalar(text: str):
    """The value of a plain (unquoted) YAML scalar: bool, None, int, float or str."""
    word = _WORDS.get(text, text)
    if word is not text or not text or text[0] not in _NUMERIC_START:
        return word
    if text.isdigit() and (text[0] != "0" or len(text) == 1):
        return int(text)
    if _INT.fullmatch(text):
        return _constructor.construct_yaml_int(ScalarNode("", text))
    if _FLOAT.fullmatch(text):
        return _constructor.construct_yaml_float(ScalarNode("", text))
    return text


def typed_json_scalar(text: str):
    """The value of an unquoted JSON token (number, true, false, null)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def explicit_scalar(node: ScalarNode):
    """The value of a scalar with an explicit ``!!type`` tag."""
    tag = node.tag
    try:
        if tag.endswith(":int"):
            return _constructor.construct_yaml_int(node)
        if tag.endswith(":float"):
            return _constructor.construct_yaml_float(node)
        if tag.endswith(":bool"):
            return _constructor.construct_yaml_bool(node)
        if tag.endswith(":null"):
            return None
    except (ValueError, KeyError, yaml.YAMLError):
        pass
    return node.value


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def kind_of(node: Node) -> str:
    """How a node reads in a message: 'a list', 'a mapping', 'a string'."""
    if type(node) is MappingNode:
        return "a mapping"
    if type(node) is SequenceNode:
        return "a list"
    return "a string"
