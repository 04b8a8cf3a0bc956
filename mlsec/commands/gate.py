"""The pre-merge gate around a scan: configuration in, suppressions, diff scope and
baseline applied to the findings afterwards (in this process, whatever workers ran the
rules), and the exit code's last word.

Precedence: command-line flags over the configuration file over built-in defaults;
list options given on the command line (``--select``, ``--skip``) replace the file's,
``--exclude`` adds to it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import click

from mlsec.engine.settings import Settings

if TYPE_CHECKING:
    from mlsec.commands.scan_command import ScanRequest
    from mlsec.engine.config import Config
    from mlsec.engine.rule import Rule
    from mlsec.engine.scan import ScanResult

EXIT_FINDINGS = 1


class GateError(click.ClickException):
    """A configuration, baseline or git problem: nothing is scanned, exit 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message


class Gate:
    def __init__(self, request: "ScanRequest", config: "Config"):
        self.request = request
        self.config = config
        self.baseline = None
        self.changes = None
        self.strict_failed = False

    # -- before the scan ------------------------------------------------------------------------

    def rules(self) -> list["Rule"]:
        """The registry narrowed by select/skip/frameworks, with severity overrides applied."""
        from mlsec.engine.registry import load_rules, select

        req, config = self.request, self.config
        frameworks = req.frameworks or config.frameworks
        chosen = select(load_rules(), req.select or None, req.skip or None, frameworks or None)
        if not config.severity:
            return chosen
        out = []
        for rule in chosen:
            override = self._override(rule)
            out.append(dataclasses.replace(rule, severity=override) if override else rule)
        return out

    def settings(self) -> Settings:
        req = self.request
        values = self.config.settings_overrides()
        values["expect_cloudtrail"] = req.expect_cloudtrail or values.get("expect_cloudtrail", False)
        values["assume_complete_network"] = req.assume_complete_network or values.get("assume_complete_network", False)
        return Settings(**values)

    # -- after the scan -------------------------------------------------------------------------

    def finish(self, result: "ScanResult", rules: list["Rule"]) -> None:
        """Suppressions, then the diff scope, then the baseline; problems go to ``errors``."""
        from mlsec.engine.registry import load_rules
        from mlsec.engine.suppressions import SuppressionSet, configured_suppressions

        self._override_severities(result)
        suppressions = SuppressionSet(load_rules(), rules, configured_suppressions(self.config),
                                      self.config.foreign_suppressions)
        suppressions.apply(result.findings)
        # what the whole scan found, before the diff scope narrows it: a baseline entry is
        # "fixed" only when the scan no longer finds it at all
        present = {(f.fingerprint, f.status.value) for f in result.findings} if self.baseline is not None else None
        outcome = suppressions.outcome()
        problems = outcome.problems
        if self.changes is not None:
            before = len(result.findings)
            result.findings = [f for f in result.findings if self.changes.covers(f)]
            problems = [p for p in problems if p.file == self.config.path or self.changes.covers_path(p.file)]
            result.extra["diff_base"] = self.changes.summary(before - len(result.findings))
        result.errors.extend(problems)
        result.extra["suppressions"] = {
            "applied": outcome.applied,
            **{kind: sum(1 for p in problems if p.kind == f"suppression-{kind}") for kind in ("expired", "unused")},
            "invalid": sum(1 for p in problems if p.kind == "suppression"),
        }
        if self.baseline is not None:
            result.extra["baseline"] = self.baseline.apply(result.findings, present)
        self.strict_failed = self.request.strict_suppressions and bool(problems)

    def _override_severities(self, result: "ScanResult") -> None:
        """The configured severity wins over a verdict's own, too (rules() set the rule's)."""
        overridden = {r.id: r for r in result.rules if self._override(r) is not None}
        for f in result.findings:
            rule = overridden.get(f.rule.id)
            if rule is not None and f.verdict.severity not in (None, rule.severity):
                f.verdict = dataclasses.replace(f.verdict, severity=rule.severity)

    def _override(self, rule: "Rule"):
        return next((sev for key, sev in self.config.severity.items() if key in (rule.id, rule.name, rule.control)),
                    None)

    def write_baseline(self, result: "ScanResult") -> None:
        from mlsec.engine import baseline

        doc = baseline.document(result.findings, result.targets)
        baseline.write(self.request.baseline_out, doc)
        click.echo(f"mlsec: wrote {len(doc['findings'])} findings to the baseline {self.request.baseline_out}",
                   err=True)

    def exit_code(self, code: int) -> int:
        if self.request.soft_fail or code != 0:
            return code
        return EXIT_FINDINGS if self.strict_failed else code


def _check_names(req: "ScanRequest", config: "Config") -> None:
    """Every rule and framework named on the command line or in the file must exist."""
    from mlsec.engine.registry import load_rules

    every = load_rules()

    def known(name: str) -> bool:
        return any(name in (r.id, r.name, r.control) for r in every)

    named = [(f"--{flag}", name) for flag in ("select", "skip") for name in getattr(req, flag)]
    named += [(config.where(key, i), name) for key in ("select", "skip") for i, name in enumerate(getattr(config, key))]
    named += [(config.where("severity", name), name) for name in config.severity]
    for where, name in named:
        if not known(name):
            raise GateError(f"{where}: {name!r} is not a rule id, name or control (see `mlsec rules`)")
    frameworks = {name for r in every for name in r.frameworks}
    named_frameworks = [("--framework", name) for name in req.frameworks]
    named_frameworks += [(config.where("frameworks", i), name) for i, name in enumerate(config.frameworks)]
    for where, name in named_frameworks:
        if name not in frameworks:
            raise GateError(f"{where}: unknown framework {name!r} (known: {', '.join(sorted(frameworks))})")


def prepare(req: "ScanRequest") -> Gate:
    """Load the configuration, merge it under the command line, load the baseline and the
    changed files. Any problem here is a GateError (exit 2) before anything is scanned."""
    from mlsec.engine import config as config_module

    try:
        config = config_module.load(req.config_file)
    except config_module.ConfigError as exc:
        raise GateError(str(exc)) from None
    _check_names(req, config)
    merged = dataclasses.replace(
        req,
        paths=list(req.paths) or ([] if req.live else [config.resolve(p) for p in config.paths]),
        select=list(req.select) or list(config.select),
        skip=list(req.skip) or list(config.skip),
        excludes=tuple(config.exclude) + tuple(req.excludes),
        fail_on=req.fail_on or (config.fail_on.value if config.fail_on else None),
        fail_on_unknown=req.fail_on_unknown or config.fail_on_unknown,
        soft_fail=req.soft_fail or config.soft_fail,
        strict_suppressions=req.strict_suppressions or config.strict_suppressions,
        # a baseline being written must not be filtered by the previous one
        baseline=None if req.baseline_out else req.baseline or (config.resolve(config.baseline) if config.baseline
                                                                   else None),
    )
    if not merged.paths and merged.live is None:
        raise click.UsageError("give at least one PATH to scan (or `paths` in the configuration)")
    gate = Gate(merged, config)
    if merged.baseline:
        from mlsec.engine.baseline import Baseline, BaselineError

        try:
            gate.baseline = Baseline.load(merged.baseline)
        except BaselineError as exc:
            raise GateError(str(exc)) from None
    if merged.diff_base:
        from mlsec.engine.gitdiff import GitDiffError, changed_files

        try:
            gate.changes = changed_files(merged.diff_base)
        except GitDiffError as exc:
            raise GateError(f"--diff-base {merged.diff_base}: {exc}") from None
    return gate
