"""Terraform plan JSON (``terraform show -json PLANFILE``) as raw resources.

A plan already holds evaluated values, so this source does no HCL evaluation. It reads
three sections and joins them by resource address:

* ``planned_values`` -- the values each managed resource will have after apply. Values
  that only apply can tell are left out of it;
* ``resource_changes[].change.after_unknown`` -- which of those left-out values exist
  and are unknown until apply;
* ``configuration`` -- the expressions as written (constants and the references each
  one makes), per module.

An unknown value becomes ``Unknown("known after apply")`` unless its expression refers
to another managed resource: then it becomes a ``Ref`` to that resource, which is what
lets "is a KMS key set" rules see a key that is created in the same apply (CATALOGUE
§1.2). A known string whose expression refers to resources becomes a ``RefStr`` so the
resource graph can still link the two.

What the JSON does not say, this module does not guess, with three documented
exceptions: references through module variables and outputs are followed to the
resource behind them; ``aws_x.y[count.index]`` / ``aws_x.y[each.key]`` (whose index the
plan leaves out) point at the instance with the same key as the referring resource;
and the elements of a list written as ``[a.id, b.id]`` are paired with its references
in order.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from mlsec.model.props import Items, Props, Ref, RefStr, Unknown
from mlsec.sources.base import RawResource, ScanError, SourceOptions, SourceResult

SOURCE = "terraform-plan"
AFTER_APPLY = "known after apply"
SUPPORTED_MAJORS = (0, 1)

# Root names of references that are not resources or modules.
_NOT_RESOURCES = {"var", "local", "each", "count", "self", "path", "terraform", "data", "module"}
# How far references are followed through module variables and outputs.
_MAX_HOPS = 24


def is_plan(doc: object) -> bool:
    """True for the output of ``terraform show -json`` on a saved plan.

    ``planned_values`` and ``resource_changes`` exist only in plans (a shown *state*
    has ``values`` instead), so one of them plus a version key decides it. Plans that
    turn out to be malformed are still claimed here, so load_plan can say what is wrong.
    """
    if not isinstance(doc, dict):
        return False
    has_version = "format_version" in doc or "terraform_version" in doc
    return has_version and ("planned_values" in doc or "resource_changes" in doc)


def load_plan(path: str, doc: dict, options: SourceOptions) -> SourceResult:
    """One RawResource per managed resource instance in the plan's planned values."""
    result = SourceResult(files=[path])
    try:
        problem = _check_version(doc)
        if problem is not None:
            result.errors.append(ScanError(path, problem[0], kind=problem[1]))
            result.files.clear()  # not scanned: "nothing could be scanned" must still apply
            return result
        _PlanReader(path, doc, options, result).read()
    except _Malformed as exc:
        result.resources.clear()
        result.files.clear()
        result.errors.append(ScanError(path, f"malformed plan JSON: {exc}", kind="parse"))
    except RecursionError:
        result.resources.clear()
        result.files.clear()
        result.errors.append(ScanError(path, "plan JSON is nested too deeply to read", kind="limit"))
    return result


class _Malformed(Exception):
    """A section of the plan has the wrong JSON type."""


def _check_version(doc: Any) -> tuple[str, str] | None:
    """(message, kind) when the document cannot be read as a supported plan."""
    if not isinstance(doc, dict):
        raise _Malformed("the document is not a JSON object")
    if "format_version" not in doc:
        raise _Malformed("format_version is missing")
    version = doc["format_version"]
    if not isinstance(version, str):
        raise _Malformed(f"format_version is {_json_type(version)}, expected a string like \"1.2\"")
    match = re.fullmatch(r"(\d+)(?:\.\d+)*", version.strip())
    if match is None or int(match.group(1)) not in SUPPORTED_MAJORS:
        return f"unsupported plan format_version {version} (mlsec reads 0.x and 1.x)", "unsupported"
    if "planned_values" not in doc:
        raise _Malformed("planned_values is missing")
    return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _expect(value: Any, kind: type, where: str, optional: bool = True) -> Any:
    """``value`` if it has JSON type ``kind`` (absent/null allowed when optional)."""
    if value is None and optional:
        return kind()
    if not isinstance(value, kind):
        wanted = "an object" if kind is dict else "an array" if kind is list else "a string"
        raise _Malformed(f"{where} is {_json_type(value)}, expected {wanted}")
    return value


