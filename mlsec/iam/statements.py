"""Policy documents as normalized statements.

Templates write policies as mappings whose values may still hold references
(``!GetAtt Bucket.Arn``) or unknowns; Terraform and the APIs give JSON text that the
model already parsed. Either way a rule gets ``Statement`` objects whose list fields are
always lists, so "Action may be a string or a list" is handled once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mlsec.model.props import Unknown


@dataclass(slots=True)
class Statement:
    effect: str
    actions: list[Any] = field(default_factory=list)
    not_actions: list[Any] = field(default_factory=list)
    resources: list[Any] = field(default_factory=list)
    not_resources: list[Any] = field(default_factory=list)
    principals: dict[str, list[Any]] | None = None  # None when the statement has no Principal
    not_principals: dict[str, list[Any]] | None = None
    conditions: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    sid: str | None = None
    line: int | None = None
    index: int = 0
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # derived facts, computed once

    @property
    def is_allow(self) -> bool:
        return self.effect == "Allow"

    @property
    def is_deny(self) -> bool:
        return self.effect == "Deny"

    def principal_is_everyone(self) -> bool:
        if self.principals is None:
            return False
        return any(v == "*" for values in self.principals.values() for v in values)

    def condition_values(self, operator: str, key: str) -> list[Any] | None:
        """Values of ``operator`` on ``key`` (case-insensitive key match), or None."""
        block = self.conditions.get(operator) or {}
        for k, values in block.items():
            if isinstance(k, str) and k.lower() == key.lower():
                return values
        return None


class PolicyError(ValueError):
    """The document cannot be read as a policy (the message says why)."""


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return list(value)
    return [value]


def parse_statements(document: Any) -> list[Statement]:
    if isinstance(document, Unknown):
        raise PolicyError(document.reason)
    if not isinstance(document, dict):
        raise PolicyError("the policy is not a JSON object")
    raw = document.get("Statement")
    if isinstance(raw, Unknown):
        raise PolicyError(raw.reason)
    out = []
    for i, st in enumerate(as_list(raw)):
        if isinstance(st, Unknown):
            raise PolicyError(st.reason)
        if not isinstance(st, dict):
            raise PolicyError(f"statement {i} is not an object")
        out.append(Statement(
            effect=str(st.get("Effect", "")),
            actions=as_list(st.get("Action")),
            not_actions=as_list(st.get("NotAction")),
            resources=as_list(st.get("Resource")),
            not_resources=as_list(st.get("NotResource")),
            principals=_principals(st["Principal"]) if "Principal" in st else None,
            not_principals=_principals(st["NotPrincipal"]) if "NotPrincipal" in st else None,
            conditions=_conditions(st.get("Condition")),
            sid=st.get("Sid") if isinstance(st.get("Sid"), str) else None,
            line=getattr(st, "line", None),
            index=i,
        ))
    return out


def _principals(value: Any) -> dict[str, list[Any]]:
    if isinstance(value, str) or isinstance(value, Unknown):
        return {"AWS": [value]}
    if isinstance(value, dict):
        return {str(k): as_list(v) for k, v in value.items()}
    return {"AWS": as_list(value)}


def _conditions(value: Any) -> dict[str, dict[str, list[Any]]]:
    if not isinstance(value, dict):
        return {}
    out: dict[str, dict[str, list[Any]]] = {}
    for op, block in value.items():
        if isinstance(block, dict):
            out[str(op)] = {str(k): as_list(v) for k, v in block.items()}
    return out
