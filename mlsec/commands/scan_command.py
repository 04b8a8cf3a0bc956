"""``mlsec scan``: run a scan, write the requested outputs, decide the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import click

from mlsec.model.verdict import Severity, Status
from mlsec.engine.limits import DEFAULT_FILE_TIMEOUT
from mlsec.sources.base import MAX_FILE_BYTES, SourceOptions

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


@dataclass
class ScanRequest:
    paths: list[str]
    formats: list[str] = field(default_factory=lambda: ["text"])
    outputs: list[str] = field(default_factory=list)
    cfn_parameters: dict = field(default_factory=dict)
    cfn_parameter_files: list[str] = field(default_factory=list)
    tf_vars: dict = field(default_factory=dict)
    tf_var_files: list[str] = field(default_factory=list)
    region: str | None = None
    select: list[str] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)
    frameworks: list[str] = field(default_factory=list)  # --framework: replaces the file's list
    excludes: tuple[str, ...] = ()
    fail_on: str | None = None
    fail_on_unknown: bool = False
    soft_fail: bool = False
    expect_cloudtrail: bool = False
    assume_complete_network: bool = False
    show_passed: bool = False
    quiet: bool = False
    jobs: int | None = None
    max_file_bytes: int = MAX_FILE_BYTES  # --max-file-size
    file_timeout: float | None = DEFAULT_FILE_TIMEOUT  # --file-timeout, seconds per unit
    config_file: str | None = None  # --config; None: discovered from the cwd upward
    baseline: str | None = None  # --baseline FILE: report only findings not in it
    diff_base: str | None = None  # --diff-base REF: report only findings in changed files
    strict_suppressions: bool = False  # exit 1 on unused, expired or invalid suppressions
    baseline_out: str | None = None  # `mlsec baseline create -o FILE`: write a baseline instead of reports
    report: dict = field(default_factory=dict)   # report_command.report_options values
    live: Any = None  # live_command.LiveRequest: --aws / --demo


def run_scan(req: ScanRequest) -> int:
    import gc

    # A scan builds millions of small, acyclic objects; the cyclic collector would walk
    # them over and over (measured: ~40% of scan time on 2000 files) and frees nothing.
    gc.disable()
    try:
        return _run_scan(req)
    finally:
        gc.enable()


def _run_scan(req: ScanRequest) -> int:
    from mlsec.commands.gate import prepare
    from mlsec.engine.scan import scan

    gate = prepare(req)  # configuration file, baseline, changed files
    req = gate.request
    rules = gate.rules()
    if not rules:
        raise click.UsageError("no rule matches --select/--skip")
    options = SourceOptions(cfn_parameters=req.cfn_parameters, cfn_parameter_files=req.cfn_parameter_files,
                            tf_vars=req.tf_vars, tf_var_files=req.tf_var_files, region=req.region,
                            max_file_bytes=req.max_file_bytes)
    result = scan(req.paths, rules, options, gate.settings(), req.excludes, jobs=req.jobs,
                  file_timeout=req.file_timeout)
    if req.live is not None:
        from mlsec.commands.live_command import add_live

        add_live(result, req.live, rules, gate.settings(), req.quiet)
    gate.finish(result, rules)  # suppressions, diff scope, baseline
    if req.baseline_out and not result.nothing_scanned:
        gate.write_baseline(result)
    else:
        write_outputs(result, req)
    # The text report on stdout already lists the errors; elsewhere they go to stderr.
    errors_on_stdout = any(fmt == "text" and i >= len(req.outputs) for i, fmt in enumerate(req.formats))
    if not req.quiet and not errors_on_stdout:
        from mlsec.report.text import clean  # names and messages come from the inputs

        for error in result.errors:
            where = error.file or error.target or ""
            if error.line:
                where += f":{error.line}"
            click.echo(f"mlsec: {clean(where)}: {clean(error.message)}", err=True)
    if result.nothing_scanned and not result.extra.get("accounts"):
        click.echo("mlsec: nothing could be scanned in the given paths", err=True)
        return EXIT_USAGE
    if req.baseline_out:
        return EXIT_OK
    return gate.exit_code(exit_code(result.findings, req))


def write_outputs(result, req: ScanRequest) -> None:
    """Every format renders the JSON report document (mlsec/report/)."""
    from mlsec.commands.report_command import emit
    from mlsec.report.document import report_document

    emit(report_document(result), req.formats, req.outputs, show_passed=req.show_passed, **req.report)


def exit_code(findings, req: ScanRequest) -> int:
    if req.soft_fail:
        return EXIT_OK
    threshold = Severity(req.fail_on).rank if req.fail_on else 0
    for f in findings:
        if f.suppressed:
            continue
        if f.status is Status.FAIL and f.severity.rank >= threshold:
            return EXIT_FINDINGS
        if f.status is Status.UNKNOWN and req.fail_on_unknown:
            return EXIT_FINDINGS
    return EXIT_OK
