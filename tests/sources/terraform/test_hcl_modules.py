"""Modules: local sources with inputs, outputs and addresses; remote sources; cycles."""

from mlsec.model.props import Ref, Unknown

KEYS_MODULE = """
variable "alias" {}
variable "rotate" {
  type    = bool
  default = false
}
resource "aws_kms_key" "k" {
  description         = "key for ${var.alias}"
  enable_key_rotation = var.rotate
}
output "arn" {
  value = aws_kms_key.k.arn
}
output "alias" {
  value = upper(var.alias)
}
"""


def test_local_module_inputs_outputs_and_addresses(tf):
    loaded = tf({
        "main.tf": """
            module "keys" {
              source = "./modules/keys"
              alias  = "data"
              rotate = true
            }
            resource "aws_sagemaker_notebook_instance" "nb" {
              kms_key_id = module.keys.arn
              name       = module.keys.alias
            }
        """,
        "modules/keys/main.tf": KEYS_MODULE,
    })
    assert loaded.ids == ["aws_sagemaker_notebook_instance.nb", "module.keys.aws_kms_key.k"]
    key = loaded["module.keys.aws_kms_key.k"]
    assert key.props == {"description": "key for data", "enable_key_rotation": True}
    assert key.unit == str(tf.root)
    assert key.file == str(tf.root / "modules" / "keys" / "main.tf")
    assert key.line == 7
    assert key.metadata == {"comments": [], "module_source": "./modules/keys"}
    nb = loaded.props("aws_sagemaker_notebook_instance.nb")
    assert nb["kms_key_id"] == Ref("module.keys.aws_kms_key.k", "arn")
    assert nb["name"] == "DATA"
    assert str(tf.root / "modules" / "keys" / "main.tf") in loaded.result.files


def test_module_count_and_for_each_addresses(tf):
    loaded = tf({
        "main.tf": """
            module "counted" {
              source = "./modules/keys"
              count  = 2
              alias  = "c${count.index}"
            }
            module "named" {
              source   = "./modules/keys"
              for_each = { ml = true, logs = false }
              alias    = each.key
              rotate   = each.value
            }
            resource "aws_x" "user" {
              first  = module.counted[1].arn
              named  = module.named["ml"].arn
              all    = module.counted[*].alias
            }
        """,
        "modules/keys/main.tf": KEYS_MODULE,
    })
    assert loaded.ids == [
        "aws_x.user",
        "module.counted[0].aws_kms_key.k",
        "module.counted[1].aws_kms_key.k",
        'module.named["logs"].aws_kms_key.k',
        'module.named["ml"].aws_kms_key.k',
    ]
    assert loaded.props('module.named["ml"].aws_kms_key.k') == {"description": "key for ml",
                                                                  "enable_key_rotation": True}
    assert loaded.props("module.counted[1].aws_kms_key.k")["description"] == "key for c1"
    user = loaded.props("aws_x.user")
    assert user["first"] == Ref("module.counted[1].aws_kms_key.k", "arn")
    assert user["named"] == Ref('module.named["ml"].aws_kms_key.k', "arn")
    assert user["all"] == ["C0", "C1"]


def test_nested_modules_and_values_passed_down(tf):
    loaded = tf({
        "main.tf": """
            variable "env" { default = "prod" }
            module "outer" {
              source = "./outer"
              env    = var.env
            }
            output "x" { value = module.outer.bucket }
        """,
        "outer/main.tf": """
            variable "env" {}
            module "inner" {
              source = "../inner"
              name   = "b-${var.env}"
            }
            output "bucket" { value = module.inner.arn }
        """,
        "inner/main.tf": """
            variable "name" {}
            resource "aws_s3_bucket" "b" { bucket = var.name }
            output "arn" { value = aws_s3_bucket.b.arn }
        """,
    })
    assert loaded.ids == ["module.outer.module.inner.aws_s3_bucket.b"]
    bucket = loaded["module.outer.module.inner.aws_s3_bucket.b"]
    assert bucket.props == {"bucket": "b-prod"}
    assert bucket.metadata["module_source"] == "../inner"


def test_child_variable_without_value_is_unknown(tf):
    loaded = tf({
        "main.tf": 'module "keys" {\n  source = "./keys"\n}\n',
        "keys/main.tf": KEYS_MODULE,
    })
    description = loaded.props("module.keys.aws_kms_key.k")["description"]
    assert isinstance(description, Unknown)
    assert description.reason == "var.alias has no value (module keys does not set it and it has no default)"