# ---------------------------------------------------------------- reference text

@dataclass(frozen=True, slots=True)
class _Traversal:
    """A parsed reference such as ``module.m["k"].aws_x.y[0].arn``.

    Each step is ``("name", text)`` or ``("index", text-inside-brackets)``.
    """

    text: str
    steps: tuple[tuple[str, str], ...]

    def names(self) -> list[str]:
        return [s for kind, s in self.steps if kind == "name"]

    def covers(self, other: "_Traversal") -> bool:
        """True when ``other`` is a strictly longer traversal starting with this one."""
        return len(other.steps) > len(self.steps) and other.steps[: len(self.steps)] == self.steps


_FIRST_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NEXT_STEP = re.compile(r'\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+|\*|"(?:[^"\\]|\\.)*")\]')


def _parse_traversal(text: str) -> _Traversal | None:
    """The steps of a reference, or None when the text is not a plain traversal."""
    m = _FIRST_NAME.match(text)
    if m is None:
        return None
    steps = [("name", m.group(0))]
    pos = m.end()
    while pos < len(text):
        m = _NEXT_STEP.match(text, pos)
        if m is None:
            return None
        steps.append(("name", m.group(1)) if m.group(1) is not None else ("index", m.group(2)))
        pos = m.end()
    return _Traversal(text, tuple(steps))


