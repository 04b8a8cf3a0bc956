"""Other tools' suppressions, honoured where the other check means what an mlsec rule means.

A team moving from Checkov, tfsec/Trivy, KICS or cfn_nag keeps the risks it already
accepted. The id map is data (``data/foreign_rule_ids.yaml``, with the source of each
match); a suppression of a check with no mlsec counterpart is simply not ours.

Forms read:

* Checkov: ``#checkov:skip=CKV_AWS_122:reason`` in or above a Terraform resource;
  ``Metadata: {checkov: {skip: [{id, comment}]}}`` on a CloudFormation resource;
* tfsec/Trivy: ``#tfsec:ignore:<id>`` / ``#trivy:ignore:<id>``, optionally with
  ``:exp:YYYY-MM-DD``, in or above a Terraform resource;
* KICS: ``# kics-scan ignore-block`` on or above a Terraform resource (every check), and the
  file-level ``# kics-scan ignore`` (every check) and ``# kics-scan disable=<id>,…``;
* cfn_nag: ``Metadata: {cfn_nag: {rules_to_suppress: [{id, reason}]}}``.

Most of these forms carry no reason. With the ``honour`` policy (the default) such a
suppression still applies and its recorded reason says where it came from; with
``require-reason`` it is reported like an mlsec suppression without a reason.
Unused foreign suppressions are not reported: they may serve the other tool still.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from mlsec.engine.findings import ResourceIdentity
from mlsec.engine.suppressions import EVERY_RULE, Suppression, parse_expiry

_CHECKOV = re.compile(r"checkov:skip=([A-Za-z0-9_]+)(?::([^\n]*))?")
_TFSEC = re.compile(r"\b(tfsec|trivy):ignore:([A-Za-z0-9_.\-]+)((?::exp:[0-9-]+)?)(?:\[[^\]]*\])?")
_KICS_BLOCK = re.compile(r"kics-scan\s+ignore-block\b")
_KICS_FILE = re.compile(r"^\s*(?:#|//)\s*kics-scan\s+(?:(ignore)\s*$|disable\s*=\s*([A-Za-z0-9,\s-]+?)\s*$)", re.M)
_MAX_FILE_BYTES = 10 * 1024 * 1024


@lru_cache(maxsize=1)
def id_map() -> dict[str, dict[str, tuple[str, ...]]]:
    """tool -> {foreign id (upper case) -> mlsec ids}; Trivy ids under every spelling."""
    import yaml

    raw = yaml.load((Path(__file__).parent / "data" / "foreign_rule_ids.yaml").read_text(encoding="utf-8"),
                    Loader=yaml.CSafeLoader)
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for tool in ("checkov", "kics", "cfn_nag"):
        out[tool] = {str(k).upper(): tuple(v) for k, v in (raw.get(tool) or {}).items()}
    trivy: dict[str, tuple[str, ...]] = {}
    for avd, entry in (raw.get("trivy") or {}).items():
        ids = tuple(entry["mlsec"])
        avd = str(avd).upper()
        for spelling in (avd, avd.removeprefix("AVD-"), entry["long"].upper()):
            trivy[spelling] = ids
    out["trivy"] = trivy
    return out


def foreign_suppressions(res: ResourceIdentity, require_reason: bool = False) -> list[Suppression]:
    meta = res.metadata or {}
    found: list[Suppression] = []
    if res.source == "terraform":
        for line, text in meta.get("comments") or ():
            found.extend(_from_comment(res, line, text))
    elif res.source == "cloudformation":
        found.extend(_from_metadata(res, meta.get("Metadata")))
    if res.file and res.source in ("terraform", "cloudformation"):
        found.extend(_from_file(res))
    for s in found:
        if s.reason is None and require_reason:
            s.problem = f"{s.by.split('-')[0]} suppression has no reason (foreign-suppressions: require-reason)"
        elif s.reason is None:
            s.reason = f"accepted in {s.by.split('-')[0]}; no reason given there"
    return found


def _suppression(tool: str, form: str, res: ResourceIdentity, line: int | None, token: str, ids: tuple[str, ...],
                 reason: str | None = None, expires=None, problem: str | None = None) -> Suppression:
    where = f"{res.file}:{line}" if line else f"{res.file}"
    return Suppression(ids, reason, expires, f"{tool}-{form} {where} ({token})", file=res.file, line=line,
                       target=res.id, foreign=True, problem=problem)


def _from_comment(res: ResourceIdentity, line: int, text: Any) -> list[Suppression]:
    if not isinstance(text, str):
        return []
    table = id_map()
    out = []
    if "checkov:skip" in text:
        for match in _CHECKOV.finditer(text):
            ids = table["checkov"].get(match.group(1).upper())
            if ids:
                reason = (match.group(2) or "").replace("*/", "").strip() or None
                out.append(_suppression("checkov", "comment", res, line, match.group(1), ids, reason))
    if ":ignore:" in text:
        for match in _TFSEC.finditer(text):
            tool, check, exp = match.group(1), match.group(2), match.group(3)
            ids = table["trivy"].get(check.upper())
            if ids:
                expires, problem = parse_expiry(exp.removeprefix(":exp:") if exp else None)
                out.append(_suppression(tool, "comment", res, line, f"{tool}:ignore:{check}", ids, None, expires,
                                        problem))
    if "kics-scan" in text and _KICS_BLOCK.search(text):
        out.append(_suppression("kics", "comment", res, line, "kics-scan ignore-block", (EVERY_RULE,)))
    return out


def _from_metadata(res: ResourceIdentity, metadata: Any) -> list[Suppression]:
    if not isinstance(metadata, dict):
        return []
    table = id_map()
    out = []
    for tool, path, reason_key in (("cfn_nag", ("cfn_nag", "rules_to_suppress"), "reason"),
                                   ("checkov", ("checkov", "skip"), "comment")):
        block = metadata.get(path[0])
        entries = block.get(path[1]) if isinstance(block, dict) else None
        if not isinstance(entries, list):
            continue
        line = getattr(metadata, "line_of", lambda _k: res.line)(path[0]) or res.line
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                continue
            ids = table[tool].get(entry["id"].upper())
            if ids:
                reason = entry.get(reason_key)
                reason = reason.strip() if isinstance(reason, str) and reason.strip() else None
                out.append(_suppression(tool, "metadata", res, getattr(entry, "line", None) or line, entry["id"],
                                        ids, reason))
    return out


def _from_file(res: ResourceIdentity) -> list[Suppression]:
    directives = _file_directives(res.file)
    if not directives:
        return []
    table = id_map()["kics"]
    out = []
    for line, ignore_all, listed in directives:
        if ignore_all:
            out.append(_suppression("kics", "file", res, line, "kics-scan ignore", (EVERY_RULE,)))
            continue
        ids = tuple(dict.fromkeys(m for q in listed for m in table.get(q.upper(), ())))
        if ids:
            out.append(_suppression("kics", "file", res, line, "kics-scan disable", ids))
    return out


def _file_directives(path: str) -> tuple[tuple[int, bool, tuple[str, ...]], ...]:
    """File-wide KICS comments: (line, ignore everything, query ids disabled)."""
    try:
        stat = os.stat(path)
    except OSError:
        return ()
    if stat.st_size > _MAX_FILE_BYTES:
        return ()
    return _read_directives(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _read_directives(path: str, _mtime: int, _size: int) -> tuple[tuple[int, bool, tuple[str, ...]], ...]:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return ()
    if b"kics-scan" not in data:
        return ()
    text = data.decode("utf-8", errors="replace")
    out = []
    for match in _KICS_FILE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        listed = tuple(q.strip() for q in (match.group(2) or "").split(",") if q.strip())
        out.append((line, bool(match.group(1)), listed))
    return tuple(out)
