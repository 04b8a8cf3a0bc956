"""Reading and parsing HCL files with tree-sitter.

The tree is kept as tree-sitter nodes: expressions are evaluated straight from them
(see ``expressions.py``), so no second syntax tree is built. This module only splits a
file into its top-level blocks and attributes and finds comments and syntax errors.
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left

from mlsec.sources.base import ScanError

from .templates import unescape

_LANGUAGE = None
_COMMENT_QUERY = None
_LOCAL = threading.local()  # a tree-sitter Parser must not be shared by threads


def _grammar():
    """This thread's HCL parser and the comment query, built on first use."""
    global _LANGUAGE, _COMMENT_QUERY
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        import tree_sitter_hcl
        from tree_sitter import Language, Parser, Query

        if _LANGUAGE is None:
            _LANGUAGE = Language(tree_sitter_hcl.language())
            _COMMENT_QUERY = Query(_LANGUAGE, "(comment) @c")
        parser = _LOCAL.parser = Parser(_LANGUAGE)
    return parser, _COMMENT_QUERY


class Block:
    """One HCL block: ``type "label" ... { body }``."""

    __slots__ = ("type", "labels", "body", "line", "end_line", "node", "file", "_attrs")

    def __init__(self, node, file: "HclFile"):
        self.node = node
        self.file = file
        self.type, self.labels, self.body = block_parts(node)
        self.line = node.start_point[0] + 1
        self.end_line = node.end_point[0] + 1
        self._attrs = None

    def entries(self):
        """Attributes and nested blocks of the body, see ``body_entries``."""
        return body_entries(self.body, self.file) if self.body is not None else ()

    def attributes(self) -> dict:
        """name -> (expression node, line) for the attributes of the body."""
        if self._attrs is None:
            found = {}
            if self.body is not None:
                for child in self.body.children:
                    if child.type == "attribute":
                        kids = child.children
                        found[kids[0].text.decode()] = (kids[-1], child.start_point[0] + 1)
            self._attrs = found
        return self._attrs


def block_parts(node) -> tuple[str, list[str], object]:
    """(type, labels, body node) of a block node."""
    btype = ""
    labels = []
    body = None
    for child in node.children:
        t = child.type
        if t == "identifier":
            if btype:
                labels.append(child.text.decode())  # a bare-word label
            else:
                btype = child.text.decode()
        elif t == "string_lit":
            labels.append(child.text.decode()[1:-1])
        elif t == "body":
            body = child
    return btype, labels, body


def body_entries(body, file: "HclFile"):
    """Yield ``("attr", name, expr_node, line)`` and ``("block", Block)`` in order."""
    for child in body.children:
        t = child.type
        if t == "attribute":
            kids = child.children
            yield ("attr", kids[0].text.decode(), kids[-1], child.start_point[0] + 1)
        elif t == "block":
            yield ("block", Block(child, file))


class HclFile:
    """A parsed .tf (or .tfvars) file."""

    __slots__ = ("path", "src", "tree", "_comments", "_comment_starts")

    def __init__(self, path: str, src: bytes, tree):
        self.path = path
        self.src = src
        self.tree = tree
        self._comments = None
        self._comment_starts: list[int] = []

    @property
    def body(self):
        for child in self.tree.root_node.children:
            if child.type == "body":
                return child
        return None

    def entries(self):
        body = self.body
        return body_entries(body, self) if body is not None else ()

    def comments(self) -> list[tuple[int, int, str, bool]]:
        """(first line, last line, text, alone on its line) of every comment, in order."""
        if self._comments is None:
            from tree_sitter import QueryCursor

            _, query = _grammar()
            nodes = QueryCursor(query).captures(self.tree.root_node).get("c", [])
            found = []
            src = self.src
            for n in nodes:
                start = n.start_byte
                line_start = src.rfind(b"\n", 0, start) + 1
                alone = not src[line_start:start].strip()
                found.append((n.start_point[0] + 1, n.end_point[0] + 1, n.text.decode(errors="replace"), alone))
            found.sort()
            self._comments = found
            self._comment_starts = [c[0] for c in found]
        return self._comments

    def comments_for(self, line: int, end_line: int) -> list[tuple[int, str]]:
        """Comments directly above a block starting at ``line`` and inside it."""
        comments = self.comments()
        if not comments:
            return []
        first_inside = bisect_left(self._comment_starts, line)
        above = []
        expected = line - 1
        i = first_inside - 1
        while i >= 0 and comments[i][1] == expected and comments[i][3]:
            above.append((comments[i][0], comments[i][2]))
            expected = comments[i][0] - 1
            i -= 1
        above.reverse()
        inside = []
        i = first_inside
        while i < len(comments) and comments[i][0] <= end_line:
            inside.append((comments[i][0], comments[i][2]))
            i += 1
        return above + inside


def line_of(node) -> int:
    return node.start_point[0] + 1


def expr_text(node) -> str:
    """An expression as written, on one line (for messages and labels)."""
    return " ".join(node.text.decode(errors="replace").split())


def unwrap(node):
    """The node inside ``expression`` and ``collection_value`` wrappers."""
    while node.type in ("expression", "collection_value") and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def object_items(node):
    """(key, value node, line) of the elements of an object (or an expression wrapping one).

    Keys are taken as written: a bare word or a quoted string, unquoted.
    """
    node = unwrap(node)
    if node.type != "object":
        return
    for elem in node.children:
        if elem.type == "object_elem":
            parts = elem.children  # key, "=" or ":", value
            key = parts[0].text.decode().strip()
            if key.startswith('"') and key.endswith('"'):
                key = unescape(key[1:-1])
            yield key, parts[-1], elem.start_point[0] + 1


def read_source(path: str, max_bytes: int) -> bytes | ScanError:
    """The bytes of a text file, or the error that keeps it from being scanned."""
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            return ScanError(path, f"file is {size} bytes, over the {max_bytes}-byte limit", "limit")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return ScanError(path, f"cannot read file: {exc.strerror or exc}", "read")
    if len(data) > max_bytes:
        return ScanError(path, f"file is over the {max_bytes}-byte limit", "limit")
    if b"\0" in data:
        return ScanError(path, "binary file (contains NUL bytes)", "read")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return ScanError(path, f"not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})", "read", line)
    return data


def parse_source(path: str, src: bytes) -> HclFile | ScanError:
    """Parse HCL text; a syntax error is returned as a ScanError naming its line."""
    parser, _ = _grammar()
    tree = parser.parse(src)
    root = tree.root_node
    if root.has_error:
        bad = _first_error(root)
        line = bad.start_point[0] + 1 if bad is not None else None
        if bad is not None and bad.is_missing:
            message = f"syntax error: missing {bad.type!r}"
        else:
            snippet = bad.text.decode(errors="replace").strip().splitlines()[0][:40] if bad is not None and bad.text else ""
            message = f"syntax error near {snippet!r}" if snippet else "syntax error"
        return ScanError(path, f"{message} at line {line}", "parse", line)
    return HclFile(path, src, tree)


def parse_file(path: str, max_bytes: int) -> HclFile | ScanError:
    data = read_source(path, max_bytes)
    if isinstance(data, ScanError):
        return data
    return parse_source(path, data)


def _first_error(node):
    """The first ERROR or MISSING node in document order."""
    for child in node.children:
        if child.type == "ERROR" or child.is_missing:
            return child
        if child.has_error:
            found = _first_error(child)
            if found is not None:
                return found
    return node if node.type == "ERROR" else None
