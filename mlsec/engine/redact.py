"""Mask secrets in findings and errors before any report or message is written.

Every output format renders from the findings and errors of a scan, so masking them
once here keeps credentials out of text, JSON, HTML, SARIF, JUnit and ASFF alike, and
out of the error lines on stderr. A secret is masked wherever it appears inside a
string (a policy, a message quoting a value, a JSON text), in its raw form and in the
escaped forms a message may already carry.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any, Iterable

MASK = "****"


class Redactor:
    """Replaces every occurrence of the given secrets in strings and nested values."""

    def __init__(self, secrets: Iterable[str]):
        forms: set[str] = set()
        for secret in secrets:
            if secret:
                forms.update((secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
                              html.escape(secret), html.escape(secret, quote=False)))
        # Longest first, so a secret that contains another is masked whole.
        ordered = sorted(forms, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def text(self, value: str) -> str:
        if self._pattern is None or not self._pattern.search(value):
            return value
        return self._pattern.sub(MASK, value)

    def value(self, value: Any) -> Any:
        """A copy of ``value`` with secrets masked in its strings (and mapping keys);
        unchanged objects are returned as they are."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            items = [(self.value(k), self.value(v)) for k, v in value.items()]
            if all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(items, value.items())):
                return value
            return dict(items)
        if isinstance(value, (list, tuple)):
            masked = [self.value(v) for v in value]
            if all(a is b for a, b in zip(masked, value)):
                return value
            return type(value)(masked) if isinstance(value, tuple) else masked
        return value

    def findings(self, findings: list) -> None:
        """Mask secrets in the verdicts of ``findings`` (in place)."""
        if self._pattern is None:
            return
        for finding in findings:
            verdict = finding.verdict
            verdict.message = self.text(verdict.message)
            if verdict.reason:
                verdict.reason = self.text(verdict.reason)
            if verdict.subject:
                verdict.subject = self.text(verdict.subject)
            if verdict.evidence and self._may_hold(verdict.evidence):
                verdict.evidence = self.value(verdict.evidence)

    def _may_hold(self, value: Any) -> bool:
        """A quick look at the JSON text of ``value`` (encoded in C) before walking it:
        the patterns include the JSON-escaped form of every secret."""
        from mlsec.report.json_report import dumps

        try:
            return self._pattern.search(dumps(value)) is not None
        except (TypeError, ValueError):
            return True

    def errors(self, errors: list) -> None:
        """Mask secrets in error messages (in place)."""
        if self._pattern is None:
            return
        for error in errors:
            error.message = self.text(error.message)
