"""Every live collector, in one list: the scanner runs them and ``mlsec iam-policy``
derives the scanner's read-only policy from the calls they declare."""

from __future__ import annotations

import importlib
from functools import lru_cache

from mlsec.sources.aws.collect import Collector

_MODULES = ("sagemaker", "tagging", "network", "s3", "ecr", "cloudtrail", "cloudwatch", "autoscaling", "apigateway",
            "elb", "iam", "kms")


@lru_cache(maxsize=1)
def all_collectors() -> tuple[Collector, ...]:
    found: list[Collector] = []
    for name in _MODULES:
        found.extend(importlib.import_module(f"mlsec.sources.aws.{name}").COLLECTORS)
    return tuple(found)


def declared_calls() -> list[tuple[str, str]]:
    """(service, Operation) pairs, every one a collector may make, plus identity calls."""
    calls = {("sts", "GetCallerIdentity"), ("sts", "AssumeRole"), ("ec2", "DescribeRegions")}
    for collector in all_collectors():
        for call in collector.calls:
            service, _, operation = call.rpartition(":")
            calls.add((service or collector.service, operation))
    return sorted(calls)
