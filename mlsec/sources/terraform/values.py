"""What evaluated HCL values look like, and the operations every evaluator piece shares.

Values are plain Python data plus the pieces of ``mlsec.model.props``:
``str``/``int``/``float``/``bool``/``None``, ``Items`` (tuples, lists, sets), ``Props``
(objects and maps), ``Ref`` (an attribute of a managed resource), ``RefStr`` (text
holding references), ``Unknown`` and ``Branches``.

Two exceptions steer evaluation: ``EvalError`` is a real error in the configuration
(Terraform would refuse it; ``try``/``can`` catch it) and ``Unresolved`` carries an
``Unknown`` out of code that needed a concrete value.
"""

from __future__ import annotations

import json
import math
import threading

from mlsec.model.props import Branches, Items, Props, Ref, RefStr, Unknown


class EvalError(Exception):
    """The configuration is invalid at this point (bad index, missing attribute, ...)."""


class Unresolved(Exception):
    """A concrete value was needed but only an Unknown is available."""

    def __init__(self, unknown: Unknown):
        super().__init__(unknown.reason)
        self.unknown = unknown


# ---------------------------------------------------------------- work budget
#
# Expressions can ask for unbounded work (nested for over range(), jsonencode of a
# structure that doubles per level). Each load_module call gets a budget of steps;
# running out is a configuration error at the expression that ran out.

WORK_LIMIT = 300_000
_WORK = threading.local()


def reset_work(limit: int = WORK_LIMIT) -> None:
    _WORK.left = limit


def work_exhausted() -> bool:
    return getattr(_WORK, "left", 1) < 0


def spend(steps: int = 1) -> None:
    left = getattr(_WORK, "left", None)
    if left is None:
        return
    _WORK.left = left - steps
    if left - steps < 0:
        raise EvalError("evaluation needs more steps than the scan allows")


def is_open(value) -> bool:
    """True when the value cannot be used as plain data (unknown, reference, branches)."""
    return isinstance(value, (Unknown, Ref, RefStr, Branches))


