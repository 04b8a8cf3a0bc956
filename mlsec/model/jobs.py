"""Job documents carried by state machines and SageMaker pipelines.

A Step Functions task ``arn:aws:states:::sagemaker:createTrainingJob[.sync]`` (likewise
processing, transform and hyperparameter tuning jobs) passes its ``Parameters`` (or, in
JSONata, ``Arguments``) as the Create*Job request; a pipeline step of type ``Training``,
``Processing``, ``Transform`` or ``Tuning`` does the same with its ``Arguments``. Each such
request becomes a model object of its own (``TrainingJob``, ``ProcessingJob``,
``TransformJob``), identified as ``<carrier>/States/<state>`` or ``<carrier>/Steps/<step>``
and read with the API paths whatever the source.

What is only known when the workflow runs stays unknown: ASL keys ending in ``.$``
(JSONPath from the execution input), JSONata ``{% %}`` expressions, and pipeline
``Get``/``Std:`` expressions other than a pipeline parameter with a default value.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from mlsec.model.base import Resource
from mlsec.model.builder import build_resource
from mlsec.model.kinds.jobs import ProcessingJob, TrainingJob, TransformJob
from mlsec.model.props import Items, Props, Ref, RefStr, Unknown
from mlsec.sources.base import RawResource

_TASK = re.compile(r"states:::sagemaker:create(TrainingJob|ProcessingJob|TransformJob|HyperParameterTuningJob)"
                   r"(\.sync|\.waitForTaskToken)?$")
_KINDS = {"TrainingJob": TrainingJob, "ProcessingJob": ProcessingJob, "TransformJob": TransformJob}
_STEP_KINDS = {"Training": TrainingJob, "Processing": ProcessingJob, "Transform": TransformJob}
_PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")


# ----------------------------------------------------------------- state machines

def state_machine_jobs(machine: Resource) -> list[Resource]:
    definition = _definition(machine.definition)
    if definition is None:
        return []
    substitutions = machine.substitutions.value if machine.substitutions.is_set else {}
    out: list[Resource] = []
    for path, state in _states(definition.get("States"), "States"):
        resource = state.get("Resource")
        match = _TASK.search(str(resource)) if isinstance(resource, str) else None
        request = state.get("Parameters", state.get("Arguments"))
        if match is None or not isinstance(request, dict):
            continue
        line = getattr(state, "line", None) or value.line
        request = _runtime(request, substitutions, line)
        doc_id = f"{machine.id}/{path}"
        meta = {"carrier": machine.id, "carrier_type": machine.kind, "state": path}
        if match.group(1) == "HyperParameterTuningJob":
            out.extend(_tuning_jobs(machine, doc_id, request, meta))
        else:
            out.append(_document(_KINDS[match.group(1)], machine, doc_id, request, meta))
    return out


def _states(states: Any, prefix: str) -> Iterator[tuple[str, dict]]:
    """Every state, including those of Parallel branches and Map processors."""
    if not isinstance(states, dict):
        return
    for name, state in states.items():
        if not isinstance(state, dict):
            continue
        path = f"{prefix}/{name}"
        yield path, state
        for i, branch in enumerate(state.get("Branches") or []):
            if isinstance(branch, dict):
                yield from _states(branch.get("States"), f"{path}/Branches/{i}/States")
        for key in ("ItemProcessor", "Iterator"):
            inner = state.get(key)
            if isinstance(inner, dict):
                yield from _states(inner.get("States"), f"{path}/{key}/States")


def _runtime(node: Any, substitutions: dict, line: int | None) -> Any:
    """The request with run-time values made Unknown and ``${name}`` substitutions applied."""
    if isinstance(node, dict):
        out = Props(line=getattr(node, "line", None) or line)
        key_lines = getattr(node, "key_lines", {})
        for key, value in node.items():
            if isinstance(key, str) and key.endswith(".$"):
                name = key[:-2]
                out[name] = Unknown(f"{name} is taken from the execution input when the state runs ({value})",
                                    str(value))
            else:
                name = key
                out[name] = _runtime(value, substitutions, key_lines.get(key, out.line))
            out.key_lines[name] = key_lines.get(key, out.line)
        return out
    if isinstance(node, list):
        return Items([_runtime(v, substitutions, line) for v in node], line=getattr(node, "line", None) or line)
    if isinstance(node, str):
        if node.strip().startswith("{%") and node.strip().endswith("%}"):
            return Unknown(f"the JSONata expression {node} is evaluated when the state runs", node)
        if substitutions and "${" in node:
            return _substitute(node, substitutions)
    return node


def _substitute(text: str, substitutions: dict) -> Any:
    """DefinitionSubstitutions: a whole-string placeholder takes the value itself."""
    whole = _PLACEHOLDER.fullmatch(text)
    if whole and whole.group(1) in substitutions:
        return substitutions[whole.group(1)]
    refs = list(getattr(text, "refs", ()))
    pieces = []
    for part in re.split(r"(\$\{[^}]+\})", text):
        key = part[2:-1] if part.startswith("${") and part.endswith("}") else None
        value = substitutions.get(key) if key else None
        if key is None or value is None:
            pieces.append(part)
        elif isinstance(value, Unknown):
            return value
        elif isinstance(value, Ref):
            refs.append(value)
            pieces.append("${%s}" % (f"{value.target}.{value.attr}" if value.attr else value.target))
        else:
            refs.extend(getattr(value, "refs", ()))
            pieces.append(str(value))
    joined = "".join(pieces)
    return RefStr(joined, tuple(refs)) if refs else joined


def _tuning_jobs(carrier: Resource, doc_id: str, request: dict, meta: dict) -> list[Resource]:
    out = []
    single = request.get("TrainingJobDefinition")
    if isinstance(single, dict):
        out.append(_document(TrainingJob, carrier, f"{doc_id}/TrainingJobDefinition", single, meta))
    elif isinstance(single, Unknown):
        out.append(_document(TrainingJob, carrier, f"{doc_id}/TrainingJobDefinition", Props(
            {"ResourceConfig": single, "OutputDataConfig": single, "VpcConfig": single,
             "EnableNetworkIsolation": single, "EnableInterContainerTrafficEncryption": single},
            line=getattr(request, "line", None)), meta))
    many = request.get("TrainingJobDefinitions")
    if isinstance(many, list):
        for i, definition in enumerate(many):
            if isinstance(definition, dict):
                out.append(_document(TrainingJob, carrier, f"{doc_id}/TrainingJobDefinitions/{i}", definition, meta))
    return out


# ----------------------------------------------------------------- pipelines

def pipeline_jobs(pipeline: Resource) -> list[Resource]:
    definition = _definition(pipeline.definition)
    if definition is None:
        return []
    defaults = {}
    for parameter in definition.get("Parameters") or []:
        if isinstance(parameter, dict) and isinstance(parameter.get("Name"), str):
            defaults[parameter["Name"]] = parameter.get("DefaultValue")
    out: list[Resource] = []
    for path, step in _steps(definition.get("Steps"), "Steps"):
        kind = _STEP_KINDS.get(step.get("Type"))
        arguments = step.get("Arguments")
        if not isinstance(arguments, dict) or (kind is None and step.get("Type") != "Tuning"):
            continue
        request = _pipeline_values(arguments, defaults)
        doc_id = f"{pipeline.id}/{path}"
        meta = {"carrier": pipeline.id, "carrier_type": pipeline.kind, "step": path}
        if kind is None:
            out.extend(_tuning_jobs(pipeline, doc_id, request, meta))
        else:
            out.append(_document(kind, pipeline, doc_id, request, meta))
    return out


def _steps(steps: Any, prefix: str) -> Iterator[tuple[str, dict]]:
    """Every step, including those inside Condition steps."""
    if not isinstance(steps, list):
        return
    for i, step in enumerate(steps):
        if not isinstance(step, dict):
            continue
        name = step.get("Name") if isinstance(step.get("Name"), str) else str(i)
        path = f"{prefix}/{name}"
        yield path, step
        arguments = step.get("Arguments")
        if step.get("Type") == "Condition" and isinstance(arguments, dict):
            for branch in ("IfSteps", "ElseSteps"):
                yield from _steps(arguments.get(branch), f"{path}/{branch}")


def _pipeline_values(node: Any, defaults: dict) -> Any:
    if isinstance(node, dict):
        if len(node) == 1:
            (key, value), = node.items()
            if key == "Get" and isinstance(value, str):
                name = value[len("Parameters."):] if value.startswith("Parameters.") else None
                if name is not None and defaults.get(name) is not None:
                    return defaults[name]
                return Unknown(f"{value} is known only when the pipeline runs", value)
            if isinstance(key, str) and key.startswith("Std:"):
                return Unknown(f"the {key} expression is evaluated when the pipeline runs", key)
        out = Props(line=getattr(node, "line", None), key_lines=dict(getattr(node, "key_lines", {})))
        for key, value in node.items():
            out[key] = _pipeline_values(value, defaults)
        return out
    if isinstance(node, list):
        return Items([_pipeline_values(v, defaults) for v in node], line=getattr(node, "line", None))
    return node


# ----------------------------------------------------------------- shared

def _definition(value: Any) -> dict | None:
    """The definition of a state machine or pipeline as a tree to read jobs from: its
    value, or -- when its JSON text is unknown because of some leaves (``jsonencode`` of an
    object holding an unresolved variable) -- the object itself, whose unresolved leaves
    stay unknown in the job documents. None when there is nothing to read."""
    if value.is_set:
        raw = value.value
    elif value.is_unknown and isinstance(value.partial, dict):
        raw = value.partial
    else:
        return None
    definition = _decode(raw, value.line)
    return definition if isinstance(definition, dict) else None


def _decode(raw: Any, line: int | None) -> Any:
    """A definition as a tree: objects as written, or JSON text (whose embedded
    ``${target.attr}`` placeholders become references again)."""
    if isinstance(raw, dict):
        return raw
    if not isinstance(raw, str):
        return None
    try:
        data = json.loads(str(raw))
    except ValueError:
        return None
    return _tree(data, tuple(getattr(raw, "refs", ())), line)


def _tree(data: Any, refs: tuple, line: int | None) -> Any:
    if isinstance(data, dict):
        return Props({k: _tree(v, refs, line) for k, v in data.items()}, line=line)
    if isinstance(data, list):
        return Items([_tree(v, refs, line) for v in data], line=line)
    if isinstance(data, str) and refs and "${" in data:
        used = tuple(r for r in refs if _placeholder(r) in data)
        if len(used) == 1 and data == _placeholder(used[0]):
            return used[0]
        if used:
            return RefStr(data, used)
    return data


def _placeholder(ref: Ref) -> str:
    return "${%s.%s}" % (ref.target, ref.attr) if ref.attr else "${%s}" % ref.target


def _document(cls: type[Resource], carrier: Resource, doc_id: str, request: Any, meta: dict) -> Resource:
    props = request if isinstance(request, Props) else Props(request or {})
    raw = RawResource(source=carrier.source, type=carrier.native_type, id=doc_id, props=props, unit=carrier.unit,
                      file=carrier.file, line=props.line or carrier.line, condition=carrier.condition,
                      region=carrier.region, account=carrier.account, metadata={**carrier.metadata, **meta})
    return build_resource(cls, raw, paths_from="cloudformation")
