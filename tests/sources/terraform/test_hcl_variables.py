"""Variable values: defaults, tfvars files, --var-file, --var, TF_VAR_ and their precedence."""

from mlsec.model.props import Items, Unknown

MAIN = """
variable "name" {
  type    = string
  default = "from-default"
}
resource "aws_s3_bucket" "b" {
  bucket = var.name
}
"""


def bucket(loaded):
    return loaded.props("aws_s3_bucket.b")["bucket"]


def test_default_applies_without_other_values(tf):
    assert bucket(tf({"main.tf": MAIN})) == "from-default"


def test_environment_overrides_default(tf):
    assert bucket(tf({"main.tf": MAIN}, env={"TF_VAR_name": "from-env"})) == "from-env"


def test_terraform_tfvars_overrides_environment(tf):
    loaded = tf({"main.tf": MAIN, "terraform.tfvars": 'name = "from-tfvars"\n'}, env={"TF_VAR_name": "from-env"})
    assert bucket(loaded) == "from-tfvars"


def test_tfvars_json_overrides_tfvars(tf):
    loaded = tf({
        "main.tf": MAIN,
        "terraform.tfvars": 'name = "from-tfvars"\n',
        "terraform.tfvars.json": '{"name": "from-tfvars-json"}',
    })
    assert bucket(loaded) == "from-tfvars-json"


def test_auto_tfvars_override_terraform_tfvars_in_lexical_order(tf):
    loaded = tf({
        "main.tf": MAIN,
        "terraform.tfvars": 'name = "from-tfvars"\n',
        "b.auto.tfvars": 'name = "from-b-auto"\n',
        "a.auto.tfvars.json": '{"name": "from-a-auto"}',
    })
    assert bucket(loaded) == "from-b-auto"


def test_var_files_then_vars_override_automatic_files(tf, tmp_path):
    (tmp_path / "extra").mkdir()
    first = tmp_path / "extra" / "one.tfvars"
    second = tmp_path / "extra" / "two.tfvars.json"
    first.write_text('name = "from-var-file-1"\n')
    second.write_text('{"name": "from-var-file-2"}')
    files = {"main.tf": MAIN, "x.auto.tfvars": 'name = "from-auto"\n'}
    assert bucket(tf(files, tf_var_files=[str(first)])) == "from-var-file-1"
    assert bucket(tf(files, tf_var_files=[str(first), str(second)])) == "from-var-file-2"
    assert bucket(tf(files, tf_var_files=[str(first)], tf_vars={"name": "from-cli"})) == "from-cli"


def test_variable_without_any_value_is_unknown_with_reason(tf):
    loaded = tf({"main.tf": """
        variable "kms_key_id" {}
        resource "aws_sagemaker_notebook_instance" "nb" {
          kms_key_id = var.kms_key_id
        }
    """})
    value = loaded.props("aws_sagemaker_notebook_instance.nb")["kms_key_id"]
    assert isinstance(value, Unknown)
    assert value.reason == "var.kms_key_id has no value (no default, tfvars, -var or TF_VAR_)"
    assert value.expr == "var.kms_key_id"


def test_null_default_is_none(tf):
    loaded = tf({"main.tf": """
        variable "k" {
          default = null
        }
        resource "aws_x" "a" { kms_key_id = var.k }
    """})
    assert loaded.props("aws_x.a") == {"kms_key_id": None}


def test_cli_and_env_strings_are_converted_by_declared_type(tf):
    loaded = tf({"main.tf": """
        variable "count_n" { type = number }
        variable "flag" { type = bool }
        variable "subnets" { type = list(string) }
        variable "tags" { type = map(string) }
        variable "plain" {}
        resource "aws_x" "a" {
          n = var.count_n
          f = var.flag
          s = var.subnets
          t = var.tags
          p = var.plain
        }
    """}, env={"TF_VAR_subnets": '["subnet-1", "subnet-2"]'},
        tf_vars={"count_n": "3", "flag": "true", "tags": '{ team = "ml" }', "plain": "[1]"})
    props = loaded.props("aws_x.a")
    assert props["n"] == 3
    assert props["f"] is True
    assert props["s"] == ["subnet-1", "subnet-2"]
    assert isinstance(props["s"], Items)
    assert props["t"] == {"team": "ml"}
    assert props["p"] == "[1]"  # no type: the text stays a string


def test_type_conversion_of_defaults_and_optional_attributes(tf):
    loaded = tf({"main.tf": """
        variable "size" {
          type    = string
          default = 20
        }
        variable "cfg" {
          type = object({
            kms  = optional(string)
            size = optional(number, 30)
            name = string
          })
          default = { name = "x", extra = 1 }
        }
        variable "zones" {
          type    = set(string)
          default = ["b", "a", "b"]
        }
        resource "aws_x" "a" {
          size  = var.size
          cfg   = var.cfg
          zones = var.zones
        }
    """})
    props = loaded.props("aws_x.a")
    assert props["size"] == "20"
    assert props["cfg"] == {"kms": None, "size": 30, "name": "x"}
    assert props["zones"] == ["a", "b"]


def test_value_not_matching_type_is_unknown(tf):
    loaded = tf({"main.tf": """
        variable "n" { type = number }
        resource "aws_x" "a" { n = var.n }
    """}, tf_vars={"n": "many"})
    value = loaded.props("aws_x.a")["n"]
    assert isinstance(value, Unknown)
    assert value.reason == "var.n does not match its type: 'many' is not a number"


def test_undeclared_variable_reference_is_unknown(tf):
    loaded = tf({"main.tf": 'resource "aws_x" "a" { n = var.missing }\n'})
    value = loaded.props("aws_x.a")["n"]
    assert isinstance(value, Unknown)
    assert value.reason == "n cannot be evaluated: variable 'missing' is not declared"


def test_bad_tfvars_file_is_reported_and_others_still_apply(tf):
    loaded = tf({
        "main.tf": MAIN,
        "terraform.tfvars": 'name = \n',
        "z.auto.tfvars": 'other = 1\n',
    })
    assert bucket(loaded) == "from-default"
    assert [(e.file.rsplit("/", 1)[-1], e.kind) for e in loaded.errors] == [("terraform.tfvars", "parse")]
