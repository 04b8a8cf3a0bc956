# Network ids written as literals, and a subnet that already exists in state
# (terraform.tfstate beside this file): its id is known at plan time, so the
# notebook's subnet_id is a known value that still references aws_subnet.a.

resource "aws_subnet" "a" {
  vpc_id            = "vpc-0123456789abcdef0"
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_sagemaker_notebook_instance" "literal" {
  name                   = "literal-net"
  role_arn               = "arn:aws:iam::123456789012:role/existing-sagemaker-role"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0123456789abcdef0"
  security_groups        = ["sg-0123456789abcdef0"]
  kms_key_id             = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  direct_internet_access = "Disabled"
}

resource "aws_sagemaker_notebook_instance" "in_existing" {
  name            = "existing-net"
  role_arn        = "arn:aws:iam::123456789012:role/existing-sagemaker-role"
  instance_type   = "ml.t3.medium"
  subnet_id       = aws_subnet.a.id
  security_groups = ["sg-0123456789abcdef0"]
}
