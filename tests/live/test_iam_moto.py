"""Parity of the IAM rules' live fixtures with moto: a fixture's account
(GetAccountAuthorizationDetails as the raw API sends it, percent-encoded documents
included) is rebuilt through the IAM API in moto, scanned through boto3 (which decodes the
documents), and every named resource gets the verdict its name promises. The rules taken
are those whose verdicts depend on how the collector puts principals together (default
policy versions, attachments, groups, boundaries, trust, AWS managed policies); the
statement rules read each document on its own, which the fixtures prove already. A second
test shows that a SageMaker resource in another region makes a role an execution role in
the default ML scope, although IAM sits in the account's global unit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlsec.engine.registry import load_rules
from mlsec.engine.scan import ScanResult, evaluate, now_iso
from mlsec.engine.settings import Settings
from mlsec.sources.aws.collect import LiveOptions
from mlsec.sources.aws.iam import document
from mlsec.sources.aws import scanner
from mlsec.sources.aws.collectors import all_collectors
from mlsec.sources.aws.scanner import scan_live
from tests.rule_fixtures import expectation, short_name

RULES = {r.id: r for r in load_rules() if r.id.startswith("MLS4")}
PARITY = ("MLS401", "MLS402", "MLS404", "MLS407", "MLS409", "MLS413")
# the AWS managed policies the fixtures attach; moto loads only these (all ~1300 take a second per account)
MANAGED = ("AdministratorAccess", "AmazonSageMakerFullAccess", "AmazonSageMakerReadOnly", "PowerUserAccess",
           "AmazonSageMakerCanvasFullAccess")
# The fixtures leave this policy's document out on purpose (UNKNOWN: neither recorded nor in mlsec's
# snapshot); moto ships it, so the scan reads the account's copy and judges the role.
READ_FROM_MOTO = {"unknown-canvas-role", "unknown-canvas-user-role"}


def _fixtures():
    out = []
    for rule_id in PARITY:
        for kind in ("fail", "pass"):
            path = Path(RULES[rule_id].folder) / "fixtures" / kind / "aws.json"
            out.append(pytest.param(rule_id, path, id=f"{rule_id}-{kind}"))
    return out


@pytest.fixture(scope="module")
def botocore_session():
    """One botocore session for every test: it loads each service model once (EC2's alone
    takes a second to parse). moto is imported first: it hooks the sessions created after it."""
    import botocore.session
    import moto  # noqa: F401

    return botocore.session.get_session()


@pytest.fixture
def moto_account(monkeypatch, botocore_session):
    import boto3
    import moto.iam.models
    from moto import mock_aws
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    everything = json.loads(aws_managed_policies_data)
    monkeypatch.setattr(moto.iam.models, "aws_managed_policies_data",
                        json.dumps({name: everything[name] for name in MANAGED}))
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    # only the collectors these accounts need: the rest would only list empty services
    wanted = [c for c in all_collectors() if c.name in ("iam.authorization", "sagemaker.NotebookInstance",
                                                           "sagemaker.Model")]
    monkeypatch.setattr(scanner, "all_collectors", lambda: tuple(wanted))
    with mock_aws():
        yield boto3.Session(region_name="us-east-1", botocore_session=botocore_session)


def _text(doc) -> str:
    return json.dumps(document(doc))


def _policies_of(iam, kind: str, item: dict, inline_key: str) -> None:
    """A principal's inline policies and managed attachments (kind: Group, Role or User)."""
    name = {f"{kind}Name": item[f"{kind}Name"]}
    for inline in item[inline_key]:
        getattr(iam, f"put_{kind.lower()}_policy")(**name, PolicyName=inline["PolicyName"],
                                                   PolicyDocument=_text(inline["PolicyDocument"]))
    for attached in item["AttachedManagedPolicies"]:
        getattr(iam, f"attach_{kind.lower()}_policy")(**name, PolicyArn=attached["PolicyArn"])


