"""SAM templates, CDK synthesized output and nested stacks are read as they are."""

from __future__ import annotations

import json

from mlsec.model.props import Ref, RefStr, Unknown


def test_sam_template(load):
    result = load(
        """
        AWSTemplateFormatVersion: "2010-09-09"
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Timeout: 30
        Resources:
          Inference:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Runtime: python3.12
              Policies:
                - SageMakerInvokeEndpointPolicy: {EndpointName: !GetAtt Endpoint.EndpointName}
              Events:
                Api:
                  Type: Api
                  Properties: {Path: /predict, Method: post}
          Endpoint:
            Type: AWS::SageMaker::Endpoint
            Properties:
              EndpointConfigName: cfg
        """,
        name="sam/template.yaml",
    )
    assert result.errors == []
    assert [(r.id, r.type, r.line) for r in result.resources] == [
        ("Inference", "AWS::Serverless::Function", 7),
        ("Endpoint", "AWS::SageMaker::Endpoint", 18),
    ]
    policies = result.resources[0].props["Policies"]
    assert policies[0]["SageMakerInvokeEndpointPolicy"]["EndpointName"] == Ref("Endpoint", "EndpointName")


CDK = {
    "Resources": {
        "NotebookRoleA1B2C3": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Statement": [
                        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}}
                    ],
                    "Version": "2012-10-17",
                }
            },
            "Metadata": {"aws:cdk:path": "App/NotebookRole/Resource"},
        },
        "Notebook": {
            "Type": "AWS::SageMaker::NotebookInstance",
            "Properties": {
                "InstanceType": "ml.t3.medium",
                "RoleArn": {"Fn::GetAtt": ["NotebookRoleA1B2C3", "Arn"]},
                "SubnetId": {"Fn::ImportValue": "Network:ExportsOutputRefPrivateSubnet"},
                "Name": {"Fn::Join": ["", ["nb-", {"Ref": "AWS::Region"}]]},
            },
            "DependsOn": ["NotebookRoleA1B2C3"],
            "Metadata": {"aws:cdk:path": "App/Notebook"},
        },
        "CDKMetadata": {
            "Type": "AWS::CDK::Metadata",
            "Properties": {"Analytics": "v2:deflate64:H4sIAAAAAAAA"},
            "Metadata": {"aws:cdk:path": "App/CDKMetadata/Default"},
            "Condition": "CDKMetadataAvailable",
        },
    },
    "Conditions": {
        "CDKMetadataAvailable": {
            "Fn::Or": [
                {"Fn::Equals": [{"Ref": "AWS::Region"}, "af-south-1"]},
                {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
            ]
        }
    },
    "Parameters": {
        "BootstrapVersion": {
            "Type": "AWS::SSM::Parameter::Value<String>",
            "Default": "/cdk-bootstrap/hnb659fds/version",
        }
    },
    "Rules": {
        "CheckBootstrapVersion": {
            "Assertions": [
                {
                    "Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"], {"Ref": "BootstrapVersion"}]}]},
                    "AssertDescription": "CDK bootstrap stack version 6 required.",
                }
            ]
        }
    },
}


def test_cdk_synthesized_template(load):
    result = load(json.dumps(CDK, indent=1), name="cdk.out/App.template.json")
    assert result.errors == []
    by_id = {r.id: r for r in result.resources}
    assert list(by_id) == ["NotebookRoleA1B2C3", "Notebook", "CDKMetadata"]
    notebook = by_id["Notebook"]
    assert notebook.props["RoleArn"] == Ref("NotebookRoleA1B2C3", "Arn")
    assert notebook.props["SubnetId"] == Unknown(
        "Fn::ImportValue Network:ExportsOutputRefPrivateSubnet is resolved at deploy time"
    )
    assert isinstance(notebook.props["Name"], RefStr) and notebook.props["Name"] == "nb-${AWS::Region}"
    assert notebook.metadata == {"Metadata": {"aws:cdk:path": "App/Notebook"}, "DependsOn": ["NotebookRoleA1B2C3"]}
    assert by_id["CDKMetadata"].condition == Unknown(
        "resource exists only if condition CDKMetadataAvailable holds, which depends on AWS::Region (no value given)"
    )


def test_cdk_template_with_region(load):
    result = load(json.dumps(CDK), name="cdk.out/App.template.json", region="eu-west-1")
    assert [r.id for r in result.resources] == ["NotebookRoleA1B2C3", "Notebook"]
    assert all(r.region == "eu-west-1" for r in result.resources)


def test_nested_stack_resource_is_emitted(load):
    result = load(
        """
        Resources:
          Network:
            Type: AWS::CloudFormation::Stack
            DeletionPolicy: Retain
            Properties:
              TemplateURL: ./network.yaml
              Parameters: {Cidr: 10.0.0.0/16}
          Subnet:
            Type: AWS::EC2::Subnet
            Properties:
              VpcId: !GetAtt Network.Outputs.VpcId
        """
    )
    network, subnet = result.resources
    assert (network.type, network.props["TemplateURL"]) == ("AWS::CloudFormation::Stack", "./network.yaml")
    assert network.metadata == {"DeletionPolicy": "Retain"}
    assert subnet.props["VpcId"] == Ref("Network", "Outputs.VpcId")


def test_resource_fields(load, tmp_path):
    result = load("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n", name="dir/t.yaml")
    (bucket,) = result.resources
    path = str(tmp_path / "dir" / "t.yaml")
    assert (bucket.source, bucket.type, bucket.id, bucket.unit, bucket.file, bucket.line) == (
        "cloudformation", "AWS::S3::Bucket", "Bucket", path, path, 2
    )
    assert bucket.condition is None and bucket.metadata == {}
    assert result.files == [path]


def test_mlsec_comments_are_attached_to_their_resource(load):
    result = load(
        """
        Resources:
          # mlsec:ignore MLS001 reason="lab notebook"
          Notebook:
            Type: AWS::SageMaker::NotebookInstance
            Properties:
              DirectInternetAccess: Enabled  # mlsec:ignore MLS003
          Bucket:
            Type: AWS::S3::Bucket
        """
    )
    notebook, bucket = result.resources
    assert notebook.metadata["template_comments"] == [
        (2, 'mlsec:ignore MLS001 reason="lab notebook"'),
        (6, "mlsec:ignore MLS003"),
    ]
    assert "template_comments" not in bucket.metadata


def test_text_argument_is_used_instead_of_the_file(tmp_path):
    from mlsec.sources.base import SourceOptions
    from mlsec.sources.cloudformation import load_template

    path = str(tmp_path / "never-written.yaml")
    result = load_template(path, SourceOptions(), text=b"Resources:\n  Q: {Type: AWS::SQS::Queue}\n")
    assert [(r.id, r.file) for r in result.resources] == [("Q", path)]
