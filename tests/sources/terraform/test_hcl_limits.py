"""Inputs that ask for unbounded work end as Unknown values and limit errors, quickly."""

import time

from mlsec.model.props import Unknown


def test_many_open_conditions_in_one_value(tf):
    template = "".join("${var.f%d ? \"a\" : \"b\"}" % i for i in range(10))
    decls = "".join('variable "f%d" { type = bool }\n' % i for i in range(10))
    loaded = tf({"main.tf": decls + 'resource "aws_x" "a" {\n  name = "' + template + '"\n}\n'})
    name = loaded.props("aws_x.a")["name"]
    assert isinstance(name, Unknown)
    assert name.reason == "the value depends on more than 64 combinations of open conditions"


def test_nested_loops_run_out_of_budget(tf):
    start = time.perf_counter()
    loaded = tf({"main.tf": """
        resource "aws_x" "a" {
          big = [for i in range(1000) : [for j in range(1000) : i]]
          ok  = "fine"
        }
    """})
    assert time.perf_counter() - start < 10
    props = loaded.props("aws_x.a")
    assert props["ok"] == "fine"
    assert props["big"].reason == "big cannot be evaluated: evaluation needs more steps than the scan allows"
    assert [(e.kind, e.message) for e in loaded.errors] == [
        ("limit", "the configuration needs more evaluation steps than the scan allows; "
                  "the values that ran out are unknown")]


def test_huge_count_is_capped(tf):
    loaded = tf({"main.tf": 'resource "aws_x" "a" {\n  count = 5000\n  i = count.index\n}\n'})
    assert len(loaded.ids) == 1000
    assert loaded.props("aws_x.a[999]") == {"i": 999}
    assert [(e.kind, e.line, e.message) for e in loaded.errors] == [
        ("limit", 1, "aws_x.a has more than 1000 instances; only the first 1000 are scanned")]


def test_doubling_structure_is_not_encoded_forever(tf):
    locals_text = "locals {\n  l0 = [\"x\"]\n" + "".join(
        f"  l{i + 1} = [local.l{i}, local.l{i}]\n" for i in range(30)) + "}\n"
    start = time.perf_counter()
    loaded = tf({"main.tf": locals_text + 'resource "aws_x" "a" {\n  doc = jsonencode(local.l30)\n}\n'})
    assert time.perf_counter() - start < 10
    doc = loaded.props("aws_x.a")["doc"]
    assert doc.reason == "doc cannot be evaluated: evaluation needs more steps than the scan allows"


def test_huge_format_width_is_refused(tf):
    loaded = tf({"main.tf": 'resource "aws_x" "a" {\n  s = format("%999999999d", 1)\n}\n'})
    assert loaded.props("aws_x.a")["s"].reason == "s cannot be evaluated: format width or precision is too large"
