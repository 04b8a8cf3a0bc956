"""Expressions: locals, templates, heredocs, operators, conditionals, for, splat, references."""

from mlsec.model.props import Branches, Items, Props, Ref, RefStr, Unknown


def attrs(tf, body: str, prelude: str = "", **options):
    loaded = tf({"main.tf": prelude + 'resource "aws_x" "t" {\n' + body + "\n}\n"}, **options)
    assert loaded.errors == []
    return loaded.props("aws_x.t")


def test_locals_are_evaluated_in_dependency_order(tf):
    props = attrs(tf, "v = local.c", """
        locals {
          c = "${local.b}-c"
          b = "${local.a}-b"
        }
        locals { a = "a" }
    """)
    assert props["v"] == "a-b-c"


def test_local_cycle_is_unknown(tf):
    props = attrs(tf, "v = local.a", "locals {\n a = local.b\n b = local.a\n}\n")
    assert isinstance(props["v"], Unknown)
    assert props["v"].reason == "v cannot be evaluated: local.a refers to itself"


def test_template_text_and_escapes(tf):
    props = attrs(tf, r'''
      a = "x-${local.n}-${1 + 2}"
      b = "tab\there \"q\" $${literal} %%{lit} \u00e9"
      c = "${local.n}"
      d = "  spaced  ${local.n}  "
    ''', 'locals { n = 5 }\n')
    assert props["a"] == "x-5-3"
    assert props["b"] == 'tab\there "q" ${literal} %{lit} é'
    assert props["c"] == 5  # a lone interpolation keeps the value's type
    assert props["d"] == "  spaced  5  "


def test_template_with_references_is_refstr(tf):
    props = attrs(tf, '''
      arn = "${aws_s3_bucket.b.arn}/*"
      key = aws_kms_key.k.arn
      idx = aws_subnet.s[1].id
    ''', '''
      resource "aws_s3_bucket" "b" {}
      resource "aws_kms_key" "k" {}
      resource "aws_subnet" "s" { count = 2 }
    ''')
    assert isinstance(props["arn"], RefStr)
    assert props["arn"] == "${aws_s3_bucket.b.arn}/*"
    assert props["arn"].refs == (Ref("aws_s3_bucket.b", "arn"),)
    assert props["key"] == Ref("aws_kms_key.k", "arn")
    assert props["key"].expr == "aws_kms_key.k.arn"
    assert props["idx"] == Ref("aws_subnet.s[1]", "id")


def test_heredocs_and_directives(tf):
    props = attrs(tf, '''
      plain = <<EOT
  keep ${local.n}
EOT
      indented = <<-EOT
        first
          second ${local.n}
        EOT
      loop = "%{ for x in local.xs }<${x}>%{ endfor }"
      stripped = <<-EOT
        items:
        %{ for x in local.xs ~}
        - ${x}
        %{ endfor ~}
        end
        EOT
      choice = "%{ if local.n > 1 }big%{ else }small%{ endif }"
    ''', 'locals {\n n = 2\n xs = ["a", "b"]\n}\n')
    assert props["plain"] == "  keep 2\n"
    assert props["indented"] == "first\n  second 2\n"
    assert props["loop"] == "<a><b>"
    assert props["stripped"] == "items:\n- a\n- b\nend\n"
    assert props["choice"] == "big"


def test_operators(tf):
    props = attrs(tf, '''
      arith = 1 + 2 * 3 - 4 / 2
      mod   = 7 % 3
      neg   = -local.n
      paren = (1 + 2) * 3
      cmp   = [1 < 2, 2 <= 1, "a" == "a", 1 != 1, 3 > 2, 3 >= 4]
      logic = [true && false, true || false, !true, !(1 > 2)]
      strnum = "3" + 1
      float  = 1 / 4
    ''', "locals { n = 5 }\n")
    assert props["arith"] == 5
    assert props["mod"] == 1
    assert props["neg"] == -5
    assert props["paren"] == 9
    assert props["cmp"] == [True, False, True, False, True, False]
    assert props["logic"] == [False, True, False, True]
    assert props["strnum"] == 4
    assert props["float"] == 0.25


