"""Property-based tests of the two evaluators: the CloudFormation intrinsics and the
Terraform expressions never crash, and a verdict reached while parameters/variables
are unknown holds for every value they could take. In particular an unknown input
never gives PASS when some value of it fails (and never FAIL when some value passes):
it gives UNKNOWN.

Each generated template or module is judged once with its inputs unknown and once per
combination of concrete values; the examples are derandomized so CI runs are repeatable.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlsec.engine.scan import ScanResult, evaluate
from mlsec.engine.settings import Settings
from mlsec.sources.base import SourceOptions

VALUES = ("Enabled", "Disabled", "other")
PROPERTY_SETTINGS = settings(max_examples=40, derandomize=True, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def rules():
    from mlsec.engine.registry import load_rules, select

    return select(load_rules(), ["MLS001", "MLS002"], None)


def judge(source, rules) -> dict[str, str]:
    """rule id -> status for the one notebook of the unit (absent when it does not exist)."""
    assert source is not None
    crashes = [e.message for e in source.errors
               if "unexpected failure" in e.message or "could not be evaluated" in e.message
               or "evaluation failed" in e.message or e.kind == "internal"]
    assert not crashes
    part = ScanResult(targets=[], started_at="")
    evaluate(part, source, rules, Settings())
    assert not [e.message for e in part.errors if e.kind == "rule"]
    return {f.rule.id: f.status.value for f in part.findings}


def assert_sound(unknown: dict[str, str], concrete: list[dict[str, str]]) -> None:
    """What was decided without the inputs must hold for every value of them."""
    for rule_id, status in unknown.items():
        outcomes = {c[rule_id] for c in concrete if rule_id in c}  # absent: the resource does not exist then
        if status == "pass":
            assert outcomes <= {"pass"}, (rule_id, outcomes)
        elif status == "fail":
            assert outcomes <= {"fail"}, (rule_id, outcomes)
        if len(outcomes) > 1:
            assert status == "unknown", (rule_id, status, outcomes)


# -- CloudFormation -----------------------------------------------------------------------

CFN_LEAVES = st.sampled_from([
    "Enabled", "Disabled", {"Ref": "P1"}, {"Ref": "P2"}, {"Fn::ImportValue": "SharedMode"},
    "{{resolve:ssm:/notebook/mode}}", {"Fn::Sub": "${P1}"}, {"Fn::FindInMap": ["Modes", {"Ref": "P2"}, "v"]},
    {"Ref": "AWS::NoValue"}, {"Ref": "Undeclared"}, ["Enabled"], {"Fn::GetAtt": ["Nb", "NotebookInstanceName"]},
    {"Fn::GetAZs": ""}, {"Fn::Cidr": ["10.0.0.0/16", 2, 8]}, {"Fn::If": ["IsOn"]}, {"Fn::Join": "x"},
])
CFN_CONDITIONS = st.sampled_from(["IsOn", "IsOff", "Both", "Either", "P2Disabled", "Missing"])


def _cfn_node(children):
    return st.one_of(
        st.builds(lambda c, a, b: {"Fn::If": [c, a, b]}, CFN_CONDITIONS, children, children),
        st.builds(lambda a, b: {"Fn::Join": ["", [a, b]]}, children, children),
        st.builds(lambda i, a, b: {"Fn::Select": [i, [a, b]]}, st.sampled_from([0, 1, "1", 2, -1]), children,
                  children),
        st.builds(lambda a: {"Fn::Sub": ["${X}", {"X": a}]}, children),
        st.builds(lambda a: {"Fn::Base64": a}, children),
        st.builds(lambda a: {"Fn::Frobnicate": [a]}, children),
        st.builds(lambda a, b: {"Fn::Equals": [a, b]}, children, children),
        st.builds(lambda a: {"Fn::Select": [0, {"Fn::Split": [",", a]}]}, children),
        st.builds(lambda a, b: {"Fn::Length": [a, b]}, children, children),
        st.builds(lambda a: {"Fn::ToJsonString": {"k": a}}, children),
        st.builds(lambda a: {"Fn::Select": [a, ["Enabled", "Disabled"]]}, children),
    )


CFN_EXPRESSIONS = st.recursive(CFN_LEAVES, _cfn_node, max_leaves=6)


def cfn_template(internet, root, condition) -> dict:
    notebook = {"Type": "AWS::SageMaker::NotebookInstance",
                "Properties": {"InstanceType": "ml.t3.medium", "RoleArn": "arn:aws:iam::123456789012:role/nb",
                               "DirectInternetAccess": internet, "RootAccess": root}}
    if condition is not None:
        notebook["Condition"] = condition
    return {
        "Parameters": {"P1": {"Type": "String"}, "P2": {"Type": "String"}},
        "Mappings": {"Modes": {"Enabled": {"v": "Disabled"}, "Disabled": {"v": "Enabled"}, "other": {"v": "Disabled"}}},
        "Conditions": {
            "IsOn": {"Fn::Equals": [{"Ref": "P1"}, "Enabled"]},
            "IsOff": {"Fn::Not": [{"Condition": "IsOn"}]},
            "P2Disabled": {"Fn::Equals": [{"Ref": "P2"}, "Disabled"]},
            "Both": {"Fn::And": [{"Condition": "IsOn"}, {"Condition": "P2Disabled"}]},
            "Either": {"Fn::Or": [{"Condition": "IsOff"}, {"Condition": "P2Disabled"}]},
        },
        "Resources": {"Nb": notebook},
    }


@PROPERTY_SETTINGS
@given(internet=CFN_EXPRESSIONS, root=CFN_EXPRESSIONS,
       condition=st.one_of(st.none(), st.sampled_from(["IsOn", "Either"])))
def test_cloudformation_unknown_parameters_never_pass(rules, internet, root, condition):
    from mlsec.sources.cloudformation import load_template

    data = json.dumps(cfn_template(internet, root, condition)).encode()

    def run(parameters: dict) -> dict[str, str]:
        return judge(load_template("generated.json", SourceOptions(cfn_parameters=parameters), data), rules)

    unknown = run({})
    concrete = [run({"P1": a, "P2": b}) for a, b in itertools.product(VALUES, VALUES)]
    assert_sound(unknown, concrete)


# -- Terraform ----------------------------------------------------------------------------

TF_LEAVES = st.sampled_from([
    '"Enabled"', '"Disabled"', "var.v1", "var.v2", "local.mode", '"${var.v1}"',
    'lookup(local.modes, var.v2, "Disabled")', "data.aws_ssm_parameter.mode.value", "null", '"En${var.v2}"',
    "aws_kms_key.k.arn", "aws_kms_key.k", "var", "{}", "[]", "path.module", "count.index", "each.key",
])
TF_CONDITIONS = st.sampled_from([
    'var.v1 == "Enabled"', 'var.v2 != "Disabled"', 'contains(["Enabled"], var.v1)', "length(var.v2) > 7",
    "var.v1 == var.v2", 'can(regex("^E", var.v1))', "data.aws_ssm_parameter.mode.value == var.v1",
])


def _tf_node(children):
    return st.one_of(
        st.builds(lambda c, a, b: f"({c} ? {a} : {b})", TF_CONDITIONS, children, children),
        st.builds(lambda a, b: f'join("", [{a}, {b}])', children, children),
        st.builds(lambda a, b, i: f"element([{a}, {b}], {i})", children, children, st.sampled_from(["0", "1", "3"])),
        st.builds(lambda a, b: f"coalesce({a}, {b})", children, children),
        st.builds(lambda a, b: f"try({a}, {b})", children, children),
        st.builds(lambda f, a: f"{f}({a})", st.sampled_from(["upper", "lower", "trimspace", "tostring",
                                                               "frobnicate"]), children),
        st.builds(lambda a: f'format("%s", {a})', children),
        st.builds(lambda a: f"one([{a}])", children),
        st.builds(lambda a: f'replace({a}, "En", "Dis")', children),
        st.builds(lambda a, b: f"[{a}, {b}][0]", children, children),
        st.builds(lambda a: f"{{ x = {a} }}.x", children),
        st.builds(lambda a: f"jsondecode(jsonencode({{ k = {a} }})).k", children),
        st.builds(lambda a: f'split(",", {a})[0]', children),
        st.builds(lambda a: f"[for s in [{a}] : s][0]", children),
        st.builds(lambda a: f"base64decode(base64encode({a}))", children),
        st.builds(lambda a: f"{a}[0]", children),
        st.builds(lambda a, b: f"merge({{ x = {a} }}, {{ x = {b} }}).x", children, children),
        st.builds(lambda a: f'"%{{ if {a} == "x" }}Enabled%{{ else }}Disabled%{{ endif }}"', children),
    )


TF_EXPRESSIONS = st.recursive(TF_LEAVES, _tf_node, max_leaves=6)


def tf_module(internet: str, root: str, count: str | None) -> str:
    count_line = f"  count                  = {count} ? 1 : 0\n" if count else ""
    return f"""\
