# Child modules with count and for_each, a module output that points at a
# key, and a module variable fed from a root-level key.

module "keys" {
  source    = "./modules/keys"
  key_count = 2
}

module "team" {
  source   = "./modules/team"
  for_each = toset(["alpha", "beta"])

  team         = each.key
  notebook_key = module.keys.primary_arn
}

resource "aws_kms_key" "logs" {
  count       = 2
  description = "log key ${count.index}"
}

resource "aws_cloudwatch_log_group" "root" {
  count             = 2
  name              = "/aws/sagemaker/root-${count.index}"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.logs[count.index].arn
}

resource "aws_cloudwatch_log_group" "first" {
  name       = "/aws/sagemaker/first"
  kms_key_id = aws_kms_key.logs[0].arn
}
