"""Operations on evaluated values that may be partly symbolic.

Intrinsics such as Fn::Join or Fn::Select work on values that can be references
(``Ref``), text with references (``RefStr``), unknowns or per-condition branches. The
helpers here apply an operation through those: an unknown input makes an unknown
result, a branched input makes a branched result (one per branch), and references
inside text stay visible as ``${Target.Attr}``.
"""

from __future__ import annotations

from typing import Any, Callable

from mlsec.model.props import NO_VALUE, Branches, Items, Props, Ref, RefStr, Unknown

MAX_COMBINATIONS = 256  # branch combinations one expression may expand to
MAX_TEXT = 1_000_000  # characters in one assembled string (templates are at most 1 MB)


class Malformed(Exception):
    """An intrinsic was written in a shape CloudFormation rejects; becomes an Unknown."""


def placeholder(ref: Ref) -> str:
    return "${%s.%s}" % (ref.target, ref.attr) if ref.attr else "${%s}" % ref.target


def dynamic_reference(text: str) -> Unknown:
    start = text.index("{{resolve:")
    end = text.find("}}", start)
    written = text[start : end + 2] if end >= 0 else text[start:]
    return Unknown(f"dynamic reference {written} is resolved at deploy time", text)


def describe(value: Any) -> str:
    """What a value is, for messages: 'a list', 'a mapping', 'the text "x"'."""
    if isinstance(value, Items):
        return "a list"
    if isinstance(value, Props):
        return "a mapping"
    if isinstance(value, Ref):
        return f"a reference to {value}"
    return f"the value {value!r}"


def concat(parts: list, what: str) -> Any:
    """Join text parts into one string; a reference part makes the result a RefStr."""
    for part in parts:
        if isinstance(part, Unknown):
            return part
    for index, part in enumerate(parts):
        if part.__class__ is Branches:
            return map_branches(part, lambda option: concat(_replace(parts, index, option), what), parts)
    text: list[str] = []
    refs: list[Ref] = []
    for part in parts:
        cls = part.__class__
        if cls is str:
            text.append(part)
        elif cls is RefStr:
            text.append(part)
            refs.extend(part.refs)
        elif cls is Ref:
            text.append(placeholder(part))
            refs.append(part)
        elif cls is bool:
            text.append("true" if part else "false")
        elif cls is int or cls is float:
            text.append(str(part))
        elif part is None or part is NO_VALUE:
            continue
        else:
            raise Malformed(f"{what} can only put text into a string, not {describe(part)}")
    joined = "".join(text)
    if len(joined) > MAX_TEXT:
        return Unknown(f"{what} builds a string longer than {MAX_TEXT:,} characters; it was not evaluated")
    if refs:
        return RefStr(joined, tuple(dict.fromkeys(refs)))
    if "{{resolve:" in joined:
        return dynamic_reference(joined)
    return joined


def _replace(values: list, index: int, new: Any) -> list:
    copy = list(values)
    copy[index] = new
    return copy


def leaf_count(value: Any) -> int:
    if value.__class__ is Branches:
        return sum(leaf_count(option) for _, option in value.options)
    return 1


def map_branches(branches: Branches, fn: Callable[[Any], Any], inputs: list | None = None) -> Any:
    """Apply ``fn`` to each branch. Branches that all give the same value collapse."""
    combos = 1
    for value in inputs if inputs is not None else (branches,):
        combos *= leaf_count(value)
    if combos > MAX_COMBINATIONS:
        return Unknown(
            f"the value depends on too many undecided conditions ({combos} combinations)"
        )
    options = [(label, fn(option)) for label, option in branches.options]
    first = options[0][1]
    if all(_same(first, value) for _, value in options[1:]):
        return first
    return Branches(options)


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if a.__class__ is not b.__class__ or a.__class__ in (Branches, Unknown) or a is NO_VALUE:
        return False
    return a == b


def apply(fn: Callable[..., Any], args: list) -> Any:
    """``fn(*args)`` when every argument is settled; otherwise the first unknown, or a
    branch per option of the first branched argument."""
    for arg in args:
        if isinstance(arg, Unknown):
            return arg
    for index, arg in enumerate(args):
        if arg.__class__ is Branches:
            return map_branches(arg, lambda option: apply(fn, _replace(args, index, option)), args)
    return fn(*args)


def settle_list(items: list, fn: Callable[[list], Any]) -> Any:
    """``fn(items)`` once no item is branched; a NO_VALUE branch drops its item."""
    for index, item in enumerate(items):
        if item.__class__ is Branches:

            def with_option(option: Any, index: int = index) -> Any:
                rest = items[:index] + ([] if option is NO_VALUE else [option]) + items[index + 1 :]
                return settle_list(rest, fn)

            return map_branches(item, with_option, items)
    return fn(items)


def first_unresolved(value: Any) -> Unknown | Branches | None:
    """The first Unknown or Branches anywhere inside a value."""
    if isinstance(value, Unknown) or value.__class__ is Branches:
        return value
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return None
    for child in value:
        found = first_unresolved(child)
        if found is not None:
            return found
    return None


def as_index(value: Any, what: str) -> int:
    if value.__class__ is int:
        return value
    if value.__class__ is str and value.strip().lstrip("-").isdigit():
        return int(value)
    raise Malformed(f"{what} needs a whole number, not {describe(value)}")


def as_text(value: Any, what: str) -> str:
    if isinstance(value, str):
        return value
    if value.__class__ in (int, float, bool):
        return concat([value], what)
    raise Malformed(f"{what} needs text, not {describe(value)}")
