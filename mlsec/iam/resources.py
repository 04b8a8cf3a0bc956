"""Is a statement's resource broad? (CATALOGUE §6: ``*``, a NotResource complement, an
account ``*``, or every resource of a type, ``…:<type>/*``.)

Resources arrive as text, as a reference to a resource of the same template or module
(``!GetAtt Bucket.Arn``, which names one resource: not broad), as text with embedded
references (``${aws_s3_bucket.b.arn}/*``: the reference stands for one name), or unknown.
"""

from __future__ import annotations

import re
from typing import Any

from mlsec.iam.statements import Statement
from mlsec.model.props import Ref, Unknown

_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")
_TYPE_WILDCARD = re.compile(r"^[A-Za-z0-9_.-]+[/:]\*$")
_ALL = {"*", "*/*", "*:*"}


def is_broad(resource: Any) -> bool | None:
    """True/False, or None when the resource cannot be read (unknown value)."""
    if isinstance(resource, Ref):
        return False
    if isinstance(resource, Unknown) or not isinstance(resource, str):
        return None
    text = str(resource).strip()
    if text in _ALL:
        return True
    if not text.startswith("arn:"):
        return False if _PLACEHOLDER.search(text) else None
    # a reference names one resource (``${Bucket}``, ``${AWS::AccountId}``); a policy variable
    # such as ``${aws:username}`` narrows to the caller's own resource: either way one name
    parts = _PLACEHOLDER.sub("x", text).split(":", 5)
    if len(parts) < 6:
        return None
    _, _, service, _, account, rest = parts
    if account == "*" and service not in ("s3",):
        return True
    if rest in _ALL:
        return True
    if service == "s3":
        bucket = rest.split("/", 1)[0]
        return bucket == "*"
    return bool(_TYPE_WILDCARD.match(rest))


def broad_resources(resources: list[Any]) -> tuple[list[str], list[Any]]:
    """(the broad ones as text, the unreadable ones)."""
    broad, unreadable = [], []
    for r in resources:
        verdict = is_broad(r)
        if verdict is None:
            unreadable.append(r)
        elif verdict:
            broad.append(str(r))
    return broad, unreadable


def render(resource: Any) -> str:
    if isinstance(resource, Unknown):
        return f"unknown ({resource.reason})"
    return str(resource)


def statement_scope(st: Statement) -> tuple[bool | None, str]:
    """Whether the statement reaches broad resources: (True/False/None, what it reaches).

    ``NotResource`` is the complement of its list, so broad. A statement with neither
    ``Resource`` nor ``NotResource`` is malformed: None.
    """
    if st.not_resources:
        return True, "NotResource " + ", ".join(render(r) for r in st.not_resources) + " (everything else)"
    if not st.resources:
        return None, "no Resource element (malformed statement)"
    broad, unreadable = broad_resources(st.resources)
    if broad:
        return True, ", ".join(broad)
    if unreadable:
        return None, ", ".join(render(r) for r in unreadable)
    return False, ", ".join(render(r) for r in st.resources)
