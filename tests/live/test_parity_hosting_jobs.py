"""Parity of sources for hosting, job, autoscaling and alarm rules: the same requests sent
to a moto account (then scanned live) and written as a CloudFormation template (endpoint
configurations, Step Functions training tasks, scalable targets, scaling policies,
alarms) get the same verdicts. moto deviations that would flip a verdict are left out of
the comparison and named here: moto returns no InstanceMetadataServiceConfiguration for
notebooks (so only the insecure notebook is compared) and does not implement
application-autoscaling ListTagsForResource (reported as an error of the scan)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mlsec.engine.registry import load_rules
from mlsec.engine.scan import scan
from tests.live.conftest import name_of, scan_and_evaluate

ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/fraud-sagemaker-execution"
IMAGE = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/fraud-scorer:3.1"
BUCKET = f"sagemaker-fraud-artifacts-{ACCOUNT}"
SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
DIMENSION = "sagemaker:variant:DesiredInstanceCount"

# (rule, live name or scalable-target ResourceId, CloudFormation logical id, expected status)
CASES = [
    ("MLS005", "bad-notebook", "BadNotebook", "fail"),
    ("MLS104", "good-config-async", "GoodConfigAsync", "pass"),
    ("MLS104", "bad-config-async", "BadConfigAsync", "fail"),
    ("MLS107", "good-config-capture", "GoodConfigCapture", "pass"),
    ("MLS107", "bad-config-plain", "BadConfigPlain", "fail"),
    ("MLS108", "good-config-capture", "GoodConfigCapture", "pass"),
    ("MLS108", "bad-config-capture-no-key", "BadConfigCaptureNoKey", "fail"),
    *[(rule, name, twin, status) for rule in ("MLS201", "MLS202", "MLS203", "MLS204", "MLS205")
      for name, twin, status in (("good-training", "GoodTraining", "pass"), ("bad-training", "BadTraining", "fail"))],
    ("MLS109", "endpoint/good-endpoint/variant/AllTraffic", "GoodTarget", "pass"),
    ("MLS109", "endpoint/bad-endpoint/variant/AllTraffic", "BadTarget", "fail"),
    ("MLS110", "good-cooldown", "GoodCooldown", "pass"),
    ("MLS110", "bad-cooldown", "BadCooldown", "fail"),
    ("MLS610", "good-endpoint", "GoodEndpoint", "pass"),
    ("MLS610", "bad-endpoint", "BadEndpoint", "fail"),
]


def _capture(key: Any) -> dict:
    out = {"EnableCapture": True, "InitialSamplingPercentage": 20, "DestinationS3Uri": f"s3://{BUCKET}/capture",
           "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]}
    if key is not None:
        out["KmsKeyId"] = key
    return out


def _configs(key: Any) -> dict[str, dict]:
    variants = [{"VariantName": "AllTraffic", "ModelName": "fraud-scorer", "InstanceType": "ml.m5.xlarge",
                 "InitialInstanceCount": 2, "InitialVariantWeight": 1.0}]
    output = {"S3OutputPath": f"s3://{BUCKET}/async"}
    return {
        "good-config-async": {"ProductionVariants": variants, "KmsKeyId": key,
                              "AsyncInferenceConfig": {"OutputConfig": {**output, "KmsKeyId": key}}},
        "bad-config-async": {"ProductionVariants": variants, "KmsKeyId": key,
                             "AsyncInferenceConfig": {"OutputConfig": output}},
        "good-config-capture": {"ProductionVariants": variants, "KmsKeyId": key, "DataCaptureConfig": _capture(key)},
        "bad-config-capture-no-key": {"ProductionVariants": variants, "KmsKeyId": key,
                                      "DataCaptureConfig": _capture(None)},
        "bad-config-plain": {"ProductionVariants": variants, "KmsKeyId": key},
    }


def _training(good: bool, key: Any) -> dict:
    job: dict[str, Any] = {
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"}, "RoleArn": ROLE,
        "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {
            "S3DataType": "S3Prefix", "S3Uri": f"s3://{BUCKET}/train/"}}}],
        "OutputDataConfig": {"S3OutputPath": f"s3://{BUCKET}/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.2xlarge", "InstanceCount": 2, "VolumeSizeInGB": 50},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        "EnableNetworkIsolation": good, "EnableInterContainerTrafficEncryption": good}
    if good:
        job["OutputDataConfig"]["KmsKeyId"] = key
        job["ResourceConfig"]["VolumeKmsKeyId"] = key
        job["VpcConfig"] = {"SecurityGroupIds": ["sg-0a1b2c3d4e5f60001"], "Subnets": SUBNETS}
    return job


def _targets() -> dict[str, dict]:
    return {f"{name}-endpoint": {"ServiceNamespace": "sagemaker", "ScalableDimension": DIMENSION,
                                 "ResourceId": f"endpoint/{name}-endpoint/variant/AllTraffic",
                                 "MinCapacity": low, "MaxCapacity": 6} for name, low in (("good", 2), ("bad", 1))}


def _policies() -> dict[str, dict]:
    return {f"{name}-cooldown": {
        "PolicyName": f"{name}-cooldown", "ServiceNamespace": "sagemaker", "ScalableDimension": DIMENSION,
        "ResourceId": "endpoint/good-endpoint/variant/AllTraffic", "PolicyType": "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration": {
            "TargetValue": 700.0, "ScaleInCooldown": cooldown, "ScaleOutCooldown": 60,
            "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"}}}
        for name, cooldown in (("good", 300), ("bad", 0))}


ALARM = {"AlarmName": "good-endpoint-5xx", "Namespace": "AWS/SageMaker", "MetricName": "Invocation5XXErrors",
         "Dimensions": [{"Name": "EndpointName", "Value": "good-endpoint"}, {"Name": "VariantName", "Value": "AllTraffic"}],
         "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 5, "Threshold": 5.0,
         "ComparisonOperator": "GreaterThanThreshold", "AlarmActions": [f"arn:aws:sns:us-east-1:{ACCOUNT}:ml-oncall"]}


@pytest.fixture(scope="module")
def live():
    import boto3

    from mlsec.sources.demo import mocked_account

    with mocked_account():
        session = boto3.Session(region_name="us-east-1")
        key = session.client("kms").create_key(Description="fraud ML data")["KeyMetadata"]["Arn"]
        sm = session.client("sagemaker")
        sm.create_notebook_instance(NotebookInstanceName="bad-notebook", InstanceType="ml.t3.medium", RoleArn=ROLE)
        sm.create_model(ModelName="fraud-scorer", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE})
        for name, config in _configs(key).items():
            sm.create_endpoint_config(EndpointConfigName=name, **config)
        for name in ("good-endpoint", "bad-endpoint"):
            sm.create_endpoint(EndpointName=name, EndpointConfigName="bad-config-plain")
        for name, good in (("good-training", True), ("bad-training", False)):
            sm.create_training_job(TrainingJobName=name, **_training(good, key))
        scaling = session.client("application-autoscaling")
        for target in _targets().values():
            scaling.register_scalable_target(**target)
        for policy in _policies().values():
            scaling.put_scaling_policy(**policy)
        session.client("cloudwatch").put_metric_alarm(**ALARM)
        live, result = scan_and_evaluate(session, regions=["us-east-1"])
    names = {r.id: r.props.get("ResourceId") for r in live.source.resources
             if r.type == "AWS::ApplicationAutoScaling::ScalableTarget"}
    out: dict[tuple[str, str], set[str]] = {}
    for f in result.findings:
        out.setdefault((f.rule.id, names.get(f.resource.id) or name_of(f.resource.id)), set()).add(f.status.value)
    return out, live.source.errors


@pytest.fixture(scope="module")
def twin(tmp_path_factory):
    key = {"Ref": "Key"}
    resources: dict[str, Any] = {
        "Key": {"Type": "AWS::KMS::Key", "Properties": {"Description": "fraud ML data"}},
        "BadNotebook": {"Type": "AWS::SageMaker::NotebookInstance",
                        "Properties": {"InstanceType": "ml.t3.medium", "RoleArn": ROLE}},
        "Model": {"Type": "AWS::SageMaker::Model", "Properties": {
            "ModelName": "fraud-scorer", "ExecutionRoleArn": ROLE, "PrimaryContainer": {"Image": IMAGE}}},
        "GoodAlarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": ALARM},
    }
    for name, config in _configs(key).items():
        resources[_logical(name)] = {"Type": "AWS::SageMaker::EndpointConfig", "Properties": config}
    for name in ("good-endpoint", "bad-endpoint"):
        resources[_logical(name)] = {"Type": "AWS::SageMaker::Endpoint", "Properties": {
            "EndpointName": name, "EndpointConfigName": {"Fn::GetAtt": ["BadConfigPlain", "EndpointConfigName"]}}}
    for name, good in (("good-training", True), ("bad-training", False)):
        resources[_logical(name)] = {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
            "RoleArn": ROLE, "Definition": {"StartAt": "Train", "States": {"Train": {
                "Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
                "Parameters": {"TrainingJobName": name, **_training(good, key)}, "End": True}}}}}
    for name, target in _targets().items():
        resources[_logical(name.replace("endpoint", "target"))] = {
            "Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {
                **target, "RoleARN": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/sagemaker.application-autoscaling"
                                     ".amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint"}}
    for name, policy in _policies().items():
        resources[_logical(name)] = {"Type": "AWS::ApplicationAutoScaling::ScalingPolicy", "Properties": policy}
    path = tmp_path_factory.mktemp("twin") / "twin.json"
    path.write_text(json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources}))
    result = scan([str(path)], load_rules(), jobs=1)
    assert not result.errors, result.errors
    out: dict[tuple[str, str], set[str]] = {}
    for f in result.findings:
        out.setdefault((f.rule.id, f.resource.id.split("/")[0]), set()).add(f.status.value)
    return out


def _logical(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


@pytest.mark.parametrize("rule_id,name,logical,status", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_live_and_cloudformation_agree(live, twin, rule_id, name, logical, status):
    found, _ = live
    assert found.get((rule_id, name)) == {status}
    assert twin.get((rule_id, logical)) == {status}


def test_moto_gaps_are_reported_not_hidden(live):
    _, errors = live
    failed = {e.message.split(" ")[0] for e in errors}
    assert "application-autoscaling:ListTagsForResource" in failed
