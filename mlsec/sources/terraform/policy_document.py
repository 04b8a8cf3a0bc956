"""``data "aws_iam_policy_document"``: the IAM JSON the AWS provider would produce.

Built from the evaluated body of the data block. Single-element lists collapse to a
string, as the provider writes them. References stay as ``${address.attr}``
placeholders (the result is then a RefStr); any unknown value makes the whole
document Unknown, because a partial policy would mislead the IAM rules.
"""

from __future__ import annotations

from mlsec.model.props import Branches, Unknown

from .values import Unresolved, as_unknown, decode_json, encode_json, is_open, to_string

_LIST_FIELDS = (
    ("actions", "Action"),
    ("not_actions", "NotAction"),
    ("resources", "Resource"),
    ("not_resources", "NotResource"),
)


def policy_json(props, address: str) -> dict:
    """``{"json": ..., "minified_json": ...}`` for the evaluated body of a policy document."""
    try:
        doc = _document(props, address)
    except Unresolved as exc:
        return {"json": exc.unknown, "minified_json": exc.unknown}
    return {
        "json": encode_json(doc, address, indent=2, sort_keys=False),
        "minified_json": encode_json(doc, address, sort_keys=False),
    }


def _concrete(value, what: str):
    if isinstance(value, (Unknown, Branches)):
        raise Unresolved(as_unknown(value, what))
    return value


def _document(props, address: str) -> dict:
    statements = []
    for source in _json_list(props.get("source_policy_documents"), address):
        statements = _merge_statements(statements, _statements_of(source, address))
    own = [_statement(s, address) for s in _blocks(props.get("statement"), f"the statements of {address}")]
    statements = _merge_statements(statements, own)
    for override in _json_list(props.get("override_policy_documents"), address):
        statements = _merge_statements(statements, _statements_of(override, address))
    doc = {"Version": _concrete(props.get("version"), f"version of {address}") or "2012-10-17"}
    policy_id = _concrete(props.get("policy_id"), f"policy_id of {address}")
    if policy_id:
        doc["Id"] = policy_id
    doc["Statement"] = statements
    return doc


def _blocks(value, what: str) -> list:
    value = _concrete(value, what)
    if not value:
        return []
    for item in value:
        _concrete(item, what)
    return list(value)


def _json_list(value, address: str) -> list:
    value = _concrete(value, f"the source/override documents of {address}")
    docs = []
    for text in value or []:
        if text is None:
            continue
        if isinstance(text, (Unknown, Branches)) or (is_open(text) and not isinstance(text, str)):
            raise Unresolved(as_unknown(text, f"a source/override document of {address}"))
        docs.append(decode_json(text))
    return docs


def _statements_of(doc, address: str) -> list:
    if not isinstance(doc, dict):
        return []
    found = doc.get("Statement") or []
    if isinstance(found, dict):
        found = [found]
    return [dict(s) for s in found if isinstance(s, dict)]


def _merge_statements(base: list, newer: list) -> list:
    """Statements of ``newer`` replace those of ``base`` with the same Sid; others are added."""
    merged = list(base)
    for statement in newer:
        sid = statement.get("Sid")
        if sid:
            for i, old in enumerate(merged):
                if old.get("Sid") == sid:
                    merged[i] = statement
                    break
            else:
                merged.append(statement)
        else:
            merged.append(statement)
    return merged


def _statement(block, address: str) -> dict:
    what = f"a statement of {address}"
    out: dict = {}
    sid = _concrete(block.get("sid"), what)
    if sid:
        out["Sid"] = sid
    out["Effect"] = _concrete(block.get("effect"), what) or "Allow"
    for attr, key in _LIST_FIELDS:
        values = _values(block.get(attr), what)
        if values:
            out[key] = _collapse(values)
    for attr, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        principals = _principals(block.get(attr), what)
        if principals is not None:
            out[key] = principals
    conditions = _conditions(block.get("condition"), what)
    if conditions:
        out["Condition"] = conditions
    return out


def _values(value, what: str) -> list:
    value = _concrete(value, what)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    out = []
    for v in value:
        v = _concrete(v, what)
        if isinstance(v, (bool, int, float)):
            v = to_string(v)  # the provider's arguments are strings
        if v is not None and v not in out:
            out.append(v)
    return out


def _collapse(values: list):
    return values[0] if len(values) == 1 else values


def _principals(blocks, what: str):
    blocks = _blocks(blocks, what)
    if not blocks:
        return None
    merged: dict = {}
    for block in blocks:
        ptype = _concrete(block.get("type"), what)
        identifiers = _values(block.get("identifiers"), what)
        merged.setdefault(ptype, [])
        for ident in identifiers:
            if ident not in merged[ptype]:
                merged[ptype].append(ident)
    if list(merged) == ["*"] and merged["*"] == ["*"]:
        return "*"
    return {ptype: _collapse(ids) for ptype, ids in merged.items()}


def _conditions(blocks, what: str) -> dict:
    out: dict = {}
    for block in _blocks(blocks, what):
        test = _concrete(block.get("test"), what)
        variable = _concrete(block.get("variable"), what)
        values = _values(block.get("values"), what)
        per_test = out.setdefault(test, {})
        existing = per_test.get(variable)
        if existing is None:
            per_test[variable] = values
        else:
            existing.extend(v for v in values if v not in existing)
    return {t: {k: _collapse(v) for k, v in per_test.items()} for t, per_test in out.items()}
