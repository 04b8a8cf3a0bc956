"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF readers.

- Only FAIL findings become results (level from severity), plus UNKNOWN ones as notes
  (the check could not decide; the message says why). Suppressed failures stay, with a
  ``suppressions`` entry carrying the justification.
- Rules carry markdown help (the rule's documentation and remediation),
  ``security-severity`` and tags (control, compliance requirements).
- ``partialFingerprints`` holds the finding fingerprint, so alerts follow a resource
  when lines move.
- File locations are relative to ``--sarif-root`` (default: the current directory).
- Live findings have no file: they go to a second run (category ``mlsec-aws/``) and are
  anchored to a path built from the ARN (``aws/<account>/<region>/<service>/<resource>``)
  plus a logical location holding the ARN. The path is not a repository file, so code
  scanning shows the alert without a code snippet, but the upload stays valid.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mlsec.report.document import utc_stamp
from mlsec.report.rule_info import rule_catalog

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
FINGERPRINT_KEY = "mlsecFingerprint/v1"
_CODE_LANG = {"cloudformation": ("CloudFormation", "yaml"), "terraform": ("Terraform", "hcl"),
              "cli": ("AWS CLI", "sh")}


def render(doc: dict[str, Any], options=None) -> str:
    return json.dumps(sarif_log(doc, getattr(options, "sarif_root", None)), ensure_ascii=False, indent=2) + "\n"


def sarif_log(doc: dict[str, Any], root: str | None = None) -> dict[str, Any]:
    catalog = rule_catalog(doc)
    root_dir = Path(root or os.getcwd()).resolve()
    reported = [f for f in doc["findings"] if f["status"] in ("fail", "unknown")]
    iac = [f for f in reported if f["resource"]["source"] != "aws"]
    live = [f for f in reported if f["resource"]["source"] == "aws"]
    runs = []
    if iac or not live:
        runs.append(_run(doc, catalog, iac, "mlsec-iac/", lambda f: _file_location(f, root_dir), root_dir))
    if live:
        runs.append(_run(doc, catalog, live, "mlsec-aws/", _live_location, root_dir))
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": runs}


def _run(doc, catalog, findings, category: str, locate, root_dir: Path) -> dict[str, Any]:
    ids = list(catalog)
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    return {
        "tool": {"driver": {"name": "mlsec", "version": doc["tool"]["version"],
                            "semanticVersion": doc["tool"]["version"],
                            "rules": [_rule(catalog[r]) for r in ids]}},
        "automationDetails": {"id": category},
        "invocations": [_invocation(doc, root_dir)],
        "columnKind": "utf16CodeUnits",
        "results": [_result(f, index[f["rule_id"]], locate) for f in findings],
    }


def _rule(info: dict[str, Any]) -> dict[str, Any]:
    tags = ["security", info["control"]] + [f"{fw}/{req}" for fw, reqs in sorted(info["frameworks"].items())
                                            for req in reqs]
    what = info["docs"].get("What it does") or info["title"]
    return {
        "id": info["id"],
        "name": _pascal(info["name"]),
        "shortDescription": {"text": info["title"]},
        "fullDescription": {"text": " ".join(what.split())},
        "help": {"text": _help_text(info), "markdown": _help_markdown(info)},
        "defaultConfiguration": {"level": LEVEL[info["severity"]]},
        "properties": {"tags": [t for t in tags if t], "precision": "high",
                       "security-severity": SECURITY_SEVERITY[info["severity"]],
                       "mlsec-name": info["name"], "mlsec-control": info["control"]},
    }


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _help_text(info: dict[str, Any]) -> str:
    parts = [info["docs"].get("What it does") or info["title"], info["docs"].get("Why it matters", ""),
             "Remediation: " + info["remediation"].get("summary", "")]
    return "\n\n".join(p for p in parts if p.strip())


def _help_markdown(info: dict[str, Any]) -> str:
    docs, rem = info["docs"], info["remediation"]
    out = [f"**{info['id']} {info['name']}** (severity {info['severity']}, control `{info['control']}`)", ""]
    if docs.get("What it does"):
        out += [docs["What it does"], ""]
    if docs.get("Why it matters"):
        out += ["## Why it matters", "", docs["Why it matters"], ""]
    out += ["## Remediation", "", rem.get("summary", ""), ""]
    for key, (title, lang) in _CODE_LANG.items():
        if rem.get(key):
            out += [f"### {title}", "", f"```{lang}", rem[key], "```", ""]
    if info["frameworks"]:
        out += ["## Compliance", ""]
        out += [f"- {fw}: {', '.join(reqs)}" for fw, reqs in sorted(info["frameworks"].items())] + [""]
    if docs.get("References"):
        out += ["## References", "", docs["References"], ""]
    return "\n".join(out).strip() + "\n"


def _invocation(doc: dict[str, Any], root_dir: Path) -> dict[str, Any]:
    scan = doc["scan"]
    out: dict[str, Any] = {"executionSuccessful": True}
    if scan.get("started_at"):
        out["startTimeUtc"] = utc_stamp(scan["started_at"])
    if scan.get("finished_at"):
        out["endTimeUtc"] = utc_stamp(scan["finished_at"])
    notes = []
    for e in doc["errors"]:
        note: dict[str, Any] = {"level": "error", "message": {"text": e["message"]},
                                "descriptor": {"id": e.get("kind") or "error"}}
        if e.get("file"):
            physical: dict[str, Any] = {"artifactLocation": _artifact(e["file"], root_dir)}
            if e.get("line"):
                physical["region"] = {"startLine": e["line"]}
            note["locations"] = [{"physicalLocation": physical}]
        elif e.get("target"):
            note["message"]["text"] = f"{e['target']}: {e['message']}"
        notes.append(note)
    if notes:
        out["toolExecutionNotifications"] = notes
    return out


def _result(f: dict[str, Any], rule_index: int, locate) -> dict[str, Any]:
    res = f["resource"]
    subject = f" [{f['subject']}]" if f.get("subject") else ""
    text = f"{res['type']} {res['id']}{subject}: {f['message']}"
    if f["status"] == "unknown":
        text = f"Could not be decided — {text}" + (f" (reason: {f['reason']})" if f.get("reason")
                                                    and f["reason"] != f["message"] else "")
    out: dict[str, Any] = {
        "ruleId": f["rule_id"], "ruleIndex": rule_index,
        "level": LEVEL[f["severity"]] if f["status"] == "fail" else "note",
        "message": {"text": text},
        "locations": [locate(f)],
        "partialFingerprints": {FINGERPRINT_KEY: f["fingerprint"]},
        "properties": {"mlsec-status": f["status"], "severity": f["severity"], "resource-type": res["type"],
                       "source": res["source"]},
    }
    if f["suppressed"]:
        s = f["suppressed"]
        suppression: dict[str, Any] = {"kind": s.get("kind") if s.get("kind") in ("inSource", "external")
                                       else "external", "status": "accepted",
                                       "justification": s.get("reason", "")}
        suppression["properties"] = {k: s[k] for k in ("by", "expires") if s.get(k)}
        out["suppressions"] = [suppression]
    return out


def _logical(res: dict[str, Any]) -> dict[str, Any]:
    return {"name": res["id"], "fullyQualifiedName": res.get("arn") or f"{res['type']}/{res['id']}",
            "kind": "resource"}


def _file_location(f: dict[str, Any], root_dir: Path) -> dict[str, Any]:
    res = f["resource"]
    physical: dict[str, Any] = {"artifactLocation": _artifact(res.get("file") or "", root_dir)}
    if res.get("line"):
        physical["region"] = {"startLine": res["line"]}
    return {"physicalLocation": physical, "logicalLocations": [_logical(res)]}


def _artifact(path: str, root_dir: Path) -> dict[str, Any]:
    """A path as scanned (relative to where the scan ran) as a URI relative to the root,
    or an absolute file URI when the file lies outside it."""
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root_dir)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def _live_location(f: dict[str, Any]) -> dict[str, Any]:
    res = f["resource"]
    arn = res.get("arn") or (res["id"] if res["id"].startswith("arn:") else None)
    if arn and arn.count(":") >= 5:
        _, _, service, region, account, name = arn.split(":", 5)
        parts = ["aws", account or res.get("account") or "account", region or res.get("region") or "global",
                 service, name]
    else:
        parts = ["aws", res.get("account") or "account", res.get("region") or "global",
                 res["type"].replace("::", "-"), res["id"]]
    uri = "/".join(quote(p, safe="") for p in parts[:-1]) + "/" + quote(parts[-1], safe="/")
    return {"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": "AWS"}},
            "logicalLocations": [_logical(res)]}
