"""Built-in functions, jsonencode and aws_iam_policy_document."""

import json

from mlsec.model.props import Ref, RefStr, Unknown


def attrs(tf, body: str, prelude: str = "", files: dict | None = None, **options):
    all_files = {"main.tf": prelude + 'resource "aws_x" "t" {\n' + body + "\n}\n"}
    all_files.update(files or {})
    loaded = tf(all_files, **options)
    assert loaded.errors == []
    return loaded.props("aws_x.t")


def test_collection_functions(tf):
    props = attrs(tf, '''
      merge    = merge({ a = 1, b = 1 }, { b = 2 }, null)
      concat   = concat(["a"], ["b", "c"])
      lookup   = [lookup({ a = 1 }, "a", 0), lookup({ a = 1 }, "z", 0)]
      element  = element(["a", "b"], 3)
      length   = [length([1, 2]), length({ a = 1 }), length("abc")]
      coalesce = coalesce(null, "", "x")
      compact  = compact(["a", "", null, "b"])
      flatten  = flatten([["a"], [["b"]], "c"])
      distinct = distinct(["a", "b", "a"])
      contains = [contains(["a"], "a"), contains(["a"], "b")]
      keys     = keys({ b = 1, a = 2 })
      values   = values({ b = 1, a = 2 })
      zipmap   = zipmap(["a", "b"], [1, 2])
      range    = [range(3), range(1, 4), range(0, 10, 5)]
      minmax   = [min(3, 1, 2), max(3, 1, 2), abs(-4)]
      sets     = [tolist(toset(["b", "a", "b"])), tomap({ a = 1 })]
      expand   = max(local.nums...)
    ''', 'locals { nums = [4, 9, 2] }\n')
    assert props["merge"] == {"a": 1, "b": 2}
    assert props["concat"] == ["a", "b", "c"]
    assert props["lookup"] == [1, 0]
    assert props["element"] == "b"
    assert props["length"] == [2, 1, 3]
    assert props["coalesce"] == "x"
    assert props["compact"] == ["a", "b"]
    assert props["flatten"] == ["a", "b", "c"]
    assert props["distinct"] == ["a", "b"]
    assert props["contains"] == [True, False]
    assert props["keys"] == ["a", "b"]
    assert props["values"] == [2, 1]
    assert props["zipmap"] == {"a": 1, "b": 2}
    assert props["range"] == [[0, 1, 2], [1, 2, 3], [0, 5]]
    assert props["minmax"] == [1, 3, 4]
    assert props["sets"] == [["a", "b"], {"a": 1}]
    assert props["expand"] == 9


def test_string_functions(tf):
    props = attrs(tf, '''
      format  = format("%s-%03d-%.2f-%t-%q", "a", 7, 1.5, true, "q")
      join    = join(",", ["a", "b"])
      split   = split(",", "a,b,,c")
      case    = [lower("AbC"), upper("AbC")]
      replace = [replace("a-b-c", "-", "_"), replace("a1b22", "/[0-9]+/", "#")]
      trim    = trimspace("  x \n")
      conv    = [tostring(5), tonumber("2.5"), tobool("true")]
      affix   = [startswith("arn:aws", "arn:"), endswith("x.json", ".yaml")]
      substr  = [substr("hello", 1, 3), substr("hello", -3, -1)]
      b64     = base64encode("hi")
      tryit   = [try(local.m.missing, "fallback"), try(local.m.a, "fallback")]
      canit   = [can(local.m.missing), can(local.m.a)]
      regex   = regex("^arn:aws:([a-z0-9]+):", "arn:aws:s3:::b")
    ''', 'locals { m = { a = "A" } }\n')
    assert props["format"] == 'a-007-1.50-true-"q"'
    assert props["join"] == "a,b"
    assert props["split"] == ["a", "b", "", "c"]
    assert props["case"] == ["abc", "ABC"]
    assert props["replace"] == ["a_b_c", "a#b#"]
    assert props["trim"] == "x"
    assert props["conv"] == ["5", 2.5, True]
    assert props["affix"] == [True, False]
    assert props["substr"] == ["ell", "llo"]
    assert props["b64"] == "aGk="
    assert props["tryit"] == ["fallback", "A"]
    assert props["canit"] == [False, True]
    assert props["regex"] == ["s3"]


def test_functions_keep_references(tf):
    props = attrs(tf, '''
      joined = join("/", [aws_s3_bucket.b.arn, "*"])
      formatted = format("%s/*", aws_s3_bucket.b.arn)
      listed = concat([aws_s3_bucket.b.arn], ["x"])
      first = element([aws_s3_bucket.b.arn], 0)
    ''', 'resource "aws_s3_bucket" "b" {}\n')
    ref = Ref("aws_s3_bucket.b", "arn")
    assert props["joined"] == "${aws_s3_bucket.b.arn}/*"
    assert props["joined"].refs == (ref,)
    assert props["formatted"] == "${aws_s3_bucket.b.arn}/*"
    assert props["listed"] == [ref, "x"]
    assert props["first"] == ref


def test_unsupported_function_is_unknown_naming_it(tf):
    props = attrs(tf, 'cidr = cidrsubnet("10.0.0.0/16", 8, 1)')
    assert isinstance(props["cidr"], Unknown)
    assert props["cidr"].reason == "function cidrsubnet is not evaluated"
    assert props["cidr"].expr == 'cidrsubnet("10.0.0.0/16", 8, 1)'


