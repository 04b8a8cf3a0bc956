"""Resource scope, bounding conditions, public resource policies and effective
permissions, on small documents."""

from __future__ import annotations

import time

import pytest

from mlsec.iam.conditions import bounding_clauses, is_bounded, key_is_listed
from mlsec.iam.public import is_public
from mlsec.iam.resources import is_broad, statement_scope
from mlsec.iam.statements import parse_statements
from mlsec.model.props import Ref, Unknown


def one(**statement):
    return parse_statements({"Statement": [{"Effect": "Allow", **statement}]})[0]


@pytest.mark.parametrize("resource,broad", [
    ("*", True), ("arn:aws:s3:::*", True), ("arn:aws:s3:::*/*", True), ("arn:aws:s3:::ml-data/*", False),
    ("arn:aws:iam::123456789012:role/*", True), ("arn:aws:iam::123456789012:role/sagemaker/*", False),
    ("arn:aws:iam::*:role/training", True), ("arn:aws:iam::${AWS::AccountId}:role/*", True),
    ("arn:aws:sagemaker:eu-west-1:123456789012:training-job/fraud-*", False),
    ("${aws_s3_bucket.data.arn}/*", False), (Ref("DataBucket", "Arn"), False), (Unknown("no value"), None),
])
def test_broad_resources(resource, broad):
    assert is_broad(resource) is broad


def test_not_resource_is_broad_and_missing_resource_is_unreadable():
    assert statement_scope(one(Action="s3:*", NotResource="arn:aws:s3:::logs/*"))[0] is True
    assert statement_scope(one(Action="s3:*"))[0] is None


def test_bounding_conditions():
    assert is_bounded(one(Action="*", Resource="*", Condition={"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}))
    assert not is_bounded(one(Action="*", Resource="*", Condition={"StringNotEquals": {"aws:SourceVpc": "vpc-1"}}))
    # a request may omit the key: IfExists and ForAllValues pass it, unless Null false demands it
    assert not is_bounded(one(Action="*", Resource="*",
                              Condition={"StringEqualsIfExists": {"sagemaker:RootAccess": "Disabled"}}))
    assert not is_bounded(one(Action="*", Resource="*",
                              Condition={"ForAllValues:StringEquals": {"sagemaker:VpcSubnets": ["subnet-1"]}}))
    assert is_bounded(one(Action="*", Resource="*",
                          Condition={"ForAllValues:StringEquals": {"sagemaker:VpcSubnets": ["subnet-1"]},
                                     "Null": {"sagemaker:VpcSubnets": "false"}}))
    assert not bounding_clauses(one(Action="*", Resource="*", Condition={"Null": {"sagemaker:VpcSubnets": "false"}}))
    assert not key_is_listed("sagemaker:LifecycleConfigName")  # not a SAR key: guards nothing


def test_public_resource_policy_corrections():
    assert is_public(one(Principal="*", Action="kms:Decrypt", Resource="*"))
    # a positive organization pin wins over a wide source IP (policyuniverse issue 150)
    assert not is_public(one(Principal="*", Action="kms:Decrypt", Resource="*", Condition={
        "StringEquals": {"aws:PrincipalOrgID": "o-abc"}, "IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}))
    assert is_public(one(Principal={"CanonicalUser": "*"}, Action="s3:GetObject", Resource="*"))
    assert is_public(one(NotPrincipal={"AWS": "arn:aws:iam::123456789012:root"}, Action="kms:*", Resource="*"))
    assert not is_public(one(Principal={"AWS": "arn:aws:iam::123456789012:root"}, Action="kms:*", Resource="*"))
    assert is_public(one(Principal={"AWS": Unknown("no value")}, Action="kms:*", Resource="*")) is None


def test_fifty_statement_policy_is_analysed_quickly(tmp_path):
    """All IAM rules on one 50-statement policy with wildcards: ~10-15 ms on the reference
    machine; the bound leaves room for slower CI machines."""
    from mlsec.engine.registry import load_rules
    from mlsec.engine.runner import run_rules
    from mlsec.engine.scan import build_models, read_document
    from mlsec.engine.settings import Settings
    from mlsec.model.graph import Graph
    from mlsec.sources.base import SourceOptions

    actions = ["s3:Get*", "sagemaker:Create*", "iam:PassRole", "kms:Decrypt", "logs:*", "sagemaker:*", "*",
               "secretsmanager:GetSecretValue", "ec2:Describe*", "lambda:Invoke*"]
    resources = ["*", "arn:aws:s3:::ml-data/*", "arn:aws:iam::123456789012:role/*"]
    lines = ["Resources:", "  Big:", "    Type: AWS::IAM::ManagedPolicy", "    Properties:",
             "      PolicyDocument:", "        Statement:"]
    for i in range(50):
        lines += [f"          - Sid: S{i}", f"            Effect: {'Deny' if i % 6 == 0 else 'Allow'}",
                  f"            {'NotAction' if i % 7 == 0 else 'Action'}: [\"{actions[i % 10]}\", "
                  f"\"{actions[(i * 3) % 10]}\"]", f"            Resource: \"{resources[i % 3]}\""]
        if i % 5 == 0:
            lines.append("            Condition: {StringEquals: {aws:RequestedRegion: eu-west-1}}")
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n")
    rules = [r for r in load_rules() if r.id.startswith("MLS4")]
    source = read_document(str(path), SourceOptions())
    run_rules(rules, Graph(build_models(source.resources)), Settings())  # loads the shipped data once
    timings = []
    for _ in range(3):
        graph = Graph(build_models(source.resources))
        start = time.perf_counter()
        findings = run_rules(rules, graph, Settings())
        timings.append(time.perf_counter() - start)
    assert findings and min(timings) < 0.06, timings