def test_known_conditional_evaluates_only_the_chosen_side(tf):
    props = attrs(tf, '''
      a = local.on ? "yes" : "no"
      b = !local.on ? local.missing.x : "safe"
    ''', "locals { on = true }\n")
    assert props["a"] == "yes"
    assert props["b"] == "safe"


def test_unknown_conditional_gives_branches(tf):
    props = attrs(tf, '''
      a = var.on ? "Enabled" : "Disabled"
      same = var.on ? "x" : "x"
      nested = "prefix-${var.on ? "a" : "b"}"
    ''', 'variable "on" { type = bool }\n')
    assert isinstance(props["a"], Branches)
    assert props["a"].options == [("var.on is true", "Enabled"), ("var.on is false", "Disabled")]
    assert props["same"] == "x"
    assert isinstance(props["nested"], Branches)
    assert props["nested"].options == [("var.on is true", "prefix-a"), ("var.on is false", "prefix-b")]


def test_for_expressions(tf):
    props = attrs(tf, '''
      upper = [for s in local.xs : upper(s)]
      keep  = [for i, s in local.xs : "${i}:${s}" if s != "b"]
      obj   = { for s in local.xs : s => length(s) }
      group = { for s in local.words : substr(s, 0, 1) => s... }
      map   = [for k, v in local.m : "${k}=${v}"]
    ''', '''locals {
      xs = ["a", "b", "cc"]
      words = ["apple", "avocado", "banana"]
      m = { z = 1, a = 2 }
    }
    ''')
    assert props["upper"] == ["A", "B", "CC"]
    assert props["keep"] == ["0:a", "2:cc"]
    assert props["obj"] == {"a": 1, "b": 1, "cc": 2}
    assert props["group"] == {"a": ["apple", "avocado"], "b": ["banana"]}
    assert props["map"] == ["a=2", "z=1"]  # maps iterate in key order


def test_splat_index_and_attribute_access(tf):
    props = attrs(tf, '''
      names  = local.objs[*].name
      legacy = local.objs.*.name
      first  = local.objs[0].name
      old    = local.objs.1.name
      key    = local.m["k"]
      subnet_ids = aws_subnet.s[*].id
      single = aws_vpc.v[*].id
    ''', '''
      locals {
        objs = [{ name = "a" }, { name = "b" }]
        m = { k = "v" }
      }
      resource "aws_subnet" "s" { count = 2 }
      resource "aws_vpc" "v" {}
    ''')
    assert props["names"] == ["a", "b"]
    assert props["legacy"] == ["a", "b"]
    assert props["first"] == "a"
    assert props["old"] == "b"
    assert props["key"] == "v"
    assert props["subnet_ids"] == [Ref("aws_subnet.s[0]", "id"), Ref("aws_subnet.s[1]", "id")]
    assert props["single"] == [Ref("aws_vpc.v", "id")]


def test_for_each_resource_references(tf):
    props = attrs(tf, '''
      one = aws_kms_key.k["data"].arn
      all = [for k in aws_kms_key.k : k.arn]
      nested = aws_kms_key.k["data"].tags.Name
    ''', '''
      resource "aws_kms_key" "k" { for_each = toset(["data", "logs"]) }
    ''')
    assert props["one"] == Ref('aws_kms_key.k["data"]', "arn")
    assert props["all"] == [Ref('aws_kms_key.k["data"]', "arn"), Ref('aws_kms_key.k["logs"]', "arn")]
    assert props["nested"] == Ref('aws_kms_key.k["data"]', "tags.Name")


def test_data_sources(tf):
    props = attrs(tf, '''
      region  = data.aws_region.current.name
      account = "arn:aws:iam::${data.aws_caller_identity.me.account_id}:root"
      part    = data.aws_partition.p.partition
      key     = data.aws_kms_key.k.arn
    ''', '''
      data "aws_region" "current" {}
      data "aws_caller_identity" "me" {}
      data "aws_partition" "p" {}
      data "aws_kms_key" "k" { key_id = "alias/x" }
    ''')
    assert props["region"] == "${data.aws_region.current.name}"
    assert props["region"].refs == (Ref("data.aws_region.current", "name"),)
    assert props["account"] == "arn:aws:iam::${data.aws_caller_identity.me.account_id}:root"
    assert props["part"] == "${data.aws_partition.p.partition}"
    assert isinstance(props["key"], Unknown)
    assert props["key"].reason == "data.aws_kms_key.k is read at apply time"


