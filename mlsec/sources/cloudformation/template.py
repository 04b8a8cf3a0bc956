"""One template file -> raw resources and per-file errors.

Sections are read in dependency order: Parameters (with supplied values), then
Conditions and Mappings (evaluated on demand), then each resource on its own, so one
malformed resource is reported while the others are still emitted.

Duplicate keys: CloudFormation accepts them in YAML and JSON and keeps the last one
(``validate-template`` passes; the deployed stack has the last value), while cfn-lint
refuses such templates (E0000). mlsec evaluates what CloudFormation would deploy, the
last value, and reports every duplicate as an error, since the hidden first value is
usually a copy-paste slip that changes a setting unnoticed.

``SourceResult.files`` lists the file only when it was read as a template; a file that
could not be read or parsed has errors and no files.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mlsec.model.props import Branches, Props, Unknown
from mlsec.sources.base import RawResource, ScanError, SourceOptions, SourceResult
from mlsec.sources.cloudformation.conditions import Conditions, Open
from mlsec.sources.cloudformation.detect import is_template, looks_like_template, read_template_bytes
from mlsec.sources.cloudformation.intrinsics import Evaluator
from mlsec.sources.cloudformation.loader import TemplateSyntaxError, compose, kind_of, line_of
from mlsec.sources.cloudformation.parameters import (
    MISSING,
    ParameterUnknown,
    cfn_text,
    load_parameter_files,
    parameter_value,
    pseudo_parameters,
    supplied_value_problem,
)
from mlsec.sources.secrets import is_secret_name, strings_in

SOURCE = "cloudformation"
# Resource attributes kept beside the properties, for rules about retention and order.
_KEPT_ATTRIBUTES = ("DependsOn", "DeletionPolicy", "UpdateReplacePolicy")
_MLSEC_COMMENT = re.compile(r"#\s*(mlsec\b.*)$")


def load_template(path: str, options: SourceOptions, text: bytes | None = None) -> SourceResult | None:
    """Resources of the CloudFormation template at ``path`` (``text`` if given, else the
    file), or None when the file is not a template. Never raises: problems are errors."""
    try:
        return _load(path, options, text)
    except RecursionError:
        return _failed(path, "the template nests too deeply to evaluate", "limit")
    except MemoryError:
        return _failed(path, "the template needs more memory to evaluate than is available", "limit")
    except Exception as exc:  # noqa: BLE001 - one bad file must not end the scan
        return _failed(path, f"unexpected failure while reading the template ({type(exc).__name__}: {exc})", "parse")


def _failed(path: str, message: str, kind: str, line: int | None = None) -> SourceResult:
    return SourceResult(errors=[ScanError(file=path, message=message, kind=kind, line=line)])


def _load(path: str, options: SourceOptions, text: bytes | None) -> SourceResult | None:
    data = read_template_bytes(path, options.max_file_bytes, text)
    if data is None:
        return None
    if isinstance(data, ScanError):
        return SourceResult(errors=[data])
    if not looks_like_template(data):
        return None
    try:
        root = compose(data)
    except TemplateSyntaxError as exc:
        return _failed(path, exc.message, exc.kind, exc.line)
    if not is_template(root):
        return None
    json_mode = data.lstrip()[:1] == b"{"
    template = _Template(path, options, root, json_mode, data)
    try:
        return template.evaluate()
    finally:
        # The evaluator and its conditions refer to each other: unlink them so the
        # template's memory goes with its last reference, not at the next cyclic GC.
        template.evaluator.conditions = None


class _Template:
    def __init__(self, path: str, options: SourceOptions, root: MappingNode, json_mode: bool, data: bytes):
        self.path = path
        self.options = options
        self.data = data
        self.errors: list[ScanError] = []
        self.secrets: set[str] = set()  # NoEcho and secret-named parameter values
        self.sections = self._unique_pairs(root)
        self.json_mode = json_mode
        self.evaluator = Evaluator(json_mode)

    def error(self, message: str, line: int | None = None, kind: str = "parse") -> None:
        self.errors.append(ScanError(file=self.path, message=message, kind=kind, line=line))

    def _unique_pairs(self, mapping: MappingNode) -> dict[str, tuple[Node, Node]]:
        """Key -> (key node, value node), last duplicate winning (as CloudFormation does)."""
        pairs: dict[str, tuple[Node, Node]] = {}
        for key, value in mapping.value:
            if key.__class__ is not ScalarNode:
                self.error(f"a key on line {line_of(key)} is {kind_of(key)}, not a name", line_of(key))
                continue
            earlier = pairs.get(key.value)
            if earlier is not None:
                self.evaluator.duplicates[line_of(key)] = (key.value, line_of(earlier[0]))
            pairs[key.value] = (key, value)
        return pairs

    def section(self, name: str) -> MappingNode | None:
        entry = self.sections.get(name)
        if entry is None:
            return None
        key, node = entry
        if node.__class__ is not MappingNode:
            if not (node.__class__ is ScalarNode and node.value in ("", "~", "null")):
                self.error(f"the {name} section must be a mapping, but it is {kind_of(node)}", line_of(key))
            return None
        return node

    def evaluate(self) -> SourceResult:
        ev = self.evaluator
        ev.pseudo = pseudo_parameters(self.options.region, self.options.account_id)
        resources = self.section("Resources")
        if resources is None:
            if "Resources" not in self.sections:
                self.error("the template has no Resources section", 1)
            return self._result([])
        entries = self._unique_pairs(resources)
        ev.resources = set(entries)
        # Conditions and Mappings are evaluated lazily, after parameters are known.
        ev.mappings_node = self.section("Mappings")
        ev.conditions = Conditions(ev, self.section("Conditions"))
        ev.parameters = self._parameters()
        comments = {}
        if not self.json_mode and b"mlsec" in self.data:
            comments = self._comments(entries, resources.end_mark.line + 1)
        emitted = []
        for logical_id, (key, body) in entries.items():
            try:
                resource = self._resource(logical_id, key, body)
            except RecursionError:
                self.error(f"resource {logical_id} nests too deeply to evaluate", line_of(key), "limit")
                continue
            if resource is not None:
                if logical_id in comments:
                    resource.metadata["template_comments"] = comments[logical_id]
                emitted.append(resource)
        return self._result(emitted)

    def _result(self, resources: list[RawResource]) -> SourceResult:
        for line, (key, earlier) in sorted(self.evaluator.duplicates.items()):
            self.error(
                f"duplicate key {key!r} on line {line} replaces the one on line {earlier}; "
                "CloudFormation keeps the last one, and so does mlsec",
                line,
            )
        self.errors.sort(key=lambda error: error.line or 0)
        return SourceResult(resources=resources, errors=self.errors, files=[self.path], secrets=self.secrets)

    # -- parameters ---------------------------------------------------------------------------

    def _parameters(self) -> dict[str, Any]:
        declared = self.section("Parameters")
        if declared is None:
            return {}
        supplied, file_errors = load_parameter_files(list(self.options.cfn_parameter_files))
        self.errors.extend(file_errors)
        supplied.update(self.options.cfn_parameters)
        values = {}
        for name, (key, spec) in self._unique_pairs(declared).items():
            if spec.__class__ is not MappingNode:
                self.error(f"parameter {name} must be a mapping with a Type, but it is {kind_of(spec)}", line_of(key))
                continue
            fields = {k.value: v for k, v in spec.value if k.__class__ is ScalarNode}
            type_node = fields.get("Type")
            declared_type = type_node.value if type_node is not None and type_node.__class__ is ScalarNode else ""
            if not isinstance(declared_type, str) or not declared_type:
                self.error(f"parameter {name} has no Type", line_of(key))
                declared_type = "String"
            default = self.evaluator.value(fields["Default"]) if "Default" in fields else MISSING
            values[name] = parameter_value(name, declared_type, default, supplied, line_of(key))
            if is_secret_name(name) or ("NoEcho" in fields and cfn_text(self.evaluator.value(fields["NoEcho"])).lower()
                                        == "true"):
                strings_in(values[name], self.secrets)
            if name in supplied:
                allowed = self.evaluator.value(fields["AllowedValues"]) if "AllowedValues" in fields else None
                problem = supplied_value_problem(name, declared_type, supplied[name], allowed)
                if problem is not None:
                    self.error(problem, line_of(key), "usage")
                    values[name] = ParameterUnknown(problem, f"!Ref {name}", name, "given an invalid value")
        return values

    # -- resources -----------------------------------------------------------------------------

    def _resource(self, logical_id: str, key: Node, body: Node) -> RawResource | None:
        line = line_of(key)
        if logical_id.startswith("Fn::ForEach::"):
            self.error(
                f"{logical_id} (AWS::LanguageExtensions) is not expanded; the resources it creates are not scanned",
                line,
                "unsupported",
            )
            return None
        if logical_id == "Fn::Transform":
            self.error(
                "Fn::Transform in the Resources section runs a macro at deploy time; the resources it adds are not scanned",
                line,
                "unsupported",
            )
            return None
        if body.__class__ is not MappingNode:
            self.error(f"resource {logical_id} must be a mapping with a Type, but it is {kind_of(body)}", line)
            return None
        fields = {k.value: v for k, v in body.value if k.__class__ is ScalarNode}
        type_node = fields.get("Type")
        if type_node is None:
            self.error(f"resource {logical_id} has no Type", line)
            return None
        if type_node.__class__ is not ScalarNode or not type_node.value:
            self.error(f"the Type of resource {logical_id} must be a type name, but it is {kind_of(type_node)}", line)
            return None
        condition = None
        if "Condition" in fields:
            condition = self._existence(logical_id, fields["Condition"])
            if condition is False:
                return None
        if condition is None:
            props = self._properties(logical_id, fields.get("Properties"), line)
        else:
            with self.evaluator.conditions.assuming(condition.expr):
                props = self._properties(logical_id, fields.get("Properties"), line)
        if props is None:
            return None
        metadata: dict[str, Any] = {}
        if "Metadata" in fields:
            metadata["Metadata"] = self.evaluator.value(fields["Metadata"])
        for attribute in _KEPT_ATTRIBUTES:
            if attribute in fields:
                metadata[attribute] = _attribute_value(attribute, fields[attribute])
        return RawResource(
            source=SOURCE,
            type=type_node.value,
            id=logical_id,
            props=props,
            unit=self.path,
            file=self.path,
            line=line,
            condition=condition,
            region=self.options.region,
            account=self.options.account_id,
            metadata=metadata,
        )

    def _existence(self, logical_id: str, node: Node) -> Unknown | bool | None:
        """None if the resource exists, False if its condition is false, else Unknown."""
        if node.__class__ is not ScalarNode:
            self.error(f"the Condition of resource {logical_id} must be a condition name", line_of(node))
            return None
        name = node.value
        state = self.evaluator.conditions.state(name)
        if state is True:
            return None
        if state is False:
            return False
        if state is None:
            self.error(f"resource {logical_id} names condition {name}, which is not defined in Conditions", line_of(node))
            return Unknown(f"resource exists only if condition {name} holds, which is not defined", name)
        assert isinstance(state, Open)
        return Unknown(f"resource exists only if condition {name} holds, which {state.reason}", name)

    def _properties(self, logical_id: str, node: Node | None, line: int) -> Props | None:
        if node is None:
            return Props(line=line)
        if node.__class__ is not MappingNode:
            if node.__class__ is ScalarNode and node.tag[0] != "!" and node.value in ("", "~", "null"):
                return Props(line=line_of(node))
            self.error(f"the Properties of resource {logical_id} must be a mapping, but they are {kind_of(node)}", line_of(node))
            return None
        props = self.evaluator.value(node)
        if isinstance(props, Props):
            return props
        if not props:  # an Fn::If that chose AWS::NoValue
            return Props(line=line_of(node))
        why = props.reason if isinstance(props, Unknown) else (
            "they depend on an undecided condition" if props.__class__ is Branches else f"they evaluate to {props!r}"
        )
        self.error(f"the Properties of resource {logical_id} cannot be evaluated: {why}", line_of(node), "unsupported")
        return None

    # -- comments ------------------------------------------------------------------------------

    def _comments(self, entries: dict[str, tuple[Node, Node]], end: int) -> dict[str, list[tuple[int, str]]]:
        """``# mlsec ...`` comments by resource: those inside its lines, and those just
        above its logical id (a comment block directly preceding the resource). Lines
        from ``end`` on are past the Resources section."""
        lines = self.data.decode("utf-8").split("\n")
        found = {}
        for number, text in enumerate(lines[: end - 1], 1):
            if "#" in text and "mlsec" in text:
                match = _MLSEC_COMMENT.search(text)
                if match:
                    found[number] = match.group(1).strip()
        if not found:
            return {}
        starts = sorted((line_of(key), logical_id) for logical_id, (key, _) in entries.items())
        owners: dict[str, list[tuple[int, str]]] = {}
        for number, comment in found.items():
            owner = None
            for start, logical_id in starts:
                if start <= number:
                    owner = logical_id
                elif all(lines[n - 1].strip().startswith("#") or not lines[n - 1].strip() for n in range(number, start)):
                    owner = logical_id  # comment block right above this resource
                    break
                else:
                    break
            if owner is not None:
                owners.setdefault(owner, []).append((number, comment))
        return owners


def _attribute_value(name: str, node: Node) -> Any:
    if name == "DependsOn":
        if node.__class__ is SequenceNode:
            return [item.value for item in node.value if item.__class__ is ScalarNode]
        return [node.value] if node.__class__ is ScalarNode else []
    return node.value if node.__class__ is ScalarNode else None
