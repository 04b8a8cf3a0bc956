variable "name" {
  type = string
}

variable "key" {
  type = string
}

resource "aws_cloudwatch_log_group" "lg" {
  name       = var.name
  kms_key_id = var.key
}
