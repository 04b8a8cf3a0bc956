"""Faults during a live scan: denied, throttled and timed-out calls, and a disabled
region. Every one is reported; the values it would have given become UNKNOWN, never
PASS; and the rest of the scan completes."""

from __future__ import annotations

import json

import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError, ReadTimeoutError
from click.testing import CliRunner

from mlsec.sources.aws.api import Api, CallStats, ClientSource, botocore_config, classify
from tests.live.conftest import name_of, scan_and_evaluate, statuses


class _Http:
    def __init__(self, status: int):
        self.status_code = status


@pytest.fixture(scope="module")
def account():
    import boto3

    from mlsec.sources.demo import mocked_account, seed

    with mocked_account():
        session = boto3.Session(region_name="us-east-1")
        seed(session)
        yield session


@pytest.fixture
def session(account):
    handlers = []

    def register(event, handler, first=False):
        (account.events.register_first if first else account.events.register)(event, handler)
        handlers.append((event, handler))

    account.register_fault = register
    yield account
    for event, handler in handlers:
        account.events.unregister(event, handler)


def deny(session, operations, code="403", status=403):
    """Answer the operations with an error, as IAM enforcement in moto (code 403) or AWS does."""
    def handler(model, **_):
        if model.name in operations:
            return _Http(status), {"Error": {"Code": code, "Message": "injected"},
                                   "ResponseMetadata": {"HTTPStatusCode": status}}
    session.register_fault("before-call", handler)


def scan(session, **options):
    options.setdefault("regions", ["us-east-1"])
    return scan_and_evaluate(session, **options)


def errors_of(live):
    moto_gaps = ("sagemaker:ListMonitoringSchedules", "sagemaker:ListFeatureGroups",
                 "sagemaker:ListNotebookInstanceLifecycleConfigs", "resourcegroupstaggingapi")
    return [(e.target, e.kind, e.message[:e.message.index(")") + 1]) for e in live.source.errors
            if not e.message.startswith(moto_gaps)]


def test_denied_describe_makes_the_resource_unknown(session):
    deny(session, {"DescribeNotebookInstance"})
    live, result = scan(session)
    assert ("sagemaker/us-east-1", "api", "sagemaker:DescribeNotebookInstance was denied (403)") in errors_of(live)
    notebook_findings = [f for f in result.findings if f.resource.kind == "AWS::SageMaker::NotebookInstance"]
    assert notebook_findings and {f.status.value for f in notebook_findings} == {"unknown"}
    assert all("DescribeNotebookInstance was denied" in f.verdict.message for f in notebook_findings
               if f.rule.id in ("MLS001", "MLS002", "MLS003"))
    assert statuses(result, "MLS105", "fraud-scorer-v3-ha") == {"pass"}  # the rest of the scan went on


def test_denied_list_leaves_an_unknown_stand_in(session):
    deny(session, {"ListNotebookInstances"}, code="AccessDeniedException", status=400)
    live, result = scan(session)
    assert ("sagemaker/us-east-1", "api", "sagemaker:ListNotebookInstances was denied (AccessDeniedException)") in \
           errors_of(live)
    found = {(f.rule.id, f.status.value) for f in result.findings if f.resource.kind.endswith("NotebookInstance")}
    assert ("MLS001", "unknown") in found and not any(status == "pass" for _, status in found)


def test_denied_neighbours_make_cross_resource_rules_unknown(session):
    deny(session, {"GetBucketPolicy", "DescribeVpcEndpoints", "GetTrailStatus", "DescribeKey"}, code="AccessDenied")
    live, result = scan(session)
    reported = {message for _, _, message in errors_of(live)}
    assert {"s3:GetBucketPolicy was denied (AccessDenied)", "ec2:DescribeVpcEndpoints was denied (AccessDenied)",
            "cloudtrail:GetTrailStatus was denied (AccessDenied)", "kms:DescribeKey was denied (AccessDenied)"} <= reported
    assert statuses(result, "MLS502", "sagemaker-fraud-artifacts-123456789012") == {"unknown"}
    assert {f.status.value for f in result.findings if f.rule.id == "MLS301"} == {"unknown"}
    assert statuses(result, "MLS605", "org-audit") == {"unknown"}
    assert statuses(result, "MLS004", "fraud-research-secure") == {"unknown"}
    assert statuses(result, "MLS602", "org-audit") == {"pass"}  # DescribeTrails itself was allowed


