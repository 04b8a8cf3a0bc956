"""``--format text``: a terminal summary grouped by resource.

Colours only on a TTY. Control characters in names and messages are shown escaped,
so a hostile resource name cannot move the cursor or rewrite the terminal.
"""

from __future__ import annotations

import re
from itertools import groupby

from mlsec.engine.scan import ScanResult
from mlsec.model.verdict import Status
from mlsec.report.document import _order, summarize

_COLORS = {"critical": "\033[1;35m", "high": "\033[1;31m", "medium": "\033[33m", "low": "\033[36m",
           "pass": "\033[32m", "unknown": "\033[34m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))


def render(result: ScanResult, color: bool = False, show_passed: bool = False) -> str:
    def paint(key: str, text: str) -> str:
        return f"{_COLORS[key]}{text}{_RESET}" if color else text

    lines: list[str] = []
    shown = [f for f in result.findings
             if show_passed or f.status in (Status.FAIL, Status.UNKNOWN) or f.suppressed]
    shown.sort(key=_order)
    for (_, _), group in groupby(shown, key=lambda f: (f.resource.file or f.resource.unit, f.resource.id)):
        group = list(group)
        res = group[0].resource
        lines.append(paint("bold", f"{clean(res.kind)} {clean(res.id)}")
                     + paint("dim", f"  {clean(res.location())}"))
        for f in group:
            status = f.status.value
            if f.suppressed:
                tag = paint("dim", "SUPPRESSED")
            elif f.status is Status.FAIL:
                tag = paint(f.rule.severity.value, f"FAIL {f.rule.severity.value.upper()}")
            elif f.status is Status.UNKNOWN:
                tag = paint("unknown", "UNKNOWN")
            else:
                tag = paint("pass", status.upper())
            where = f"  line {f.line}" if f.line and f.resource.file else ""
            subject = f" [{clean(f.verdict.subject)}]" if f.verdict.subject else ""
            lines.append(f"  {tag} {f.rule.id} {f.rule.name}{subject}{paint('dim', where)}")
            lines.append(f"      {clean(f.verdict.message)}")
            if f.suppressed:
                lines.append(paint("dim", f"      suppressed: {clean(f.suppressed.get('reason', ''))}"))
        lines.append("")
    if result.errors:
        lines.append(paint("bold", "Errors"))
        for e in result.errors:
            where = e.file or e.target or ""
            if e.line:
                where += f":{e.line}"
            lines.append(f"  {clean(where)}: {clean(e.message)}")
        lines.append("")
    s = summarize(result)
    sev = ", ".join(f"{n} {k}" for k, n in s["fail_by_severity"].items() if n)
    lines.append(
        f"{s['fail']} failed" + (f" ({sev})" if sev else "")
        + f", {s['unknown']} unknown, {s['pass']} passed, {s['not_applicable']} not applicable, "
        f"{s['suppressed']} suppressed, {s['errors']} errors — {s['resources']} resources in {s['files']} files, "
        f"{s['rules']} rules, {result.duration_s:.2f}s"
    )
    return "\n".join(lines) + "\n"
