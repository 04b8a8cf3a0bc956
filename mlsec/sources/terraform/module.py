"""Modules: the declarations of a folder, and their evaluation as module instances.

``ModuleFiles`` gathers what the .tf files of one folder declare. A ``ModuleInstance``
evaluates them for one set of variable values (the root module, or one instance of a
``module`` call) and answers the names expressions use. Everything is computed on
demand and remembered, so locals, outputs and data sources are evaluated at most once
per instance, in whatever order references need them; a name that needs itself is
reported as a cycle instead of recursing forever.
"""

from __future__ import annotations

import json
import os

from mlsec.model.props import Branches, Items, Props, Unknown
from mlsec.sources.base import RawResource, ScanError, SourceOptions

from .blocks import RESOURCE_META, evaluate_body
from .data_sources import data_value
from .expressions import Evaluator, attr_name
from .json_syntax import parse_json_config
from .parser import Block, expr_text, parse_file
from .type_constraints import ANY, as_set, convert, is_complex, parse_type
from .values import EvalError, Unresolved, as_unknown, is_open, make_ref, to_index, to_key
from .variables import GivenValue, parse_hcl_value

MODULE_META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})
_MAX_MODULE_DEPTH = 32
MAX_INSTANCES = 1000  # per resource, data source or module call
_MISSING = object()


def is_override_file(name: str) -> bool:
    stem = name.removesuffix(".json").removesuffix(".tf")
    return stem == "override" or stem.endswith("_override")


def is_local_source(source: str) -> bool:
    return source.startswith(("./", "../", ".\\", "..\\")) or source in (".", "..")


class ModuleFiles:
    """What the .tf files of one module folder declare."""

    def __init__(self, directory: str):
        self.dir = directory
        self.variables: dict[str, Block] = {}
        self.locals: dict[str, object] = {}
        self.outputs: dict[str, Block] = {}
        self.resources: dict[tuple[str, str], Block] = {}
        self.data: dict[tuple[str, str], Block] = {}
        self.calls: dict[str, Block] = {}
        self.overrides: dict[tuple, list[Block]] = {}
        self.providers: list[Block] = []  # for their credentials only (terraform/secrets.py)
        self.types: dict[str, tuple] = {}  # variable name -> type constraint, read once

    def add(self, hcl, errors: list, override: bool) -> None:
        """Take in the blocks of one file; an override file's blocks amend earlier ones."""
        tables = {"resource": self.resources, "data": self.data, "variable": self.variables,
                  "output": self.outputs, "module": self.calls}
        for entry in hcl.entries():
            if entry[0] != "block":
                continue
            block = entry[1]
            kind, labels = block.type, block.labels
            if kind == "locals":
                for item in block.entries():
                    if item[0] == "attr":
                        self.locals[item[1]] = item[2]
                continue
            if kind == "provider":
                self.providers.append(block)
                continue
            table = tables.get(kind)
            wanted = 2 if kind in ("resource", "data") else 1
            if table is None or len(labels) != wanted:
                continue
            key = tuple(labels) if wanted == 2 else labels[0]
            if key not in table:
                table[key] = block
            elif not override:
                first = table[key]
                name = ".".join(labels) if kind == "resource" else f"{kind} {'.'.join(labels)}"
                errors.append(ScanError(hcl.path, f"{name} is declared twice (first at "
                                        f"{first.file.path}:{first.line})", "parse", block.line))
            elif kind in ("resource", "data"):
                self.overrides.setdefault((kind,) + key, []).append(block)
            else:
                table[key] = block  # Terraform merges arguments; the override's block stands in


