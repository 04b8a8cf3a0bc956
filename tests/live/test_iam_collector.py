"""The IAM collector on GetAccountAuthorizationDetails answers: policy documents in each
shape they arrive in, the default policy version, permissions boundaries, and which
managed policies the ML scope keeps."""

from __future__ import annotations

import json
from urllib.parse import quote

from mlsec.sources.aws.collect import LiveOptions, Output, Region
from mlsec.sources.aws.iam import collect_iam, document
from mlsec.sources.aws.scope import Scope
from mlsec.sources.aws.snapshot import SnapshotApi, replay

ACCOUNT = "123456789012"
TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def encoded(doc: dict) -> str:
    """As the IAM query API sends it (RFC 3986 percent-encoding of the JSON text)."""
    return quote(json.dumps(doc), safe="")


def policy(name: str, *versions: tuple[str, dict, bool], arn: str | None = None) -> dict:
    return {"PolicyName": name, "PolicyId": "ANPAEXAMPLE" + name.upper()[:8],
            "Arn": arn or f"arn:aws:iam::{ACCOUNT}:policy/{name}", "Path": "/",
            "DefaultVersionId": next(v for v, _, d in versions if d), "AttachmentCount": 1,
            "PermissionsBoundaryUsageCount": 0, "IsAttachable": True, "CreateDate": "2025-01-10T09:00:00+00:00",
            "UpdateDate": "2025-03-02T09:00:00+00:00",
            "PolicyVersionList": [{"Document": doc, "VersionId": v, "IsDefaultVersion": d,
                                   "CreateDate": "2025-01-10T09:00:00+00:00"} for v, doc, d in versions]}


def role(name: str, trust: dict | str = TRUST, **extra) -> dict:
    return {"Path": "/service-role/", "RoleName": name, "RoleId": "AROAEXAMPLE" + name.upper()[:8],
            "Arn": f"arn:aws:iam::{ACCOUNT}:role/service-role/{name}", "CreateDate": "2025-01-10T09:00:00+00:00",
            "AssumeRolePolicyDocument": trust, "InstanceProfileList": [], "RolePolicyList": [],
            "AttachedManagedPolicies": [], "Tags": [], "RoleLastUsed": {}, **extra}


def details(**page) -> dict:
    return {"iam:GetAccountAuthorizationDetails": [{"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [],
                                                    "Policies": [], "IsTruncated": False, **page}]}


def by_type(resources) -> dict[str, dict]:
    return {f"{r.type}:{r.id.rsplit('/', 1)[-1]}": r for r in resources}


