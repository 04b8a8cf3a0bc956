"""``--format text``: a terminal summary grouped by resource.

Colours only on a TTY. Control characters in names and messages are shown escaped,
so a hostile resource name cannot move the cursor or rewrite the terminal.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any

from mlsec.report.document import location, resource_key

_COLORS = {"critical": "\033[1;35m", "high": "\033[1;31m", "medium": "\033[33m", "low": "\033[36m",
           "pass": "\033[32m", "unknown": "\033[34m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"
# C0 and C1 controls (newlines and tabs included: one item is one line), zero-width and
# bidirectional formatting characters, line/paragraph separators and the BOM.
# Lone surrogates too: they stand for the bytes of file names that are not UTF-8.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_LONGEST = 2000  # characters of one name or message; the JSON report keeps the whole text


def clean(text: object) -> str:
    text = str(text)
    if len(text) > _LONGEST:
        text = f"{text[:_LONGEST]}... ({len(text) - _LONGEST:,} more characters)"
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def render(doc: dict[str, Any], options=None) -> str:
    color = bool(options and options.color)
    show_passed = bool(options and options.show_passed)

    def paint(key: str, text: str) -> str:
        return f"{_COLORS[key]}{text}{_RESET}" if color else text

    lines: list[str] = []
    # The document lists findings resource by resource, worst first within a resource.
    shown = [f for f in doc["findings"] if show_passed or f["status"] in ("fail", "unknown") or f["suppressed"]]
    for _, group in groupby(shown, key=resource_key):
        group = list(group)
        res = group[0]["resource"]
        header = dict(group[0], resource=dict(res, line=min((f["resource"].get("line") or 0 for f in group),
                                                              default=0) or None))
        where = location(header)
        lines.append(paint("bold", f"{clean(res['type'])} {clean(res['id'])}")
                     + (paint("dim", f"  {clean(where)}") if where != res["id"] else ""))
        for f in group:
            lines.extend(_finding_lines(f, paint))
        lines.append("")
    if doc["errors"]:
        lines.append(paint("bold", "Errors"))
        for e in doc["errors"]:
            where = e.get("file") or e.get("target") or ""
            if e.get("line"):
                where += f":{e['line']}"
            lines.append(f"  {clean(where)}: {clean(e['message'])}")
        lines.append("")
    lines.extend(framework_lines(doc))
    lines.append(summary_line(doc))
    return "\n".join(lines) + "\n"


def framework_lines(doc: dict[str, Any]) -> list[str]:
    """One line per compliance framework: how many of its controls pass."""
    out = []
    for name, fw in (doc["summary"].get("frameworks") or {}).items():
        judged = fw["controls_passed"] + fw["controls_failed"] + fw["controls_unknown"]
        if not judged:
            continue
        out.append(f"{clean(fw['title'])}: {fw['controls_passed']}/{judged} controls passing"
                   + (f", {fw['controls_failed']} failing" if fw["controls_failed"] else "")
                   + (f", {fw['controls_unknown']} unknown" if fw["controls_unknown"] else ""))
    return out


def _finding_lines(f: dict[str, Any], paint) -> list[str]:
    status, severity = f["status"], f["severity"]
    if f["suppressed"]:
        tag = paint("dim", "SUPPRESSED")
    elif status == "fail":
        tag = paint(severity, f"FAIL {severity.upper()}")
    elif status == "unknown":
        tag = paint("unknown", "UNKNOWN")
    else:
        tag = paint("pass", status.upper())
    line = f["resource"].get("line")
    where = f"  line {line}" if line and f["resource"].get("file") else ""
    subject = f" [{clean(f['subject'])}]" if f.get("subject") else ""
    out = [f"  {tag} {f['rule_id']} {f['rule_name']}{subject}{paint('dim', where)}",
           f"      {clean(f['message'])}"]
    if f["suppressed"]:
        out.append(paint("dim", f"      suppressed: {clean(f['suppressed'].get('reason', ''))}"))
    return out


def summary_line(doc: dict[str, Any]) -> str:
    s = doc["summary"]
    sev = ", ".join(f"{n} {k}" for k, n in s.get("fail_by_severity", {}).items() if n)
    return (f"{s['fail']} failed" + (f" ({sev})" if sev else "")
            + f", {s['unknown']} unknown, {s['pass']} passed, {s['not_applicable']} not applicable, "
            f"{s['suppressed']} suppressed, {s['errors']} errors — {s.get('resources', 0)} resources in "
            f"{s.get('files', 0)} files, {s.get('rules', 0)} rules, {doc['scan'].get('duration_s', 0):.2f}s")
