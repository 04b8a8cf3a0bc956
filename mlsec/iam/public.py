"""Is a resource policy open to the internet? policyuniverse's ``is_internet_accessible()``
with three corrections (CATALOGUE §6 MLS418):

* a positive pin on the caller's organization or account (``aws:PrincipalOrgID``,
  ``aws:PrincipalAccount``, ``aws:SourceAccount``...) closes the statement, whatever
  other conditions say (policyuniverse treats any wide condition entry as public: its
  issue #150);
* a ``CanonicalUser`` principal counts as a principal (policyuniverse ignores it);
* ``NotPrincipal`` in an Allow is public (everyone but the listed principals).

policyuniverse loads its action data on import (~60 ms), so it is imported on first use.
"""

from __future__ import annotations

from typing import Any

from mlsec.iam.conditions import bounding_clauses
from mlsec.iam.statements import Statement
from mlsec.model.props import Ref, Unknown

_PINS = {"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:sourceaccount",
         "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths", "kms:calleraccount"}


def _plain(value: Any) -> Any:
    """JSON data for policyuniverse: references name one resource, so they become opaque text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (Ref, Unknown)):
        return "${ref}"
    return str(value) if isinstance(value, str) else value


def _raw(st: Statement) -> dict:
    raw: dict[str, Any] = {"Effect": st.effect, "Action": _plain(st.actions or st.not_actions),
                           "Resource": _plain(st.resources or st.not_resources or ["*"])}
    if st.principals is not None:
        raw["Principal"] = _plain(st.principals)
    if st.not_principals is not None:
        raw["NotPrincipal"] = _plain(st.not_principals)
    if st.conditions:
        raw["Condition"] = _plain(st.conditions)
    return raw


def pinned(st: Statement) -> list[str]:
    """Positive conditions that limit callers to named accounts or organizations (values
    made only of wildcards do not pin)."""
    out = []
    for clause in bounding_clauses(st):
        if clause.key.lower() in _PINS and not any(isinstance(v, str) and "*" in v and len(v.strip("*")) == 0
                                                   for v in clause.values):
            out.append(clause.key)
    return out


def is_public(st: Statement) -> bool | None:
    """True/False, or None when a principal or condition cannot be resolved."""
    if not st.is_allow:
        return False
    values = [v for block in (st.principals or {}, st.not_principals or {}) for vs in block.values() for v in vs]
    if any(isinstance(v, Unknown) for v in values):
        return None
    if pinned(st):
        return False
    if st.not_principals is not None:
        return True
    canonical = [str(v) for v in (st.principals or {}).get("CanonicalUser", [])]
    if "*" in canonical:
        return True
    from policyuniverse.statement import Statement as PuStatement

    return bool(PuStatement(_raw(st)).is_internet_accessible())
