"""Terraform built-in functions seen in AWS configurations.

Each function receives evaluated arguments. Those that need a concrete value call
``need``/``to_*``, which raise ``Unresolved`` for references and unknowns; ``call``
turns that into the Unknown result. Functions that only move values around (concat,
merge, lookup, element, ...) keep references and unknowns in place. Functions not
listed here give an Unknown that names them.
"""

from __future__ import annotations

import base64
import hashlib
import math
import os
import re
import stat

from mlsec.model.props import Branches, Items, Props, Ref, RefStr, Unknown

from .parser import expr_text
from .type_constraints import as_set
from .values import (
    EvalError,
    Unresolved,
    as_unknown,
    decode_json,
    encode_json,
    is_open,
    join_text,
    need,
    normalize_number,
    same,
    spend,
    to_bool,
    to_index,
    to_key,
    to_number,
    to_string,
    too_many_branches,
)


def call(name: str, args: list, ev, node):
    fn = FUNCTIONS.get(name)
    if fn is None:
        return Unknown(f"function {name} is not evaluated", expr_text(node))
    for i, arg in enumerate(args):
        if isinstance(arg, Branches):
            crowded = too_many_branches(args)
            if crowded is not None:
                return crowded
            return Branches([(label, call(name, args[:i] + [opt] + args[i + 1:], ev, node))
                             for label, opt in arg.options])
    try:
        if name in _NEEDS_CONTEXT:
            return fn(ev, *args)
        return fn(*args)
    except Unresolved as exc:
        return exc.unknown
    except TypeError as exc:
        if "positional argument" in str(exc) or "required" in str(exc):
            raise EvalError(f"wrong number of arguments to {name}") from None
        raise


# ---------------------------------------------------------------- helpers

def _list(value, what="argument") -> list:
    value = need(value, what)
    if value is None:
        raise EvalError(f"{what} is null")
    if not isinstance(value, list):
        raise EvalError(f"{what} must be a list")
    return value


def _map(value, what="argument") -> dict:
    value = need(value, what)
    if not isinstance(value, dict):
        raise EvalError(f"{what} must be a map or object")
    return value


# ---------------------------------------------------------------- strings

_VERB = re.compile(r"%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])")


def _format(fmt, *args):
    fmt = to_string(fmt, "format string")
    parts: list = []
    literal = []
    arg_i = 0
    i = 0
    while i < len(fmt):
        if fmt[i] != "%":
            literal.append(fmt[i])
            i += 1
            continue
        m = _VERB.match(fmt, i)
        if not m:
            raise EvalError(f"bad format verb at {fmt[i:i + 3]!r}")
        flags, width, prec, verb = m.groups()
        i = m.end()
        if verb == "%":
            literal.append("%")
            continue
        if arg_i >= len(args):
            raise EvalError("not enough arguments for format")
        arg = args[arg_i]
        arg_i += 1
        if literal:
            parts.append("".join(literal))
            literal = []
        if is_open(arg):
            if verb in "sv" and not flags and not width and isinstance(arg, (Ref, RefStr)):
                parts.append(arg)
                continue
            raise Unresolved(as_unknown(arg, "format argument"))
        parts.append(_format_one(arg, flags or "", width, prec, verb))
    if literal:
        parts.append("".join(literal))
    return join_text(parts)


def _format_one(arg, flags, width, prec, verb) -> str:
    if int(width or 0) > 10_000 or int(prec or 0) > 10_000:
        raise EvalError("format width or precision is too large")
    spec = ""
    if "-" in flags:
        spec += "<"
    if "+" in flags:
        spec += "+"
    if "0" in flags and "-" not in flags:
        spec += "0"
    spec += width or ""
    if verb in ("s", "v"):
        if verb == "v" and isinstance(arg, (list, dict)):
            text = encode_json(arg)
            if is_open(text):
                raise Unresolved(as_unknown(text))
        else:
            text = to_string(arg)
        if prec:
            text = text[: int(prec)]
        return format(text, spec.replace("+", "").replace("0", ""))
    if verb == "q":
        return format(encode_json(to_string(arg)), spec)
    if verb == "t":
        return format("true" if to_bool(arg) else "false", spec)
    n = to_number(arg)
    if verb == "d":
        return format(int(n), spec + "d")
    if verb in "feEgG":
        return format(float(n), spec + (f".{prec}" if prec else ("" if verb in "gG" else ".6")) + verb)
    if verb in "xXob":
        return format(int(n), spec + verb)
    raise EvalError(f"unsupported format verb %{verb}")