def test_documents_in_every_shape():
    assert document(TRUST) == TRUST  # boto3 decodes them (botocore's json_decode_policies)
    assert document(encoded(TRUST)) == TRUST  # the raw API
    assert document(json.dumps(TRUST)) == TRUST  # plain JSON text
    with_percent = {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/100%25/*"}]}
    assert document(json.dumps(with_percent)) == with_percent  # plain JSON is not unquoted first
    assert document("not a policy") == "not a policy"


def test_url_encoded_documents_reach_the_model_and_the_default_version_counts():
    responses = details(
        RoleDetailList=[role("exec", encoded(TRUST), RolePolicyList=[{"PolicyName": "all",
                                                                        "PolicyDocument": encoded(ADMIN)}],
                             AttachedManagedPolicies=[{"PolicyName": "team",
                                                       "PolicyArn": f"arn:aws:iam::{ACCOUNT}:policy/team"}])],
        Policies=[policy("team", ("v1", encoded(ADMIN), False), ("v2", encoded(READ), True))])
    found = by_type(replay(responses, ACCOUNT, "us-east-1").resources)
    exec_role = found["AWS::IAM::Role:exec"].props
    assert exec_role["AssumeRolePolicyDocument"] == TRUST
    assert exec_role["Policies"] == [{"PolicyName": "all", "PolicyDocument": ADMIN}]
    team = found["AWS::IAM::ManagedPolicy:team"].props
    assert team["PolicyDocument"] == READ and team["Roles"] == ["exec"]


def test_users_carry_their_boundary_groups_and_arn():
    boundary = f"arn:aws:iam::{ACCOUNT}:policy/cap"
    user = {"Path": "/", "UserName": "ana", "UserId": "AIDAEXAMPLEANA", "Arn": f"arn:aws:iam::{ACCOUNT}:user/ana",
            "CreateDate": "2025-01-10T09:00:00+00:00", "UserPolicyList": [], "GroupList": ["scientists"],
            "AttachedManagedPolicies": [], "Tags": [],
            "PermissionsBoundary": {"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                                    "PermissionsBoundaryArn": boundary}}
    responses = details(UserDetailList=[user], Policies=[policy("cap", ("v1", READ, True))])
    found = by_type(replay(responses, ACCOUNT, "us-east-1").resources)
    props = found["AWS::IAM::User:ana"].props
    assert props["PermissionsBoundary"] == boundary and props["Groups"] == ["scientists"]
    assert props["Arn"] == user["Arn"]


def _ml_scope(responses: dict) -> dict:
    out = Output()
    region = Region(SnapshotApi(responses, "us-east-1"), ACCOUNT, "us-east-1", Scope(ACCOUNT), LiveOptions(), out)
    collect_iam(region)
    assert not out.errors
    return by_type(out.resources)


def test_ml_scope_keeps_the_boundary_policies_of_its_roles():
    boundary = f"arn:aws:iam::{ACCOUNT}:policy/ml-boundary"
    responses = details(
        RoleDetailList=[role("exec", PermissionsBoundary={"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                                                          "PermissionsBoundaryArn": boundary}),
                        role("lambda", {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                       "Principal": {"Service": "lambda.amazonaws.com"}}]})],
        Policies=[policy("ml-boundary", ("v1", READ, True)), policy("unrelated", ("v1", ADMIN, True))])
    found = _ml_scope(responses)
    assert set(found) == {"AWS::IAM::Role:exec", "AWS::IAM::ManagedPolicy:ml-boundary"}
    assert found["AWS::IAM::ManagedPolicy:ml-boundary"].props["Roles"] == []  # a boundary, not an attachment


def test_aws_managed_policies_in_the_details_are_used_only_where_attached():
    full = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
    responses = details(
        RoleDetailList=[role("exec", AttachedManagedPolicies=[{"PolicyName": "AmazonSageMakerFullAccess",
                                                               "PolicyArn": full}])],
        Policies=[policy("AmazonSageMakerFullAccess", ("v29", READ, True), arn=full),
                  policy("AmazonS3FullAccess", ("v1", READ, True), arn="arn:aws:iam::aws:policy/AmazonS3FullAccess")])
    found = by_type(replay(responses, ACCOUNT, "us-east-1").resources)
    managed = {k for k in found if k.startswith("AWS::IAM::ManagedPolicy")}
    assert managed == {"AWS::IAM::ManagedPolicy:AmazonSageMakerFullAccess"}
    props = found["AWS::IAM::ManagedPolicy:AmazonSageMakerFullAccess"].props
    assert props["AwsManaged"] is True and props["PolicyDocument"] == READ and props["Roles"] == ["exec"]


def test_a_policy_without_a_name_is_named_by_its_arn():
    """moto 5.2.1 leaves PolicyName (and PolicyId) out of the details' Policies; AWS sends them."""
    entry = policy("team", ("v1", READ, True))
    del entry["PolicyName"], entry["PolicyId"]
    found = by_type(replay(details(Policies=[entry]), ACCOUNT, "us-east-1").resources)
    assert found["AWS::IAM::ManagedPolicy:team"].props["ManagedPolicyName"] == "team"


# -- model package groups (MLS418 reads their resource policies) -----------------------------------
GROUP_ARN = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:model-package-group/"


def _group(name: str) -> dict:
    return {"ModelPackageGroupName": name, "ModelPackageGroupArn": GROUP_ARN + name,
            "ModelPackageGroupDescription": "fraud models", "CreationTime": "2025-01-10T09:00:00+00:00",
            "CreatedBy": {"UserProfileName": "ana"}, "ModelPackageGroupStatus": "Completed"}


def test_model_package_groups_and_their_policies():
    shared = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
         "Action": "sagemaker:DescribeModelPackage", "Resource": GROUP_ARN + "shared/*"}]})
    responses = {
        "sagemaker:DescribeModelPackageGroup": [_group("shared"), _group("private"), _group("odd")],
        "sagemaker:GetModelPackageGroupPolicy": [
            {"request": {"ModelPackageGroupName": "shared"}, "response": {"ResourcePolicy": shared}},
            {"request": {"ModelPackageGroupName": "private"},
             "error": {"Code": "ValidationException",
                       "Message": f"Cannot find resource policy for {GROUP_ARN}private"}},
            {"request": {"ModelPackageGroupName": "odd"},
             "error": {"Code": "ValidationException", "Message": "1 validation error detected"}}]}
    result = replay(responses, ACCOUNT, "us-east-1")
    found = by_type(result.resources)
    assert found["AWS::SageMaker::ModelPackageGroup:shared"].props["ModelPackageGroupPolicy"] == shared
    assert "ModelPackageGroupPolicy" not in found["AWS::SageMaker::ModelPackageGroup:private"].props
    odd = found["AWS::SageMaker::ModelPackageGroup:odd"].props["ModelPackageGroupPolicy"]
    assert "GetModelPackageGroupPolicy" in odd.reason  # any other failure: unknown, and reported
    assert [e.message for e in result.errors] == [
        "sagemaker:GetModelPackageGroupPolicy failed (ValidationException) for odd: 1 validation error detected"]


def test_the_default_version_is_the_one_default_version_id_names():
    """moto 5.2.1 flags no version IsDefaultVersion after SetDefaultPolicyVersion; AWS keeps both in step."""
    entry = policy("team", ("v1", READ, False), ("v2", ADMIN, True))
    for version in entry["PolicyVersionList"]:
        version["IsDefaultVersion"] = False
    found = by_type(replay(details(Policies=[entry]), ACCOUNT, "us-east-1").resources)
    assert found["AWS::IAM::ManagedPolicy:team"].props["PolicyDocument"] == ADMIN


def test_a_studio_domain_names_its_default_execution_role():
    """A role SageMaker uses only through a domain's DefaultUserSettings is still an execution role."""
    from mlsec.engine.registry import load_rules
    from mlsec.engine.scan import ScanResult, evaluate, now_iso
    from mlsec.engine.settings import Settings

    ec2 = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    studio = role("studio-users", ec2, RolePolicyList=[{"PolicyName": "iam", "PolicyDocument": {
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "*"}]}}])
    domain_arn = f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:domain/d-abc123"
    responses = {**details(RoleDetailList=[studio]), "sagemaker:DescribeDomain": [{
        "DomainId": "d-abc123", "DomainArn": domain_arn, "DomainName": "ml-studio", "Status": "InService",
        "AuthMode": "IAM", "AppNetworkAccessType": "VpcOnly", "VpcId": "vpc-0a1b2c3d4e5f60001",
        "SubnetIds": ["subnet-0a1b2c3d4e5f60001"], "DefaultUserSettings": {"ExecutionRole": studio["Arn"]}}]}
    source = replay(responses, ACCOUNT, "us-east-1")
    found = by_type(source.resources)
    assert found["AWS::IAM::Role:studio-users"].metadata["sagemaker_references"] == [domain_arn]
    rules = [r for r in load_rules() if r.id == "MLS402"]
    result = ScanResult(targets=["aws"], started_at=now_iso(), rules=rules)
    evaluate(result, source, rules, Settings())
    assert [f.status.value for f in result.findings if f.resource.id == studio["Arn"]] == ["fail"]
