"""``mlsec scan --aws`` / ``--demo`` and ``mlsec iam-policy``: the command-line side of
live scanning. Nothing here imports boto3 or moto until a live scan actually runs."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import Any

import click

_KEYS = ("aws", "demo", "profile", "all_regions", "role_arns", "external_id", "live_scope", "job_lookback",
         "max_attempts", "connect_timeout", "read_timeout")


def live_options(func):
    """Options of ``scan`` that choose and tune live accounts (``--region`` is shared with IaC)."""
    options = [
        click.option("--aws", "aws", is_flag=True,
                     help="Scan the AWS account of the standard credential chain (honours AWS_ENDPOINT_URL)."),
        click.option("--demo", "demo", is_flag=True,
                     help="Scan a built-in moto-mocked ML deployment (no network, no credentials)."),
        click.option("--profile", "profile", default=None, help="AWS named profile for --aws."),
        click.option("--all-regions", "all_regions", is_flag=True, help="--aws: every region enabled for the account."),
        click.option("--role-arn", "role_arns", multiple=True,
                     help="--aws: assume this role and scan its account (repeatable: several accounts)."),
        click.option("--external-id", "external_id", default=None, help="External id for --role-arn."),
        click.option("--scope", "live_scope", type=click.Choice(["ml", "account"]), default="ml", show_default=True,
                     help="Live neighbours: only those SageMaker references (ml), or every one (account)."),
        click.option("--job-lookback", "job_lookback", type=click.IntRange(min=1), default=30, show_default=True,
                     metavar="DAYS", help="Training, processing and transform jobs created in the last DAYS."),
        click.option("--max-attempts", "max_attempts", type=click.IntRange(min=1), default=8, show_default=True,
                     help="Attempts per AWS call (adaptive retry on throttling)."),
        click.option("--connect-timeout", "connect_timeout", type=click.FloatRange(min=0.1), default=5.0,
                     show_default=True, metavar="SECONDS", help="AWS connection timeout."),
        click.option("--read-timeout", "read_timeout", type=click.FloatRange(min=0.1), default=30.0,
                     show_default=True, metavar="SECONDS", help="AWS read timeout."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@dataclass
class LiveRequest:
    demo: bool
    options: Any  # mlsec.sources.aws.collect.LiveOptions


def live_request(values: dict, regions: tuple[str, ...]) -> LiveRequest | None:
    """Take the live options out of ``values``; None when no live scan was asked for."""
    from mlsec.sources.aws.collect import LiveOptions

    got = {key: values.pop(key) for key in _KEYS if key in values}
    if got.get("aws") and got.get("demo"):
        raise click.UsageError("--aws and --demo are alternatives: give one")
    if not (got.get("aws") or got.get("demo")):
        tuned = [f"--{k.replace('_', '-').replace('role-arns', 'role-arn')}" for k in
                 ("profile", "all_regions", "role_arns", "external_id") if got.get(k)]
        if tuned:
            raise click.UsageError(f"{', '.join(tuned)} only apply with --aws")
        return None
    options = LiveOptions(regions=list(regions), all_regions=bool(got.get("all_regions")), profile=got.get("profile"),
                          role_arns=list(got.get("role_arns") or ()), external_id=got.get("external_id"),
                          scope=got.get("live_scope") or "ml", job_lookback_days=got.get("job_lookback") or 30,
                          max_attempts=got.get("max_attempts") or 8,
                          connect_timeout=got.get("connect_timeout") or 5.0,
                          read_timeout=got.get("read_timeout") or 30.0)
    return LiveRequest(demo=bool(got.get("demo")), options=options)


def add_live(result: Any, live: LiveRequest, rules: list, settings: Any, quiet: bool) -> None:
    """Scan the accounts, evaluate the rules on them and record the live facts in the report."""
    import time

    from mlsec.engine.scan import evaluate, now_iso
    from mlsec.sources.aws.progress import progress_display

    started = time.perf_counter()
    with progress_display(enabled=not quiet and sys.stderr.isatty()) as progress:
        live.options.progress = progress
        if live.demo:
            from mlsec.sources.demo import run_demo

            outcome = run_demo(live.options)
        else:
            from mlsec.sources.aws.scanner import scan_live

            outcome = scan_live(live.options)
    evaluate(result, outcome.source, rules, settings)
    result.finished_at = now_iso()
    result.duration_s = round(result.duration_s + time.perf_counter() - started, 3)
    result.targets.extend(f"aws://{account}" for account in outcome.accounts)
    calls = outcome.stats.calls
    result.extra.update({
        "api_calls": sum(calls.values()),
        "api_calls_by_service": dict(sorted(calls.items())),
        "region_durations_s": dict(sorted(outcome.stats.region_seconds.items())),
        "accounts": outcome.accounts,
        "regions": outcome.regions,
    })
    if live.demo:
        result.extra["demo"] = True


@click.command("iam-policy")
def iam_policy_command() -> None:
    """Print the minimal read-only IAM policy that `mlsec scan --aws` needs."""
    from mlsec.sources.aws.policy import scanner_policy

    click.echo(json.dumps(scanner_policy(), indent=2))
