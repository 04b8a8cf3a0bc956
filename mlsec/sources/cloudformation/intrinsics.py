"""Evaluation of template nodes into property trees, intrinsic functions included.

``Evaluator.value(node)`` turns a YAML node into ``Props`` / ``Items`` / scalars, with
``Ref``/``RefStr`` for references to resources, ``Unknown`` where the value is decided
only at deploy time, and ``Branches`` for an ``Fn::If`` whose condition stays open.
Short tags (``!Sub``) and long forms (``Fn::Sub:``) take the same path: a short tag is
the function name, and the tagged node itself is the argument.

Expressions in messages are written in the YAML short form whatever the input format.
"""

from __future__ import annotations

import base64
import functools
import ipaddress
import itertools
import json
import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mlsec.model.props import NO_VALUE, Branches, Items, Props, Ref, RefStr, Unknown
from mlsec.sources.cloudformation.loader import (
    PLAIN,
    STR,
    explicit_scalar,
    kind_of,
    typed_json_scalar,
    typed_scalar,
)
from mlsec.sources.cloudformation.values import (
    Malformed,
    apply,
    as_index,
    as_text,
    concat,
    describe,
    dynamic_reference,
    first_unresolved,
    map_branches,
    placeholder,
    settle_list,
)

_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
# First characters of plain scalars that may be something other than text (numbers,
# booleans, null); everything else is text without a look-up. "" is the empty scalar.
_MAYBE_TYPED = frozenset("0123456789+-.~yYnNtTfFoO") | {""}
_new_dict = dict.__new__
_new_list = list.__new__


def function_name(tag: str) -> str:
    """``!Ref`` -> ``Ref``, ``!Condition`` -> ``Condition``, ``!Sub`` -> ``Fn::Sub``."""
    name = tag[1:]
    return name if name in ("Ref", "Condition") else "Fn::" + name


def intrinsic_parts(node: Node, conditions: bool = False) -> tuple[str, Node, bool] | None:
    """(function, argument node, written short) if ``node`` is an intrinsic call.

    ``{"Condition": name}`` counts only where conditions are expected: elsewhere a
    ``Condition`` key is ordinary data (an IAM statement's, for one).
    """
    tag = node.tag
    if tag[0] == "!":
        return function_name(tag), node, True
    if node.__class__ is MappingNode and len(node.value) == 1:
        key = node.value[0][0].value
        if key.__class__ is str and (key == "Ref" or key[:4] == "Fn::" or (conditions and key == "Condition")):
            return key, node.value[0][1], False
    return None


