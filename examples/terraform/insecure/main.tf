# Fraud-scoring ML platform as first shipped: it works, and nothing is locked down.
variable "notebook_kms_key_id" {
  description = "optional key for the notebook volume"
  type        = string
  default     = null
}

variable "endpoint_instance_count" {
  type    = number
  default = 1
}

resource "aws_vpc" "ml" {
  cidr_block = "10.30.0.0/16"
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.ml.id
  cidr_block              = "10.30.1.0/24"
  map_public_ip_on_launch = true
}

resource "aws_security_group" "open" {
  name   = "debug-open"
  vpc_id = aws_vpc.ml.id
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "fraud-scoring-data-insecure"
}

resource "aws_iam_role" "execution" {
  name = "fraud-scoring-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = [
    "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
  ]
}

resource "aws_sagemaker_notebook_instance" "research" {
  name          = "fraud-research"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.execution.arn
  kms_key_id    = var.notebook_kms_key_id
}

resource "aws_sagemaker_model" "scoring" {
  name               = "fraud-scoring"
  execution_role_arn = aws_iam_role.execution.arn
  primary_container {
    image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/fraud-scoring:latest"
    model_data_url = "s3://${aws_s3_bucket.data.bucket}/models/fraud/model.tar.gz"
  }
}

resource "aws_sagemaker_model" "batch" {
  name               = "fraud-batch"
  execution_role_arn = aws_iam_role.execution.arn
  primary_container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/fraud-scoring:latest"
  }
  vpc_config {
    subnets            = [aws_subnet.public.id]
    security_group_ids = [aws_security_group.open.id]
  }
}

resource "aws_sagemaker_endpoint_configuration" "scoring" {
  name = "fraud-scoring-v1"
  production_variants {
    variant_name           = "AllTraffic"
    model_name             = aws_sagemaker_model.scoring.name
    instance_type          = "ml.m5.large"
    initial_instance_count = var.endpoint_instance_count
  }
  data_capture_config {
    initial_sampling_percentage = 100
    destination_s3_uri          = "s3://${aws_s3_bucket.data.bucket}/capture"
    capture_options {
      capture_mode = "Input"
    }
  }
}

resource "aws_sagemaker_endpoint" "scoring" {
  name                 = "fraud-scoring"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.scoring.name
}

resource "aws_cloudtrail" "audit" {
  name           = "audit"
  s3_bucket_name = "audit-trail-logs-example"
}
