# A small SageMaker deployment: the realistic-module test and the HCL timing script read it.
variable "name" {
  type    = string
  default = "churn"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "instance_type" {
  type    = string
  default = "ml.m5.xlarge"
}

variable "azs" {
  type    = list(string)
  default = ["eu-west-1a", "eu-west-1b"]
}

locals {
  prefix = "${var.name}-${var.environment}"
  tags = {
    Project     = var.name
    Environment = var.environment
  }
  subnet_cidrs = [for i, az in var.azs : "10.0.${i + 1}.0/24"]
}

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

resource "aws_kms_key" "ml" {
  description         = "${local.prefix} data key"
  enable_key_rotation = true
  tags                = local.tags
}

resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags                 = merge(local.tags, { Name = "${local.prefix}-vpc" })
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = local.subnet_cidrs[count.index]
  availability_zone = var.azs[count.index]
  tags              = local.tags
}

resource "aws_security_group" "nb" {
  name   = "${local.prefix}-nb"
  vpc_id = aws_vpc.main.id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_endpoint" "sm" {
  for_each          = toset(["sagemaker.api", "sagemaker.runtime"])
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.${each.key}"
  vpc_endpoint_type = "Interface"
  subnet_ids        = aws_subnet.private[*].id
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "sm" {
  name               = "${local.prefix}-sagemaker"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "sm" {
  role = aws_iam_role.sm.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject"]
      Resource = "${aws_s3_bucket.data.arn}/*"
    }]
  })
}

resource "aws_s3_bucket" "data" {
  bucket = "${local.prefix}-${data.aws_caller_identity.current.account_id}"
  tags   = local.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.ml.arn
    }
  }
}

# mlsec:ignore MLS002 root needed for conda envs until 2026-12-31
resource "aws_sagemaker_notebook_instance" "nb" {
  name                   = "${local.prefix}-nb"
  role_arn               = aws_iam_role.sm.arn
  instance_type          = "ml.t3.medium"
  subnet_id              = aws_subnet.private[0].id
  security_groups        = [aws_security_group.nb.id]
  kms_key_id             = aws_kms_key.ml.arn
  direct_internet_access = "Disabled"
  root_access            = "Enabled"
  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
  tags = local.tags
}

resource "aws_sagemaker_model" "m" {
  name               = "${local.prefix}-model"
  execution_role_arn = aws_iam_role.sm.arn
  enable_network_isolation = true
  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/churn:latest"
    model_data_url = "s3://${aws_s3_bucket.data.bucket}/model.tar.gz"
  }
  vpc_config {
    subnets            = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.nb.id]
  }
}

resource "aws_sagemaker_endpoint_configuration" "ec" {
  name        = "${local.prefix}-ec"
  kms_key_arn = aws_kms_key.ml.arn
  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.m.name
    initial_instance_count = var.environment == "prod" ? 2 : 1
    instance_type          = var.instance_type
  }
  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://${aws_s3_bucket.data.bucket}/capture"
    capture_options {
      capture_mode = "Input"
    }
    capture_options {
      capture_mode = "Output"
    }
  }
}

resource "aws_sagemaker_endpoint" "ep" {
  name                 = "${local.prefix}-ep"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.ec.name
  tags                 = local.tags
}
