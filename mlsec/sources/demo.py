"""``mlsec scan --demo``: a realistic ML deployment in a moto-mocked account.

moto runs in-process (no network, no credentials: fake ones are set for the duration).
Two regions are seeded: us-east-1 holds a hardened fraud-scoring stack next to a legacy
one (a VPC with the SageMaker endpoints, secure and insecure notebooks, models, a
two-instance and a one-instance endpoint, a training job, KMS keys, buckets with and
without a TLS-only policy, a least-privilege and an over-privileged role, a trail);
eu-west-1 holds a research VPC without endpoints. The scan then goes through the same
live code path as ``mlsec scan --aws``.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from typing import Any, Iterator

ACCOUNT = "123456789012"
HOME, SECOND = "us-east-1", "eu-west-1"
REGIONS = (HOME, SECOND)
_FAKE_ENV = {"AWS_ACCESS_KEY_ID": "demo", "AWS_SECRET_ACCESS_KEY": "demo", "AWS_SESSION_TOKEN": "demo",
             "AWS_DEFAULT_REGION": HOME, "MOTO_ACCOUNT_ID": ACCOUNT}
_CLEARED_ENV = ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")

TRUST_SAGEMAKER = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


@contextmanager
def mocked_account() -> Iterator[None]:
    """moto in this process, with fake credentials and no endpoint override."""
    saved = {k: os.environ.get(k) for k in (*_FAKE_ENV, *_CLEARED_ENV)}
    os.environ.update(_FAKE_ENV)
    for key in _CLEARED_ENV:
        os.environ.pop(key, None)
    from moto import mock_aws

    try:
        with mock_aws():
            yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def tls_only_policy(bucket: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyPlainHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})


def seed(session: Any, in_process: bool = True) -> None:
    """Create the demo deployment through the AWS API (moto in this process, or a moto
    server that ``AWS_ENDPOINT_URL`` points to: then moto's deviations stay uncorrected)."""
    roles = _roles(session)
    _home_region(session, roles, in_process)
    _second_region(session, roles)


def _roles(session: Any) -> dict[str, str]:
    iam = session.client("iam")
    least = iam.create_role(RoleName="fraud-sagemaker-execution", AssumeRolePolicyDocument=json.dumps(TRUST_SAGEMAKER),
                            Tags=[{"Key": "team", "Value": "fraud"}])["Role"]["Arn"]
    iam.put_role_policy(RoleName="fraud-sagemaker-execution", PolicyName="model-artifacts", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
             "Resource": f"arn:aws:s3:::sagemaker-fraud-artifacts-{ACCOUNT}/*"},
            {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
             "Resource": f"arn:aws:ecr:{HOME}:{ACCOUNT}:repository/fraud-inference"}]}))
    admin = iam.create_role(RoleName="legacy-sagemaker-admin", AssumeRolePolicyDocument=json.dumps(TRUST_SAGEMAKER))[
        "Role"]["Arn"]
    iam.put_role_policy(RoleName="legacy-sagemaker-admin", PolicyName="everything", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    return {"least": least, "admin": admin}


def _network(ec2: Any, cidr: str, zones: list[str]) -> tuple[str, list[str], str]:
    vpc = ec2.create_vpc(CidrBlock=cidr, TagSpecifications=[
        {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": f"ml-{zones[0][:-1]}"}]}])["Vpc"]["VpcId"]
    base = cidr.rsplit(".", 2)[0]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"{base}.{i + 1}.0/24", AvailabilityZone=zone)["Subnet"]["SubnetId"]
               for i, zone in enumerate(zones)]
    group = ec2.create_security_group(GroupName="sagemaker", Description="SageMaker ENIs", VpcId=vpc)["GroupId"]
    return vpc, subnets, group


def _home_region(session: Any, roles: dict[str, str], in_process: bool) -> None:
    region = HOME
    ec2, kms, s3 = (session.client(s, region_name=region) for s in ("ec2", "kms", "s3"))
    sm = session.client("sagemaker", region_name=region)
    vpc, subnets, group = _network(ec2, "10.20.0.0/16", [f"{region}a", f"{region}b"])
    main_table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"][0]
    ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{region}.s3", VpcEndpointType="Gateway",
                            RouteTableIds=[main_table["RouteTableId"]])
    for service in ("sagemaker.api", "sagemaker.runtime"):
        ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{region}.{service}", VpcEndpointType="Interface",
                                SubnetIds=subnets, SecurityGroupIds=[group], PrivateDnsEnabled=True)
    key = kms.create_key(Description="fraud ML data", Tags=[{"TagKey": "team", "TagValue": "fraud"}])["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])
    kms.create_alias(AliasName="alias/fraud-ml", TargetKeyId=key["KeyId"])
    unrotated = kms.create_key(Description="legacy notebook volumes")["KeyMetadata"]
    artifacts, training = f"sagemaker-fraud-artifacts-{ACCOUNT}", "fraud-training-data-demo"
    trail_bucket = f"audit-trail-logs-{ACCOUNT}"
    for bucket in (artifacts, training, trail_bucket):
        s3.create_bucket(Bucket=bucket)
    s3.put_bucket_encryption(Bucket=artifacts, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key["Arn"]},
        "BucketKeyEnabled": True}]})
    s3.put_bucket_versioning(Bucket=artifacts, VersioningConfiguration={"Status": "Enabled"})
    s3.put_public_access_block(Bucket=artifacts, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_policy(Bucket=artifacts, Policy=tls_only_policy(artifacts))
    s3.put_bucket_policy(Bucket=trail_bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{trail_bucket}/*"}]}))
    trail = session.client("cloudtrail", region_name=region)
    trail.create_trail(Name="org-audit", S3BucketName=trail_bucket, IsMultiRegionTrail=True,
                       EnableLogFileValidation=True, KmsKeyId=key["Arn"])
    trail.start_logging(Name="org-audit")
    repo = session.client("ecr", region_name=region).create_repository(
        repositoryName="fraud-inference", imageTagMutability="IMMUTABLE",
        imageScanningConfiguration={"scanOnPush": True})["repository"]["repositoryUri"]

    sm.create_notebook_instance(
        NotebookInstanceName="fraud-research-secure", InstanceType="ml.t3.medium", RoleArn=roles["least"],
        SubnetId=subnets[0], SecurityGroupIds=[group], KmsKeyId=key["Arn"], DirectInternetAccess="Disabled",
        RootAccess="Disabled", PlatformIdentifier="notebook-al2023-v1",
        InstanceMetadataServiceConfiguration={"MinimumInstanceMetadataServiceVersion": "2"},
        Tags=[{"Key": "team", "Value": "fraud"}])
    sm.create_notebook_instance(NotebookInstanceName="legacy-scratchpad", InstanceType="ml.t3.medium",
                                RoleArn=roles["admin"], KmsKeyId=unrotated["KeyId"])
    sm.create_model(ModelName="fraud-scorer-v3", ExecutionRoleArn=roles["least"], EnableNetworkIsolation=True,
                    PrimaryContainer={"Image": f"{repo}@sha256:{'ab' * 32}",
                                      "ModelDataUrl": f"s3://{artifacts}/models/v3/model.tar.gz"},
                    VpcConfig={"Subnets": subnets, "SecurityGroupIds": [group]})
    if in_process:
        _isolate(region, "fraud-scorer-v3")
    sm.create_model(ModelName="fraud-scorer-legacy", ExecutionRoleArn=roles["admin"],
                    PrimaryContainer={"Image": f"{repo}:latest",
                                      "ModelDataUrl": f"s3://{training}/legacy/model.tar.gz"})
    sm.create_endpoint_config(
        EndpointConfigName="fraud-scorer-v3-ha", KmsKeyId=key["Arn"],
        ProductionVariants=[{"VariantName": "primary", "ModelName": "fraud-scorer-v3", "InitialInstanceCount": 2,
                             "InstanceType": "ml.m5.xlarge", "InitialVariantWeight": 1.0}],
        DataCaptureConfig={"EnableCapture": True, "InitialSamplingPercentage": 20, "KmsKeyId": key["Arn"],
                           "DestinationS3Uri": f"s3://{artifacts}/capture",
                           "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]})
    sm.create_endpoint_config(
        EndpointConfigName="fraud-scorer-legacy-single",
        ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": "fraud-scorer-legacy",
                             "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName="fraud-scorer", EndpointConfigName="fraud-scorer-v3-ha")
    sm.create_endpoint(EndpointName="fraud-scorer-legacy", EndpointConfigName="fraud-scorer-legacy-single")
    sm.create_training_job(
        TrainingJobName="fraud-scorer-v3-train", RoleArn=roles["least"],
        AlgorithmSpecification={"TrainingImage": f"{repo}@sha256:{'cd' * 32}", "TrainingInputMode": "File"},
        InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{training}/2026/"}}}],
        OutputDataConfig={"S3OutputPath": f"s3://{artifacts}/training/", "KmsKeyId": key["Arn"]},
        ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 2, "VolumeSizeInGB": 50,
                        "VolumeKmsKeyId": key["Arn"]},
        VpcConfig={"Subnets": subnets, "SecurityGroupIds": [group]}, EnableNetworkIsolation=True,
        EnableInterContainerTrafficEncryption=True, StoppingCondition={"MaxRuntimeInSeconds": 3600})
    session.client("cloudwatch", region_name=region).put_metric_alarm(
        AlarmName="fraud-scorer-5xx", Namespace="AWS/SageMaker", MetricName="Invocation5XXErrors",
        Dimensions=[{"Name": "EndpointName", "Value": "fraud-scorer"}, {"Name": "VariantName", "Value": "primary"}],
        Statistic="Sum", Period=60, EvaluationPeriods=5, Threshold=1, ComparisonOperator="GreaterThanThreshold")
    logs = session.client("logs", region_name=region)
    logs.create_log_group(logGroupName="/aws/sagemaker/Endpoints/fraud-scorer", kmsKeyId=key["Arn"])
    logs.put_retention_policy(logGroupName="/aws/sagemaker/Endpoints/fraud-scorer", retentionInDays=400)


def _second_region(session: Any, roles: dict[str, str]) -> None:
    region = SECOND
    ec2, s3 = session.client("ec2", region_name=region), session.client("s3", region_name=region)
    sm = session.client("sagemaker", region_name=region)
    vpc, subnets, group = _network(ec2, "10.40.0.0/16", [f"{region}a"])
    data = f"sagemaker-churn-research-{ACCOUNT}"
    s3.create_bucket(Bucket=data, CreateBucketConfiguration={"LocationConstraint": region})
    s3.create_bucket(Bucket=f"eu-trail-logs-{ACCOUNT}", CreateBucketConfiguration={"LocationConstraint": region})
    session.client("cloudtrail", region_name=region).create_trail(Name="eu-local", S3BucketName=f"eu-trail-logs-{ACCOUNT}")
    sm.create_notebook_instance(NotebookInstanceName="churn-research", InstanceType="ml.t3.large",
                                RoleArn=roles["admin"], SubnetId=subnets[0], SecurityGroupIds=[group])
    sm.create_model(ModelName="churn-model", ExecutionRoleArn=roles["admin"],
                    PrimaryContainer={"Image": f"{ACCOUNT}.dkr.ecr.{region}.amazonaws.com/churn:latest",
                                      "ModelDataUrl": f"s3://{data}/model.tar.gz"},
                    VpcConfig={"Subnets": subnets, "SecurityGroupIds": [group]})
    sm.create_endpoint_config(EndpointConfigName="churn-config", ProductionVariants=[
        {"VariantName": "AllTraffic", "ModelName": "churn-model", "InitialInstanceCount": 1,
         "InstanceType": "ml.c5.large"}])
    sm.create_endpoint(EndpointName="churn", EndpointConfigName="churn-config")


def _isolate(region: str, model: str) -> None:
    """moto 5.2 drops EnableNetworkIsolation on CreateModel (AWS keeps it): set it as AWS would."""
    from moto.sagemaker.models import sagemaker_backends

    sagemaker_backends[ACCOUNT][region]._models[model].enable_network_isolation = True


def run_demo(options: Any) -> Any:
    """Seed the mocked account and scan it like a live one (returns a LiveResult)."""
    import boto3

    from mlsec.sources.aws.scanner import scan_live

    with mocked_account():
        session = boto3.Session(region_name=HOME)
        seed(session)
        options.regions = list(options.regions or REGIONS)
        return scan_live(options, session=session)
