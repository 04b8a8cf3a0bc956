data "aws_caller_identity" "current" {}

locals {
  name        = "fraud-scoring"
  is_prod     = var.environment == "prod"
  bucket_name = "${local.name}-data-${data.aws_caller_identity.current.account_id}"
}

resource "aws_kms_key" "platform" {
  description         = "fraud-scoring data, volumes and logs"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "data" {
  bucket = local.bucket_name
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.platform.arn
    }
    bucket_key_enabled = true
  }
}

data "aws_iam_policy_document" "data_bucket" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = data.aws_iam_policy_document.data_bucket.json
}

resource "aws_iam_role" "execution" {
  name = "${local.name}-execution"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}

resource "aws_iam_role_policy" "execution" {
  name = "scoped-data-access"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "${aws_s3_bucket.data.arn}/*" },
      { Effect = "Allow", Action = ["kms:Decrypt", "kms:GenerateDataKey"], Resource = aws_kms_key.platform.arn },
    ]
  })
}

resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "${local.name}-research"
  instance_type          = "ml.t3.medium"
  role_arn               = aws_iam_role.execution.arn
  subnet_id              = aws_subnet.private[0].id
  security_groups        = [aws_security_group.workload.id]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  kms_key_id             = aws_kms_key.platform.arn
  platform_identifier    = "notebook-al2023-v1"

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}

resource "aws_sagemaker_model" "scoring" {
  name                     = local.name
  execution_role_arn       = aws_iam_role.execution.arn
  enable_network_isolation = true

  primary_container {
    image          = var.model_image
    model_data_url = "s3://${aws_s3_bucket.data.bucket}/models/fraud/model.tar.gz"
  }

  vpc_config {
    subnets            = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.workload.id]
  }
}

resource "aws_sagemaker_endpoint_configuration" "scoring" {
  name        = "${local.name}-v1"
  kms_key_arn = aws_kms_key.platform.arn

  production_variants {
    variant_name           = "AllTraffic"
    model_name             = aws_sagemaker_model.scoring.name
    instance_type          = "ml.m5.xlarge"
    initial_instance_count = local.is_prod ? 3 : 2
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://${aws_s3_bucket.data.bucket}/capture"
    kms_key_id                  = aws_kms_key.platform.arn

    capture_options {
      capture_mode = "Input"
    }
    capture_options {
      capture_mode = "Output"
    }
  }
}

resource "aws_sagemaker_endpoint" "scoring" {
  name                 = local.name
  endpoint_config_name = aws_sagemaker_endpoint_configuration.scoring.name

  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "CANARY"
        wait_interval_in_seconds = 600
        canary_size {
          type  = "CAPACITY_PERCENT"
          value = 10
        }
      }
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = aws_cloudwatch_metric_alarm.scoring_errors.alarm_name
      }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "scoring_errors" {
  alarm_name          = "${local.name}-5xx"
  alarm_description   = "5xx errors of the fraud-scoring endpoint"
  namespace           = "AWS/SageMaker"
  metric_name         = "Invocation5XXErrors"
  dimensions          = { EndpointName = local.name, VariantName = "AllTraffic" }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
}

resource "aws_sagemaker_data_quality_job_definition" "scoring" {
  name     = "${local.name}-data-quality"
  role_arn = aws_iam_role.execution.arn
  data_quality_app_specification {
    image_uri = "156813124566.dkr.ecr.us-east-1.amazonaws.com/sagemaker-model-monitor-analyzer"
  }
  data_quality_job_input {
    endpoint_input {
      endpoint_name = aws_sagemaker_endpoint.scoring.name
    }
  }
  data_quality_job_output_config {
    kms_key_id = aws_kms_key.platform.arn
    monitoring_outputs {
      s3_output {
        s3_uri = "s3://${aws_s3_bucket.data.bucket}/monitoring/data-quality"
      }
    }
  }
  job_resources {
    cluster_config {
      instance_count    = 1
      instance_type     = "ml.m5.xlarge"
      volume_size_in_gb = 20
      volume_kms_key_id = aws_kms_key.platform.arn
    }
  }
  network_config {
    enable_network_isolation                  = true
    enable_inter_container_traffic_encryption = true
    vpc_config {
      subnets            = aws_subnet.private[*].id
      security_group_ids = [aws_security_group.workload.id]
    }
  }
}

resource "aws_sagemaker_monitoring_schedule" "scoring" {
  name = "${local.name}-data-quality"
  monitoring_schedule_config {
    monitoring_job_definition_name = aws_sagemaker_data_quality_job_definition.scoring.name
    monitoring_type                = "DataQuality"
    schedule_config {
      schedule_expression = "cron(0 * ? * * *)"
    }
  }
}

resource "aws_cloudtrail" "audit" {
  name                       = "audit"
  s3_bucket_name             = "audit-trail-${data.aws_caller_identity.current.account_id}"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.platform.arn
}
