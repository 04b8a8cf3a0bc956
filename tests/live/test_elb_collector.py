"""The load balancer collector (MLS710/MLS711 live): v2 load balancers with their
listeners and tags, classic ones with theirs; in the ML scope only load balancers whose
Lambda targets reach SageMaker; unreadable listeners stay UNKNOWN."""

from __future__ import annotations

import copy

from mlsec.sources.aws.policy import scanner_policy
from tests.live.test_data_collectors import collect, fixture, verdicts

REGION, ACCOUNT = "us-east-1", "123456789012"
ALB = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/ml-inference-alb/50dc6c495c0c9188"
NLB = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/net/ml-grpc-nlb/8a1f2c3d4e5b6a79"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:fraud-score-proxy"
LAMBDA_GROUP = f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/fraud-score-lambda/1a2b3c4d5e6f7a8b"


def _types(source) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in source.resources:
        if "LoadBalancing" in r.type:
            out[r.type] = out.get(r.type, 0) + 1
    return out


def _with_lambda_target(responses: dict, function_env: dict) -> dict:
    responses = copy.deepcopy(responses)
    responses["sagemaker:DescribeEndpoint"] = [{
        "EndpointName": "fraud-scorer", "EndpointArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/fraud-scorer",
        "EndpointConfigName": "fraud-scorer-config", "EndpointStatus": "InService",
        "CreationTime": "2026-04-01T10:00:00+00:00", "LastModifiedTime": "2026-04-01T10:10:00+00:00"}]
    responses["elbv2:DescribeTargetGroups"] = [{"TargetGroups": [
        {"TargetGroupArn": LAMBDA_GROUP, "TargetGroupName": "fraud-score-lambda", "HealthCheckEnabled": False,
         "HealthCheckIntervalSeconds": 35, "HealthCheckTimeoutSeconds": 30, "HealthyThresholdCount": 5,
         "UnhealthyThresholdCount": 2, "HealthCheckPath": "/", "Matcher": {"HttpCode": "200"},
         "LoadBalancerArns": [ALB], "TargetType": "lambda", "IpAddressType": "ipv4"},
        {"TargetGroupArn": f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/grpc/9f8e7d6c5b4a3928",
         "TargetGroupName": "grpc", "Protocol": "TCP", "Port": 9000, "VpcId": "vpc-0a1b2c3d4e5f60001",
         "LoadBalancerArns": [NLB], "TargetType": "instance", "IpAddressType": "ipv4"}]}]
    responses["elbv2:DescribeTargetHealth"] = [{"request": {"TargetGroupArn": LAMBDA_GROUP}, "response": {
        "TargetHealthDescriptions": [{"Target": {"Id": FUNCTION, "AvailabilityZone": "all"},
                                      "TargetHealth": {"State": "unavailable",
                                                       "Reason": "Target.HealthCheckDisabled"}}]}}]
    responses["lambda:GetFunctionConfiguration"] = [{"request": {"FunctionName": FUNCTION}, "response": {
        "FunctionName": "fraud-score-proxy", "FunctionArn": FUNCTION, "Runtime": "python3.12",
        "Role": f"arn:aws:iam::{ACCOUNT}:role/fraud-score-proxy", "Handler": "app.handler",
        "Environment": {"Variables": function_env}}}]
    return responses


def test_every_load_balancer_and_listener_with_the_whole_account():
    source = collect(fixture("MLS710", "pass"))
    assert _types(source) == {"AWS::ElasticLoadBalancingV2::LoadBalancer": 2,
                              "AWS::ElasticLoadBalancingV2::Listener": 4, "AWS::ElasticLoadBalancing::LoadBalancer": 1}
    alb = next(r for r in source.resources if r.id == ALB)
    assert alb.props["Type"] == "application" and alb.props["Subnets"] == ["subnet-0a1b2c3d4e5f60101",
                                                                           "subnet-0a1b2c3d4e5f60102"]
    assert alb.metadata["tags"] == {"Name": "ml-inference-alb", "team": "ml-platform"}
    classic = next(r for r in source.resources if r.type == "AWS::ElasticLoadBalancing::LoadBalancer")
    assert [(item["Protocol"], item["LoadBalancerPort"]) for item in classic.props["Listeners"]] == \
        [("HTTPS", 443), ("SSL", 8443)]


def test_ml_scope_keeps_load_balancers_whose_lambda_targets_reach_sagemaker():
    responses = _with_lambda_target(fixture("MLS710", "pass"), {"ENDPOINT_NAME": "fraud-scorer"})
    source = collect(responses, everything=False)
    balancers = [r.id for r in source.resources if r.type == "AWS::ElasticLoadBalancingV2::LoadBalancer"]
    listeners = {r.props["LoadBalancerArn"] for r in source.resources
                 if r.type == "AWS::ElasticLoadBalancingV2::Listener"}
    assert balancers == [ALB] and listeners == {ALB}
    assert "AWS::ElasticLoadBalancing::LoadBalancer" not in _types(source)  # instances only: never in the ML scope
    unrelated = _with_lambda_target(fixture("MLS710", "pass"), {"TABLE": "orders"})
    assert "AWS::ElasticLoadBalancingV2::LoadBalancer" not in _types(collect(unrelated, everything=False))


def test_unreadable_listeners_are_unknown():
    responses = fixture("MLS710", "fail")
    responses["elbv2:DescribeListeners"] = [{"request": {"LoadBalancerArn": ALB},
                                             "error": {"Code": "AccessDenied", "HTTPStatusCode": 403}}]
    source = collect(responses)
    assert any("DescribeListeners was denied" in e.message for e in source.errors)
    found = verdicts("MLS710", source)
    assert found["*"][0] == "unknown"


def test_scanner_policy_names_load_balancing_actions():
    actions = scanner_policy()["Statement"][0]["Action"]
    assert {"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeListeners",
            "elasticloadbalancing:DescribeTags", "elasticloadbalancing:DescribeTargetHealth"} <= set(actions)
    assert not [a for a in actions if a.startswith(("elbv2:", "elb:"))]