class Evaluator:
    """Evaluates nodes of one template. Set ``parameters``, ``resources``, ``pseudo``,
    ``conditions`` and ``mappings_node`` before asking for values."""

    def __init__(self, json_mode: bool):
        self.parameters: dict[str, Any] = {}
        self.resources: set[str] = set()
        self.pseudo: dict[str, Any] = {}
        self.conditions = None  # conditions.Conditions
        self.mappings_node: Node | None = None
        self._mappings: Props | None = None
        self._scalar = typed_json_scalar if json_mode else typed_scalar
        # line of a repeated key -> (key, line of the occurrence it replaced)
        self.duplicates: dict[int, tuple[str, int]] = {}

    # -- plain data ----------------------------------------------------------------------

    def value(self, node: Node) -> Any:
        tag = node.tag
        if tag[0] == "!":
            return self.call(function_name(tag), node, True)
        if node.__class__ is ScalarNode:  # the common leaf, kept inline for speed
            text = node.value
            if tag == PLAIN:
                typed = self._scalar(text) if text[:1] in _MAYBE_TYPED else text
                if typed is not text:
                    return typed
            elif tag != STR:
                return explicit_scalar(node)
            if "{{resolve:" in text:
                return dynamic_reference(text)
            return text
        return self.collection(node)

    def untagged(self, node: Node) -> Any:
        """The value of ``node`` ignoring a short-form tag on it (the tag named the
        function; the node is its argument)."""
        if node.__class__ is ScalarNode:
            text = node.value
            return dynamic_reference(text) if "{{resolve:" in text else text
        return self.collection(node)

    def collection(self, node: Node) -> Any:
        value = self.value
        if node.__class__ is SequenceNode:
            items = _new_list(Items)  # Items(line=...) costs three times as much
            items.line = node.start_mark.line + 1
            append = items.append
            for child in node.value:
                item = value(child)
                if item is not NO_VALUE:
                    append(item)
            return items
        pairs = node.value
        if len(pairs) == 1:
            key = pairs[0][0].value
            if key.__class__ is str and (key == "Ref" or key[:4] == "Fn::"):
                return self.call(key, pairs[0][1], False)
        out = _new_dict(Props)  # Props(line=...) costs three times as much
        out.line = node.start_mark.line + 1
        lines = out.key_lines = {}
        merged: set[str] | None = None
        for key_node, value_node in pairs:
            key = key_node.value
            if key.__class__ is not str:
                continue  # a list or mapping used as a key: not expressible in a template
            if key == "<<" and key_node.tag == PLAIN:
                merged = set(self._merge(out, value_node))
                continue
            item = value(value_node)
            line = key_node.start_mark.line + 1
            if key in out:
                if merged and key in merged:
                    merged.discard(key)
                else:
                    self.duplicates[line] = (key, lines[key])
                if item is NO_VALUE:
                    del out[key], lines[key]
            if item is not NO_VALUE:
                out[key] = item
                lines[key] = line
        return out

    def _merge(self, out: Props, source: Node) -> list[str]:
        """YAML merge keys (``<<: *base``): copy keys the mapping does not set itself."""
        sources = source.value if source.__class__ is SequenceNode else [source]
        added = []
        for mapping_node in sources:
            if mapping_node.__class__ is not MappingNode:
                continue
            merged = self.collection(mapping_node)
            if not isinstance(merged, Props):
                continue
            for key, item in merged.items():
                if key not in out:
                    out[key] = item
                    out.key_lines[key] = merged.key_lines[key]
                    added.append(key)
        return added

    # -- intrinsic dispatch ---------------------------------------------------------------

    def call(self, function: str, arg: Node, short: bool) -> Any:
        handler = _HANDLERS.get(function)
        if handler is None:
            return Unknown(f"unsupported intrinsic {function}", function)
        try:
            return handler(self, arg, short)
        except Malformed as problem:
            return Unknown(f"{function} is malformed: {problem}", function)

    def argument(self, arg: Node, short: bool) -> Any:
        return self.untagged(arg) if short else self.value(arg)

    @staticmethod
    def arguments(arg: Node, function: str, low: int, high: int | None = None) -> list[Node]:
        high = low if high is None else high
        if arg.__class__ is not SequenceNode or not low <= len(arg.value) <= high:
            count = str(low) if low == high else f"{low} to {high}"
            found = f"{len(arg.value)} of them" if arg.__class__ is SequenceNode else kind_of(arg)
            raise Malformed(f"{function} takes a list of {count} arguments, not {found}")
        return arg.value

    @staticmethod
    def name_of(node: Node, function: str) -> str:
        if node.__class__ is not ScalarNode:
            raise Malformed(f"{function} takes a name, not {kind_of(node)}")
        return node.value

    # -- references -------------------------------------------------------------------------

    def lookup(self, name: str) -> Any:
        """What ``Ref name`` (or ``${name}`` in Fn::Sub) yields."""
        parameters = self.parameters
        if name in parameters:
            return parameters[name]
        if name in self.resources:
            return Ref(name, None, f"!Ref {name}")
        if name in self.pseudo:
            return self.pseudo[name]
        if name.startswith("AWS::"):
            return Unknown(f"{name} is not a pseudo parameter CloudFormation knows", f"!Ref {name}")
        return Unknown(f"{name} is neither a parameter nor a resource of this template", f"!Ref {name}")

    def attribute(self, target: str, attr: str) -> Ref | Unknown:
        expr = f"!GetAtt {target}.{attr}"
        if target in self.resources:
            return Ref(target, attr, expr)
        return Unknown(f"Fn::GetAtt {target}.{attr} names {target}, which is not a resource of this template", expr)

    def fn_ref(self, arg: Node, short: bool) -> Any:
        if arg.__class__ is ScalarNode:
            return self.lookup(arg.value)
        name = self.argument(arg, short)  # LanguageExtensions allow Ref: !Sub "..."
        if name.__class__ is str:
            return self.lookup(name)
        if isinstance(name, Unknown):
            return name
        raise Malformed(f"Ref takes a name, not {kind_of(arg)}")

    def fn_get_att(self, arg: Node, short: bool) -> Any:
        if arg.__class__ is ScalarNode:
            target, dot, attr = arg.value.partition(".")
            if not dot:
                raise Malformed(f"Fn::GetAtt takes Resource.Attribute, not {arg.value!r}")
            return self.attribute(target, attr)
        target_node, attr_node = self.arguments(arg, "Fn::GetAtt", 2)
        target = self.name_of(target_node, "Fn::GetAtt")
        attr = self.value(attr_node)
        if isinstance(attr, Unknown):
            return attr
        return self.attribute(target, as_text(attr, "Fn::GetAtt"))

    # -- strings ----------------------------------------------------------------------------

    def fn_sub(self, arg: Node, short: bool) -> Any:
        if arg.__class__ is ScalarNode:
            return self.substitute(arg.value, {})
        template_node, variables_node = self.arguments(arg, "Fn::Sub", 2)
        template = self.value(template_node)
        if isinstance(template, Unknown):
            return template
        if not isinstance(template, str):
            raise Malformed(f"Fn::Sub takes a template string first, not {kind_of(template_node)}")
        if variables_node.__class__ is not MappingNode:
            raise Malformed(f"Fn::Sub takes a mapping of variables second, not {kind_of(variables_node)}")
        variables = {k.value: v for k, v in variables_node.value if k.__class__ is ScalarNode}
        return self.substitute(template, variables)

    def substitute(self, template: str, variables: dict[str, Node]) -> Any:
        if "${" not in template:
            return dynamic_reference(template) if "{{resolve:" in template else template
        parts: list[Any] = []
        evaluated: dict[str, Any] = {}
        position = 0
        for match in _SUB_VARIABLE.finditer(template):
            parts.append(template[position : match.start()])
            position = match.end()
            name = match.group(1)
            if name[:1] == "!":  # ${!Literal} writes ${Literal}
                parts.append("${" + name[1:] + "}")
                continue
            name = name.strip()
            if name in variables:
                # Evaluate each variable once: "${A}${A}" with A itself a Sub that
                # repeats its own variable would otherwise take exponential time.
                if name not in evaluated:
                    evaluated[name] = self.value(variables[name])
                parts.append(evaluated[name])
            elif "." in name and name not in self.parameters:
                target, _, attr = name.partition(".")
                parts.append(self.attribute(target, attr))
            else:
                parts.append(self.lookup(name))
        parts.append(template[position:])
        return concat(parts, "Fn::Sub")

    def fn_join(self, arg: Node, short: bool) -> Any:
        delimiter_node, list_node = self.arguments(arg, "Fn::Join", 2)
        delimiter = self.value(delimiter_node)
        items = self.value(list_node)

        def join(delimiter: Any, items: Any) -> Any:
            delimiter = as_text(delimiter, "Fn::Join")
            if items.__class__ is Ref:
                return _deploy_time_list(items, "Fn::Join")
            if not isinstance(items, list):
                raise Malformed(f"Fn::Join takes a list of values to join, not {describe(items)}")
            return settle_list(list(items), lambda settled: concat(_interleave(settled, delimiter), "Fn::Join"))

        return apply(join, [delimiter, items])

    def fn_split(self, arg: Node, short: bool) -> Any:
        delimiter_node, source_node = self.arguments(arg, "Fn::Split", 2)
        line = arg.start_mark.line + 1

        def split(delimiter: Any, source: Any) -> Items:
            delimiter = as_text(delimiter, "Fn::Split")
            if source.__class__ is Ref:
                source = concat([source], "Fn::Split")
            if not isinstance(source, str):
                raise Malformed(f"Fn::Split takes text to split, not {describe(source)}")
            if not delimiter:
                raise Malformed("Fn::Split needs a non-empty delimiter")
            pieces = source.split(delimiter)
            if source.__class__ is RefStr:
                refs = source.refs
                return Items(
                    (RefStr(p, [r for r in refs if placeholder(r) in p]) if "${" in p else p for p in pieces),
                    line=line,
                )
            return Items(pieces, line=line)

        return apply(split, [self.value(delimiter_node), self.value(source_node)])

    def fn_base64(self, arg: Node, short: bool) -> Any:
        def encode(text: Any) -> Any:
            if isinstance(text, (RefStr, Ref)):
                return Unknown(
                    "Fn::Base64 encodes text that contains references, so its result is known only at deploy time",
                    f"!Base64 {text}",
                )
            return base64.b64encode(as_text(text, "Fn::Base64").encode("utf-8")).decode("ascii")

        return apply(encode, [self.argument(arg, short)])

    def fn_to_json_string(self, arg: Node, short: bool) -> Any:
        value = self.argument(arg, short)
        unresolved = first_unresolved(value)
        if unresolved is not None:
            why = unresolved.reason if isinstance(unresolved, Unknown) else "depends on an undecided condition"
            return Unknown(f"Fn::ToJsonString input is not fully known: {why}", "Fn::ToJsonString")
        refs: list[Ref] = []

        def symbolic(obj: Any) -> Any:
            if obj.__class__ is Ref:
                refs.append(obj)
                return placeholder(obj)
            if obj.__class__ is RefStr:
                refs.extend(obj.refs)
                return str(obj)
            raise TypeError(f"cannot write {obj!r} as JSON")

        text = json.dumps(value, separators=(",", ":"), default=symbolic, ensure_ascii=False)
        return RefStr(text, tuple(dict.fromkeys(refs))) if refs else text

    # -- lists ------------------------------------------------------------------------------

    def fn_select(self, arg: Node, short: bool) -> Any:
        index_node, list_node = self.arguments(arg, "Fn::Select", 2)
        index = self.value(index_node)
        source = intrinsic_parts(list_node)
        if source is not None and source[0] == "Fn::GetAZs":
            # Zones are known only at deploy time, but distinct indices are distinct
            # zones; keep that visible for rules that count Availability Zones.
            def zone(i: Any) -> RefStr:
                i = str(as_index(i, "Fn::Select"))
                return RefStr("${Fn::GetAZs[%s]}" % i, (Ref("Fn::GetAZs", i, f"!Select [{i}, !GetAZs]"),))

            return apply(zone, [index])

        def select(i: Any, items: Any) -> Any:
            i = as_index(i, "Fn::Select")
            if items.__class__ is Ref:
                # A list attribute (!GetAtt Lb.SecurityGroups): keep which element.
                text = "${%s[%d]}" % (placeholder(items)[2:-1], i)
                return RefStr(text, (items,))
            if not isinstance(items, list):
                raise Malformed(f"Fn::Select takes a list to pick from, not {describe(items)}")
            if not 0 <= i < len(items):
                raise Malformed(f"index {i} is outside a list of {len(items)} items")
            return items[i]

        return apply(select, [index, self.value(list_node)])

    def fn_get_azs(self, arg: Node, short: bool) -> Unknown:
        region = self.argument(arg, short)
        where = f"region {region}" if region.__class__ is str and region else "the stack's region"
        return Unknown(f"Fn::GetAZs lists the Availability Zones of {where} at deploy time", "!GetAZs")

    def fn_length(self, arg: Node, short: bool) -> Any:
        def length(items: Any) -> Any:
            if items.__class__ is Ref:
                return _deploy_time_list(items, "Fn::Length")
            if not isinstance(items, list):
                raise Malformed(f"Fn::Length takes a list, not {describe(items)}")
            return settle_list(list(items), len)

        return apply(length, [self.argument(arg, short)])

    def fn_cidr(self, arg: Node, short: bool) -> Any:
        block_node, count_node, bits_node = self.arguments(arg, "Fn::Cidr", 3)
        line = arg.start_mark.line + 1

        def cidr(block: Any, count: Any, bits: Any) -> Any:
            if isinstance(block, (Ref, RefStr)):
                return Unknown(f"Fn::Cidr splits {block}, which is known only at deploy time", "!Cidr")
            blocks = _split_cidr(as_text(block, "Fn::Cidr"), as_index(count, "Fn::Cidr"), as_index(bits, "Fn::Cidr"))
            return Items(blocks, line=line)

        return apply(cidr, [self.value(block_node), self.value(count_node), self.value(bits_node)])

    # -- lookups and conditions ---------------------------------------------------------------

    def fn_find_in_map(self, arg: Node, short: bool) -> Any:
        nodes = self.arguments(arg, "Fn::FindInMap", 3, 4)
        default_node = None
        if len(nodes) == 4:
            option = nodes[3]
            pairs = option.value if option.__class__ is MappingNode else ()
            default_node = next((v for k, v in pairs if k.value == "DefaultValue"), None)
            if default_node is None:
                raise Malformed("the fourth argument of Fn::FindInMap must be {DefaultValue: ...}")
        keys = [self.value(node) for node in nodes[:3]]
        if _deploy_time(keys[1]) and not any(_deploy_time(k) or k.__class__ is Branches for k in (keys[0], keys[2])):
            uniform = self._uniform_entry(keys[0], keys[2])
            if uniform is not None:
                return uniform

        def find(*settled: Any) -> Any:
            for key in settled:
                if key.__class__ is Ref or key.__class__ is RefStr:
                    return Unknown(
                        f"Fn::FindInMap picks its entry by {key}, which is known only at deploy time", "!FindInMap"
                    )
            return self._find(settled, default_node)

        return apply(find, keys)

    def _mapping_table(self) -> Props:
        if self._mappings is None:
            node = self.mappings_node
            table = self.value(node) if node is not None else None
            self._mappings = table if isinstance(table, Props) else Props()
        return self._mappings

    def _find(self, keys: tuple, default_node: Node | None) -> Any:
        names = [as_text(k, "Fn::FindInMap") for k in keys]
        entry: Any = self._mapping_table()
        for name in names:
            entry = entry.get(name, NO_VALUE) if isinstance(entry, dict) else NO_VALUE
            if entry is NO_VALUE:
                if default_node is not None:
                    return self.value(default_node)
                listed = ", ".join(names)
                return Unknown(f"Fn::FindInMap finds no entry [{listed}] in Mappings", f"!FindInMap [{listed}]")
        return entry

    def _uniform_entry(self, map_name: Any, second: Any) -> Any:
        """The entry for an unknown top-level key when every top-level key agrees on
        it (a deploy can only succeed with a key that is present)."""
        table = self._mapping_table().get(as_text(map_name, "Fn::FindInMap"))
        if not isinstance(table, dict) or not table:
            return None
        second = as_text(second, "Fn::FindInMap")
        values = [entry.get(second, NO_VALUE) if isinstance(entry, dict) else NO_VALUE for entry in table.values()]
        first = values[0]
        if first is NO_VALUE or any(v is NO_VALUE or v != first or v.__class__ is not first.__class__ for v in values):
            return None
        return first

    def fn_if(self, arg: Node, short: bool) -> Any:
        name_node, true_node, false_node = self.arguments(arg, "Fn::If", 3)
        name = self.name_of(name_node, "Fn::If")
        state = self.conditions.state(name)
        if state is True:
            return self.value(true_node)
        if state is False:
            return self.value(false_node)
        if state is None:
            return Unknown(f"Fn::If names condition {name}, which is not defined in Conditions", f"!If [{name}, ...]")
        return Branches(
            [(f"condition {name} is true", self.value(true_node)), (f"condition {name} is false", self.value(false_node))]
        )

    def fn_condition_function(self, function: str, arg: Node, short: bool) -> Any:
        state = self.conditions.expression(function, arg)
        if state is True or state is False:
            return state
        return Unknown(f"{function} {state.reason}", function)

    # -- deploy-time only -----------------------------------------------------------------------

    def fn_import_value(self, arg: Node, short: bool) -> Any:
        name = self.argument(arg, short)
        if name.__class__ is Branches:
            return map_branches(name, lambda n: _imported(n))
        return _imported(name)

    def fn_transform(self, arg: Node, short: bool) -> Unknown:
        value = self.argument(arg, short)
        name = value.get("Name") if isinstance(value, dict) else None
        return Unknown(f"Fn::Transform macro {name or '(unnamed)'} runs at deploy time", "Fn::Transform")


