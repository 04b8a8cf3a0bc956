"""Writing reports, for ``mlsec scan`` and for saved reports: ``mlsec report render`` and
``mlsec report diff``. Every format renders the JSON report document."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from mlsec.report import FORMAT_MODULES, RenderOptions

EXIT_OK, EXIT_NEW, EXIT_USAGE = 0, 1, 2


class ReportError(click.ClickException):
    """A report that cannot be read or sent: exit code 2, like other usage problems."""

    exit_code = EXIT_USAGE


def report_options(func):
    """Options shared by ``scan`` and ``report render`` that shape some formats."""
    options = [
        click.option("--previous", type=click.Path(dir_okay=False),
                     help="An older JSON report: the HTML report shows new, fixed and unchanged failures."),
        click.option("--sarif-root", type=click.Path(file_okay=False),
                     help="SARIF file locations are relative to this folder (default: the current directory)."),
        click.option("--asff-account", help="AWS account id for ASFF findings of IaC (default: $MLSEC_ASFF_ACCOUNT)."),
        click.option("--asff-region", help="Region for ASFF findings of IaC (default: $AWS_REGION)."),
        click.option("--asff-import", is_flag=True,
                     help="Send the findings to AWS Security Hub (BatchImportFindings, 100 per call)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def load_document(path: str) -> dict[str, Any]:
    """A saved JSON report (schema_version 1), or a ReportError saying what is wrong."""
    try:
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle)
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise ReportError(f"{path} is not JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("schema_version") != "1" or not isinstance(doc.get("findings"), list):
        raise ReportError(f"{path} is not an mlsec JSON report (schema_version \"1\"; see `mlsec schema`)")
    return doc


def emit(doc: dict[str, Any], formats: list[str], outputs: list[str], *, show_passed: bool = False,
         previous: str | None = None, sarif_root: str | None = None, asff_account: str | None = None,
         asff_region: str | None = None, asff_import: bool = False) -> None:
    """Render ``doc`` in each format (the n-th to the n-th output file, the rest to
    stdout), then send it to Security Hub if asked."""
    from mlsec.report import render, streams, write
    from mlsec.report.asff import AsffSettingsError

    options = RenderOptions(show_passed=show_passed, sarif_root=sarif_root, asff_account=asff_account,
                            asff_region=asff_region, previous=load_document(previous) if previous else None)
    for i, fmt in enumerate(formats):
        target = outputs[i] if i < len(outputs) else None
        options.color = target is None and fmt == "text" and sys.stdout.isatty()
        if streams(fmt):  # large reports: never one string in memory
            if target:
                with open(target, "w", encoding="utf-8", errors="replace") as handle:
                    write(fmt, doc, handle, options)
            else:
                write(fmt, doc, sys.stdout, options)
                sys.stdout.flush()
            continue
        try:
            text = render(fmt, doc, options)
        except AsffSettingsError as exc:
            raise ReportError(str(exc)) from None
        if target:
            with open(target, "w", encoding="utf-8", errors="replace") as handle:
                handle.write(text)
        else:
            click.echo(printable(text), nl=False)
    if asff_import:
        _import(doc, asff_account, asff_region)


def printable(text: str) -> str:
    """``text`` as any UTF-8 stream takes it: the lone surrogates that stand for file
    names that are not UTF-8 become U+FFFD (files are written with the same replacement)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def _import(doc: dict[str, Any], account: str | None, region: str | None) -> None:
    from mlsec.report.asff import AsffSettingsError, asff_findings
    from mlsec.report.securityhub import import_findings

    try:
        findings = asff_findings(doc, account, region)
    except AsffSettingsError as exc:
        raise ReportError(str(exc)) from None
    try:
        result = import_findings(findings)
    except Exception as exc:  # noqa: BLE001 -- credentials, network, permissions: say so, no traceback
        raise ReportError(f"Security Hub import failed: {type(exc).__name__}: {exc}") from None
    click.echo(f"mlsec: sent {result.imported} of {len(findings)} findings to Security Hub "
               f"in {result.calls} calls", err=True)
    if result.failed:
        for failure in result.failed[:20]:
            click.echo(f"mlsec: Security Hub refused {failure.get('Id')}: {failure.get('ErrorCode')} "
                       f"{failure.get('ErrorMessage')}", err=True)
        raise ReportError(f"Security Hub refused {len(result.failed)} findings")


@click.group("report")
def report_group() -> None:
    """Render and compare saved JSON reports."""


@report_group.command("render")
@click.argument("report_file", type=click.Path(dir_okay=False))
@click.option("--format", "formats", multiple=True, type=click.Choice(tuple(FORMAT_MODULES)),
              help="Output format (repeatable; default: text).")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              help="Write the n-th --format to this file (repeatable); formats without a file go to stdout.")
@click.option("--show-passed", is_flag=True, help="Text output lists passing checks too.")
@report_options
def render_command(report_file, formats, outputs, show_passed, **options) -> None:
    """Render a saved JSON report in any format, exactly as the scan would have."""
    if len(outputs) > max(len(formats), 1):
        raise click.UsageError("more -o/--output files than --format options")
    emit(load_document(report_file), list(formats) or ["text"], list(outputs), show_passed=show_passed, **options)


@report_group.command("diff")
@click.argument("old_report", type=click.Path(dir_okay=False))
@click.argument("new_report", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
def diff_command(old_report, new_report, fmt, output) -> None:
    """Failing findings that are new, fixed or unchanged between two saved reports.

    Exit code: 0 when no unsuppressed failure is new, 1 when one is, 2 when a report
    cannot be read."""
    from mlsec.report.diff import diff_document, diff_reports

    diff = diff_reports(load_document(old_report), load_document(new_report))
    if fmt == "json":
        text = json.dumps(diff_document(diff), ensure_ascii=False, separators=(",", ":")) + "\n"
    else:
        text = _diff_text(diff)
    if output:
        with open(output, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
    else:
        click.echo(printable(text), nl=False)
    sys.exit(EXIT_NEW if any(not f["suppressed"] for f in diff.new) else EXIT_OK)


def _diff_text(diff) -> str:
    from mlsec.report.document import location
    from mlsec.report.text import clean

    lines = []
    for title, findings in (("New", diff.new), ("Fixed", diff.fixed), ("Unchanged", diff.unchanged)):
        lines.append(f"{title} ({len(findings)})")
        for f in findings:
            mark = " (suppressed)" if f["suppressed"] else ""
            lines.append(f"  {f['rule_id']} {f['severity']:<8} {clean(f['resource']['type'])} "
                         f"{clean(f['resource']['id'])}{mark}  {clean(location(f))}")
        lines.append("")
    counts = diff.counts()
    lines.append(f"{counts['new']} new, {counts['fixed']} fixed, {counts['unchanged']} unchanged failing findings")
    return "\n".join(lines) + "\n"
