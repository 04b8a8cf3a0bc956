"""Resources: addresses with count/for_each, blocks, dynamic blocks, lines, comments, files, errors."""

from mlsec.model.props import Items, Props, Ref, Unknown


def test_resource_fields_lines_and_blocks(tf):
    loaded = tf({"main.tf": """\
        # notebook for the churn team
        resource "aws_sagemaker_notebook_instance" "nb" {
          name          = "nb"
          instance_type = "ml.t3.medium"
          instance_metadata_service_configuration {
            minimum_instance_metadata_service_version = "2"
          }
          lifecycle {
            ignore_changes = [name]
          }
          depends_on = [aws_kms_key.k]
          provider   = aws.west
        }
        resource "google_storage_bucket" "g" { name = "other-cloud" }
    """})
    nb = loaded["aws_sagemaker_notebook_instance.nb"]
    assert (nb.source, nb.type, nb.unit, nb.line, nb.condition) == (
        "terraform", "aws_sagemaker_notebook_instance", str(tf.root), 2, None)
    assert nb.file == str(tf.root / "main.tf")
    assert nb.props == {
        "name": "nb",
        "instance_type": "ml.t3.medium",
        "instance_metadata_service_configuration": [{"minimum_instance_metadata_service_version": "2"}],
    }
    assert nb.props.line == 2
    assert nb.props.key_lines == {"name": 3, "instance_type": 4, "instance_metadata_service_configuration": 5}
    block = nb.props["instance_metadata_service_configuration"]
    assert isinstance(block, Items) and isinstance(block[0], Props)
    assert block[0].line == 5
    assert block[0].key_lines == {"minimum_instance_metadata_service_version": 6}
    assert loaded["google_storage_bucket.g"].props == {"name": "other-cloud"}


def test_repeated_blocks_form_one_list(tf):
    loaded = tf({"main.tf": """
        resource "aws_security_group" "sg" {
          ingress { from_port = 22 }
          egress  { from_port = 0 }
          ingress { from_port = 443 }
          tags_block {}
        }
    """})
    props = loaded.props("aws_security_group.sg")
    assert props == {"ingress": [{"from_port": 22}, {"from_port": 443}], "egress": [{"from_port": 0}],
                     "tags_block": [{}]}


def test_count_addresses_and_index(tf):
    loaded = tf({"main.tf": """
        resource "aws_subnet" "a" {
          count      = 2
          cidr_block = "10.0.${count.index}.0/24"
        }
        resource "aws_subnet" "none" {
          count = 0
        }
    """})
    assert loaded.ids == ["aws_subnet.a[0]", "aws_subnet.a[1]"]
    assert loaded.props("aws_subnet.a[1]") == {"cidr_block": "10.0.1.0/24"}


def test_for_each_over_map_and_set(tf):
    loaded = tf({"main.tf": """
        resource "aws_s3_bucket" "m" {
          for_each = { logs = "l-bucket", data = "d-bucket" }
          bucket   = "${each.key}:${each.value}"
        }
        resource "aws_s3_bucket" "s" {
          for_each = toset(["b", "a"])
          bucket   = each.value
        }
    """})
    assert loaded.ids == ['aws_s3_bucket.m["data"]', 'aws_s3_bucket.m["logs"]',
                          'aws_s3_bucket.s["a"]', 'aws_s3_bucket.s["b"]']
    assert loaded.props('aws_s3_bucket.m["logs"]') == {"bucket": "logs:l-bucket"}
    assert loaded.props('aws_s3_bucket.s["b"]') == {"bucket": "b"}


def test_unknown_count_emits_one_conditional_instance(tf):
    loaded = tf({"main.tf": """
        variable "enabled" { type = bool }
        variable "n" { type = number }
        resource "aws_cloudtrail" "t" {
          count = var.enabled ? 1 : 0
          name  = "trail-${count.index}"
        }
        resource "aws_subnet" "s" {
          count = var.n
          name  = "s-${count.index}"
        }
        resource "aws_x" "user" {
          trail   = aws_cloudtrail.t[0].arn
          subnets = aws_subnet.s[*].id
        }
    """})
    assert loaded.ids == ["aws_cloudtrail.t[*]", "aws_subnet.s[*]", "aws_x.user"]
    trail = loaded["aws_cloudtrail.t[*]"]
    assert isinstance(trail.condition, Unknown)
    assert trail.condition.reason == "count of aws_cloudtrail.t is 1 if var.enabled is true, 0 if var.enabled is false"
    assert trail.props == {"name": "trail-0"}  # at most one instance: its index is 0
    subnet = loaded["aws_subnet.s[*]"]
    assert subnet.condition.reason == (
        "count of aws_subnet.s is not known: var.n has no value (no default, tfvars, -var or TF_VAR_)")
    assert isinstance(subnet.props["name"], Unknown)
    user = loaded.props("aws_x.user")
    assert user["trail"] == Ref("aws_cloudtrail.t[*]", "arn")
    assert isinstance(user["subnets"], Unknown)