@functools.lru_cache(maxsize=256)
def _split_cidr(block: str, count: int, bits: int) -> tuple[str, ...]:
    """The first ``count`` subnets of ``block`` with ``bits`` host bits each. Cached:
    ipaddress is slow, and stacks of one organisation repeat the same few blocks."""
    try:
        network = ipaddress.ip_network(block, strict=False)
        subnets = network.subnets(new_prefix=network.max_prefixlen - bits)
        return tuple(str(s) for s in itertools.islice(subnets, min(count, 256)))
    except ValueError as exc:
        raise Malformed(str(exc)) from None


def _deploy_time(value: Any) -> bool:
    return isinstance(value, Unknown) or value.__class__ is Ref or value.__class__ is RefStr


def _deploy_time_list(ref: Ref, function: str) -> Unknown:
    return Unknown(f"{function} works on {ref}, a list known only at deploy time", f"{function} {ref}")


def _interleave(items: list, delimiter: str) -> list:
    parts: list[Any] = []
    for index, item in enumerate(items):
        if index:
            parts.append(delimiter)
        parts.append(item)
    return parts


def _imported(name: Any) -> Unknown:
    if isinstance(name, Unknown):
        return name
    text = str(name) if isinstance(name, (str, Ref)) else repr(name)
    return Unknown(f"Fn::ImportValue {text} is resolved at deploy time", f"!ImportValue {text}")


def _condition_handler(function: str):
    return lambda evaluator, arg, short: evaluator.fn_condition_function(function, arg, short)


_HANDLERS = {
    "Ref": Evaluator.fn_ref,
    "Fn::GetAtt": Evaluator.fn_get_att,
    "Fn::Sub": Evaluator.fn_sub,
    "Fn::Join": Evaluator.fn_join,
    "Fn::Split": Evaluator.fn_split,
    "Fn::Select": Evaluator.fn_select,
    "Fn::GetAZs": Evaluator.fn_get_azs,
    "Fn::FindInMap": Evaluator.fn_find_in_map,
    "Fn::If": Evaluator.fn_if,
    "Fn::ImportValue": Evaluator.fn_import_value,
    "Fn::Base64": Evaluator.fn_base64,
    "Fn::Cidr": Evaluator.fn_cidr,
    "Fn::Transform": Evaluator.fn_transform,
    "Fn::ToJsonString": Evaluator.fn_to_json_string,
    "Fn::Length": Evaluator.fn_length,
    **{name: _condition_handler(name) for name in ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition")},
}