def _formatlist(fmt, *args):
    lengths = {len(_list(a)) for a in args if isinstance(a, list)}
    if len(lengths) > 1:
        raise EvalError("formatlist lists must have the same length")
    n = lengths.pop() if lengths else 1
    return Items([_format(fmt, *[a[i] if isinstance(a, list) else a for a in args]) for i in range(n)])


def _join(sep, items):
    sep = to_string(sep, "separator")
    parts: list = []
    for i, v in enumerate(_list(items, "join list")):
        if i:
            parts.append(sep)
        if v is None:
            raise EvalError("join list contains null")
        parts.append(v)
    return join_text(parts)


def _split(sep, text):
    sep, text = to_string(sep), to_string(text, "split string")
    if text == "":
        return Items([])
    return Items(text.split(sep) if sep else list(text))


def _replace(text, old, new):
    text, old, new = to_string(text), to_string(old), to_string(new)
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        repl = re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", new)
        try:
            return re.sub(old[1:-1], repl, text)
        except re.error as exc:
            raise EvalError(f"bad regular expression: {exc}") from None
    return text.replace(old, new)


def _substr(text, offset, length):
    text = to_string(text)
    offset, length = to_index(offset), to_index(length)
    if offset < 0:
        offset = max(len(text) + offset, 0)
    if length < 0:
        return text[offset:]
    return text[offset:offset + length]


def _regex(pattern, text):
    m = re.search(to_string(pattern), to_string(text))
    if not m:
        raise EvalError("regex did not match")
    return _match_value(m)


def _regexall(pattern, text):
    return Items([_match_value(m) for m in re.finditer(to_string(pattern), to_string(text))])


def _match_value(m):
    if m.re.groupindex:
        return Props({k: m.group(k) for k in m.re.groupindex})
    if m.re.groups:
        return Items(list(m.groups()))
    return m.group(0)


def _trim(text, chars):
    return to_string(text).strip(to_string(chars))


def _string_fn(fn):
    return lambda text: fn(to_string(text))


# ---------------------------------------------------------------- collections

def _length(value):
    value = need(value, "length argument")
    if isinstance(value, (list, dict)):
        return len(value)
    if isinstance(value, str):
        return len(value)
    raise EvalError("length needs a string, list or map")


def _concat(*lists):
    out = []
    for v in lists:
        out.extend(_list(v, "concat argument"))
    return Items(out)


def _merge(*maps):
    out = Props()
    for m in maps:
        if m is None:
            continue
        m = _map(m, "merge argument")
        out.update(m)
        out.key_lines.update(getattr(m, "key_lines", {}))
    return out


def _lookup(mapping, key, *default):
    mapping = _map(mapping, "lookup map")
    key = to_key(key)
    if key in mapping:
        return mapping[key]
    if default:
        return default[0]
    raise EvalError(f"lookup: no key {key!r} and no default")


def _element(items, index):
    items = _list(items, "element list")
    if not items:
        raise EvalError("element of an empty list")
    return items[to_index(index) % len(items)]


def _coalesce(*values):
    for v in values:
        if isinstance(v, (Ref, RefStr)):
            return v  # a resource attribute: treated as set
        if isinstance(v, Unknown):
            return v
        if v is not None and v != "":
            return v
    raise EvalError("coalesce: no non-null, non-empty argument")


def _coalescelist(*lists):
    for v in lists:
        if _list(v):
            return v
    raise EvalError("coalescelist: all lists are empty")


def _compact(items):
    return Items([v for v in _list(items, "compact list") if v is not None and v != ""])


def _flatten(items):
    out = []

    def walk(seq):
        for v in seq:
            if isinstance(v, list):
                walk(v)
            else:
                out.append(v)

    walk(_list(items, "flatten list"))
    spend(len(out))
    return Items(out)


