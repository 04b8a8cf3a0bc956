"""Which conditions narrow a statement (CATALOGUE §6 "bounding condition").

A condition bounds when its operator is positive (not ``Not…``) on a key that the service
authorization reference lists for the service, or on a global ``aws:`` key. Two forms do
not bound although they look positive:

* ``…IfExists`` on a key that a request may omit: the request that omits it is allowed;
* ``ForAllValues:`` on a multivalued key: an absent key satisfies it.

``Null {key: false}`` only demands that the key be present, so it bounds nothing alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from mlsec.iam.actions import service_keys
from mlsec.iam.statements import Statement

# Keys present in every request they apply to, so ``…IfExists`` on them still bounds.
_ALWAYS_PRESENT = {
    "aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths",
    "aws:principaltype", "aws:userid", "aws:requestedregion", "aws:securetransport", "aws:currenttime",
    "aws:epochtime", "aws:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths",
    "iam:passedtoservice",  # every iam:PassRole request carries it
}
_TEMPLATE_TOKEN = re.compile(r"(\$\{[^}]*\}|<[^>]*>|tag-key)", re.I)


@dataclass(slots=True, frozen=True)
class Clause:
    operator: str  # as written, e.g. "ForAnyValue:StringEqualsIfExists"
    base: str  # without set prefix and IfExists, e.g. "StringEquals"
    key: str
    values: tuple[Any, ...]
    if_exists: bool
    set_prefix: str  # "", "forallvalues" or "foranyvalue"


def _negated(base: str) -> bool:
    b = base.lower()
    return b.startswith("not") or "notequals" in b or "notlike" in b


def clauses(st: Statement) -> list[Clause]:
    out = []
    for operator, block in st.conditions.items():
        prefix, _, rest = operator.rpartition(":")
        base = rest[:-8] if rest.lower().endswith("ifexists") else rest
        for key, values in block.items():
            out.append(Clause(operator, base, key, tuple(values), base != rest, prefix.lower()))
    return out


def is_global(key: str) -> bool:
    return key.lower().startswith("aws:")


def key_is_listed(key: str) -> bool:
    """A global key, or one the service's actions list (``${TagKey}`` and the like normalised)."""
    if is_global(key):
        return True
    prefix = key.split(":", 1)[0].lower()
    return any(key_matches(listed, key) for listed in service_keys(prefix))


def key_matches(listed: str, used: str) -> bool:
    """Whether a key as written in a policy is the key the reference lists (templates such as
    ``aws:ResourceTag/${TagKey}``, ``kms:EncryptionContext:${EncryptionContextKey}`` or
    ``…/<key>`` match any value in their place)."""
    if listed.lower() == used.lower():
        return True
    templated = "${" in listed or "<" in listed or "tag-key" in listed.lower()
    return templated and _template(listed).match(used) is not None


@lru_cache(maxsize=4096)
def _template(listed: str) -> re.Pattern:
    parts = _TEMPLATE_TOKEN.split(listed)
    return re.compile("".join(".+" if _TEMPLATE_TOKEN.fullmatch(p) else re.escape(p) for p in parts) + r"\Z",
                      re.I)


def bounds(clause: Clause) -> bool:
    if _negated(clause.base) or clause.base.lower() == "null":
        return False
    if clause.set_prefix == "forallvalues":
        return False
    if clause.if_exists and clause.key.lower() not in _ALWAYS_PRESENT:
        return False
    if not clause.values or all(v == "*" for v in clause.values):
        return False
    return key_is_listed(clause.key)


def bounding_clauses(st: Statement) -> list[Clause]:
    """Clauses that bound, counting ``ForAllValues:``/``…IfExists`` ones whose key the same
    statement also requires to be present (``Null {key: false}``)."""
    found = clauses(st)
    present = {c.key.lower() for c in found if c.base.lower() == "null" and
               c.values and all(str(v).lower() == "false" for v in c.values)}
    return [c for c in found if bounds(c) or (c.key.lower() in present and _bounds_when_present(c))]


def _bounds_when_present(clause: Clause) -> bool:
    if _negated(clause.base) or clause.base.lower() == "null":
        return False
    if not clause.values or all(v == "*" for v in clause.values):
        return False
    return key_is_listed(clause.key)


def is_bounded(st: Statement) -> bool:
    return bool(bounding_clauses(st))


def positive_on(st: Statement, keys: Iterable[str]) -> list[Clause]:
    """Bounding clauses on any of ``keys`` (a key ending in ``*`` matches any key it prefixes)."""
    wanted = [k.lower() for k in keys]
    found = []
    for c in bounding_clauses(st):
        k = c.key.lower()
        if any(k == w or (w.endswith("*") and k.startswith(w[:-1]) and len(k) >= len(w)) for w in wanted):
            found.append(c)
    return found


def requires_value(clause: Clause, expected: str) -> bool:
    """Whether the clause only lets requests through whose key equals ``expected``."""
    base = clause.base.lower()
    if base in ("bool",) or base.startswith(("stringequals", "stringlike", "numericequals")):
        return bool(clause.values) and all(str(v).lower() == expected.lower() for v in clause.values)
    return False


def describe(clause: Clause) -> str:
    values = ", ".join(str(v) for v in clause.values)
    return f"{clause.operator} {clause.key} [{values}]"
