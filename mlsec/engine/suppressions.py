"""Suppressions: accepted risks, each with a reason and, optionally, the day it lapses.

Where they are declared (docs/ci.md shows each form):

* Terraform: a comment above the resource or inside it (on the attribute's line, say):
  ``# mlsec:ignore MLS001 reason="lab account, no data" expires=2027-01-31`` (``//`` and
  ``/* */`` work too);
* CloudFormation: the same text as a YAML comment in or directly above the resource, or
  the resource's ``Metadata: {mlsec: {ignore: [{id, reason, expires}]}}``;
* live resources: a tag ``mlsec:ignore`` (or ``mlsec:ignore:<anything>`` for more than
  one) whose value is ``MLS001[+MLS002]:reason[:YYYY-MM-DD]``;
* the configuration file (``suppressions:`` entries, engine/config.py);
* other tools' suppressions, translated by engine/foreign_suppressions.py.

They are applied after the scan, in the parent process, to FAIL and UNKNOWN findings:
a suppressed finding stays in every report with ``suppressed = {by, reason, expires}``.
A suppression without a reason, with bad syntax or naming no rule is reported in the
report's ``errors`` and suppresses nothing; an expired one suppresses nothing and is
reported; one that matched nothing is reported as unused (``--strict-suppressions``
turns that into exit 1).
"""

from __future__ import annotations

import fnmatch
import re
import shlex
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Iterable

from mlsec.engine.findings import Finding, ResourceIdentity
from mlsec.engine.rule import Rule
from mlsec.model.verdict import Status
from mlsec.sources.base import ScanError

EVERY_RULE = "*"
TAG_KEY = "mlsec:ignore"
_SUPPRESSIBLE = (Status.FAIL, Status.UNKNOWN)
_DIRECTIVE = re.compile(r"mlsec:ignore\b([^\n]*)")
_RULE_TOKEN = re.compile(r"^(MLS\d{3}|[a-z0-9]+(-[a-z0-9]+)+)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(slots=True, eq=False)
class Suppression:
    """One declared suppression. ``rules`` holds rule ids, names or controls (or ``*``)."""

    rules: tuple[str, ...]
    reason: str | None
    expires: date | None
    by: str  # mechanism and place, as reports show it: "terraform-comment main.tf:12"
    file: str | None = None
    line: int | None = None
    target: str | None = None  # what it is declared on, for messages
    resource_glob: str | None = None  # configuration entries only
    file_glob: str | None = None
    foreign: bool = False  # another tool's suppression, honoured through the id map
    problem: str | None = None  # why it can never apply (syntax, no reason)
    matched: bool = False  # it named a FAIL/UNKNOWN finding (whether or not it could apply)
    used: bool = False  # it suppressed at least one finding

    def covers(self, rule: Rule) -> bool:
        return any(token == EVERY_RULE or token in (rule.id, rule.name, rule.control) for token in self.rules)

    def expired(self, today: date) -> bool:
        return self.expires is not None and self.expires < today

    def record(self) -> dict[str, Any]:
        return {"by": self.by, "reason": self.reason or "",
                "expires": self.expires.isoformat() if self.expires else None}


# -- parsing the inline forms ----------------------------------------------------------------

def parse_directive(text: str) -> tuple[list[str], str | None, date | None, str | None]:
    """``MLS001,MLS002 reason="…" expires=2027-01-31`` -> (rules, reason, expires, problem)."""
    try:
        parts = shlex.split(text, posix=True)
    except ValueError:
        return [], None, None, "a quoted value is not closed"
    rules: list[str] = []
    options: dict[str, str] = {}
    for i, part in enumerate(parts):
        key, eq, value = part.partition("=")
        if eq and key in ("reason", "expires"):
            options[key] = value
        elif eq:
            return rules, None, None, f"unknown option {key!r} (expected reason=\"…\" and expires=YYYY-MM-DD)"
        elif not options and all(_RULE_TOKEN.match(t) for t in part.split(",") if t):
            rules.extend(t for t in part.split(",") if t)
        else:
            rest = " ".join(parts[i:])
            return rules, None, None, (f"unexpected text {rest!r}: write reason=\"…\" (and expires=YYYY-MM-DD) "
                                       f"after the rule ids")
    if not rules:
        return rules, None, None, "names no rule (expected e.g. mlsec:ignore MLS001 reason=\"…\")"
    expires, problem = parse_expiry(options.get("expires"))
    return rules, (options.get("reason") or "").strip() or None, expires, problem


def parse_expiry(value: Any) -> tuple[date | None, str | None]:
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip()), None
        except ValueError:
            pass
    return None, f"expires must be a date written YYYY-MM-DD, not {value!r}"


def _comment_suppressions(res: ResourceIdentity, comments: Iterable, mechanism: str) -> list[Suppression]:
    out = []
    for line, text in comments or ():
        if not isinstance(text, str) or "mlsec:ignore" not in text:
            continue
        for match in _DIRECTIVE.finditer(text):
            body = match.group(1).replace("*/", " ")
            rules, reason, expires, problem = parse_directive(body)
            out.append(Suppression(tuple(rules), reason, expires, f"{mechanism} {res.file}:{line}",
                                   file=res.file, line=line, target=res.id, problem=problem))
    return out