def seed_iam(iam, pages: list[dict]) -> None:
    """Create in moto what a GetAccountAuthorizationDetails answer lists."""
    items = {k: [x for p in pages for x in p.get(k) or []] for k in
             ("Policies", "GroupDetailList", "RoleDetailList", "UserDetailList")}
    for policy in items["Policies"]:
        versions = sorted(policy["PolicyVersionList"], key=lambda v: int(v["VersionId"][1:]))
        arn = iam.create_policy(PolicyName=policy["PolicyName"], Path=policy["Path"],
                                PolicyDocument=_text(versions[0]["Document"]))["Policy"]["Arn"]
        for version in versions[1:]:
            iam.create_policy_version(PolicyArn=arn, PolicyDocument=_text(version["Document"]),
                                      SetAsDefault=version["IsDefaultVersion"])
        default = next(v["VersionId"] for v in versions if v["IsDefaultVersion"])
        iam.set_default_policy_version(PolicyArn=arn, VersionId=default)
    for group in items["GroupDetailList"]:
        iam.create_group(GroupName=group["GroupName"], Path=group["Path"])
        _policies_of(iam, "Group", group, "GroupPolicyList")
    for role in items["RoleDetailList"]:
        iam.create_role(RoleName=role["RoleName"], Path=role["Path"],
                        AssumeRolePolicyDocument=_text(role["AssumeRolePolicyDocument"]))
        _policies_of(iam, "Role", role, "RolePolicyList")
        if role.get("PermissionsBoundary"):
            iam.put_role_permissions_boundary(RoleName=role["RoleName"],
                                              PermissionsBoundary=role["PermissionsBoundary"]["PermissionsBoundaryArn"])
    for user in items["UserDetailList"]:
        assert not user.get("PermissionsBoundary"), "moto 5.2.1 cannot set a user's boundary"
        iam.create_user(UserName=user["UserName"], Path=user["Path"])
        _policies_of(iam, "User", user, "UserPolicyList")
        for group in user["GroupList"]:
            iam.add_user_to_group(UserName=user["UserName"], GroupName=group)


def seed_sagemaker(sm, responses: dict) -> None:
    for nb in responses.get("sagemaker:DescribeNotebookInstance", []):
        sm.create_notebook_instance(NotebookInstanceName=nb["NotebookInstanceName"], InstanceType=nb["InstanceType"],
                                    RoleArn=nb["RoleArn"])
    for model in responses.get("sagemaker:DescribeModel", []):
        sm.create_model(ModelName=model["ModelName"], ExecutionRoleArn=model["ExecutionRoleArn"],
                        PrimaryContainer=model["PrimaryContainer"])


def _evaluate(session, rule_ids, **options):
    live = scan_live(LiveOptions(max_attempts=2, **options), session=session)
    rules = [RULES[r] for r in rule_ids]
    result = ScanResult(targets=["aws"], started_at=now_iso(), rules=rules)
    evaluate(result, live.source, rules, Settings())
    return live, result


@pytest.mark.parametrize("rule_id,path", _fixtures())
def test_fixture_account_rebuilt_in_moto_gets_the_same_verdicts(moto_account, rule_id, path):
    responses = json.loads(path.read_text())["responses"]
    seed_iam(moto_account.client("iam"), responses["iam:GetAccountAuthorizationDetails"])
    seed_sagemaker(moto_account.client("sagemaker"), responses)
    live, result = _evaluate(moto_account, [rule_id], regions=["us-east-1"], scope="account")
    iam_errors = [e.message for e in live.source.errors if e.target.startswith("iam/")]
    assert not iam_errors
    judged = {}
    for f in result.findings:
        judged.setdefault(short_name(f.resource.id), set()).add(f.status.value)
    wanted = {name: expectation(name) for name in judged if expectation(name)}
    assert any(status == ("fail" if path.parent.name == "fail" else "pass") for status in wanted.values())
    for name, status in wanted.items():
        if name in READ_FROM_MOTO:
            assert "unknown" not in judged[name], f"{name}: the account's copy of the policy was not read"
        elif status == "fail":
            assert "fail" in judged[name], (name, judged[name])
        else:
            assert judged[name] == {status}, (name, judged[name])


def test_a_notebook_in_another_region_makes_its_role_an_execution_role(moto_account):
    iam = moto_account.client("iam")
    ec2_trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    arn = iam.create_role(RoleName="research-role", AssumeRolePolicyDocument=json.dumps(ec2_trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName="research-role", PolicyName="everything", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    iam.create_role(RoleName="unused-role", AssumeRolePolicyDocument=json.dumps(ec2_trust))
    moto_account.client("sagemaker", region_name="eu-west-1").create_notebook_instance(
        NotebookInstanceName="research", InstanceType="ml.t3.medium", RoleArn=arn)

    live, result = _evaluate(moto_account, ["MLS401", "MLS402"], regions=["us-east-1", "eu-west-1"])  # ML scope
    roles = [r for r in live.source.resources if r.type == "AWS::IAM::Role"]
    assert [r.id for r in roles] == [arn]  # the unused role is outside the ML scope
    assert roles[0].unit == "123456789012/global"
    assert roles[0].metadata["sagemaker_references"] == [
        "arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/research"]
    verdicts = {(f.rule.id, f.resource.id): f for f in result.findings}
    assert verdicts[("MLS402", arn)].status.value == "fail"
    admin = verdicts[("MLS401", arn)]
    assert admin.status.value == "fail" and admin.verdict.evidence.get("sagemaker_execution_role") is True
