"""String templates: quoted strings with ``${...}``, heredocs, ``%{ if }`` and ``%{ for }``.

tree-sitter-hcl trims whitespace out of ``template_literal`` nodes, so literal text is
taken from the source bytes between the structural nodes (interpolations and
directives) instead of from the literal nodes themselves.
"""

from __future__ import annotations

import re

from mlsec.model.props import RefStr, Unknown

from .values import EvalError, as_unknown, decide, is_open, join_text, spend, to_bool

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))|\$\$\{|%%\{", re.S)
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_STRUCTURAL = ("template_interpolation", "template_directive")


def _unescape_match(m: re.Match) -> str:
    text = m.group(0)
    if text == "$${":
        return "${"
    if text == "%%{":
        return "%{"
    code = m.group(1) or m.group(2)
    if code:
        return chr(int(code, 16))
    return _SIMPLE.get(m.group(3), m.group(0))


def unescape(text: str) -> str:
    """Resolve the escapes of a quoted HCL string."""
    if "\\" not in text and "$${" not in text and "%%{" not in text:
        return text
    return _ESCAPE.sub(_unescape_match, text)


def _unescape_heredoc(text: str) -> str:
    if "$${" in text or "%%{" in text:
        return text.replace("$${", "${").replace("%%{", "%{")
    return text


class _Region:
    """The source bytes of one template and how to read its literal text."""

    __slots__ = ("src", "base", "heredoc", "indent")

    def __init__(self, node, heredoc: bool, indent: int = 0):
        self.src = node.text
        self.base = node.start_byte
        self.heredoc = heredoc
        self.indent = indent

    def raw(self, start: int, end: int) -> bytes:
        return self.src[start - self.base:end - self.base]


def string_literal(node) -> str:
    """The value of a ``string_lit`` node (a quoted string without interpolation)."""
    return unescape(node.text[1:-1].decode())


def render_quoted(ev, node, scope):
    kids = node.children
    inner = kids[1:-1]
    if (
        len(inner) == 1
        and inner[0].type == "template_interpolation"
        and inner[0].start_byte == kids[0].end_byte
        and inner[0].end_byte == kids[-1].start_byte
        and b"~" not in inner[0].text[:3]
    ):
        # "${x}" alone yields x itself, not its text (Terraform keeps the type).
        return ev.eval(_interpolated_expr(inner[0]), scope)
    region = _Region(node, heredoc=False)
    return join_text(_render(ev, region, inner, kids[0].end_byte, kids[-1].start_byte, scope))


def render_heredoc(ev, node, scope):
    kids = node.children
    opening, closing = kids[1], kids[-1]
    region = _Region(node, heredoc=True)
    newline = region.src.find(b"\n", opening.end_byte - region.base)
    start = region.base + newline + 1 if newline >= 0 else opening.end_byte
    end = closing.start_byte - closing.start_point[1]
    if end <= start:
        return ""
    if kids[0].text == b"<<-":
        body = region.raw(start, end)
        widths = [len(line) - len(line.lstrip(b" \t")) for line in body.split(b"\n") if line.strip()]
        region.indent = min(widths) if widths else 0
    inner = [k for k in kids[2:-1] if k.type in _STRUCTURAL]
    return join_text(_render(ev, region, inner, start, end, scope))


def _interpolated_expr(node):
    for c in node.children:
        if c.type == "expression":
            return c
    raise EvalError("empty interpolation")


def _render(ev, region: _Region, children, start: int, end: int, scope,
            strip_start: bool = False, strip_end: bool = False) -> list:
    """Parts (literal text and values) of the template between two byte offsets.

    ``~`` strip markers remove the whitespace next to them, as in Terraform;
    ``strip_start``/``strip_end`` carry the markers of an enclosing directive.
    """
    parts: list = []
    pos = start
    strip_next = strip_start
    for child in children:
        if child.type not in _STRUCTURAL:
            continue
        literal = _literal(region, pos, child.start_byte)
        if strip_next:
            literal = literal.lstrip()
        if region.raw(child.start_byte + 2, child.start_byte + 3) == b"~":
            literal = literal.rstrip()
        if literal:
            parts.append(literal)
        parts.extend(_structural(ev, region, child, scope))
        pos = child.end_byte
        strip_next = region.raw(child.end_byte - 2, child.end_byte) == b"~}"
    literal = _literal(region, pos, end)
    if strip_next:
        literal = literal.lstrip()
    if strip_end:
        literal = literal.rstrip()
    if literal:
        parts.append(literal)
    return parts


def _strips_after(node) -> bool:
    """True when a directive tag ends with ``~}``."""
    return node.text.endswith(b"~}")


def _strips_before(node) -> bool:
    """True when a directive tag starts with ``%{~``."""
    return node.text[2:3] == b"~"


def _literal(region: _Region, start: int, end: int) -> str:
    raw = region.raw(start, end).decode()
    if not raw:
        return ""
    if region.heredoc:
        if region.indent:
            raw = _dedent(raw, region.indent, region.raw(start - 1, start) in (b"\n", b""))
        return _unescape_heredoc(raw)
    return unescape(raw)


def _dedent(text: str, indent: int, first_at_line_start: bool) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i == 0 and not first_at_line_start:
            continue
        n = 0
        while n < indent and n < len(line) and line[n] in " \t":
            n += 1
        lines[i] = line[n:]
    return "\n".join(lines)


def _structural(ev, region: _Region, node, scope) -> list:
    if node.type == "template_interpolation":
        return [ev.eval(_interpolated_expr(node), scope)]
    directive = node.named_children[0]
    if directive.type == "template_if":
        return _render_if(ev, region, directive, scope)
    if directive.type == "template_for":
        return _render_for(ev, region, directive, scope)
    raise EvalError(f"unsupported template directive {directive.type}")


def _render_if(ev, region, node, scope) -> list:
    kids = node.children
    intro = kids[0]
    else_intro = next((k for k in kids if k.type == "template_else_intro"), None)
    end = kids[-1]
    cond_node = next(c for c in intro.children if c.type == "expression")
    cond = ev.eval(cond_node, scope)
    true_end = else_intro if else_intro is not None else end

    def branch(flag: bool) -> list:
        if flag:
            lo, hi = intro, true_end
        elif else_intro is not None:
            lo, hi = else_intro, end
        else:
            return []
        inner = [k for k in kids if lo.end_byte <= k.start_byte and k.end_byte <= hi.start_byte]
        return _render(ev, region, inner, lo.end_byte, hi.start_byte, scope, _strips_after(lo), _strips_before(hi))

    if is_open(cond):
        return [decide(cond, cond_node, lambda flag: join_text(branch(flag)))]
    return branch(to_bool(cond))


def _render_for(ev, region, node, scope) -> list:
    from .expressions import bind, iterate

    kids = node.children
    start, end = kids[0], kids[-1]
    names = [c.text.decode() for c in start.children if c.type == "identifier"]
    coll_node = next(c for c in start.children if c.type == "expression")
    coll = ev.eval(coll_node, scope)
    if is_open(coll):
        return [as_unknown(coll, "%{for} in template")]
    inner = [k for k in kids[1:-1] if k.type in _STRUCTURAL]
    parts: list = []
    pairs = iterate(coll)
    spend(len(pairs))
    for key, value in pairs:
        parts.extend(_render(ev, region, inner, start.end_byte, end.start_byte, bind(scope, names, key, value),
                             _strips_after(start), _strips_before(end)))
    return parts


_TEMPLATE_MARKER = "MLSEC_TEMPLATE_END_6B1F"
_TEMPLATE_TAIL = "MLSEC_TEMPLATE_TAIL_6B1F"


def render_template_text(ev, text: str, variables: dict, path: str):
    """Render the text of a template file (``templatefile``) with ``variables``.

    The text is wrapped in a heredoc so the HCL grammar parses its interpolations and
    directives; heredocs do not process backslash escapes, as template files do not.
    """
    from .expressions import Evaluator, NoNames
    from .parser import parse_source

    if _TEMPLATE_MARKER in text or _TEMPLATE_TAIL in text:
        raise EvalError(f"template {path} cannot be parsed")
    # The tail right after the text keeps a closing "~}" from stripping into the wrapper.
    src = f"t = <<{_TEMPLATE_MARKER}\n{text}{_TEMPLATE_TAIL}\n{_TEMPLATE_MARKER}\n".encode()
    parsed = parse_source(path, src)
    if not hasattr(parsed, "tree"):
        return Unknown(f"template {path} has a syntax error", path)
    entry = next(iter(parsed.entries()))
    node = entry[2]
    while node.type != "heredoc_template":
        node = node.named_children[0]
    names = NoNames("a template can only use the variables passed to templatefile",
                    ev.resolver.base_dir, ev.resolver.max_file_bytes)
    result = render_heredoc(Evaluator(names), node, variables)
    end = _TEMPLATE_TAIL + "\n"
    if isinstance(result, str) and result.endswith(end):
        text = result[:-len(end)]
        result = RefStr(text, result.refs) if isinstance(result, RefStr) else text
    return result