def as_unknown(value, what: str | None = None) -> Unknown:
    """An Unknown describing why ``value`` is not concrete (``what`` names the use of it)."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, (Ref, RefStr)):
        names = str(value) if isinstance(value, Ref) else ", ".join(str(r) for r in value.refs)
        if what:
            return Unknown(f"{what} depends on {names}, which is known only after apply", str(value))
        return Unknown(f"{names} is known only after apply", str(value))
    if isinstance(value, Branches):
        labels = " / ".join(label for label, _ in value.options)
        return Unknown(f"{what or 'the value'} depends on an open condition ({labels})")
    return Unknown(f"{what or 'the value'} is not known")


def need(value, what: str | None = None):
    """Return ``value`` if concrete, else raise Unresolved."""
    if isinstance(value, (Unknown, Ref, RefStr, Branches)):
        raise Unresolved(as_unknown(value, what))
    return value


# ---------------------------------------------------------------- conversions

def type_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def number_text(n) -> str:
    if isinstance(n, float):
        if n.is_integer() and abs(n) < 1e16:
            return str(int(n))
        return repr(n)
    return str(n)


def to_number(value):
    """Terraform's string-to-number conversion; ints stay ints."""
    value = need(value)
    if isinstance(value, bool):
        raise EvalError("a bool is not a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            f = float(text)
        except ValueError:
            raise EvalError(f"{value!r} is not a number") from None
        if math.isnan(f) or math.isinf(f):
            raise EvalError(f"{value!r} is not a number")
        return normalize_number(f)
    raise EvalError(f"a {type_name(value)} is not a number")


def normalize_number(n):
    if isinstance(n, float) and n.is_integer() and abs(n) < 1e16:
        return int(n)
    return n


def to_bool(value) -> bool:
    value = need(value)
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise EvalError(f"a {type_name(value)} is not a bool")


def to_string(value, what: str | None = None) -> str:
    """Plain string conversion for functions that need text (no references)."""
    value = need(value, what)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_text(value)
    if value is None:
        raise EvalError("a null value is not a string")
    raise EvalError(f"a {type_name(value)} is not a string")


def to_key(value) -> str:
    """A map key: strings, numbers and bools become text."""
    return to_string(value)


def to_index(value) -> int:
    n = to_number(value)
    if isinstance(n, float):
        raise EvalError(f"index {n} is not a whole number")
    return n


def placeholder(ref: Ref) -> str:
    return "${" + (f"{ref.target}.{ref.attr}" if ref.attr else ref.target) + "}"


def make_ref(target: str, attr: str | None) -> Ref:
    return Ref(target, attr, f"{target}.{attr}" if attr else target)


MAX_BRANCHES = 64


def branch_width(value) -> int:
    """How many alternative values a (possibly nested) Branches stands for."""
    if not isinstance(value, Branches):
        return 1
    return sum(branch_width(v) for _, v in value.options)


def too_many_branches(values) -> Unknown | None:
    """An Unknown when combining ``values`` would multiply out past MAX_BRANCHES."""
    total = 1
    for v in values:
        if isinstance(v, Branches):
            total *= branch_width(v)
            if total > MAX_BRANCHES:
                return Unknown(f"the value depends on more than {MAX_BRANCHES} combinations of open conditions")
    return None


def join_text(parts) -> object:
    """Concatenate template parts into a str, RefStr or Unknown.

    Each part is a str, RefStr, Ref, number, bool, Unknown or Branches; the first
    Branches splits the result into one text per branch.
    """
    for i, part in enumerate(parts):
        if isinstance(part, Branches):
            crowded = too_many_branches(parts)
            if crowded is not None:
                return crowded
            return Branches([(label, join_text(parts[:i] + [opt] + parts[i + 1:])) for label, opt in part.options])
    out = []
    refs: list[Ref] = []
    for part in parts:
        if isinstance(part, RefStr):
            out.append(str(part))
            refs.extend(part.refs)
        elif isinstance(part, str):
            out.append(part)
        elif isinstance(part, Ref):
            out.append(placeholder(part))
            refs.append(part)
        elif isinstance(part, Unknown):
            return part
        elif isinstance(part, bool):
            out.append("true" if part else "false")
        elif isinstance(part, (int, float)):
            out.append(number_text(part))
        elif part is None:
            raise EvalError("a null value cannot be used in a string template")
        else:
            raise EvalError(f"a {type_name(part)} cannot be used in a string template")
    text = "".join(out)
    return RefStr(text, _dedupe(refs)) if refs else text


def _dedupe(refs):
    seen = {}
    for r in refs:
        seen.setdefault((r.target, r.attr), r)
    return tuple(seen.values())


# ---------------------------------------------------------------- equality

def same(a, b) -> bool:
    """Structural equality of two concrete values (Terraform ``==``)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return str(a) == str(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if a is None or b is None:
        return a is None and b is None
    return False


def identical(a, b) -> bool:
    """True when two evaluated values are certainly the same, open parts included."""
    if isinstance(a, Ref) or isinstance(b, Ref):
        return a == b
    if isinstance(a, RefStr) or isinstance(b, RefStr):
        return isinstance(a, RefStr) and isinstance(b, RefStr) and str(a) == str(b)
    if isinstance(a, (Unknown, Branches)) or isinstance(b, (Unknown, Branches)):
        return False
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(identical(a[k], b[k]) for k in a)
    return same(a, b)


def decide(cond, cond_node, pick):
    """Choose ``pick(True)`` or ``pick(False)`` by ``cond``; an open condition gives Branches.

    Branches are labelled with the condition as written; when both sides are the same
    value the condition does not matter and that value is returned.
    """
    if isinstance(cond, Branches):
        options = [(label, decide(opt, cond_node, pick)) for label, opt in cond.options]
        return _collapse(options)
    if isinstance(cond, (Unknown, Ref, RefStr)):
        label = " ".join(cond_node.text.decode().split())
        return _collapse([(f"{label} is true", pick(True)), (f"{label} is false", pick(False))])
    return pick(to_bool(cond))


def _collapse(options):
    first = options[0][1]
    if all(identical(first, v) for _, v in options[1:]):
        return first
    result = Branches(options)
    return too_many_branches([result]) or result


# ---------------------------------------------------------------- JSON

def encode_json(value, what: str = "jsonencode", indent: int | None = None, sort_keys: bool = True):
    """JSON text of a value, as Terraform's jsonencode writes it.

    References become ``${target.attr}`` placeholders and the result a RefStr; any
    Unknown (or undecided branch) inside makes the whole result Unknown.
    """
    refs: list[Ref] = []
    size = [0]

    def plain(v):
        size[0] += 1
        if size[0] > 100_000:
            spend(size[0])
            size[0] = 0
        if isinstance(v, RefStr):
            refs.extend(v.refs)
            return str(v)
        if isinstance(v, Ref):
            refs.append(v)
            return placeholder(v)
        if isinstance(v, (Unknown, Branches)):
            raise Unresolved(as_unknown(v, what))
        if isinstance(v, dict):
            return {k: plain(v[k]) for k in (sorted(v) if sort_keys else v)}
        if isinstance(v, list):
            return [plain(x) for x in v]
        if isinstance(v, float):
            return normalize_number(v)
        return v

    try:
        data = plain(value)
    except Unresolved as exc:
        if isinstance(value, (dict, list)):  # keep the structure for part-by-part readers
            return Unknown(exc.unknown.reason, exc.unknown.expr, partial=value)
        return exc.unknown
    finally:
        plain = None  # noqa: F841 -- the closure refers to itself: break that cycle
    if indent is None:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    else:
        text = json.dumps(data, indent=indent, ensure_ascii=False)
    return RefStr(text, _dedupe(refs)) if refs else text


def from_json(data, refs: tuple = ()):
    """Turn decoded JSON into Props/Items; strings with placeholders of ``refs`` become RefStr."""
    if isinstance(data, dict):
        return Props({k: from_json(v, refs) for k, v in data.items()})
    if isinstance(data, list):
        return Items([from_json(v, refs) for v in data])
    if isinstance(data, str) and refs and "${" in data:
        used = tuple(r for r in refs if placeholder(r) in data)
        if used:
            if len(used) == 1 and data == placeholder(used[0]):
                return used[0]
            return RefStr(data, used)
    if isinstance(data, float):
        return normalize_number(data)
    return data


def decode_json(text) -> object:
    if isinstance(text, RefStr):
        refs = text.refs
    else:
        text = need(text)
        refs = ()
        if not isinstance(text, str):
            raise EvalError("jsondecode needs a string")
    try:
        data = json.loads(str(text))
    except ValueError as exc:
        raise EvalError(f"invalid JSON: {exc}") from None
    except RecursionError:
        raise EvalError("the JSON nests too deeply to decode") from None
    return from_json(data, refs)
