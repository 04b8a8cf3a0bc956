"""The same demo deployment in a moto server subprocess on 127.0.0.1, scanned through
AWS_ENDPOINT_URL by `mlsec scan --aws`: the findings match the in-process scan."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections import Counter

import pytest
from click.testing import CliRunner

from tests.live.conftest import name_of

ENV = {"AWS_ACCESS_KEY_ID": "server", "AWS_SECRET_ACCESS_KEY": "server", "AWS_DEFAULT_REGION": "us-east-1",
       "MOTO_ACCOUNT_ID": "123456789012"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def moto_server():
    port = _free_port()
    env = {**os.environ, **ENV}
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto server did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _summary(findings) -> Counter:
    """(rule, type, status) counts of findings on AWS resources (ids of EC2 and KMS
    resources are random per account; per-unit findings are not about one resource)."""
    return Counter((f["rule_id"], f["resource"]["type"], f["status"]) for f in findings
                   if f["resource"]["type"].startswith("AWS::"))


def test_server_scan_matches_the_in_process_scan(moto_server, demo_scan, monkeypatch, tmp_path):
    import boto3

    from mlsec.cli import main
    from mlsec.sources.demo import seed

    for key, value in {**ENV, "AWS_ENDPOINT_URL": moto_server}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    seed(boto3.Session(region_name="us-east-1"), in_process=False)
    out = tmp_path / "server.json"
    run = CliRunner().invoke(main, ["scan", "--aws", "--region", "us-east-1", "--region", "eu-west-1", "--max-attempts",
                                    "2", "--format", "json", "-o", str(out)], catch_exceptions=False)
    assert run.exit_code == 1, run.output
    report = json.loads(out.read_text())
    assert report["scan"]["accounts"] == ["123456789012"] and report["scan"]["api_calls"] > 50
    server = report["findings"]
    _, local, _ = demo_scan
    in_process = [f.to_dict() for f in local.findings]
    # moto drops EnableNetworkIsolation on CreateModel; in process the demo sets it as AWS keeps it
    isolated = [f for f in server if f["rule_id"] == "MLS102" and name_of(f["resource"]["id"]) == "fraud-scorer-v3"]
    assert [f["status"] for f in isolated] == ["fail"]
    for f in isolated:
        f["status"] = "pass"
    # s3control puts the account id in front of its host, which one endpoint URL cannot serve:
    # through the server the account-level public access block stays unknown, so MLS503 does too
    blocked = {f["resource"]["id"]: f["status"] for f in in_process if f["rule_id"] == "MLS503"}
    account_level = [f for f in server if f["rule_id"] == "MLS503" and f["status"] == "unknown"]
    assert all("account level" in f["message"] for f in account_level), [f["message"] for f in account_level]
    for f in account_level:
        f["status"] = blocked[f["resource"]["id"]]
    assert _summary(server) == _summary(in_process)
    named = {(f["rule_id"], name_of(f["resource"]["id"]), f["status"]) for f in server
             if f["resource"]["type"].startswith(("AWS::SageMaker", "AWS::CloudTrail", "AWS::S3::Bucket"))}
    assert named == {(f["rule_id"], name_of(f["resource"]["id"]), f["status"]) for f in in_process
                     if f["resource"]["type"].startswith(("AWS::SageMaker", "AWS::CloudTrail", "AWS::S3::Bucket"))}
