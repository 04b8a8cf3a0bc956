"""``--format junit``: JUnit XML for CI test views (Jenkins, GitLab, Azure DevOps, …).

One test suite per rule, one test case per rule × resource (× subject):

- FAIL → ``<failure>`` with the message, location and remediation;
- suppressed FAIL → ``<skipped>`` naming who suppressed it, why and until when;
- UNKNOWN → ``<skipped>`` with the reason: the check could not decide, which is not a
  failure of the configuration (the gate fails on it only with ``--fail-on-unknown``);
- NOT_APPLICABLE → ``<skipped>``; PASS → an empty test case.

Files that could not be scanned form one more suite, ``mlsec errors``, of ``<error>`` cases.
Characters XML 1.0 cannot carry (control characters) are written escaped as ``\\xNN``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import Any

from mlsec.report.document import location

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: object) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def render(doc: dict[str, Any], options=None) -> str:
    root = ET.Element("testsuites", name="mlsec", time=_time(doc["scan"].get("duration_s")))
    totals = {"tests": 0, "failures": 0, "errors": 0}
    findings = sorted(doc["findings"], key=lambda f: f["rule_id"])
    for rule_id, group in groupby(findings, key=lambda f: f["rule_id"]):
        group = list(group)
        suite = ET.SubElement(root, "testsuite", name=xml_text(f"{rule_id} {group[0]['rule_name']}"))
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for f in group:
            _case(suite, f, counts)
        _close(suite, counts, totals)
    if doc["errors"]:
        suite = ET.SubElement(root, "testsuite", name="mlsec errors")
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for e in doc["errors"]:
            where = (e.get("file") or e.get("target") or "") + (f":{e['line']}" if e.get("line") else "")
            case = ET.SubElement(suite, "testcase", name=xml_text(where), classname="mlsec.errors")
            ET.SubElement(case, "error", type=xml_text(e.get("kind") or "error"),
                          message=xml_text(e["message"])).text = xml_text(f"{where}: {e['message']}")
            counts["tests"] += 1
            counts["errors"] += 1
        _close(suite, counts, totals)
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", str(totals["errors"]))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _time(seconds: float | None) -> str:
    return f"{seconds or 0:.3f}"


def _close(suite: ET.Element, counts: dict[str, int], totals: dict[str, int]) -> None:
    for key, value in counts.items():
        suite.set(key, str(value))
        if key in totals:
            totals[key] += value


def _case(suite: ET.Element, f: dict[str, Any], counts: dict[str, int]) -> None:
    res = f["resource"]
    subject = f" [{f['subject']}]" if f.get("subject") else ""
    classname = res.get("file") or "/".join(filter(None, ("aws", res.get("account"), res.get("region"))))
    case = ET.SubElement(suite, "testcase", name=xml_text(f"{res['type']} {res['id']}{subject}"),
                         classname=xml_text(classname))
    counts["tests"] += 1
    status, where = f["status"], location(f)
    if status == "fail" and not f["suppressed"]:
        counts["failures"] += 1
        failure = ET.SubElement(case, "failure", type=f"{f['severity']}", message=xml_text(f["message"]))
        failure.text = xml_text(_failure_text(f, where))
    elif status == "fail":
        counts["skipped"] += 1
        s = f["suppressed"]
        ET.SubElement(case, "skipped", message=xml_text(
            f"suppressed by {s.get('by') or '?'}" + (f" until {s['expires']}" if s.get("expires") else "")
            + f": {s.get('reason', '')}"))
    elif status == "unknown":
        counts["skipped"] += 1
        ET.SubElement(case, "skipped", message=xml_text(f"unknown: {f.get('reason') or f['message']}"))
    elif status == "not_applicable":
        counts["skipped"] += 1
        ET.SubElement(case, "skipped", message=xml_text(f"not applicable: {f['message']}"))


def _failure_text(f: dict[str, Any], where: str) -> str:
    rem = f["remediation"]
    lines = [f"{f['rule_id']} {f['rule_name']} ({f['severity']}): {f['message']}", f"Location: {where}", "",
             f"Remediation: {rem.get('summary', '')}"]
    for key, title in (("cloudformation", "CloudFormation"), ("terraform", "Terraform"), ("cli", "AWS CLI")):
        if rem.get(key):
            lines += ["", f"{title}:", rem[key]]
    return "\n".join(lines)
