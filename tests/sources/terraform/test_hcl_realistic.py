"""A realistic SageMaker module (data/ml_stack) evaluated end to end."""

import json
import os

from mlsec.model.props import Ref, RefStr
from mlsec.sources.base import SourceOptions
from mlsec.sources.terraform import load_module

STACK = os.path.join(os.path.dirname(__file__), "data", "ml_stack")


def test_ml_stack():
    result = load_module(STACK, SourceOptions(region="eu-west-1"))
    assert result.errors == []
    resources = {r.id: r for r in result.resources}
    assert sorted(resources) == [
        "aws_iam_role.sm",
        "aws_iam_role_policy.sm",
        "aws_kms_key.ml",
        "aws_s3_bucket.data",
        "aws_s3_bucket_server_side_encryption_configuration.data",
        "aws_sagemaker_endpoint.ep",
        "aws_sagemaker_endpoint_configuration.ec",
        "aws_sagemaker_model.m",
        "aws_sagemaker_notebook_instance.nb",
        "aws_security_group.nb",
        "aws_subnet.private[0]",
        "aws_subnet.private[1]",
        "aws_vpc.main",
        'aws_vpc_endpoint.sm["sagemaker.api"]',
        'aws_vpc_endpoint.sm["sagemaker.runtime"]',
    ]
    nb = resources["aws_sagemaker_notebook_instance.nb"]
    assert nb.line == 117
    assert nb.metadata["comments"] == [(116, "# mlsec:ignore MLS002 root needed for conda envs until 2026-12-31")]
    assert nb.props["subnet_id"] == Ref("aws_subnet.private[0]", "id")
    assert nb.props["kms_key_id"] == Ref("aws_kms_key.ml", "arn")
    assert nb.props["tags"] == {"Project": "churn", "Environment": "prod"}
    assert resources["aws_subnet.private[1]"].props["cidr_block"] == "10.0.2.0/24"
    assert resources['aws_vpc_endpoint.sm["sagemaker.api"]'].props["service_name"] == \
        "com.amazonaws.eu-west-1.sagemaker.api"
    assert resources["aws_sagemaker_model.m"].props["vpc_config"][0]["subnets"] == [
        Ref("aws_subnet.private[0]", "id"), Ref("aws_subnet.private[1]", "id")]
    variant = resources["aws_sagemaker_endpoint_configuration.ec"].props["production_variants"][0]
    assert variant["initial_instance_count"] == 2
    assume = json.loads(resources["aws_iam_role.sm"].props["assume_role_policy"])
    assert assume["Statement"][0]["Principal"] == {"Service": "sagemaker.amazonaws.com"}
    policy = resources["aws_iam_role_policy.sm"].props["policy"]
    assert isinstance(policy, RefStr)
    assert json.loads(policy)["Statement"][0]["Resource"] == "${aws_s3_bucket.data.arn}/*"
    bucket = resources["aws_s3_bucket.data"].props["bucket"]
    assert bucket == "churn-prod-${data.aws_caller_identity.current.account_id}"
