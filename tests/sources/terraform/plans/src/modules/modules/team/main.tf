variable "team" {
  type = string
}

variable "notebook_key" {
  type = string
}

resource "aws_kms_key" "team" {
  description = "${var.team} data key"
}

resource "aws_s3_bucket" "data" {
  for_each = toset(["raw", "curated"])
  bucket   = "acme-${var.team}-${each.key}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  for_each = aws_s3_bucket.data
  bucket   = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.team.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_iam_role" "nb" {
  name = "${var.team}-notebook"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
    }]
  })
}

resource "aws_sagemaker_notebook_instance" "nb" {
  name          = "${var.team}-notebook"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  kms_key_id    = var.notebook_key
}

module "logs" {
  source = "../logs"
  name   = "/aws/sagemaker/${var.team}"
  key    = aws_kms_key.team.arn
}