def test_unknown_for_each_emits_one_conditional_instance(tf):
    loaded = tf({"main.tf": """
        variable "buckets" { type = set(string) }
        resource "aws_s3_bucket" "b" {
          for_each = var.buckets
          bucket   = each.key
        }
    """})
    assert loaded.ids == ["aws_s3_bucket.b[*]"]
    bucket = loaded["aws_s3_bucket.b[*]"]
    assert bucket.condition.reason == (
        "for_each of aws_s3_bucket.b is not known: var.buckets has no value (no default, tfvars, -var or TF_VAR_)")
    assert isinstance(bucket.props["bucket"], Unknown)


def test_dynamic_blocks(tf):
    loaded = tf({"main.tf": """
        variable "open" {}
        resource "aws_security_group" "sg" {
          ingress { from_port = 1 }
          dynamic "ingress" {
            for_each = { ssh = 22, https = 443 }
            iterator = port
            content {
              from_port   = port.value
              description = port.key
            }
          }
          dynamic "egress" {
            for_each = []
            content { from_port = 0 }
          }
          dynamic "rule" {
            for_each = var.open
            content { x = rule.value }
          }
        }
    """})
    props = loaded.props("aws_security_group.sg")
    assert props["ingress"] == [{"from_port": 1}, {"from_port": 443, "description": "https"},
                                {"from_port": 22, "description": "ssh"}]
    assert props["egress"] == []
    assert len(props["rule"]) == 1
    assert isinstance(props["rule"][0], Unknown)
    assert props["rule"][0].reason == "var.open has no value (no default, tfvars, -var or TF_VAR_)"


def test_comments_above_and_inside_are_kept(tf):
    loaded = tf({"main.tf": """\
        resource "aws_kms_key" "other" {} # trailing, not above the next block
        // mlsec:ignore MLS004 reason
        /* second line of the note */
        resource "aws_sagemaker_notebook_instance" "nb" {
          root_access = "Enabled" # mlsec:ignore MLS002
        }

        # a detached comment

        resource "aws_s3_bucket" "b" {}
    """})
    assert loaded["aws_sagemaker_notebook_instance.nb"].metadata == {"comments": [
        (2, "// mlsec:ignore MLS004 reason"),
        (3, "/* second line of the note */"),
        (5, "# mlsec:ignore MLS002"),
    ]}
    assert loaded["aws_s3_bucket.b"].metadata == {"comments": []}
    assert loaded["aws_kms_key.other"].metadata == {"comments": [(1, "# trailing, not above the next block")]}


def test_syntax_error_is_reported_and_other_files_load(tf):
    loaded = tf({
        "good.tf": 'resource "aws_s3_bucket" "ok" { bucket = "fine" }\n',
        "bad.tf": 'resource "aws_s3_bucket" "broken" {\n  bucket = "x"\n  acl = \n}\nresource "x" {\n',
    })
    assert loaded.ids == ["aws_s3_bucket.ok"]
    assert len(loaded.errors) == 1
    error = loaded.errors[0]
    assert (error.file, error.kind) == (str(tf.root / "bad.tf"), "parse")
    assert error.line == 4
    assert error.message.startswith("syntax error")
    assert loaded.result.files == [str(tf.root / "good.tf")]


def test_binary_oversize_and_non_utf8_files_are_reported(tf):
    loaded = tf({
        "ok.tf": 'resource "aws_s3_bucket" "ok" {}\n',
        "bin.tf": b"\x00\x01\x02",
        "latin.tf": b'resource "aws_s3_bucket" "l" { bucket = "caf\xe9" }\n',
        "big.tf": 'resource "aws_s3_bucket" "big" {}\n' + "# padding\n" * 500,
    }, max_file_bytes=1024)
    assert loaded.ids == ["aws_s3_bucket.ok"]
    kinds = sorted((e.file.rsplit("/", 1)[-1], e.kind) for e in loaded.errors)
    assert kinds == [("big.tf", "limit"), ("bin.tf", "read"), ("latin.tf", "read")]


def test_files_argument_limits_what_is_read(tf):
    loaded = tf({
        "a.tf": 'resource "aws_s3_bucket" "a" {}\n',
        "b.tf": 'resource "aws_s3_bucket" "b" {}\n',
        "sub/c.tf": 'resource "aws_s3_bucket" "c" {}\n',
    }, only=["b.tf"])
    assert loaded.ids == ["aws_s3_bucket.b"]
    assert loaded.result.files == [str(tf.root / "b.tf")]


def test_subfolders_are_not_read_unless_called(tf):
    loaded = tf({
        "a.tf": 'resource "aws_s3_bucket" "a" {}\n',
        "sub/c.tf": 'resource "aws_s3_bucket" "c" {}\n',
    })
    assert loaded.ids == ["aws_s3_bucket.a"]


def test_override_files_merge_into_resources(tf):
    loaded = tf({
        "main.tf": 'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n  acl = "private"\n}\n',
        "main_override.tf": 'resource "aws_s3_bucket" "a" {\n  acl = "public-read"\n}\n',
    })
    assert loaded.props("aws_s3_bucket.a") == {"bucket": "a", "acl": "public-read"}


def test_deep_nesting_does_not_raise(tf):
    depth = 3000
    loaded = tf({"main.tf": 'resource "aws_x" "deep" {\n  v = ' + "[" * depth + "]" * depth + "\n}\n"})
    assert loaded.ids == []
    assert [(e.message, e.kind, e.line) for e in loaded.errors] == [
        ("aws_x.deep: expressions nested too deeply", "limit", 1)]