class Loader:
    """Shared state of one ``load_module`` call: options, parsed folders, the result."""

    def __init__(self, root_dir: str, options: SourceOptions, result):
        self.root_dir = root_dir
        self.options = options
        self.result = result
        self._folders: dict[str, ModuleFiles | None] = {}
        self._listings: dict[str, list[str] | None] = {}
        self.instances: list[ModuleInstance] = []

    def close(self) -> None:
        """Break the reference cycles of an evaluation (modules ↔ evaluators ↔ memoised
        closures and errors) so its memory is freed as soon as the result is dropped,
        without waiting for the cyclic garbage collector."""
        for instance in self.instances:
            instance.close()
        self.instances.clear()
        self._folders.clear()
        self.result = None

    def listing(self, directory: str) -> list[str] | None:
        """Sorted names of the regular files in ``directory`` (None if it cannot be listed)."""
        if directory not in self._listings:
            try:
                with os.scandir(directory) as found:
                    names = sorted(e.name for e in found if e.is_file())
            except OSError:
                names = None
            self._listings[directory] = names
        return self._listings[directory]

    def module_files(self, directory: str, names: list[str] | None = None) -> ModuleFiles | None:
        key = os.path.normpath(directory)
        if key in self._folders:
            return self._folders[key]
        paths = self._tf_paths(directory, names)
        if paths is None:
            self._folders[key] = None
            return None
        files = ModuleFiles(directory)
        for path in sorted(paths, key=lambda p: is_override_file(os.path.basename(p))):
            reader = parse_json_config if path.endswith(".json") else parse_file
            parsed = reader(path, self.options.max_file_bytes)
            if isinstance(parsed, ScanError):
                self.result.errors.append(parsed)
                continue
            self.result.files.append(path)
            files.add(parsed, self.result.errors, is_override_file(os.path.basename(path)))
        self._folders[key] = files
        return files

    def _tf_paths(self, directory: str, names: list[str] | None) -> list[str] | None:
        if names is not None:
            return [n if os.path.dirname(n) else os.path.join(directory, n) for n in names]
        entries = self.listing(directory)
        if entries is None:
            return None
        return [os.path.join(directory, n) for n in entries if n.endswith((".tf", ".tf.json"))]


class Instances:
    """How a resource, data source or module call expands (count / for_each)."""

    __slots__ = ("kind", "keys", "each", "unknown", "by_each", "index_hint", "dropped")

    def __init__(self, kind: str, keys=(), each=None, unknown: Unknown | None = None,
                 by_each: bool = False, index_hint: int | None = None):
        self.kind = kind  # single | count | for_each | unknown
        keys = list(keys)
        self.dropped = max(len(keys) - MAX_INSTANCES, 0)  # instances past the cap, not scanned
        self.keys = keys[:MAX_INSTANCES]
        self.each = each or {}
        self.unknown = unknown  # why the instances are not known (kind "unknown")
        self.by_each = by_each  # an unknown for_each rather than an unknown count
        self.index_hint = index_hint  # count.index when it is known despite an unknown count

    def entries(self) -> list[tuple[str, dict]]:
        """(address suffix, evaluation scope) of every instance."""
        if self.kind == "single":
            return [("", {})]
        if self.kind == "count":
            return [(f"[{i}]", {"count": Props({"index": i})}) for i in self.keys]
        if self.kind == "for_each":
            return [(key_suffix(k), {"each": Props({"key": k, "value": self.each[k]})}) for k in self.keys]
        return [("[*]", self.unknown_scope())]

    def unknown_scope(self) -> dict:
        if self.by_each:
            reason = Unknown(f"each.key and each.value are not known: {self.unknown.reason}")
            return {"each": Props({"key": reason, "value": reason})}
        index = self.index_hint if self.index_hint is not None else \
            Unknown(f"count.index is not known: {self.unknown.reason}")
        return {"count": Props({"index": index})}

    def lookup(self, key) -> tuple[str, dict]:
        if self.kind == "count":
            i = to_index(key)
            if i not in self.keys:
                raise EvalError(f"index {i} is out of range ({len(self.keys)} instances)")
            return f"[{i}]", {"count": Props({"index": i})}
        k = to_key(key)
        if k not in self.each:
            raise EvalError(f"no instance with key {k!r}")
        return key_suffix(k), {"each": Props({"key": k, "value": self.each[k]})}


