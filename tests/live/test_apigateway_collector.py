"""The API Gateway collector's mapping of live answers (MLS701-704)."""

from __future__ import annotations

import json

from mlsec.sources.aws.apigateway import domain_props, rest_api_policy
from tests.live.test_data_collectors import collect, fixture

POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                                                  "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc/*",
                                                  "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}]}


def test_rest_api_policy_is_unescaped():
    # GetRestApis answers the policy escaped once more, slashes included
    answered = json.dumps(json.dumps(POLICY, separators=(",", ":")))[1:-1].replace("/", "\\/")
    assert answered.startswith('{\\"Version\\"')
    assert json.loads(rest_api_policy(answered)) == POLICY
    plain = json.dumps(POLICY)
    assert rest_api_policy(plain) == plain and rest_api_policy(None) is None
    assert rest_api_policy('{\\"bad\\q') == '{\\"bad\\q'  # left for the policy reader to call unreadable


def test_domain_certificate_without_arn_was_uploaded():
    uploaded = domain_props({"domainName": "d.example.com", "certificateName": "imported",
                             "certificateUploadDate": "2024-01-01T00:00:00+00:00", "securityPolicy": "TLS_1_2"})
    assert uploaded["UploadedCertificateName"] == "imported"
    acm = domain_props({"domainName": "d.example.com", "certificateName": "d.example.com",
                        "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/x"})
    assert "UploadedCertificateName" not in acm


def test_methods_and_routes_carry_their_apis_tags():
    source = collect(fixture("MLS704", "fail"))
    tagged = {(r.type, r.metadata["tags"]["Name"]) for r in source.resources
              if r.type in ("AWS::ApiGateway::Method", "AWS::ApiGatewayV2::Route")}
    assert tagged == {("AWS::ApiGateway::Method", "bad-open-api"), ("AWS::ApiGateway::Method", "good-iam-api"),
                      ("AWS::ApiGatewayV2::Route", "bad-open-http-api")}