def _metadata_suppressions(res: ResourceIdentity, metadata: Any) -> list[Suppression]:
    """``Metadata: {mlsec: {ignore: [{id, reason, expires}]}}`` on a CloudFormation resource."""
    if not isinstance(metadata, dict) or "mlsec" not in metadata:
        return []
    block = metadata["mlsec"]
    line = getattr(metadata, "line_of", lambda _k: res.line)("mlsec") or res.line
    where = f"cloudformation-metadata {res.file}:{line}"
    entries = block.get("ignore") if isinstance(block, dict) else None
    if not isinstance(entries, list):
        return [Suppression((), None, None, where, file=res.file, line=line, target=res.id,
                            problem="Metadata.mlsec must be {ignore: [{id, reason, expires}, …]}")]
    out = []
    for i, entry in enumerate(entries):
        entry_line = getattr(entry, "line", None) or line
        by = f"cloudformation-metadata {res.file}:{entry_line}"
        if not isinstance(entry, dict):
            out.append(Suppression((), None, None, by, file=res.file, line=entry_line, target=res.id,
                                   problem=f"Metadata.mlsec.ignore[{i}] must be a mapping with id and reason"))
            continue
        ids = entry.get("id")
        ids = [ids] if isinstance(ids, str) else ids
        unknown_keys = sorted(set(entry) - {"id", "reason", "expires"})
        expires, problem = parse_expiry(entry.get("expires"))
        if not isinstance(ids, list) or not ids or not all(isinstance(x, str) for x in ids):
            problem = f"Metadata.mlsec.ignore[{i}].id must be a rule id, name or control (or a list of them)"
            ids = []
        elif unknown_keys:
            problem = f"Metadata.mlsec.ignore[{i}] has unknown keys {unknown_keys} (expected id, reason, expires)"
        reason = entry.get("reason")
        reason = reason.strip() if isinstance(reason, str) and reason.strip() else None
        out.append(Suppression(tuple(ids), reason, expires, by, file=res.file, line=entry_line, target=res.id,
                               problem=problem))
    return out


def parse_tag_value(value: str) -> tuple[list[str], str | None, date | None, str | None]:
    """``MLS001+MLS002:reason text:2027-01-31`` (tag values allow no commas or quotes)."""
    rules_part, sep, rest = value.partition(":")
    rules = [t for t in re.split(r"[+\s]+", rules_part.strip()) if t]
    if not sep or not rules:
        return rules, None, None, f"tag value {value!r} is not RULE[+RULE]:reason[:YYYY-MM-DD]"
    expires = None
    head, colon, tail = rest.rpartition(":")
    if colon and _DATE.match(tail.strip()):
        expires, problem = parse_expiry(tail.strip())
        if problem:
            return rules, None, None, problem
        rest = head
    bad = [t for t in rules if not _RULE_TOKEN.match(t)]
    if bad:
        return rules, None, None, f"tag value names {bad[0]!r}, which is not a rule id, name or control"
    return rules, rest.strip() or None, expires, None


def _tag_suppressions(res: ResourceIdentity, tags: Any) -> list[Suppression]:
    if isinstance(tags, list):  # the API's [{Key, Value}] shape
        tags = {t.get("Key"): t.get("Value") for t in tags if isinstance(t, dict)}
    if not isinstance(tags, dict):
        return []
    out = []
    for key in sorted(k for k in tags if isinstance(k, str)):
        if key != TAG_KEY and not key.startswith(TAG_KEY + ":"):
            continue
        value = tags[key] if isinstance(tags[key], str) else ""
        rules, reason, expires, problem = parse_tag_value(value)
        out.append(Suppression(tuple(rules), reason, expires, f"aws-tag {key}", target=res.arn or res.id,
                               problem=problem))
    return out


def inline_suppressions(res: ResourceIdentity) -> list[Suppression]:
    """The mlsec suppressions declared on one resource, in its source's form."""
    meta = res.metadata or {}
    if res.source == "terraform":
        return _comment_suppressions(res, meta.get("comments"), "terraform-comment")
    if res.source == "cloudformation":
        return (_metadata_suppressions(res, meta.get("Metadata"))
                + _comment_suppressions(res, meta.get("template_comments"), "cloudformation-comment"))
    if res.source == "aws":
        return _tag_suppressions(res, meta.get("tags"))
    return []


# -- applying them -------------------------------------------------------------------------------

@dataclass(slots=True)
class SuppressionOutcome:
    problems: list[ScanError]
    unused: int
    expired: int
    invalid: int
    applied: int

    def summary(self) -> dict[str, int]:
        return {"applied": self.applied, "expired": self.expired, "unused": self.unused, "invalid": self.invalid}


