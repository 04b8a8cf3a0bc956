variable "key_count" {
  type = number
}

resource "aws_kms_key" "k" {
  count       = var.key_count
  description = "shared key ${count.index}"
}

output "primary_arn" {
  value = aws_kms_key.k[0].arn
}
