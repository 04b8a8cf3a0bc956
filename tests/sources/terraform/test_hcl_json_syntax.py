"""Configuration in JSON syntax (*.tf.json)."""

from mlsec.model.props import Ref

JSON_MAIN = """{
  "//": "a JSON configuration",
  "variable": {
    "n": {"type": "number", "default": "2"},
    "names": {"type": "list(string)", "default": ["a", "b"]}
  },
  "locals": {"prefix": "ml-${var.names[0]}"},
  "resource": {
    "aws_subnet": {
      "s": {"count": "${var.n}", "cidr_block": "10.0.${count.index}.0/24", "tags": {"Name": "${local.prefix}"}}
    },
    "aws_sagemaker_notebook_instance": {
      "nb": {
        "subnet_id": "${aws_subnet.s[0].id}",
        "path": "a\\/b",
        "instance_metadata_service_configuration": {"minimum_instance_metadata_service_version": "2"},
        "lifecycle": {"ignore_changes": ["tags"]}
      }
    }
  },
  "module": {"m": {"source": "./mod", "x": "${local.prefix}"}}
}
"""


def test_json_configuration_is_evaluated_like_hcl(tf):
    loaded = tf({
        "main.tf.json": JSON_MAIN,
        "mod/main.tf": 'variable "x" {}\nresource "aws_s3_bucket" "b" { bucket = var.x }\n',
    })
    assert loaded.errors == []
    assert loaded.ids == ["aws_sagemaker_notebook_instance.nb", "aws_subnet.s[0]", "aws_subnet.s[1]",
                          "module.m.aws_s3_bucket.b"]
    assert loaded.props("aws_subnet.s[1]") == {"cidr_block": "10.0.1.0/24", "tags": {"Name": "ml-a"}}
    nb = loaded["aws_sagemaker_notebook_instance.nb"]
    assert nb.line == 13
    assert nb.props == {
        "subnet_id": Ref("aws_subnet.s[0]", "id"),
        "path": "a/b",
        "instance_metadata_service_configuration": [{"minimum_instance_metadata_service_version": "2"}],
    }
    assert nb.props.key_lines == {"subnet_id": 14, "path": 15, "instance_metadata_service_configuration": 16}
    assert loaded.props("module.m.aws_s3_bucket.b") == {"bucket": "ml-a"}


def test_invalid_json_is_reported_with_line(tf):
    loaded = tf({
        "main.tf.json": '{\n  "resource": {\n    "aws_x": {"a": {,}}\n  }\n}\n',
        "other.tf": 'resource "aws_s3_bucket" "ok" {}\n',
    })
    assert loaded.ids == ["aws_s3_bucket.ok"]
    assert [(e.kind, e.line) for e in loaded.errors] == [("parse", 3)]
    assert loaded.errors[0].message.startswith("invalid JSON: ")