class SuppressionSet:
    """Every suppression the scan met, with what each did.

    ``known_rules`` (the whole registry) decides whether a token names a rule at all;
    ``run_rules`` (this scan's selection) whether an unmatched suppression is unused or
    merely about a rule this run left out.
    """

    def __init__(self, known_rules: Iterable[Rule], run_rules: Iterable[Rule], configured: Iterable[Suppression] = (),
                 foreign_policy: str = "honour", today: date | None = None):
        self.known = list(known_rules)
        self.run = list(run_rules)
        self.configured = list(configured)
        self.foreign_policy = foreign_policy
        self.today = today or datetime.now(timezone.utc).date()
        self._declared: dict[tuple, Suppression] = {}
        self._per_resource: dict[tuple, list[Suppression]] = {}
        self.applied = 0

    def apply(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            if finding.status not in _SUPPRESSIBLE:
                self._candidates(finding.resource)  # still register what is declared there
                continue
            for s in self._candidates(finding.resource):
                if not s.covers(finding.rule) or not self._matches(s, finding.resource):
                    continue
                s.matched = True
                if s.problem or not s.reason or s.expired(self.today):
                    continue
                s.used = True
                if finding.suppressed is None:
                    finding.suppressed = s.record()
                    self.applied += 1

    def _candidates(self, res: ResourceIdentity) -> list[Suppression]:
        key = (res.source, res.unit, res.file, res.id, res.arn)
        found = self._per_resource.get(key)
        if found is None:
            found = []
            if res.metadata:
                found.extend(self._declare(inline_suppressions(res)))
            found.extend(self.configured)
            if self.foreign_policy != "ignore" and (res.metadata or res.file):
                from mlsec.engine.foreign_suppressions import foreign_suppressions

                found.extend(self._declare(foreign_suppressions(res, self.foreign_policy == "require-reason")))
            self._per_resource[key] = found
        return found

    def _declare(self, suppressions: list[Suppression]) -> list[Suppression]:
        """One object per declaration: the instances of a counted Terraform resource share
        the comment, so they share the suppression (and its used/unused state)."""
        out = []
        for s in suppressions:
            key = (s.by, s.rules, s.reason, s.expires, s.problem, None if s.file else s.target)
            out.append(self._declared.setdefault(key, s))
        return out

    @staticmethod
    def _matches(s: Suppression, res: ResourceIdentity) -> bool:
        if s.resource_glob is not None and not (fnmatch.fnmatchcase(res.id, s.resource_glob) or (
                res.arn and fnmatch.fnmatchcase(res.arn, s.resource_glob))):
            return False
        if s.file_glob is not None:
            path = (res.file or "").replace("\\", "/").removeprefix("./")
            if not fnmatch.fnmatchcase(path, s.file_glob):
                return False
        return True

    def outcome(self) -> SuppressionOutcome:
        problems: list[ScanError] = []
        unused = expired = invalid = 0
        for s in [*self._declared.values(), *self.configured]:
            names = ", ".join(s.rules) or "nothing"
            on = f" on {s.target}" if s.target else ""
            unknown = [t for t in s.rules if t != EVERY_RULE and not any(t in (r.id, r.name, r.control)
                                                                         for r in self.known)]
            if s.problem or (not s.reason and not s.foreign) or (unknown and not s.foreign):
                invalid += 1
                if s.problem:
                    why = s.problem
                elif unknown:
                    why = f"{', '.join(map(repr, unknown))} is not a rule id, name or control (see `mlsec rules`)"
                else:
                    why = "has no reason, so it does not apply: add reason=\"why the risk is accepted\""
                problems.append(self._error(s, f"suppression of {names}{on}: {why}", "suppression"))
            elif s.expired(self.today):
                expired += 1
                problems.append(self._error(s, f"suppression of {names}{on} expired on {s.expires.isoformat()}; "
                                               f"its findings are reported again", "suppression-expired"))
            elif not s.used and not s.foreign and self._in_run(s):
                unused += 1
                problems.append(self._error(s, f"suppression of {names}{on} matched no failing or unknown "
                                               f"finding; remove it", "suppression-unused"))
        problems.sort(key=lambda e: (e.file or e.target or "", e.line or 0, e.message))
        return SuppressionOutcome(problems, unused, expired, invalid, self.applied)

    def _in_run(self, s: Suppression) -> bool:
        return any(s.covers(r) for r in self.run)

    @staticmethod
    def _error(s: Suppression, message: str, kind: str) -> ScanError:
        if s.file is None:
            return ScanError(None, f"{s.by}: {message}", kind, target=s.target or s.by)
        return ScanError(s.file, f"{s.by.split(' ')[0]}: {message}", kind, line=s.line)


def configured_suppressions(config) -> list[Suppression]:
    """The ``suppressions:`` entries of a loaded configuration (engine.config.Config)."""
    out = []
    for i, entry in enumerate(config.suppressions):
        line = config._key_lines.get(f"suppressions[{i}]")
        where = f"{config.path or 'configuration'}" + (f":{line}" if line else "")
        reason = entry.reason.strip() if entry.reason and entry.reason.strip() else None
        out.append(Suppression((entry.rule,), reason, entry.expires, f"config {where} suppressions[{i}]",
                               file=config.path, line=line, target=None if entry.resource == "*" else entry.resource,
                               resource_glob=entry.resource, file_glob=entry.file))
    return out
