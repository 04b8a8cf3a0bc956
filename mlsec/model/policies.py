"""Is a resource policy open to the public? (CATALOGUE MLS418 / MLS504)

The test follows policyuniverse's ``is_internet_accessible``: an Allow is public when
its principal is everyone (``*``, an ARN with account ``*``, or any ``NotPrincipal``)
and no condition narrows it to known parties (an ARN, account, organisation, user id,
CIDR, VPC or VPC endpoint), where a condition that names a wildcard narrows nothing.
Three corrections to policyuniverse:

* a positive pin of the caller's account or organisation wins over looser conditions
  beside it (policyuniverse issue #150: one loose entry used to make it public);
* ``CanonicalUser`` principals are read like the other principal types;
* ``…IfExists`` and ``ForAllValues:`` operators do not narrow: an anonymous request does
  not carry the key, and those operators then evaluate to true.

Values a source could not resolve make the statement's exposure unknown, never private.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from typing import Any

from mlsec.iam.statements import PolicyError, Statement, parse_statements
from mlsec.model.props import Ref, RefStr, Unknown
from mlsec.model.values import Value

# Condition keys that narrow who may call, and what kind of value each holds.
NARROWING_KEYS = {
    "aws:sourcearn": "arn",
    "aws:principalarn": "arn",
    "aws:sourceowner": "account",
    "aws:sourceaccount": "account",
    "aws:principalaccount": "account",
    "kms:calleraccount": "account",
    "aws:principalorgid": "organization",
    "aws:principalorgpaths": "organization",
    "aws:sourceorgid": "organization",
    "aws:sourceorgpaths": "organization",
    "aws:userid": "userid",
    "aws:sourceip": "cidr",
    "aws:sourcevpc": "vpc",
    "aws:sourcevpce": "vpce",
}
PIN_KINDS = ("account", "organization")

_NARROWING_OPERATOR = re.compile(
    r"^(ForAnyValue:)?(String(Equals|Like)(IgnoreCase)?|Arn(Equals|Like)|IpAddress)$", re.IGNORECASE)


@dataclass(slots=True)
class Exposure:
    """How far one Allow statement reaches: ``public``, ``private`` or ``unknown``."""

    status: str
    statement: Statement
    detail: str

    @property
    def label(self) -> str:
        return f"statement {self.statement.sid or self.statement.index}"


def exposure(st: Statement) -> Exposure:
    if not st.is_allow:
        return Exposure("private", st, "not an Allow")
    who = _everyone(st)
    if who is None:
        return Exposure("private", st, "grants named principals only")
    if isinstance(who, Unknown):
        return Exposure("unknown", st, f"a principal is unresolved ({who.reason})")
    narrowed = _narrowing(st)
    if isinstance(narrowed, Unknown):
        return Exposure("unknown", st, f"{who}, and a condition value is unresolved ({narrowed.reason})")
    if narrowed:
        return Exposure("private", st, f"{who}, narrowed by {narrowed}")
    return Exposure("public", st, f"{who} with no condition that narrows the caller to known parties")


def public_statements(statements: list[Statement]) -> list[Exposure]:
    """The statements that are public or cannot be told apart from public."""
    return [e for e in (exposure(st) for st in statements) if e.status != "private"]


def _everyone(st: Statement) -> str | Unknown | None:
    """Why the statement's principal is everyone, Unknown if that cannot be told, else None."""
    if st.not_principals is not None:
        return "NotPrincipal grants everyone not listed"
    if st.principals is None:
        return None
    undecided: Unknown | None = None
    for kind, values in st.principals.items():
        for value in values:
            if isinstance(value, Unknown):
                undecided = undecided or value
                continue
            if isinstance(value, (Ref, RefStr)) and not _has_wildcard_account(str(value)):
                continue
            text = str(value)
            if text == "*":
                return "Principal is *" if kind == "AWS" else f"Principal {kind} is *"
            if kind == "AWS" and _has_wildcard_account(text):
                return f"Principal {text} names every account"
    return undecided


def _has_wildcard_account(text: str) -> bool:
    parts = text.split(":")
    return text.startswith("arn:") and len(parts) > 4 and "*" in parts[4]


def _narrowing(st: Statement) -> str | Unknown | None:
    """The condition that narrows the caller, Unknown when a value is unresolved, else None."""
    pins, others, loose = [], [], []
    undecided: Unknown | None = None
    for operator, block in st.conditions.items():
        if not _NARROWING_OPERATOR.match(operator):
            continue
        for key, values in block.items():
            kind = NARROWING_KEYS.get(key.lower())
            if kind is None:
                continue
            for value in values:
                if isinstance(value, Unknown):
                    undecided = undecided or value
                    continue
                entry = f"{operator} {key}"
                if _loose(kind, value):
                    loose.append(entry)
                elif kind in PIN_KINDS:
                    pins.append(entry)
                else:
                    others.append(entry)
    if pins:
        return pins[0]
    if undecided is not None:
        return undecided
    if others and not loose:
        return others[0]
    return None


def _loose(kind: str, value: Any) -> bool:
    """A condition value that admits anyone (a wildcard account, organisation or ARN, a /0)."""
    if isinstance(value, Ref):
        return False
    text = str(value)
    if kind == "cidr":
        return text.endswith("/0")
    if kind == "userid":  # "AROAEXAMPLE:*" names one role's sessions
        return text == "*" or "*" in text[:-1]
    if kind == "organization":
        return text in ("*", "o-*") or text.startswith("o-*")
    if kind == "arn":
        return text == "*" or _has_wildcard_account(text) or (not text.startswith("arn:") and "*" in text)
    return "*" in text


def grants_action(st: Statement, action: str) -> bool | None:
    """Whether the statement's Action (or NotAction complement) covers ``action``, with
    IAM's case-insensitive ``*``/``?`` wildcards; None when a pattern is unresolved."""
    patterns, negated = (st.not_actions, True) if st.not_actions else (st.actions, False)
    matched = False
    for pattern in patterns:
        if isinstance(pattern, (Unknown, Ref)) or (isinstance(pattern, RefStr) and pattern.refs):
            return None
        if fnmatch.fnmatchcase(action.lower(), str(pattern).lower()):
            matched = True
            break
    return not matched if negated else matched


def read_policy(value: Value) -> tuple[list[Statement] | None, str | None]:
    """A policy attribute as statements: (statements, None); (None, None) when no policy
    is set; (None, why) when it is unresolved or not a readable policy."""
    if value.is_absent:
        return None, None
    if not value.is_set:
        return None, value.describe()
    try:
        return parse_statements(value.value), None
    except PolicyError as exc:
        return None, f"it cannot be read: {exc}"
