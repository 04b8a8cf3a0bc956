#!/usr/bin/env python3
"""Generate a benchmark corpus: N CloudFormation stacks and N Terraform root modules.

Each stack is a small ML deployment (~10 resources: KMS key, VPC, subnets, S3 gateway
endpoint, bucket and policy, role, notebook, model, endpoint configuration, endpoint),
varied by index so that some are secure and some are not, with parameters, conditions,
intrinsics, variables, locals and references like real templates.

    python bench/generate_corpus.py OUT_DIR N
"""

from __future__ import annotations

import sys
from pathlib import Path

CFN = """AWSTemplateFormatVersion: "2010-09-09"
Description: ML stack {i}
Parameters:
  Environment:
    Type: String
    Default: {env}
  InstanceCount:
    Type: Number
    Default: {count}
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: {rotation}
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.{octet}.0.0/16
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.{octet}.1.0/24
      AvailabilityZone: !Select [0, !GetAZs ""]
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.{octet}.2.0/24
      AvailabilityZone: !Select [1, !GetAZs ""]
  S3Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      ServiceName: !Sub com.amazonaws.${{AWS::Region}}.s3
      RouteTableIds: [rtb-0123456789abcdef{hex}]
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub ml-stack-{i}-${{AWS::AccountId}}
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: "{action}"
            Resource: [!GetAtt Bucket.Arn, !Sub "${{Bucket.Arn}}/*"]
            Condition:
              Bool: {{"aws:SecureTransport": "false"}}
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {{Service: sagemaker.amazonaws.com}}
            Action: sts:AssumeRole
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: !GetAtt Role.Arn
      SubnetId: !Ref SubnetA
      DirectInternetAccess: {internet}
      RootAccess: {root}
      KmsKeyId: !If [IsProd, !Ref Key, !Ref "AWS::NoValue"]
  Model:
    Type: AWS::SageMaker::Model
    Properties:
      ExecutionRoleArn: !GetAtt Role.Arn
      EnableNetworkIsolation: {isolation}
      PrimaryContainer:
        Image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/model-{i}:1.0
      VpcConfig:
        Subnets: [!Ref SubnetA, !Ref SubnetB]
        SecurityGroupIds: [sg-0123456789abcdef0]
  EndpointConfig:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      KmsKeyId: !Ref Key
      ProductionVariants:
        - VariantName: AllTraffic
          ModelName: !GetAtt Model.ModelName
          InstanceType: {itype}
          InitialInstanceCount: !Ref InstanceCount
  Endpoint:
    Type: AWS::SageMaker::Endpoint
    Properties:
      EndpointConfigName: !GetAtt EndpointConfig.EndpointConfigName
"""

TF = """variable "environment" {{
  type    = string
  default = "{env}"
}}

variable "instance_count" {{
  type    = number
  default = {count}
}}

locals {{
  name    = "ml-stack-{i}"
  is_prod = var.environment == "prod"
}}

resource "aws_kms_key" "key" {{
  enable_key_rotation = {rotation}
}}

resource "aws_vpc" "vpc" {{
  cidr_block = "10.{octet}.0.0/16"
}}

resource "aws_subnet" "private" {{
  count             = 2
  vpc_id            = aws_vpc.vpc.id
  cidr_block        = "10.{octet}.${{count.index + 1}}.0/24"
  availability_zone = element(["us-east-1a", "us-east-1b"], count.index)
}}

resource "aws_vpc_endpoint" "s3" {{
  vpc_id          = aws_vpc.vpc.id
  service_name    = "com.amazonaws.us-east-1.s3"
  route_table_ids = ["rtb-0123456789abcdef{hex}"]
}}

resource "aws_s3_bucket" "data" {{
  bucket = "${{local.name}}-data"
}}

resource "aws_s3_bucket_policy" "data" {{
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({{
    Statement = [{{
      Effect    = "Deny"
      Principal = "*"
      Action    = "{action}"
      Resource  = [aws_s3_bucket.data.arn, "${{aws_s3_bucket.data.arn}}/*"]
      Condition = {{ Bool = {{ "aws:SecureTransport" = "false" }} }}
    }}]
  }})
}}

resource "aws_iam_role" "execution" {{
  name = "${{local.name}}-execution"
  assume_role_policy = jsonencode({{
    Statement = [{{ Effect = "Allow", Principal = {{ Service = "sagemaker.amazonaws.com" }}, Action = "sts:AssumeRole" }}]
  }})
}}

resource "aws_sagemaker_notebook_instance" "notebook" {{
  name                   = "${{local.name}}-nb"
  instance_type          = "ml.t3.medium"
  role_arn               = aws_iam_role.execution.arn
  subnet_id              = aws_subnet.private[0].id
  direct_internet_access = "{internet}"
  root_access            = "{root}"
  kms_key_id             = local.is_prod ? aws_kms_key.key.arn : null
}}

resource "aws_sagemaker_model" "model" {{
  name                     = local.name
  execution_role_arn       = aws_iam_role.execution.arn
  enable_network_isolation = {isolation}
  primary_container {{
    image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/model-{i}:1.0"
  }}
  vpc_config {{
    subnets            = aws_subnet.private[*].id
    security_group_ids = ["sg-0123456789abcdef0"]
  }}
}}

resource "aws_sagemaker_endpoint_configuration" "config" {{
  name        = "${{local.name}}-config"
  kms_key_arn = aws_kms_key.key.arn
  production_variants {{
    variant_name           = "AllTraffic"
    model_name             = aws_sagemaker_model.model.name
    instance_type          = "{itype}"
    initial_instance_count = var.instance_count
  }}
}}

resource "aws_sagemaker_endpoint" "endpoint" {{
  name                 = local.name
  endpoint_config_name = aws_sagemaker_endpoint_configuration.config.name
}}
"""


def values(i: int) -> dict:
    return {
        "i": i,
        "env": "prod" if i % 3 else "dev",
        "count": 1 + i % 3,
        "rotation": "true" if i % 2 else "false",
        "octet": i % 250,
        "hex": f"{i % 256:02x}",
        "action": "s3:*" if i % 4 else "s3:GetObject",
        "internet": "Disabled" if i % 5 else "Enabled",
        "root": "Disabled" if i % 2 else "Enabled",
        "isolation": "true" if i % 3 else "false",
        "itype": "ml.g5.xlarge" if i % 7 == 0 else "ml.m5.xlarge",
    }


def generate(out: Path, n: int) -> None:
    (out / "cloudformation").mkdir(parents=True, exist_ok=True)
    for i in range(n):
        v = values(i)
        (out / "cloudformation" / f"stack-{i:05d}.yaml").write_text(CFN.format(**v))
        module = out / "terraform" / f"stack-{i:05d}"
        module.mkdir(parents=True, exist_ok=True)
        (module / "main.tf").write_text(TF.format(**v))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    generate(Path(sys.argv[1]), int(sys.argv[2]))
