"""Scan live accounts: identities, regions, and the collectors run concurrently.

For each account (the default credential chain, or each ``--role-arn``) the collectors
run stage by stage; inside a stage every (region, collector) pair is a task of one
thread pool, so regions and services proceed in parallel while each stage still sees
the ML scope the earlier ones found. Nothing here decides a verdict.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from mlsec.sources.aws.api import Api, ApiFailure, CallStats, ClientSource, botocore_config
from mlsec.sources.aws.collect import Collector, LiveOptions, Output, Region
from mlsec.sources.aws.collectors import all_collectors
from mlsec.sources.aws.scope import Scope
from mlsec.sources.base import ScanError, SourceResult


@dataclass
class LiveResult:
    source: SourceResult
    stats: CallStats
    accounts: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)


class _Spans:
    """Wall time per account/region: per stage, from its first task's start to its last's end."""

    def __init__(self) -> None:
        self.spans: dict[tuple[str, int], list[float]] = {}
        self.lock = threading.Lock()

    def add(self, key: str, stage: int, start: float, end: float) -> None:
        with self.lock:
            span = self.spans.setdefault((key, stage), [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)

    def totals(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for (key, _), (start, end) in self.spans.items():
            out[key] = round(out.get(key, 0.0) + end - start, 3)
        return out


def scan_live(options: LiveOptions, session: Any = None) -> LiveResult:
    import boto3

    stats = CallStats()
    out = Output()
    spans = _Spans()
    config = botocore_config(options.max_attempts, options.connect_timeout, options.read_timeout)
    base = session or boto3.Session(profile_name=options.profile)
    result = LiveResult(SourceResult(), stats)
    for target in _targets(base, options, config, stats, out):
        account_session, account, partition = target
        clients = ClientSource(account_session, config, stats)
        regions = _regions(account_session, clients, options, account, out)
        if not regions:
            continue
        result.accounts.append(account)
        result.regions.extend(r for r in regions if r not in result.regions)
        _scan_account(clients, account, partition, regions, options, out, spans)
    for resource in out.resources:
        resource.metadata.setdefault("tags", out.tags.get(resource.arn or "", {}))
    stats.region_seconds.update(spans.totals())
    result.source.resources = out.resources
    result.source.errors = out.errors
    return result


def _targets(base: Any, options: LiveOptions, config: Any, stats: CallStats, out: Output):
    """(session, account id, partition) for the default identity or each role to assume."""
    import boto3

    home = base.region_name or (options.regions[0] if options.regions else "us-east-1")
    clients = ClientSource(base, config, stats)
    api = Api(clients, home, stats)
    if not options.role_arns:
        identity = _identity(api, out, home)
        if identity:
            yield base, identity[0], identity[1]
        return
    for role in options.role_arns:
        params = {"RoleArn": role, "RoleSessionName": "mlsec-scan"}
        if options.external_id:
            params["ExternalId"] = options.external_id
        try:
            creds = api.call("sts", "AssumeRole", **params)["Credentials"]
        except ApiFailure as failure:
            out.error(ScanError(None, failure.message(role), kind="api", target=f"sts/{home}"))
            continue
        assumed = boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                                aws_session_token=creds["SessionToken"], region_name=home)
        identity = _identity(Api(ClientSource(assumed, config, stats), home, stats), out, home)
        if identity:
            yield assumed, identity[0], identity[1]


def _identity(api: Api, out: Output, region: str) -> tuple[str, str] | None:
    try:
        who = api.call("sts", "GetCallerIdentity")
    except ApiFailure as failure:
        out.error(ScanError(None, failure.message("the caller's identity"), kind="api", target=f"sts/{region}"))
        return None
    arn = who.get("Arn", "")
    return who["Account"], (arn.split(":")[1] if arn.startswith("arn:") else "aws")


def _regions(session: Any, clients: ClientSource, options: LiveOptions, account: str, out: Output) -> list[str]:
    """The regions to scan; those the account has not enabled are skipped and reported."""
    home = session.region_name or (options.regions[0] if options.regions else "us-east-1")
    api = Api(clients, home, clients.stats)
    try:
        listed = list(api.pages("ec2", "DescribeRegions", "Regions", AllRegions=True))
    except ApiFailure as failure:
        out.error(ScanError(None, failure.message("the account's regions"), kind="api", target=f"ec2/{home}"))
        if options.all_regions and not options.regions:
            return [home]
        return list(options.regions or [home])
    status = {r["RegionName"]: r.get("OptInStatus", "opt-in-not-required") for r in listed}
    enabled = [name for name, s in status.items() if s != "not-opted-in"]
    if options.all_regions:
        wanted = sorted(enabled)
    else:
        wanted = list(options.regions or [home])
    keep = []
    for region in wanted:
        if region not in status:
            out.error(ScanError(None, f"{region} is not a region of account {account}; skipped", kind="region",
                                target=f"ec2/{region}"))
        elif status[region] == "not-opted-in":
            out.error(ScanError(None, f"{region} is not enabled for account {account} (opt-in region); skipped",
                                kind="region", target=f"ec2/{region}"))
        else:
            keep.append(region)
    return keep


def _scan_account(clients: ClientSource, account: str, partition: str, regions: list[str], options: LiveOptions,
                  out: Output, spans: _Spans) -> None:
    scope = Scope(account, everything=options.scope == "account")
    contexts = {r: Region(Api(clients, r, clients.stats), account, r, scope, options, out, partition) for r in regions}
    collectors = all_collectors()
    tasks_by_stage: dict[int, list[tuple[str, Collector]]] = {}
    for collector in collectors:
        for region in (regions[:1] if collector.per_account else regions):
            tasks_by_stage.setdefault(collector.stage, []).append((region, collector))
    progress = options.progress
    if progress:
        progress("account", account=account, total=sum(len(t) for t in tasks_by_stage.values()))
    with ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="mlsec-aws") as pool:
        for stage in sorted(tasks_by_stage):
            futures = [pool.submit(_run, contexts[region], collector, spans) for region, collector in
                       tasks_by_stage[stage]]
            for future in futures:
                future.result()


def _run(region: Region, collector: Collector, spans: _Spans) -> None:
    start = time.perf_counter()
    try:
        collector.run(region)
    except Exception as exc:  # noqa: BLE001 -- one collector's bug must not stop the scan
        region.out.error(ScanError(None, f"collector {collector.name} failed: {type(exc).__name__}: {exc}",
                                   kind="internal", target=f"{collector.service}/{region.region}"))
    finally:
        spans.add(region.unit, collector.stage, start, time.perf_counter())
        if region.options.progress:
            region.options.progress("task", account=region.account, region=region.region, name=collector.name)
