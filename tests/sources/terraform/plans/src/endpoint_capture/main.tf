# An endpoint configuration whose storage key and data-capture key are both
# created in the same apply, with two capture options and two variants.

resource "aws_kms_key" "endpoint" {
  description = "endpoint storage key"
}

resource "aws_kms_key" "capture" {
  description = "data capture key"
}

resource "aws_s3_bucket" "models" {
  bucket = "acme-ml-models"
}

resource "aws_s3_bucket" "capture" {
  bucket = "acme-ml-capture"
}

resource "aws_security_group" "model" {
  name   = "model"
  vpc_id = "vpc-0123456789abcdef0"

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/16"]
  }
}

resource "aws_security_group" "extra" {
  name   = "extra"
  vpc_id = "vpc-0123456789abcdef0"
}

resource "aws_sagemaker_model" "m" {
  name               = "fraud-model"
  execution_role_arn = "arn:aws:iam::123456789012:role/existing-sagemaker-role"

  primary_container {
    image          = "123456789012.dkr.ecr.us-east-1.amazonaws.com/fraud:1"
    model_data_url = "s3://${aws_s3_bucket.models.bucket}/fraud/model.tar.gz"
  }

  vpc_config {
    subnets            = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]
    security_group_ids = [aws_security_group.model.id, aws_security_group.extra.id]
  }
}

resource "aws_sagemaker_endpoint_configuration" "ec" {
  name        = "fraud"
  kms_key_arn = aws_kms_key.endpoint.arn

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.m.name
    initial_instance_count = 2
    instance_type          = "ml.m5.large"
  }

  production_variants {
    variant_name = "serverless"
    model_name   = aws_sagemaker_model.m.name

    serverless_config {
      max_concurrency   = 5
      memory_size_in_mb = 2048
    }
  }

  data_capture_config {
    initial_sampling_percentage = 50
    destination_s3_uri          = "s3://${aws_s3_bucket.capture.bucket}/capture"
    kms_key_id                  = aws_kms_key.capture.arn

    capture_options {
      capture_mode = "Input"
    }

    capture_options {
      capture_mode = "Output"
    }
  }
}
