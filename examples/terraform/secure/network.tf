resource "aws_vpc" "ml" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.ml.id
  cidr_block        = cidrsubnet("10.20.0.0/16", 8, count.index + 1)
  availability_zone = var.azs[count.index]
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.ml.id
}

resource "aws_route_table_association" "private" {
  count          = length(var.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "workload" {
  name   = "fraud-scoring-workload"
  vpc_id = aws_vpc.ml.id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.ml.cidr_block]
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.ml.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
  policy            = local.endpoint_policy["aws:ResourceAccount"]
}

resource "aws_vpc_endpoint" "sagemaker" {
  for_each            = toset(["sagemaker.api", "sagemaker.runtime"])
  vpc_id              = aws_vpc.ml.id
  service_name        = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.workload.id]
  policy              = local.endpoint_policy["aws:PrincipalAccount"]
}

# Endpoint policies: only this account's principals (interface endpoints) or buckets (S3).
locals {
  endpoint_policy = {
    for key in ["aws:PrincipalAccount", "aws:ResourceAccount"] : key => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = "*"
        Action    = "*"
        Resource  = "*"
        Condition = { StringEquals = { (key) = data.aws_caller_identity.current.account_id } }
      }]
    })
  }
}