def _render(steps: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> str:
    out = []
    for kind, text in steps:
        if kind == "index":
            out.append(f"[{text}]")
        else:
            out.append(f".{text}" if out else text)
    return "".join(out)


def _maximal(texts: list[Any]) -> list[_Traversal]:
    """Parsed references minus those another one extends.

    Terraform lists ``aws_k.k[0].arn``, ``aws_k.k[0]`` and ``aws_k.k`` for one use of
    ``aws_k.k[0].arn``; only the longest says what is used.
    """
    parsed = []
    for text in texts:
        if isinstance(text, str):
            t = _parse_traversal(text)
            if t is not None and t not in parsed:
                parsed.append(t)
    return [t for t in parsed if not any(t.covers(o) for o in parsed)]


# ---------------------------------------------------------------- configuration scopes

@dataclass(slots=True)
class _Target:
    """A managed resource (or module output) an expression refers to."""

    address: str
    attr: str | None
    expr: str
    rtype: str | None  # resource type, None for an unresolved module output

    def ref(self) -> Ref:
        return Ref(self.address, self.attr, self.expr)


@dataclass(slots=True)
class _Scope:
    """One module instance: where its addresses start and the configuration it runs."""

    prefix: str  # "" for the root, 'module.a["k"].' inside a module instance
    config: dict  # the configuration module: resources, module_calls, outputs
    parent: "_Scope | None" = None
    call: dict | None = None  # this module's call block in the parent configuration
    key: str = ""  # the instance key of this module, '["k"]' or '[0]' or ''
    _resources: dict | None = field(default=None)

    def resource(self, mode: str, rtype: str, name: str) -> dict | None:
        if self._resources is None:
            self._resources = {}
            for res in _as_list(self.config.get("resources")):
                if isinstance(res, dict):
                    self._resources.setdefault((res.get("mode"), res.get("type"), res.get("name")), res)
        return self._resources.get((mode, rtype, name))

    def module_call(self, name: str) -> dict | None:
        call = _as_dict(self.config.get("module_calls")).get(name)
        return call if isinstance(call, dict) else None


@dataclass(slots=True)
class _Instance:
    """What ``count.index`` / ``each.*`` mean where an expression is evaluated."""

    key: str  # '[0]', '["k"]' or '' -- as it appears at the end of the address
    for_each_refs: list[Any] | None  # references of the for_each expression, if any


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _is_expression(node: Any) -> bool:
    """An expression object (``{"constant_value": ...}`` / ``{"references": [...]}``)."""
    return isinstance(node, dict) and set(node) <= {"constant_value", "references"}


def _references(node: Any) -> list[Any]:
    return _as_list(node.get("references")) if isinstance(node, dict) else []


# ---------------------------------------------------------------- the reader

class _PlanReader:
    def __init__(self, path: str, doc: dict, options: SourceOptions, result: SourceResult):
        self.path = path
        self.options = options
        self.result = result
        planned = _expect(doc.get("planned_values"), dict, "planned_values", optional=False)
        self.root_values = _expect(planned.get("root_module"), dict, "planned_values.root_module")
        self.changes = self._index_changes(_expect(doc.get("resource_changes"), list, "resource_changes"))
        config = _as_dict(doc.get("configuration"))
        self.providers = _as_dict(config.get("provider_config"))
        self.root_scope = _Scope("", _as_dict(config.get("root_module")))
        self.scopes: dict[str, _Scope | None] = {"": self.root_scope}
        self.addresses: set[str] = set()
        self.lines: dict[str, int] | None = None

    # ---- sections

    @staticmethod
    def _index_changes(changes: list) -> dict[str, dict]:
        by_address: dict[str, dict] = {}
        for i, rc in enumerate(changes):
            rc = _expect(rc, dict, f"resource_changes[{i}]", optional=False)
            address = _expect(rc.get("address"), str, f"resource_changes[{i}].address", optional=False)
            change = _expect(rc.get("change"), dict, f"resource_changes[{i}].change")
            # A deposed object (the old half of a create-before-destroy) shares the
            # address of its replacement and is not in planned_values.
            if not rc.get("deposed"):
                by_address[address] = change
        return by_address

    def _modules(self) -> list[tuple[str, list[Any]]]:
        """(module address, resources) for the root and every child module, depth first."""
        out = []
        stack = [(self.root_values, "planned_values.root_module")]
        while stack:
            module, where = stack.pop()
            module = _expect(module, dict, where, optional=False)
            is_root = module is self.root_values
            address = "" if is_root else _expect(module.get("address"), str, f"{where}.address", optional=False)
            out.append((address, _expect(module.get("resources"), list, f"{where}.resources")))
            children = _expect(module.get("child_modules"), list, f"{where}.child_modules")
            stack.extend((child, f"{where}.child_modules[{i}]") for i, child in reversed(list(enumerate(children))))
        return out

    def read(self) -> None:
        modules = self._modules()
        entries = []
        for module_address, resources in modules:
            for i, res in enumerate(resources):
                where = f"resources[{i}] of module {module_address or '(root)'}"
                res = _expect(res, dict, where, optional=False)
                for key in ("address", "type", "name"):
                    _expect(res.get(key), str, f"{where}.{key}", optional=False)
                if res.get("mode", "managed") != "managed":
                    continue
                entries.append((module_address, res))
                self.addresses.add(res["address"])
        for module_address, res in entries:
            self.result.resources.append(self._resource(module_address, res))

    # ---- one resource

    def _resource(self, module_address: str, res: dict) -> RawResource:
        address = res["address"]
        values = _expect(res.get("values"), dict, f"values of {address}")
        change = self.changes.get(address, {})
        unknown = change.get("after_unknown")
        scope = self._scope(module_address)
        config = scope.resource("managed", res["type"], res["name"]) if scope is not None else None
        key = self._instance_key(module_address, res)
        instance = _Instance(key, _references(config.get("for_each_expression")) if config else None)
        converter = _Converter(self, address, scope, instance)
        line = self._line_of(address)
        props = converter.block(values, unknown, _as_dict(config.get("expressions")) if config else None, "")
        props.line = line
        arn = values.get("arn")
        actions = change.get("actions")
        return RawResource(
            source=SOURCE,
            type=res["type"],
            id=address,
            props=props,
            unit=self.path,
            file=self.path,
            line=line,
            region=self._region(config) or self.options.region,
            account=self.options.account_id,
            arn=arn if isinstance(arn, str) and arn else None,
            metadata={
                "module_address": module_address,
                "index": res.get("index"),
                "provider": res.get("provider_name"),
                "actions": list(actions) if isinstance(actions, list) else None,
            },
        )

    @staticmethod
    def _instance_key(module_address: str, res: dict) -> str:
        """The ``[0]`` / ``["k"]`` ending of the resource address ('' without one)."""
        base = (f"{module_address}." if module_address else "") + f"{res['type']}.{res['name']}"
        address = res["address"]
        if address.startswith(base):
            return address[len(base):]
        index = res.get("index")
        if isinstance(index, bool) or index is None:
            return ""
        return f"[{index}]" if isinstance(index, int) else f"[{json.dumps(index)}]"

    def _region(self, config: dict | None) -> str | None:
        if not config:
            return None
        provider = _as_dict(self.providers.get(config.get("provider_config_key")))
        region = _as_dict(_as_dict(provider.get("expressions")).get("region")).get("constant_value")
        return region if isinstance(region, str) and region else None

    # ---- configuration of a module instance

    def _scope(self, module_address: str) -> _Scope | None:
        """The configuration scope of a module instance address, None when unknown."""
        if module_address in self.scopes:
            return self.scopes[module_address]
        parsed = _parse_traversal(module_address)
        if parsed is None:
            self.scopes[module_address] = None
            return None
        scope: _Scope | None = self.root_scope
        steps = list(parsed.steps)
        i = 0
        while scope is not None and i < len(steps):
            if steps[i] != ("name", "module") or i + 1 >= len(steps) or steps[i + 1][0] != "name":
                scope = None
                break
            name = steps[i + 1][1]
            key = ""
            i += 2
            if i < len(steps) and steps[i][0] == "index":
                key = f"[{steps[i][1]}]"
                i += 1
            scope = self.child_scope(scope, name, key)
        self.scopes[module_address] = scope
        return scope

    def child_scope(self, scope: _Scope, name: str, key: str) -> _Scope | None:
        prefix = f"{scope.prefix}module.{name}{key}."
        if prefix[:-1] in self.scopes:
            return self.scopes[prefix[:-1]]
        call = scope.module_call(name)
        if call is None or not isinstance(call.get("module"), dict):
            return None
        child = _Scope(prefix, call["module"], scope, call, key)
        self.scopes[prefix[:-1]] = child
        return child

    # ---- lines

    def _line_of(self, address: str) -> int | None:
        if self.lines is None:
            self.lines = _address_lines(self.path, self.options.max_file_bytes)
        return self.lines.get(address)


_ADDRESS_KEY = re.compile(r'"address"\s*:\s*("(?:[^"\\]|\\.)*")')


def _address_lines(path: str, limit: int) -> dict[str, int]:
    """Line of the first ``"address": ...`` per address from ``planned_values`` onwards.

    Plans straight from Terraform are one line; a pretty-printed plan gives each
    resource its own line, which is worth reporting.
    """
    try:
        with open(path, "r", encoding="utf-8") as handle:
            text = handle.read(limit + 1)
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    start = text.find('"planned_values"')
    if start < 0:
        return {}
    lines: dict[str, int] = {}
    line = text.count("\n", 0, start) + 1
    pos = start
    for m in _ADDRESS_KEY.finditer(text, start):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        try:
            address = json.loads(m.group(1))
        except ValueError:
            continue
        lines.setdefault(address, line)
    return lines


# ---------------------------------------------------------------- values

class _Converter:
    """Turns the planned values of one resource into a property tree."""

    def __init__(self, reader: _PlanReader, address: str, scope: _Scope | None, instance: _Instance):
        self.reader = reader
        self.address = address
        self.scope = scope
        self.instance = instance

    # ---- structure: objects and blocks, guided by the configuration of each block

    def block(self, values: Any, unknown: Any, config: dict | None, path: str) -> Props:
        """An object whose configuration (if any) maps attribute names to expressions."""
        marks = unknown if isinstance(unknown, dict) else {}
        out = Props()
        keys = list(values) + [k for k, mark in marks.items() if mark is True and k not in values]
        for key in keys:
            sub_config = config.get(key) if isinstance(config, dict) else None
            if isinstance(config, dict) and sub_config is None and marks.get(key) is True:
                # Computed by the provider and not written in the configuration: like a
                # null, the argument was omitted and the provider/AWS default applies.
                out[key] = None
                continue
            out[key] = self.attribute(values.get(key), marks.get(key), sub_config, _join(path, key))
        return out

    def attribute(self, value: Any, unknown: Any, config: Any, path: str) -> Any:
        if _is_expression(config):
            return self.expression_value(value, unknown, self.targets(config), path)
        if unknown is True:
            return self.unknown_leaf([], path)
        if isinstance(value, dict):
            return self.block(value, unknown, config if isinstance(config, dict) else None, path)
        if isinstance(value, list):
            marks = unknown if isinstance(unknown, list) else []
            configs = self.align(value, config) if isinstance(config, list) else [None] * len(value)
            return Items(
                self.attribute(item, marks[i] if i < len(marks) else None, configs[i], f"{path}[{i}]")
                for i, item in enumerate(value)
            )
        return value

    def align(self, values: list, configs: list) -> list[dict | None]:
        """The configuration block written for each planned block, None when unsure.

        Blocks in sets come out of the plan sorted by value, dynamic blocks have no
        configuration at all, so index order is trusted only if the written constants
        agree with it; otherwise blocks are matched by their constants.
        """
        configs = [c if isinstance(c, dict) else None for c in configs]
        if len(configs) == len(values) and all(_agrees(c, v) for c, v in zip(configs, values)):
            return configs
        out: list[dict | None] = [None] * len(values)
        free = list(range(len(configs)))
        for i, value in enumerate(values):
            for j in free:
                if configs[j] is not None and _agrees(configs[j], value) and _has_constant(configs[j]):
                    out[i] = configs[j]
                    free.remove(j)
                    break
        return out

    # ---- leaves under one written expression

    def expression_value(self, value: Any, unknown: Any, targets: tuple[list[_Target], list[str]], path: str) -> Any:
        resolved, _ = targets
        if unknown is True:
            return self.unknown_leaf_for(targets, path)
        if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            return self.scalar_list(value, unknown, targets, path)
        if isinstance(value, (dict, list)):
            return self.nested_value(value, unknown, targets, path)
        if isinstance(value, str) and resolved:
            return RefStr(value, [t.ref() for t in resolved])
        return value

    def nested_value(self, value: Any, unknown: Any, targets: tuple[list[_Target], list[str]], path: str) -> Any:
        """Inside an object or list that one expression produced: the references cannot
        be tied to a part, so only unknown parts use them."""
        if unknown is True:
            return self.unknown_leaf_for(targets, path)
        if isinstance(value, dict):
            marks = unknown if isinstance(unknown, dict) else {}
            out = Props()
            for key in list(value) + [k for k, m in marks.items() if m is True and k not in value]:
                out[key] = self.nested_value(value.get(key), marks.get(key), targets, _join(path, key))
            return out
        if isinstance(value, list):
            marks = unknown if isinstance(unknown, list) else []
            return Items(self.nested_value(v, marks[i] if i < len(marks) else None, targets, f"{path}[{i}]")
                         for i, v in enumerate(value))
        return value

    def scalar_list(self, value: list, unknown: Any, targets: tuple[list[_Target], list[str]], path: str) -> Items:
        """A list of strings/numbers written as one expression, e.g. ``[a.id, b.id]``.

        With as many references as elements (or as unknown elements), element i is
        taken to come from reference i -- the order Terraform lists them in.
        """
        resolved, unresolved = targets
        marks = unknown if isinstance(unknown, list) else []
        is_unknown = [i < len(marks) and marks[i] is True for i in range(len(value))]
        paired: dict[int, _Target] = {}
        if len(resolved) > 1 and len(resolved) == len(value):
            paired = dict(enumerate(resolved))
        elif len(resolved) > 1 and len(resolved) == sum(is_unknown):
            paired = dict(zip((i for i, u in enumerate(is_unknown) if u), resolved))
        out = Items()
        for i, item in enumerate(value):
            # Once references are paired, an element left over is one written as a literal.
            own = ([paired[i]], []) if i in paired else ([], []) if paired else targets
            if is_unknown[i]:
                out.append(self.unknown_leaf_for(own, f"{path}[{i}]"))
            elif isinstance(item, str) and own[0]:
                out.append(RefStr(item, [t.ref() for t in own[0]]))
            else:
                out.append(item)
        return out

    def unknown_leaf_for(self, targets: tuple[list[_Target], list[str]], path: str) -> Any:
        resolved, unresolved = targets
        if len(resolved) == 1:
            return resolved[0].ref()
        if len(resolved) > 1 and all(t.rtype is not None and (t.rtype, t.attr) == (resolved[0].rtype, resolved[0].attr)
                                     for t in resolved):
            # [aws_security_group.a.id, aws_security_group.b.id]: a list of like references.
            return Items(t.ref() for t in resolved)
        written = [t.expr for t in resolved] + unresolved
        return self.unknown_leaf(written, path)

    def unknown_leaf(self, written: list[str], path: str) -> Unknown:
        return Unknown(AFTER_APPLY, ", ".join(written) if written else f"{self.address}.{path}")

    # ---- references

    def targets(self, expression: dict) -> tuple[list[_Target], list[str]]:
        """Resources an expression refers to, and the references that name none."""
        refs = _references(expression)
        if not refs or self.scope is None:
            return [], [t.text for t in _maximal(refs)]
        return _Resolver(self.reader).resolve(refs, self.scope, self.instance, 0)


class _Resolver:
    """Follows written references to the managed resources behind them."""

    def __init__(self, reader: _PlanReader):
        self.reader = reader

    def resolve(self, refs: list[Any], scope: _Scope, instance: _Instance | None,
                hops: int) -> tuple[list[_Target], list[str]]:
        traversals = _maximal(refs)
        markers = {r for r in refs if r in ("count.index", "each.key")}
        found: list[_Target] = []
        unresolved: list[str] = []
        for t in traversals:
            names = t.names()
            if names[0] in ("count", "path", "terraform", "self", "local", "data") or t.text == "each.key":
                if names[0] in ("local", "data"):
                    unresolved.append(t.text)
                continue
            if hops >= _MAX_HOPS:
                unresolved.append(t.text)
                continue
            if names[0] == "var":
                got = self.variable(t, scope, hops)
            elif names[0] == "module":
                got = self.module_output(t, scope, hops)
            elif names[0] == "each":
                got = self.each_value(t, scope, instance, hops)
            else:
                got = self.resource(t, scope, instance, markers)
            if got:
                found.extend(got)
            else:
                unresolved.append(t.text)
        seen: dict[tuple[str, str | None], _Target] = {}
        for target in found:
            seen.setdefault((target.address, target.attr), target)
        return list(seen.values()), unresolved

    def resource(self, t: _Traversal, scope: _Scope, instance: _Instance | None, markers: set[str]) -> list[_Target]:
        steps = t.steps
        if len(steps) < 2 or steps[0][0] != "name" or steps[1][0] != "name":
            return []
        base = f"{scope.prefix}{steps[0][1]}.{steps[1][1]}"
        rest = list(steps[2:])
        if rest and rest[0][0] == "index":
            base += f"[{rest.pop(0)[1]}]"
            if base.endswith("[*]"):
                return []
        elif instance is not None and instance.key:
            # aws_x.y[count.index] / aws_x.y[each.key]: the plan drops the dynamic index.
            by_count = "count.index" in markers and instance.key[1:2].isdigit()
            by_key = "each.key" in markers and instance.key.startswith('["')
            if (by_count or by_key) and base + instance.key in self.reader.addresses:
                base += instance.key
        attr = _render(rest) if rest and rest[0][0] == "name" else None
        return [_Target(base, attr, t.text, steps[0][1])]

    def variable(self, t: _Traversal, scope: _Scope, hops: int) -> list[_Target]:
        """``var.x`` inside a module: what the calling module passes as ``x``."""
        names = t.names()
        if scope.parent is None or scope.call is None or len(names) < 2:
            return []
        passed = _as_dict(scope.call.get("expressions")).get(names[1])
        if not _references(passed):
            return []
        each = _Instance(scope.key, _references(scope.call.get("for_each_expression")))
        got, _ = self.resolve(_references(passed), scope.parent, each, hops + 1)
        return [_Target(x.address, x.attr, f"{t.text} → {x.expr}", x.rtype) for x in got]

    def module_output(self, t: _Traversal, scope: _Scope, hops: int) -> list[_Target]:
        """``module.m.out``: the resources behind that output, else the output itself."""
        steps = list(t.steps)
        if len(steps) < 2 or steps[1][0] != "name":
            return []
        name = steps[1][1]
        key = ""
        rest = steps[2:]
        if rest and rest[0][0] == "index":
            key = f"[{rest.pop(0)[1]}]"
        if not rest or rest[0][0] != "name":
            return []
        module_address = f"{scope.prefix}module.{name}{key}"
        fallback = [_Target(module_address, _render(rest), t.text, None)]
        call = scope.module_call(name)
        if call is None or key == "[*]" or (not key and ("count" in call or "for_each" in call or
                                                         "count_expression" in call or
                                                         "for_each_expression" in call)):
            return fallback
        child = self.reader.child_scope(scope, name, key)
        output = _as_dict(_as_dict(child.config.get("outputs")).get(rest[0][1])) if child else {}
        refs = _references(output.get("expression"))
        if child is None or not refs:
            return fallback
        got, _ = self.resolve(refs, child, None, hops + 1)
        if not got:
            return fallback
        return [_Target(x.address, x.attr, f"{t.text} → {x.expr}", x.rtype) for x in got]

    def each_value(self, t: _Traversal, scope: _Scope, instance: _Instance | None, hops: int) -> list[_Target]:
        """``each.value.id`` where ``for_each = aws_x.y``: attribute ``id`` of ``aws_x.y[key]``."""
        steps = t.steps
        if instance is None or not instance.key.startswith('["') or len(steps) < 3 or steps[1] != ("name", "value"):
            return []
        if not instance.for_each_refs:
            return []
        over, _ = self.resolve(instance.for_each_refs, scope, None, hops + 1)
        if len(over) != 1 or over[0].attr is not None or over[0].rtype is None or over[0].address.endswith("]"):
            return []
        address = over[0].address + instance.key
        if address not in self.reader.addresses:
            return []
        rest = list(steps[2:])
        attr = _render(rest) if rest[0][0] == "name" else None
        return [_Target(address, attr, t.text, over[0].rtype)]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _has_constant(config: dict) -> bool:
    return any(isinstance(e, dict) and "constant_value" in e for e in config.values())


def _agrees(config: dict | None, value: Any) -> bool:
    """No written constant in a configuration block contradicts a planned block."""
    if config is None or not isinstance(value, dict):
        return config is None
    for key, expression in config.items():
        if not (isinstance(expression, dict) and "constant_value" in expression and _is_expression(expression)):
            continue
        written = expression["constant_value"]
        planned = value.get(key)
        if planned is None or isinstance(written, (dict, list)) or isinstance(planned, (dict, list)):
            continue
        if written != planned and str(written) != str(planned):
            return False
    return True
