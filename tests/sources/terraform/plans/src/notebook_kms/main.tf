# A notebook whose volume key is created in the same apply: kms_key_id is
# unknown in the plan, but the configuration shows it references aws_kms_key.nb.

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "nb" {
  name               = "research-notebook"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_kms_key" "nb" {
  description         = "notebook volume key"
  enable_key_rotation = true
}

resource "aws_kms_alias" "nb" {
  name          = "alias/research-notebook"
  target_key_id = aws_kms_key.nb.key_id
}

resource "aws_sagemaker_notebook_instance" "nb" {
  name                   = "research"
  role_arn               = aws_iam_role.nb.arn
  instance_type          = "ml.t3.medium"
  kms_key_id             = aws_kms_key.nb.arn
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
  volume_size            = 20

  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }

  tags = {
    team = "research"
  }
}

resource "aws_sagemaker_notebook_instance" "via_alias" {
  name          = "via-alias"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
  kms_key_id    = aws_kms_alias.nb.arn
}

# Nothing set: kms_key_id stays null, the provider fills its own defaults.
resource "aws_sagemaker_notebook_instance" "plain" {
  name          = "plain"
  role_arn      = aws_iam_role.nb.arn
  instance_type = "ml.t3.medium"
}

# This document mentions the new key's ARN, so Terraform can only read it
# during apply: it shows up in planned_values as a data resource.
data "aws_iam_policy_document" "key_use" {
  statement {
    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
    resources = [aws_kms_key.nb.arn]
  }
}

resource "aws_iam_role_policy" "key_use" {
  name   = "key-use"
  role   = aws_iam_role.nb.id
  policy = data.aws_iam_policy_document.key_use.json
}