variable "v1" {{
  type = string
}}
variable "v2" {{}}
locals {{
  mode  = var.v1
  modes = {{ Enabled = "Disabled", Disabled = "Enabled" }}
}}
data "aws_ssm_parameter" "mode" {{
  name = "/notebook/mode"
}}
resource "aws_kms_key" "k" {{}}
resource "aws_sagemaker_notebook_instance" "nb" {{
{count_line}  name                   = "nb"
  role_arn               = "arn:aws:iam::123456789012:role/nb"
  instance_type          = "ml.t3.medium"
  direct_internet_access = {internet}
  root_access            = {root}
}}
"""


@PROPERTY_SETTINGS
@given(internet=TF_EXPRESSIONS, root=TF_EXPRESSIONS, count=st.one_of(st.none(), TF_CONDITIONS))
def test_terraform_unknown_variables_never_pass(rules, internet, root, count):
    from mlsec.sources.terraform import load_module

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "main.tf").write_text(tf_module(internet, root, count))

        def run(variables: dict) -> dict[str, str]:
            return judge(load_module(folder, SourceOptions(tf_vars=variables)), rules)

        unknown = run({})
        concrete = [run({"v1": a, "v2": b}) for a, b in itertools.product(VALUES, VALUES)]
    assert_sound(unknown, concrete)