def _distinct(items):
    items = _list(items, "distinct list")
    spend(len(items) * len(items) // 2)
    out: list = []
    for v in items:
        if is_open(v) or not any(same(v, o) for o in out if not is_open(o)):
            out.append(v)
    return Items(out)


def _contains(items, value):
    items = _list(items, "contains list")
    if is_open(value):
        raise Unresolved(as_unknown(value, "contains value"))
    undecided = None
    for v in items:
        if is_open(v):
            undecided = undecided or v
        elif same(v, value):
            return True
    if undecided is not None:
        raise Unresolved(as_unknown(undecided, "contains"))
    return False


def _keys(mapping):
    return Items(sorted(_map(mapping, "keys argument")))


def _values(mapping):
    mapping = _map(mapping, "values argument")
    return Items([mapping[k] for k in sorted(mapping)])


def _zipmap(keys, values):
    keys, values = _list(keys), _list(values)
    if len(keys) != len(values):
        raise EvalError("zipmap lists differ in length")
    return Props({to_key(k): v for k, v in zip(keys, values)})


def _range(*args):
    nums = [to_number(a) for a in args]
    if not 1 <= len(nums) <= 3:
        raise EvalError("range takes 1 to 3 arguments")
    start, step = 0, 1
    if len(nums) == 1:
        end = nums[0]
    else:
        start, end = nums[0], nums[1]
        if len(nums) == 3:
            step = nums[2]
        elif end < start:
            step = -1
    if step == 0:
        raise EvalError("range step cannot be zero")
    out = []
    v = start
    while (v < end) if step > 0 else (v > end):
        out.append(normalize_number(v))
        v += step
        spend()
    return Items(out)


def _slice(items, start, end):
    items = _list(items)
    start, end = to_index(start), to_index(end)
    if not 0 <= start <= end <= len(items):
        raise EvalError("slice bounds are out of range")
    return Items(items[start:end])


def _index(items, value):
    value = need(value)
    for i, v in enumerate(_list(items)):
        if not is_open(v) and same(v, value):
            return i
    raise EvalError("index: value not in list")


def _one(items):
    items = _list(items)
    if len(items) > 1:
        raise EvalError("one: list has more than one element")
    return items[0] if items else None


def _sort(items):
    return Items(sorted(to_string(v) for v in _list(items)))


def _reverse(items):
    return Items(list(reversed(_list(items))))


def _set_op(op):
    def fn(*sets):
        lists = [[need(v) for v in _list(s)] for s in sets]
        spend(sum(len(x) for x in lists) ** 2 // 4)
        result = list(lists[0]) if lists else []
        for other in lists[1:]:
            if op == "union":
                result += other
            elif op == "intersection":
                result = [v for v in result if any(same(v, o) for o in other)]
            else:
                result = [v for v in result if not any(same(v, o) for o in other)]
        return Items(as_set(result))

    return fn


def _chunklist(items, size):
    items, size = _list(items), to_index(size)
    if size <= 0:
        return Items([Items(items)])
    return Items([Items(items[i:i + size]) for i in range(0, len(items), size)])


def _transpose(mapping):
    out: dict = {}
    for k in sorted(_map(mapping)):
        for v in _list(mapping[k]):
            out.setdefault(to_string(v), []).append(k)
    return Props({k: Items(sorted(v)) for k, v in out.items()})


# ---------------------------------------------------------------- conversions

def _tostring(value):
    if is_open(value) or value is None:
        return value
    if isinstance(value, (list, dict)):
        raise EvalError("tostring cannot convert a collection")
    return to_string(value)


def _tonumber(value):
    return value if value is None or is_open(value) else to_number(value)


def _tobool(value):
    return value if value is None or is_open(value) else to_bool(value)


def _tolist(value):
    return Items(list(_list(value)))


def _toset(value):
    return Items(as_set(list(_list(value))))


def _tomap(value):
    return Props(_map(value))


# ---------------------------------------------------------------- numbers

def _numbers(args):
    if len(args) == 1 and isinstance(args[0], list):
        args = args[0]
    nums = [to_number(a) for a in args]
    if not nums:
        raise EvalError("needs at least one number")
    return nums


def _parseint(text, base):
    try:
        return int(to_string(text), to_index(base))
    except ValueError:
        raise EvalError(f"cannot parse {text!r} as an integer") from None


# ---------------------------------------------------------------- encoding and files

def _base64encode(text):
    return base64.b64encode(to_string(text).encode()).decode()


def _base64decode(text):
    try:
        return base64.b64decode(to_string(text).encode(), validate=True).decode()
    except (ValueError, UnicodeDecodeError):
        raise EvalError("invalid base64 text") from None


def _hash(algo):
    return lambda text: hashlib.new(algo, to_string(text).encode()).hexdigest()


def _read_text(ev, path) -> str | Unknown:
    """The text of a file named relative to the root module directory."""
    path = to_string(path, "file path")
    full = path if os.path.isabs(path) else os.path.join(ev.resolver.base_dir, path)
    limit = ev.resolver.max_file_bytes
    if not _may_read(full, ev.resolver.base_dir):
        return Unknown(f"file {path} is outside the scanned folder and the working directory; mlsec does not "
                       "read it")
    try:
        status = os.stat(full)
        if not stat.S_ISREG(status.st_mode):  # a FIFO or a device would block or never end
            return Unknown(f"file {path} is not a regular file")
        if status.st_size > limit:
            return Unknown(f"file {path} is larger than the {limit}-byte limit")
        with open(full, "rb") as fh:
            data = fh.read(limit + 1)
        return data.decode()
    except OSError:
        return Unknown(f"file {path} cannot be read")
    except UnicodeDecodeError:
        return Unknown(f"file {path} is not UTF-8 text")


def _may_read(full: str, base_dir: str) -> bool:
    """Only files inside the root module's folder or the working directory (the checkout,
    in CI) are read. A configuration under review could otherwise copy any file the
    scanner can read, such as credentials or /proc/self/environ, into the messages of a
    report that its author gets to see."""
    real = os.path.realpath(full)
    if real.startswith(("/proc/", "/sys/", "/dev/")):
        return False
    roots = {os.path.realpath(base_dir)}
    cwd = os.path.realpath(os.getcwd())
    if cwd != os.path.sep:
        roots.add(cwd)
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _file(ev, path):
    return _read_text(ev, path)


def _fileexists(ev, path):
    path = to_string(path)
    full = path if os.path.isabs(path) else os.path.join(ev.resolver.base_dir, path)
    return os.path.isfile(full)


def _templatefile(ev, path, variables):
    text = _read_text(ev, path)
    if isinstance(text, Unknown):
        return text
    variables = _map(variables, "templatefile variables")
    from .templates import render_template_text

    return render_template_text(ev, text, dict(variables), to_string(path))


def _jsonencode(value):
    return encode_json(value)


def _jsondecode(text):
    return decode_json(text)


def _identity(value):
    return value


FUNCTIONS = {
    # strings
    "format": _format,
    "formatlist": _formatlist,
    "join": _join,
    "split": _split,
    "lower": _string_fn(str.lower),
    "upper": _string_fn(str.upper),
    "title": _string_fn(lambda s: re.sub(r"\b\w", lambda m: m.group(0).upper(), s)),
    "replace": _replace,
    "trimspace": _string_fn(str.strip),
    "trim": _trim,
    "trimprefix": lambda s, p: to_string(s)[len(to_string(p)):] if to_string(s).startswith(to_string(p)) else to_string(s),
    "trimsuffix": lambda s, p: to_string(s)[: -len(to_string(p))] if to_string(p) and to_string(s).endswith(to_string(p)) else to_string(s),
    "chomp": _string_fn(lambda s: s.rstrip("\r\n")),
    "strrev": _string_fn(lambda s: s[::-1]),
    "substr": _substr,
    "startswith": lambda s, p: to_string(s).startswith(to_string(p)),
    "endswith": lambda s, p: to_string(s).endswith(to_string(p)),
    "regex": _regex,
    "regexall": _regexall,
    # collections
    "length": _length,
    "concat": _concat,
    "merge": _merge,
    "lookup": _lookup,
    "element": _element,
    "coalesce": _coalesce,
    "coalescelist": _coalescelist,
    "compact": _compact,
    "flatten": _flatten,
    "distinct": _distinct,
    "contains": _contains,
    "keys": _keys,
    "values": _values,
    "zipmap": _zipmap,
    "range": _range,
    "slice": _slice,
    "index": _index,
    "one": _one,
    "sort": _sort,
    "reverse": _reverse,
    "setunion": _set_op("union"),
    "setintersection": _set_op("intersection"),
    "setsubtract": _set_op("subtract"),
    "chunklist": _chunklist,
    "transpose": _transpose,
    "alltrue": lambda items: all(to_bool(v) for v in _list(items)),
    "anytrue": lambda items: any(to_bool(v) for v in _list(items)),
    "sum": lambda items: normalize_number(sum(to_number(v) for v in _list(items))),
    # conversions
    "tostring": _tostring,
    "tonumber": _tonumber,
    "tobool": _tobool,
    "tolist": _tolist,
    "toset": _toset,
    "tomap": _tomap,
    "sensitive": _identity,
    "nonsensitive": _identity,
    # numbers
    "min": lambda *a: min(_numbers(a)),
    "max": lambda *a: max(_numbers(a)),
    "abs": lambda n: abs(to_number(n)),
    "ceil": lambda n: math.ceil(to_number(n)),
    "floor": lambda n: math.floor(to_number(n)),
    "pow": lambda a, b: normalize_number(to_number(a) ** to_number(b)),
    "signum": lambda n: (to_number(n) > 0) - (to_number(n) < 0),
    "parseint": _parseint,
    # encoding, hashing, files
    "jsonencode": _jsonencode,
    "jsondecode": _jsondecode,
    "base64encode": _base64encode,
    "base64decode": _base64decode,
    "md5": _hash("md5"),
    "sha1": _hash("sha1"),
    "sha256": _hash("sha256"),
    "file": _file,
    "fileexists": _fileexists,
    "templatefile": _templatefile,
}

_NEEDS_CONTEXT = {"file", "fileexists", "templatefile"}