def test_remote_module_outputs_are_unknown_without_error(tf):
    loaded = tf({"main.tf": """
        module "net" {
          source  = "terraform-aws-modules/vpc/aws"
          version = "5.0.0"
        }
        module "git" {
          source = "git::https://example.com/net.git"
        }
        resource "aws_sagemaker_notebook_instance" "nb" {
          subnet_id = module.net.private_subnets[0]
          other     = module.git.id
        }
    """})
    assert loaded.errors == []
    assert loaded.ids == ["aws_sagemaker_notebook_instance.nb"]
    props = loaded.props("aws_sagemaker_notebook_instance.nb")
    assert isinstance(props["subnet_id"], Unknown)
    assert props["subnet_id"].reason == (
        "output private_subnets of module net (remote source terraform-aws-modules/vpc/aws) is not scanned")
    assert props["other"].reason == (
        "output id of module git (remote source git::https://example.com/net.git) is not scanned")


def test_missing_local_module_is_reported(tf):
    loaded = tf({"main.tf": """
        module "gone" {
          source = "./nowhere"
        }
        resource "aws_x" "a" { v = module.gone.out }
    """})
    assert [(e.kind, e.line, e.message) for e in loaded.errors] == [
        ("read", 2, "module gone: source ./nowhere was not found")]
    assert loaded.props("aws_x.a")["v"].reason == (
        "output out of module gone (source ./nowhere was not found) is not scanned")


def test_module_cycle_is_reported_not_followed(tf):
    loaded = tf({
        "main.tf": 'module "a" {\n  source = "./a"\n}\n',
        "a/main.tf": 'module "b" {\n  source = "../b"\n}\nresource "aws_x" "in_a" {}\n',
        "b/main.tf": 'module "a" {\n  source = "../a"\n}\nresource "aws_x" "in_b" {}\n',
    })
    assert loaded.ids == ["module.a.aws_x.in_a", "module.a.module.b.aws_x.in_b"]
    assert [(e.kind, e.message) for e in loaded.errors] == [
        ("unsupported", "module a: source ../a includes itself")]


def test_unknown_module_count_marks_its_resources(tf):
    loaded = tf({
        "main.tf": """
            variable "on" { type = bool }
            module "keys" {
              source = "./keys"
              count  = var.on ? 1 : 0
              alias  = "x"
            }
        """,
        "keys/main.tf": KEYS_MODULE,
    })
    assert loaded.ids == ["module.keys[*].aws_kms_key.k"]
    key = loaded["module.keys[*].aws_kms_key.k"]
    assert key.condition.reason == "count of module.keys is 1 if var.on is true, 0 if var.on is false"


def test_module_for_each_over_filtered_map_with_optional_attributes(tf):
    loaded = tf({
        "main.tf": """
            variable "endpoints" {
              type = map(object({
                instance_type = string
                count         = optional(number, 1)
                enabled       = optional(bool, true)
                kms           = optional(string)
              }))
              default = {
                churn = { instance_type = "ml.m5.large", count = 2 }
                fraud = { instance_type = "ml.g5.xlarge", enabled = false }
              }
            }
            locals {
              enabled = { for k, v in var.endpoints : k => v if v.enabled }
            }
            module "ep" {
              source        = "./ep"
              for_each      = local.enabled
              name          = each.key
              instances     = each.value.count
              kms_key_arn   = each.value.kms
            }
            resource "aws_cloudwatch_metric_alarm" "errors" {
              for_each   = module.ep
              dimensions = { EndpointName = each.value.endpoint_name }
            }
        """,
        "ep/main.tf": """
            variable "name" { type = string }
            variable "instances" { default = 1 }
            variable "kms_key_arn" { default = null }
            resource "aws_kms_key" "k" {
              count = var.kms_key_arn == null ? 1 : 0
            }
            resource "aws_sagemaker_endpoint_configuration" "c" {
              kms_key_arn = coalesce(var.kms_key_arn, try(aws_kms_key.k[0].arn, null))
              production_variants {
                initial_instance_count = var.instances
              }
            }
            resource "aws_sagemaker_endpoint" "e" { name = var.name }
            output "endpoint_name" { value = aws_sagemaker_endpoint.e.name }
        """,
    })
    assert loaded.errors == []
    assert loaded.ids == [
        'aws_cloudwatch_metric_alarm.errors["churn"]',
        'module.ep["churn"].aws_kms_key.k[0]',
        'module.ep["churn"].aws_sagemaker_endpoint.e',
        'module.ep["churn"].aws_sagemaker_endpoint_configuration.c',
    ]
    assert loaded.props('module.ep["churn"].aws_sagemaker_endpoint_configuration.c') == {
        "kms_key_arn": Ref('module.ep["churn"].aws_kms_key.k[0]', "arn"),
        "production_variants": [{"initial_instance_count": 2}],
    }
    assert loaded.props('aws_cloudwatch_metric_alarm.errors["churn"]') == {
        "dimensions": {"EndpointName": Ref('module.ep["churn"].aws_sagemaker_endpoint.e', "name")}}
