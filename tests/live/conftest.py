"""Live-source tests run against moto: in this process (mock_aws) or as a server on
127.0.0.1. Helpers here scan an already-seeded account and evaluate every rule."""

from __future__ import annotations

import re
from unittest import mock

import pytest

from mlsec.engine.registry import load_rules
from mlsec.engine.scan import ScanResult, evaluate, now_iso
from mlsec.engine.settings import Settings
from mlsec.sources.aws.collect import LiveOptions
from mlsec.sources.aws.scanner import scan_live


def scan_and_evaluate(session=None, **options):
    """(LiveResult, ScanResult) of a live scan with every rule."""
    options.setdefault("regions", ["us-east-1", "eu-west-1"])
    options.setdefault("max_attempts", 2)
    live = scan_live(LiveOptions(**options), session=session)
    rules = load_rules()
    result = ScanResult(targets=["aws"], started_at=now_iso(), rules=rules)
    evaluate(result, live.source, rules, Settings())
    return live, result


def name_of(resource_id: str) -> str:
    return re.split(r"[/:]", resource_id.split("#")[0])[-1]


def verdicts(result: ScanResult) -> dict[tuple[str, str, str], str]:
    """(rule, resource name, subject) -> status, for comparing scans."""
    return {(f.rule.id, name_of(f.resource.id), f.verdict.subject or ""): f.status.value for f in result.findings}


def statuses(result: ScanResult, rule_id: str, name: str) -> set[str]:
    return {f.status.value for f in result.findings if f.rule.id == rule_id and name_of(f.resource.id) == name}


@pytest.fixture(scope="session")
def demo_scan():
    """The demo account, seeded and scanned once; moto is stopped before tests run."""
    import boto3
    from botocore.client import BaseClient

    from mlsec.sources.demo import mocked_account, seed

    calls: list[tuple[str, str]] = []
    original = BaseClient._make_api_call

    def recording(self, operation, params):
        calls.append((self.meta.service_model.service_name, operation))
        return original(self, operation, params)

    with mocked_account():
        session = boto3.Session(region_name="us-east-1")
        seed(session)  # writes: before the recorder is installed
        with mock.patch.object(BaseClient, "_make_api_call", recording):
            live, result = scan_and_evaluate(session)
    return live, result, calls