def test_data_sources_use_given_region_and_account(tf):
    props = attrs(tf, '''
      region  = data.aws_region.current.name
      account = data.aws_caller_identity.me.account_id
      part    = data.aws_partition.p.partition
    ''', '''
      data "aws_region" "current" {}
      data "aws_caller_identity" "me" {}
      data "aws_partition" "p" {}
    ''', region="cn-north-1", account_id="123456789012")
    assert props == {"region": "cn-north-1", "account": "123456789012", "part": "aws-cn"}


def test_unknown_stays_local_to_its_leaf(tf):
    props = attrs(tf, '''
      tags = { Name = "x", Owner = var.owner }
      list = ["a", var.owner]
    ''', 'variable "owner" {}\n')
    assert props["tags"]["Name"] == "x"
    assert isinstance(props["tags"]["Owner"], Unknown)
    assert props["list"][0] == "a"
    assert isinstance(props["list"][1], Unknown)


def test_operations_on_references_are_unknown(tf):
    props = attrs(tf, '''
      cmp = aws_vpc.v.id == ""
      up  = upper(aws_vpc.v.id)
    ''', 'resource "aws_vpc" "v" {}\n')
    assert isinstance(props["cmp"], Unknown)
    assert props["cmp"].reason == 'aws_vpc.v.id == "" depends on aws_vpc.v.id, which is known only after apply'
    assert isinstance(props["up"], Unknown)


def test_invalid_expressions_become_unknown_with_reason(tf):
    props = attrs(tf, '''
      idx = local.xs[5]
      attr = local.m.nope
      ok = "fine"
    ''', 'locals {\n xs = [1]\n m = { a = 1 }\n}\n')
    assert props["idx"].reason == "idx cannot be evaluated: index 5 is out of range for a list of 1"
    assert props["attr"].reason == "attr cannot be evaluated: object has no attribute 'nope'"
    assert props["ok"] == "fine"


def test_objects_and_tuples_keep_lines(tf):
    props = attrs(tf, '''
      tags = {
        Name = "x"
        "Team" = "ml"
      }
      list = [
        1,
      ]
    ''')
    assert isinstance(props["tags"], Props)
    assert props.key_lines == {"tags": 3, "list": 7}
    assert props["tags"].line == 3
    assert props["tags"].key_lines == {"Name": 4, "Team": 5}
    assert isinstance(props["list"], Items)
    assert props["list"].line == 7


def test_path_and_workspace(tf):
    props = attrs(tf, '''
      mod = path.module
      ws  = terraform.workspace
    ''')
    assert props == {"mod": ".", "ws": "default"}


def test_non_ascii_text_around_interpolations(tf):
    props = attrs(tf, '''
      u = "café-${local.x}-ü ${local.x}"
      h = <<-EOT
        ünï ${local.x}
          ç
        EOT
    ''', 'locals { x = "v" }\n')
    assert props == {"u": "café-v-ü v", "h": "ünï v\n  ç\n"}


def test_counting_and_iterating_other_resources(tf):
    loaded = tf({"main.tf": """
        resource "aws_subnet" "s" { count = 2 }
        resource "aws_route_table_association" "a" {
          count     = length(aws_subnet.s)
          subnet_id = aws_subnet.s[count.index].id
        }
        resource "aws_y" "b" {
          for_each = aws_subnet.s
        }
        resource "aws_z" "c" {
          arn = provider::aws::arn_build("aws", "s3", "", "", "b")
        }
    """})
    assert loaded.props("aws_route_table_association.a[1]") == {"subnet_id": Ref("aws_subnet.s[1]", "id")}
    assert loaded["aws_y.b[*]"].condition.reason == (
        "for_each of aws_y.b is not known: aws_subnet.s[0] is known only after apply")
    assert loaded.props("aws_z.c")["arn"].reason == "function provider::aws::arn_build is not evaluated"
