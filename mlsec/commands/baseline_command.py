"""``mlsec baseline create -o FILE [scan options] PATH...``: record today's findings.

The scan runs exactly as ``mlsec scan`` would with the same options (configuration
file, suppressions, parameters, variables, rule selection), and the unsuppressed FAIL
and UNKNOWN findings go to FILE instead of a report. Only click is imported here, so
registering the command costs nothing at start-up.
"""

from __future__ import annotations

import click


@click.group()
def baseline() -> None:
    """Baselines: accept today's findings so that a gate fails only on new ones."""


@baseline.command("create", context_settings={"ignore_unknown_options": True})
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The baseline file to write (e.g. .mlsec-baseline.json).")
@click.argument("scan_args", nargs=-1, type=click.UNPROCESSED, metavar="[SCAN OPTIONS] PATH...")
@click.pass_context
def create(ctx: click.Context, output: str, scan_args: tuple[str, ...]) -> None:
    """Scan PATH... as `mlsec scan` does (same options) and write the unsuppressed FAIL
    and UNKNOWN findings to the baseline file. Use it with `mlsec scan --baseline FILE`."""
    from mlsec.cli import scan

    for flag in ("--baseline", "--diff-base", "--format", "-o", "--output"):
        if any(arg == flag or arg.startswith(flag + "=") for arg in scan_args):
            raise click.UsageError(f"{flag} has no meaning for `mlsec baseline create`")
    scan_ctx = scan.make_context("mlsec baseline create", [*scan_args, "--write-baseline", output], parent=ctx)
    with scan_ctx:
        scan.invoke(scan_ctx)
