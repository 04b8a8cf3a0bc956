"""What a rule is: a check function plus metadata, documented by its own docstring.

A rule module (rules/<area>/MLSnnn_<name>/rule.py) has a docstring with the sections
``## What it does``, ``## Why it matters``, ``## Remediation`` (a summary, then
``### CloudFormation``, ``### Terraform`` and ``### AWS CLI`` code blocks) and
``## References``, and one function decorated with ``@rule``. The first parameter's
type annotation selects the resources the check runs on (``Role | User`` selects both
kinds); a parameter named ``graph``
receives the resource graph and one named ``settings`` the scan settings.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Callable

from mlsec.model.verdict import Severity

SECTIONS = ("What it does", "Why it matters", "Remediation", "References")
REMEDIATION_FORMS = {"CloudFormation": "cloudformation", "Terraform": "terraform", "AWS CLI": "cli"}
# The sources a rule proves with pass/fail fixtures unless it declares otherwise.
ALL_SOURCES = ("cloudformation", "terraform", "terraform-plan", "aws")

_MARK = "__mlsec_rule__"


@dataclass(slots=True)
class RuleMeta:
    id: str
    name: str
    control: str
    severity: Severity
    sources: tuple[str, ...] = ALL_SOURCES
    options: dict[str, Any] = field(default_factory=dict)


def rule(*, id: str, name: str, control: str, severity: Severity | str,
         sources: tuple[str, ...] = ALL_SOURCES, options: dict[str, Any] | None = None) -> Callable:
    """Mark ``check`` as a rule. No registration happens here: the registry finds it."""

    def mark(check: Callable) -> Callable:
        setattr(check, _MARK, RuleMeta(id, name, control, Severity(severity), tuple(sources), options or {}))
        return check

    return mark


@dataclass(slots=True)
class Rule:
    id: str
    name: str
    control: str
    severity: Severity
    sources: tuple[str, ...]
    check: Callable
    resource: type
    wants_graph: bool
    wants_settings: bool
    docs: dict[str, str]
    remediation: dict[str, str]
    folder: str
    area: str
    options: dict[str, Any]
    frameworks: dict[str, list[str]] = field(default_factory=dict)
    kinds: tuple[type, ...] = ()  # every model class the check runs on (``resource`` is the first)

    @property
    def resource_kinds(self) -> str:
        return " | ".join(k.kind for k in self.kinds or (self.resource,))

    @property
    def title(self) -> str:
        return first_sentence(self.docs.get("What it does", self.name))


def rule_from_function(check: Callable, module_doc: str, folder: str, area: str) -> Rule:
    meta: RuleMeta = getattr(check, _MARK)
    params = list(inspect.signature(check).parameters.values())
    if not params:
        raise ValueError(f"{meta.id}: the check takes no resource parameter")
    hints = inspect.get_annotations(check, eval_str=True)
    annotation = hints.get(params[0].name)
    kinds = typing.get_args(annotation) if isinstance(annotation, types.UnionType) or \
        typing.get_origin(annotation) is typing.Union else (annotation,)
    if not kinds or not all(isinstance(k, type) for k in kinds):
        raise ValueError(f"{meta.id}: annotate the first parameter with a model class (or a union of them)")
    resource = kinds[0]
    names = {p.name for p in params[1:]}
    docs = parse_sections(module_doc or "")
    return Rule(
        id=meta.id, name=meta.name, control=meta.control, severity=meta.severity, sources=meta.sources,
        check=check, resource=resource, wants_graph="graph" in names, wants_settings="settings" in names,
        docs=docs, remediation=parse_remediation(docs.get("Remediation", "")), folder=folder, area=area,
        options=meta.options, kinds=tuple(kinds),
    )


def is_rule(obj: Any) -> bool:
    return callable(obj) and hasattr(obj, _MARK)


_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.M)
_SUBHEADING = re.compile(r"^###\s+(.+?)\s*$", re.M)
_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\n(.*?)```", re.S)


def parse_sections(doc: str) -> dict[str, str]:
    parts = _HEADING.split(inspect.cleandoc(doc))
    return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def parse_remediation(text: str) -> dict[str, str]:
    parts = _SUBHEADING.split(text)
    out = {"summary": parts[0].strip()}
    for i in range(1, len(parts) - 1, 2):
        key = REMEDIATION_FORMS.get(parts[i].strip())
        if key:
            code = _FENCE.search(parts[i + 1])
            out[key] = (code.group(1) if code else parts[i + 1]).strip("\n")
    return out


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]