def test_file_and_templatefile(tf):
    props = attrs(tf, '''
      policy = file("${path.module}/policy.json")
      rendered = templatefile("${path.module}/user.tpl", { name = "ml", items = ["a", "b"] })
      missing = file("nope.txt")
    ''', files={
        "policy.json": '{"Version": "2012-10-17"}\n',
        "user.tpl": "hi ${name}\n%{ for i in items ~}\n* ${i}\n%{ endfor ~}\n",
    })
    assert props["policy"] == '{"Version": "2012-10-17"}\n'
    assert props["rendered"] == "hi ml\n* a\n* b\n"
    assert isinstance(props["missing"], Unknown)
    assert props["missing"].reason == "file nope.txt cannot be read"


def test_file_over_size_limit_is_unknown(tf):
    props = attrs(tf, 'big = file("big.txt")', files={"big.txt": "x" * 5000}, max_file_bytes=4096)
    assert props["big"].reason == "file big.txt is larger than the 4096-byte limit"


def test_jsonencode(tf):
    props = attrs(tf, '''
      plain = jsonencode({ b = [1, true, null], a = "x" })
      refs  = jsonencode({ Resource = "${aws_s3_bucket.b.arn}/*", Key = aws_kms_key.k.arn })
      unk   = jsonencode({ a = var.v })
      round = jsondecode(jsonencode({ k = aws_kms_key.k.arn })).k
    ''', '''
      variable "v" {}
      resource "aws_s3_bucket" "b" {}
      resource "aws_kms_key" "k" {}
    ''')
    assert props["plain"] == '{"a":"x","b":[1,true,null]}'
    assert isinstance(props["refs"], RefStr)
    assert props["refs"] == '{"Key":"${aws_kms_key.k.arn}","Resource":"${aws_s3_bucket.b.arn}/*"}'
    assert set(props["refs"].refs) == {Ref("aws_kms_key.k", "arn"), Ref("aws_s3_bucket.b", "arn")}
    assert isinstance(props["unk"], Unknown)
    assert props["unk"].reason == "var.v has no value (no default, tfvars, -var or TF_VAR_)"
    assert props["round"] == Ref("aws_kms_key.k", "arn")


POLICY = '''
data "aws_iam_policy_document" "p" {
  statement {
    sid       = "Read"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = [true]
    }
  }
  statement {
    effect      = "Deny"
    not_actions = ["s3:*"]
    resources   = ["*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
  }
}
resource "aws_s3_bucket" "b" {}
'''


def test_policy_document_json(tf):
    props = attrs(tf, "policy = data.aws_iam_policy_document.p.json", POLICY)
    policy = props["policy"]
    assert isinstance(policy, RefStr)
    assert policy.refs == (Ref("aws_s3_bucket.b", "arn"),)
    assert json.loads(policy) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Read",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": ["${aws_s3_bucket.b.arn}", "${aws_s3_bucket.b.arn}/*"],
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Condition": {"Bool": {"aws:SecureTransport": "true"}},
            },
            {"Effect": "Deny", "NotAction": "s3:*", "Resource": "*", "Principal": "*"},
        ],
    }


def test_policy_document_without_references_is_plain_text(tf):
    props = attrs(tf, "policy = data.aws_iam_policy_document.assume.json", '''
      data "aws_iam_policy_document" "assume" {
        statement {
          actions = ["sts:AssumeRole"]
          principals {
            type        = "Service"
            identifiers = ["sagemaker.amazonaws.com"]
          }
        }
      }
    ''')
    assert type(props["policy"]) is str
    assert json.loads(props["policy"]) == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                       "Principal": {"Service": "sagemaker.amazonaws.com"}}],
    }


def test_policy_document_with_unknown_leaf_is_unknown(tf):
    props = attrs(tf, "policy = data.aws_iam_policy_document.p.json", '''
      variable "bucket_arn" {}
      data "aws_iam_policy_document" "p" {
        statement {
          actions   = ["s3:*"]
          resources = [var.bucket_arn]
        }
      }
    ''')
    assert isinstance(props["policy"], Unknown)
    assert props["policy"].reason == "var.bucket_arn has no value (no default, tfvars, -var or TF_VAR_)"


def test_policy_document_source_override_and_dynamic_statements(tf):
    props = attrs(tf, "policy = data.aws_iam_policy_document.merged.json", '''
      locals { buckets = ["a", "b"] }
      data "aws_iam_policy_document" "base" {
        statement {
          sid       = "One"
          actions   = ["s3:GetObject"]
          resources = ["*"]
        }
        statement {
          sid       = "Two"
          actions   = ["s3:PutObject"]
          resources = ["*"]
        }
      }
      data "aws_iam_policy_document" "merged" {
        source_policy_documents = [data.aws_iam_policy_document.base.json]
        override_policy_documents = [jsonencode({
          Statement = [{ Sid = "Two", Effect = "Deny", Action = "s3:*", Resource = "*" }]
        })]
        dynamic "statement" {
          for_each = local.buckets
          content {
            sid       = "Bucket${statement.key}"
            actions   = ["s3:ListBucket"]
            resources = ["arn:aws:s3:::${statement.value}"]
          }
        }
      }
    ''')
    doc = json.loads(props["policy"])
    assert doc["Statement"] == [
        {"Sid": "One", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
        {"Sid": "Two", "Effect": "Deny", "Action": "s3:*", "Resource": "*"},
        {"Sid": "Bucket0", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::a"},
        {"Sid": "Bucket1", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"},
    ]
