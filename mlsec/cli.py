"""The ``mlsec`` command line. Imports stay inside commands so start-up is quick."""

from __future__ import annotations

import sys

import click

from mlsec import __version__
from mlsec.commands.baseline_command import baseline as baseline_group
from mlsec.commands.live_command import iam_policy_command, live_options, live_request
from mlsec.commands.report_command import report_group, report_options

FORMATS = ("text", "json", "html", "sarif", "junit", "asff")
SEVERITIES = ("critical", "high", "medium", "low")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _key_values(pairs: tuple[str, ...], flag: str) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint=flag)
        out[key.strip()] = value
    return out


def _byte_size(ctx, param, text: str) -> int:
    """``10MB``, ``512K``, ``1.5M`` or a plain number of bytes (units are powers of 1024)."""
    import re

    match = re.fullmatch(r"\s*(\d+(?:\.\d*)?)\s*([kmg]?)(?:i?b)?\s*", text, re.I)
    size = int(float(match.group(1)) * 1024 ** " kmg".index(match.group(2).lower() or " ")) if match else 0
    if size <= 0:
        raise click.BadParameter(f"expected a positive size such as 10MB, 512K or 1048576, got {text!r}")
    return size


def version_text() -> str:
    """``mlsec 0.1.0 (IAM actions as of 2026-11-30)``: the date of the shipped action list
    (a small JSON file; nothing heavy is imported for --version)."""
    from mlsec.iam.actions import snapshot

    try:
        return f"%(prog)s %(version)s (IAM actions as of {snapshot()['date']})"
    except (OSError, ValueError, KeyError):
        return "%(prog)s %(version)s"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="mlsec", message=version_text())
def main() -> None:
    """Security and compliance linter for machine-learning deployments on AWS."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS), help="Output format (repeatable).")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              help="Write the n-th --format to this file (repeatable); formats without a file go to stdout.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="CloudFormation parameter value.")
@click.option("--param-file", "param_files", multiple=True, type=click.Path(),
              help="CloudFormation parameter file (CLI or CodePipeline format).")
@click.option("--var", "tf_vars", multiple=True, metavar="NAME=VALUE", help="Terraform variable value.")
@click.option("--var-file", "var_files", multiple=True, type=click.Path(), help="Terraform .tfvars file.")
@click.option("--region", "region", multiple=True,
              help="Region to scan with --aws/--demo (repeatable); the first is AWS::Region in templates.")
@click.option("--select", "select", multiple=True, help="Only these rules (id, name or control; repeatable).")
@click.option("--skip", "skip", multiple=True, help="Skip these rules (id, name or control; repeatable).")
@click.option("--framework", "frameworks", multiple=True, metavar="NAME",
              help="Only the rules mapped to this compliance framework (aws-fsbp, aws-ai-sbp, cis-aws-v3; "
                   "repeatable).")
@click.option("--exclude", "excludes", multiple=True, help="Glob of paths to leave out (repeatable).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 only for failures at or above this severity (default: any failure).")
@click.option("--fail-on-unknown", is_flag=True, help="Also exit 1 when a finding is UNKNOWN.")
@click.option("--soft-fail", is_flag=True, help="Report, but always exit 0 when the scan ran.")
@click.option("--strict-suppressions", is_flag=True,
              help="Exit 1 when a suppression is unused, expired or invalid (they are always reported).")
@click.option("--baseline", "baseline", type=click.Path(dir_okay=False), default=None,
              help="Findings recorded in this baseline file do not fail the scan (`mlsec baseline create`).")
@click.option("--diff-base", "diff_base", metavar="REF", default=None,
              help="Report only findings in files changed against this git ref (the whole tree is still scanned).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: .mlsec.yaml or [tool.mlsec] in pyproject.toml, from here upward).")
@click.option("--write-baseline", "baseline_out", hidden=True, default=None)
@click.option("--expect-cloudtrail", is_flag=True, help="Templates must define a CloudTrail trail (MLS601).")
@click.option("--assume-complete-network", is_flag=True,
              help="VPCs outside the scanned files count as lacking SageMaker endpoints (MLS301).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for parsing and rules (default: all cores).")
@click.option("--max-file-size", "max_file_size", default="10MB", show_default=True, callback=_byte_size,
              metavar="SIZE", help="Skip larger files with an error (e.g. 10MB, 512K, or bytes).")
@click.option("--file-timeout", "file_timeout", type=click.FloatRange(min=0), default=30.0, show_default=True,
              metavar="SECONDS", help="Time budget per file or Terraform folder; over it, the file gets an "
                                      "error and the scan goes on (0: no limit).")
@click.option("--show-passed", is_flag=True, help="Text output lists passing checks too.")
@click.option("--quiet", "-q", is_flag=True, help="No summary on stderr.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for internal errors.")
@report_options
@live_options
def scan(paths, formats, outputs, params, param_files, tf_vars, var_files, region, select, skip, frameworks,
         excludes,
         fail_on, fail_on_unknown, soft_fail, strict_suppressions, baseline, diff_base, config_file, baseline_out,
         expect_cloudtrail, assume_complete_network, jobs, max_file_size, file_timeout, show_passed,
         quiet, debug, **report_settings) -> None:
    """Scan CloudFormation templates, Terraform folders and plan JSON files, and live AWS accounts."""
    from mlsec.commands.scan_command import ScanRequest, run_scan

    live = live_request(report_settings, region)
    region = region[0] if region else None

    if len(outputs) > max(len(formats), 1):
        raise click.UsageError("more -o/--output files than --format options")
    request = ScanRequest(
        paths=list(paths), formats=list(formats) or ["text"], outputs=list(outputs),
        cfn_parameters=_key_values(params, "--param"), cfn_parameter_files=list(param_files),
        tf_vars=_key_values(tf_vars, "--var"), tf_var_files=list(var_files), region=region,
        select=list(select), skip=list(skip), frameworks=list(frameworks), excludes=tuple(excludes),
        fail_on=fail_on,
        fail_on_unknown=fail_on_unknown, soft_fail=soft_fail, expect_cloudtrail=expect_cloudtrail,
        assume_complete_network=assume_complete_network, show_passed=show_passed, quiet=quiet, jobs=jobs,
        max_file_bytes=max_file_size, file_timeout=file_timeout,
        strict_suppressions=strict_suppressions, baseline=baseline, diff_base=diff_base, config_file=config_file,
        baseline_out=baseline_out,
        report=report_settings, live=live,
    )
    sys.exit(_guarded(run_scan, request, debug))


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table")
def rules_command(fmt: str) -> None:
    """List every rule."""
    from mlsec.commands.docs_command import list_rules

    click.echo(list_rules(fmt), nl=False)


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Show a rule's documentation and remediation (by id, name or control)."""
    from mlsec.commands.docs_command import explain_rule

    text = explain_rule(rule_id)
    if text is None:
        raise click.UsageError(f"no rule matches {rule_id!r} (see `mlsec rules`)")
    click.echo(text, nl=False)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the JSON report."""
    from mlsec.commands.docs_command import report_schema_text

    click.echo(report_schema_text(), nl=False)


main.add_command(report_group)


def _guarded(func, request, debug: bool) -> int:
    try:
        return func(request)
    except click.ClickException:
        raise
    except Exception as exc:  # no traceback for users unless they ask for it
        if debug:
            raise
        click.echo(f"mlsec: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        return EXIT_USAGE


main.add_command(baseline_group)
main.add_command(iam_policy_command)

if __name__ == "__main__":  # pragma: no cover
    main()