def test_throttling_is_retried_then_reported(session):
    attempts = []

    def throttle(request, **_):
        attempts.append(1)
        return AWSResponse(request.url, 400, {"Content-Type": "application/x-amz-json-1.1"},
                           _Raw(b'{"__type": "ThrottlingException", "message": "Rate exceeded"}'))
    session.register_fault("before-send.sagemaker.DescribeEndpointConfig", throttle, first=True)
    live, result = scan(session, max_attempts=2)
    configs = [f for f in result.findings if f.resource.kind == "AWS::SageMaker::EndpointConfig"]
    assert len(attempts) == 2 * 2  # two configs, two attempts each
    assert ("sagemaker/us-east-1", "api", "sagemaker:DescribeEndpointConfig was throttled (ThrottlingException)") in \
           errors_of(live)
    assert configs and {f.status.value for f in configs} == {"unknown"}


def test_timeout_is_reported_and_the_scan_completes(session):
    def time_out(request, **_):
        raise ReadTimeoutError(endpoint_url=request.url)
    session.register_fault("before-send.cloudtrail.DescribeTrails", time_out, first=True)
    live, result = scan(session, max_attempts=1)
    assert ("cloudtrail/us-east-1", "api", "cloudtrail:DescribeTrails timed out (ReadTimeoutError)") in errors_of(live)
    assert not [f for f in result.findings if f.resource.kind == "AWS::CloudTrail::Trail"]
    assert statuses(result, "MLS001", "legacy-scratchpad") == {"fail"}


def test_disabled_region_is_skipped_and_reported(session):
    live, result = scan(session, regions=["us-east-1", "ap-east-1"])
    assert live.regions == ["us-east-1"]
    assert [(e.target, e.kind) for e in live.source.errors if e.kind == "region"] == [("ec2/ap-east-1", "region")]
    assert result.findings


def test_only_read_only_operations_can_be_called(session):
    clients = ClientSource(session, botocore_config(), CallStats())
    with pytest.raises(AssertionError):
        Api(clients, "us-east-1", clients.stats).call("s3", "DeleteBucket", Bucket="x")
    with pytest.raises(AssertionError):  # even straight through a client the scanner made
        clients.client("s3", "us-east-1").create_bucket(Bucket="never-created")


@pytest.mark.parametrize("code,status,kind", [
    ("403", 403, "denied"), ("AccessDeniedException", 400, "denied"), ("Anything", 403, "denied"),
    ("ThrottlingException", 400, "throttled"), ("OptInRequired", 401, "region"), ("InternalError", 500, "error")])
def test_classification(code, status, kind):
    error = ClientError({"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Op")
    failure = classify("svc", "Op", error)
    assert failure.kind == kind and failure.unknown().reason.startswith("svc:Op ")


def test_iam_policy_lists_only_read_actions():
    from mlsec.cli import main

    run = CliRunner().invoke(main, ["iam-policy"])
    assert run.exit_code == 0
    actions = json.loads(run.output)["Statement"][0]["Action"]
    assert {"sagemaker:DescribeNotebookInstance", "s3:GetEncryptionConfiguration", "s3:ListAllMyBuckets",
            "kms:GetKeyRotationStatus", "iam:GetAccountAuthorizationDetails", "tag:GetResources"} <= set(actions)
    verbs = ("Describe", "List", "Get")
    assert all(a == "apigateway:GET" or a.split(":")[1].startswith(verbs) for a in actions), actions


class _Raw:
    """The raw body of an injected HTTP response."""

    def __init__(self, body: bytes):
        self.body = body

    def stream(self, **_):
        yield self.body

    def read(self, *_, **__):
        return self.body


def test_names(session):
    assert name_of("arn:aws:s3:::bucket#policy") == "bucket"