def key_suffix(key: str) -> str:
    return "[" + json.dumps(key, ensure_ascii=False) + "]"


def _combine_conditions(a: Unknown | None, b: Unknown | None) -> Unknown | None:
    if a is None or b is None:
        return a or b
    return Unknown(f"{a.reason}; {b.reason}")


class _Children:
    """The instances of one module call, or why it is not scanned."""

    __slots__ = ("members", "instances", "unavailable", "source")

    def __init__(self, source: str, members=None, instances=None, unavailable: str | None = None):
        self.source = source
        self.members: dict[str, ModuleInstance] = members or {}
        self.instances = instances
        self.unavailable = unavailable


class ModuleInstance:
    """One evaluation of a module: the resolver for its expressions."""

    def __init__(self, loader: Loader, files: ModuleFiles, prefix: str = "", given=None,
                 call: Block | None = None, call_name: str | None = None, parent=None,
                 call_scope=None, condition: Unknown | None = None, stack: tuple = (), source=None):
        self.loader = loader
        self.files = files
        self.prefix = prefix
        self.given = given or {}
        self.call = call
        self.call_name = call_name
        self.parent = parent
        self.call_scope = call_scope or {}
        self.condition = condition
        self.stack = stack + (os.path.normpath(files.dir),)
        self.source = source
        self.base_dir = loader.root_dir
        self.max_file_bytes = loader.options.max_file_bytes
        self.ev = Evaluator(self)
        self._cache: dict = {}
        self._busy: set = set()
        loader.instances.append(self)

    def close(self) -> None:
        self._cache.clear()
        self.ev = None
        self.parent = None
        self.call_scope = {}
        self.given = {}

    # -------------------------------------------------------------- memo

    def _memo(self, key, compute, label: str):
        cache = self._cache
        value = cache.get(key, _MISSING)
        if value is not _MISSING:
            if isinstance(value, EvalError):
                raise value
            return value
        if key in self._busy:
            raise EvalError(f"{label} refers to itself")
        self._busy.add(key)
        try:
            value = compute()
        except Unresolved as exc:
            value = exc.unknown
        except EvalError as exc:
            value = exc
        finally:
            self._busy.discard(key)
        cache[key] = value
        if isinstance(value, EvalError):
            raise value
        return value

    # -------------------------------------------------------------- names

    def var(self, name: str):
        return self._memo(("var", name), lambda: self._variable(name), f"var.{name}")

    def _variable(self, name: str):
        decl = self.files.variables.get(name)
        if decl is None:
            raise EvalError(f"variable {name!r} is not declared")
        attrs = decl.attributes()
        vtype = self.files.types.get(name)
        if vtype is None:
            vtype = ANY
            if "type" in attrs:
                vtype = parse_type(attrs["type"][0], lambda n: self.ev.value(n, {}, "optional default"))
            self.files.types[name] = vtype
        value = _MISSING
        given: GivenValue | None = None
        if self.call is None:
            given = self.given.get(name)
            if given is not None:
                value = given.value
                if given.raw and is_complex(vtype):
                    try:
                        value = parse_hcl_value(value)
                    except EvalError as exc:
                        return self._bad_given_value(name, decl, str(exc))
        else:
            arg = self._call_args().get(name)
            if arg is not None:
                value = self.parent.ev.eval(arg[0], self.call_scope)
        if value is None and "nullable" in attrs and self.ev.value(attrs["nullable"][0], {}) is False:
            value = _MISSING
        if value is _MISSING:
            if "default" not in attrs:
                return Unknown(self._no_value_reason(name), f"var.{name}")
            value = self.ev.eval(attrs["default"][0], {})
        try:
            return convert(value, vtype)
        except EvalError as exc:
            if given is not None and value is given.value:
                self._bad_given_value(name, decl, f"it does not match the variable's type: {exc}")
            return Unknown(f"var.{name} does not match its type: {exc}", f"var.{name}")

    def _bad_given_value(self, name: str, decl: Block, problem: str) -> Unknown:
        """Report a value set from outside (-var, tfvars, TF_VAR_) that Terraform would refuse."""
        self.loader.result.errors.append(ScanError(
            decl.file.path, f"var.{name}: the value given for it (by --var, a .tfvars file or TF_VAR_{name}) is "
                            f"invalid: {problem}", "usage", decl.line))
        return Unknown(f"var.{name} was given an invalid value: {problem}", f"var.{name}")

    def _no_value_reason(self, name: str) -> str:
        if self.call is None:
            return f"var.{name} has no value (no default, tfvars, -var or TF_VAR_)"
        return f"var.{name} has no value (module {self.call_name} does not set it and it has no default)"

    def _call_args(self) -> dict:
        return {k: v for k, v in self.call.attributes().items() if k not in MODULE_META}

    def local(self, name: str):
        node = self.files.locals.get(name)
        if node is None:
            raise EvalError(f"local value {name!r} is not declared")
        return self._memo(("local", name), lambda: self.ev.eval(node, {}), f"local.{name}")

    def path_value(self, name: str):
        if name == "module":
            rel = os.path.relpath(self.files.dir, self.loader.root_dir)
            return rel.replace(os.sep, "/")
        if name == "root":
            return "."
        if name == "cwd":
            return os.path.abspath(self.loader.root_dir)
        raise EvalError(f"path.{name} does not exist")

    def resource_ref(self, rtype, rname, ev, kids, i, hi, scope):
        address = f"{self.prefix}{rtype}.{rname}"
        block = self.files.resources.get((rtype, rname))
        if block is None:
            return make_ref(address, None), i
        inst = self.instances(block, address)
        if inst.kind == "single":
            return make_ref(address, None), i
        return self._select(inst, address, ev, kids, i, hi, scope,
                            lambda suffix, _scope: make_ref(address + suffix, None))

    def data_ref(self, dtype, dname, ev, kids, i, hi, scope):
        address = f"{self.prefix}data.{dtype}.{dname}"
        block = self.files.data.get((dtype, dname))
        if block is None:
            raise EvalError(f"{address} is not declared")
        inst = self.instances(block, address)
        return self._select(inst, address, ev, kids, i, hi, scope,
                            lambda suffix, sc: self._data(dtype, dname, block, address + suffix, sc))

    def _data(self, dtype, dname, block, address, scope):
        def body():
            props = evaluate_body(self.ev, block.body, scope, RESOURCE_META, block.line)
            for extra in self.files.overrides.get(("data", dtype, dname), ()):
                props.update(evaluate_body(self.ev, extra.body, scope, RESOURCE_META, block.line))
            return props

        return self._memo(("data", address), lambda: data_value(dtype, address, body, self.loader.options), address)

    def module_ref(self, name, ev, kids, i, hi, scope):
        if name not in self.files.calls:
            raise EvalError(f"module {name!r} is not declared")
        children = self.children(name)
        if children.unavailable is not None:
            j = i + 1 if i < hi and kids[i].type == "index" else i
            output = attr_name(kids[j]) if j < hi else None
            what = f"output {output}" if output else "the outputs"
            reason = f"{what} of module {name} ({children.unavailable}) is not scanned"
            return Unknown(reason, f"module.{name}.{output}" if output else f"module.{name}"), j + (1 if output else 0)
        value, i = self._select(children.instances, f"{self.prefix}module.{name}", ev, kids, i, hi, scope,
                                lambda suffix, _scope: children.members[suffix])
        if isinstance(value, ModuleInstance):
            output = attr_name(kids[i]) if i < hi else None
            if output is not None:
                return value.output(output), i + 1
            return value.all_outputs(), i
        if isinstance(value, Items):
            return Items([m.all_outputs() for m in value]), i
        if isinstance(value, Props):
            return Props({k: m.all_outputs() for k, m in value.items()}), i
        return value, i

    def _select(self, inst: Instances, address, ev, kids, i, hi, scope, make):
        """The instance an index step picks, or all instances as a list/map."""
        if inst.kind == "single":
            return make("", {}), i
        if i < hi and kids[i].type == "index":
            if inst.kind == "unknown":
                return make("[*]", inst.unknown_scope()), i + 1
            key = ev.index_key(kids[i], scope)
            if is_open(key):
                return as_unknown(key, f"the index into {address}"), i + 1
            suffix, inst_scope = inst.lookup(key)
            return make(suffix, inst_scope), i + 1
        if inst.kind == "unknown":
            return Unknown(f"the instances of {address} are not known: {inst.unknown.reason}", address), i
        if inst.kind == "count":
            return Items([make(suffix, sc) for suffix, sc in inst.entries()]), i
        return Props({k: make(suffix, sc) for k, (suffix, sc) in zip(inst.keys, inst.entries())}), i

    # -------------------------------------------------------------- outputs

    def output(self, name: str):
        block = self.files.outputs.get(name)
        if block is None:
            raise EvalError(f"module {self.call_name} has no output {name!r}")
        node = block.attributes().get("value")
        if node is None:
            return None
        return self._memo(("output", name), lambda: self.ev.eval(node[0], {}), f"output {name}")

    def all_outputs(self) -> Props:
        out = Props()
        for name in self.files.outputs:
            try:
                out[name] = self.output(name)
            except EvalError as exc:
                out[name] = Unknown(f"output {name} of module {self.call_name} cannot be evaluated: {exc}")
        return out

    # -------------------------------------------------------------- expansion

    def instances(self, block: Block, address: str) -> Instances:
        found = self._cache.get(block)
        if isinstance(found, Instances):
            return found
        return self._memo(block, lambda: self._expand(block, address), f"the count of {address}")

    def _expand(self, block: Block, address: str) -> Instances:
        """How ``block`` expands, from its count or for_each (evaluated in this instance)."""
        attrs = block.attributes()
        if "count" in attrs:
            node = attrs["count"][0]
            value = self.ev.value(node, {}, f"count of {address}")
            if value is None:
                return Instances("single")
            if is_open(value):
                return Instances("unknown", unknown=_open_reason(value, f"count of {address}", node),
                                 index_hint=0 if _at_most_one(value) else None)
            try:
                n = to_index(value)
            except EvalError as exc:
                return Instances("unknown", unknown=Unknown(f"count of {address} is invalid: {exc}"))
            return Instances("count", range(max(min(n, MAX_INSTANCES + 1), 0)))
        if "for_each" in attrs:
            node = attrs["for_each"][0]
            value = self.ev.value(node, {}, f"for_each of {address}")
            unknown = None
            if is_open(value):
                unknown = _open_reason(value, f"for_each of {address}", node)
            elif isinstance(value, dict):
                return Instances("for_each", sorted(value), each=value)
            elif isinstance(value, list):
                if any(is_open(v) for v in value):
                    unknown = _open_reason(next(v for v in value if is_open(v)), f"for_each of {address}", node)
                else:
                    try:
                        keys = as_set([to_key(v) for v in value])
                    except (EvalError, Unresolved) as exc:
                        unknown = Unknown(f"for_each of {address} is invalid: {exc}")
                    else:
                        return Instances("for_each", keys, each={k: k for k in keys})
            elif value is None:
                return Instances("count", ())
            else:
                unknown = Unknown(f"for_each of {address} must be a map or a set")
            return Instances("unknown", unknown=unknown, by_each=True)
        return Instances("single")

    def children(self, name: str) -> _Children:
        return self._memo(("module", name), lambda: self._load_children(name), f"module.{name}")

    def _load_children(self, name: str) -> _Children:
        call = self.files.calls[name]
        attrs = call.attributes()
        if "source" not in attrs:
            return _Children("", unavailable="no source")
        source = self.ev.value(attrs["source"][0], {}, "module source")
        if not isinstance(source, str) or is_open(source):
            return _Children(str(source), unavailable="source is not a literal string")
        if not is_local_source(source):
            return _Children(source, unavailable=f"remote source {source}")
        directory = os.path.normpath(os.path.join(self.files.dir, source))
        if directory in self.stack or len(self.stack) >= _MAX_MODULE_DEPTH:
            self.loader.result.errors.append(ScanError(call.file.path, f"module {name}: source {source} "
                                                       "includes itself", "unsupported", call.line))
            return _Children(source, unavailable=f"source {source} includes itself")
        files = self.loader.module_files(directory)
        if files is None:
            self.loader.result.errors.append(ScanError(call.file.path, f"module {name}: source {source} "
                                                       "was not found", "read", call.line))
            return _Children(source, unavailable=f"source {source} was not found")
        address = f"{self.prefix}module.{name}"
        inst = self._expand(call, address)
        condition = _combine_conditions(inst.unknown, self.condition)
        members = {
            suffix: ModuleInstance(self.loader, files, f"{address}{suffix}.", call=call, call_name=name,
                                   parent=self, call_scope=scope, condition=condition, stack=self.stack,
                                   source=source)
            for suffix, scope in inst.entries()
        }
        return _Children(source, members, inst)

    # -------------------------------------------------------------- resources

    def emit(self, out: list, errors: list) -> None:
        """Append a RawResource for every managed resource instance, child modules included."""
        unit = self.loader.root_dir
        for (rtype, rname), block in self.files.resources.items():
            address = f"{self.prefix}{rtype}.{rname}"
            try:
                inst = self.instances(block, address)
            except EvalError as exc:
                inst = Instances("unknown", unknown=Unknown(f"count of {address}: {exc}"))
            condition = _combine_conditions(inst.unknown, self.condition)
            if inst.dropped:
                errors.append(ScanError(block.file.path, f"{address} has more than {MAX_INSTANCES} instances; "
                                        f"only the first {MAX_INSTANCES} are scanned", "limit", block.line))
            comments = block.file.comments_for(block.line, block.end_line)
            extras = self.files.overrides.get(("resource", rtype, rname), ())
            for suffix, scope in inst.entries():
                try:
                    props = evaluate_body(self.ev, block.body, scope, RESOURCE_META, block.line)
                    for extra in extras:
                        props.update(evaluate_body(self.ev, extra.body, scope, RESOURCE_META, block.line))
                except RecursionError:
                    errors.append(ScanError(block.file.path, f"{address}{suffix}: expressions nested too deeply",
                                            "limit", block.line))
                    continue
                except Exception as exc:  # an evaluator bug must cost one resource, not the module
                    errors.append(ScanError(block.file.path, f"{address}{suffix} could not be evaluated: "
                                            f"{type(exc).__name__}: {exc}", "unsupported", block.line))
                    continue
                metadata = {"comments": list(comments)}
                if self.source is not None:
                    metadata["module_source"] = self.source
                out.append(RawResource(source="terraform", type=rtype, id=address + suffix, props=props,
                                       unit=unit, file=block.file.path, line=block.line,
                                       condition=condition, metadata=metadata))
        for name in self.files.calls:
            for child in self.children(name).members.values():
                child.emit(out, errors)


def _open_reason(value, what: str, node) -> Unknown:
    if isinstance(value, Branches):
        options = ", ".join(f"{_show(v)} if {label}" for label, v in value.options)
        return Unknown(f"{what} is {options}", expr_text(node))
    return Unknown(f"{what} is not known: {as_unknown(value).reason}", expr_text(node))


def _show(value) -> str:
    if isinstance(value, Unknown):
        return "unknown"
    if isinstance(value, (list, dict)):
        return f"{len(value)} items"
    return str(value)


def _at_most_one(value) -> bool:
    """True for a count such as ``var.enabled ? 1 : 0``: the one instance has index 0."""
    if not isinstance(value, Branches):
        return False
    return all(isinstance(v, int) and not isinstance(v, bool) and v <= 1 for _, v in value.options)
