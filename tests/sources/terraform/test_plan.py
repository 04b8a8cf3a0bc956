"""Terraform plan JSON source: real plans made by tools/make_plan_fixtures.sh, plus
hand-made documents for what those plans cannot show (errors, odd shapes)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from mlsec.model.props import Items, Props, Ref, RefStr, Unknown
from mlsec.sources.base import ScanError, SourceOptions
from mlsec.sources.terraform.plan import is_plan, load_plan

PLANS = Path(__file__).parent / "plans"
FIXTURES = ("endpoint_capture", "existing_subnet", "modules", "notebook_kms")


def plan_doc(name: str) -> dict:
    return json.loads((PLANS / f"{name}.json").read_text())


def load(name: str, options: SourceOptions | None = None):
    path = str(PLANS / f"{name}.json")
    result = load_plan(path, plan_doc(name), options or SourceOptions())
    assert result.errors == []
    return result


def by_id(name: str) -> dict:
    return {r.id: r for r in load(name).resources}


def load_doc(doc: dict, path: str = "mem.json"):
    return load_plan(path, doc, SourceOptions())


def minimal_plan(values: dict, after_unknown: dict | None = None, expressions: dict | None = None,
                 rtype: str = "aws_sagemaker_notebook_instance", name: str = "nb") -> dict:
    address = f"{rtype}.{name}"
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {"resources": [
            {"address": address, "mode": "managed", "type": rtype, "name": name, "values": values},
        ]}},
        "resource_changes": [
            {"address": address, "mode": "managed", "type": rtype, "name": name,
             "change": {"actions": ["create"], "after": values, "after_unknown": after_unknown or {}}},
        ],
        "configuration": {"root_module": {"resources": [
            {"address": address, "mode": "managed", "type": rtype, "name": name,
             "expressions": expressions or {}},
        ]}},
    }


# ---------------------------------------------------------------- detection

@pytest.mark.parametrize("name", FIXTURES)
def test_real_plans_are_plans(name):
    assert is_plan(plan_doc(name)) is True


@pytest.mark.parametrize("doc", [
    {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}},
    {"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {}}},  # a shown state
    {"format_version": "1.0", "provider_schemas": {}},
    {"planned_values": {}},  # no version key at all
    [{"format_version": "1.2", "planned_values": {}}],
    "format_version",
    None,
    {},
])
def test_other_json_is_not_a_plan(doc):
    assert is_plan(doc) is False


def test_plan_with_only_resource_changes_is_claimed_and_reported():
    doc = {"format_version": "1.2", "resource_changes": []}
    assert is_plan(doc) is True
    result = load_doc(doc)
    assert result.resources == []
    assert [(e.kind, e.message) for e in result.errors] == [("parse", "malformed plan JSON: planned_values is missing")]


# ---------------------------------------------------------------- addresses

def test_notebook_plan_addresses_skip_data_sources():
    doc = plan_doc("notebook_kms")
    modes = {r["address"]: r["mode"] for r in doc["planned_values"]["root_module"]["resources"]}
    assert modes["data.aws_iam_policy_document.key_use"] == "data"  # present in the plan ...
    assert list(by_id("notebook_kms")) == [  # ... but not a resource of ours
        "aws_iam_role.nb",
        "aws_iam_role_policy.key_use",
        "aws_kms_alias.nb",
        "aws_kms_key.nb",
        "aws_sagemaker_notebook_instance.nb",
        "aws_sagemaker_notebook_instance.plain",
        "aws_sagemaker_notebook_instance.via_alias",
    ]


def test_module_count_and_for_each_addresses():
    resources = load("modules").resources
    assert [(r.id, r.metadata["module_address"], r.metadata["index"]) for r in resources] == [
        ("aws_cloudwatch_log_group.first", "", None),
        ("aws_cloudwatch_log_group.root[0]", "", 0),
        ("aws_cloudwatch_log_group.root[1]", "", 1),
        ("aws_kms_key.logs[0]", "", 0),
        ("aws_kms_key.logs[1]", "", 1),
        ("module.keys.aws_kms_key.k[0]", "module.keys", 0),
        ("module.keys.aws_kms_key.k[1]", "module.keys", 1),
        ('module.team["alpha"].aws_iam_role.nb', 'module.team["alpha"]', None),
        ('module.team["alpha"].aws_kms_key.team', 'module.team["alpha"]', None),
        ('module.team["alpha"].aws_s3_bucket.data["curated"]', 'module.team["alpha"]', "curated"),
        ('module.team["alpha"].aws_s3_bucket.data["raw"]', 'module.team["alpha"]', "raw"),
        ('module.team["alpha"].aws_s3_bucket_server_side_encryption_configuration.data["curated"]',
         'module.team["alpha"]', "curated"),
        ('module.team["alpha"].aws_s3_bucket_server_side_encryption_configuration.data["raw"]',
         'module.team["alpha"]', "raw"),
        ('module.team["alpha"].aws_sagemaker_notebook_instance.nb', 'module.team["alpha"]', None),
        ('module.team["alpha"].module.logs.aws_cloudwatch_log_group.lg', 'module.team["alpha"].module.logs', None),
        ('module.team["beta"].aws_iam_role.nb', 'module.team["beta"]', None),
        ('module.team["beta"].aws_kms_key.team', 'module.team["beta"]', None),
        ('module.team["beta"].aws_s3_bucket.data["curated"]', 'module.team["beta"]', "curated"),
        ('module.team["beta"].aws_s3_bucket.data["raw"]', 'module.team["beta"]', "raw"),
        ('module.team["beta"].aws_s3_bucket_server_side_encryption_configuration.data["curated"]',
         'module.team["beta"]', "curated"),
        ('module.team["beta"].aws_s3_bucket_server_side_encryption_configuration.data["raw"]',
         'module.team["beta"]', "raw"),
        ('module.team["beta"].aws_sagemaker_notebook_instance.nb', 'module.team["beta"]', None),
        ('module.team["beta"].module.logs.aws_cloudwatch_log_group.lg', 'module.team["beta"].module.logs', None),
    ]


def test_resource_identity_fields():
    path = str(PLANS / "notebook_kms.json")
    result = load_plan(path, plan_doc("notebook_kms"), SourceOptions(account_id="123456789012"))
    nb = {r.id: r for r in result.resources}["aws_sagemaker_notebook_instance.nb"]
    assert (nb.source, nb.type, nb.unit, nb.file) == (
        "terraform-plan", "aws_sagemaker_notebook_instance", path, path)
    assert nb.region == "us-east-1"  # the provider block's constant region
    assert nb.account == "123456789012"
    assert nb.arn is None  # not known before apply
    assert nb.condition is None
    assert nb.metadata["actions"] == ["create"]
    assert result.files == [path]


def test_lines_point_at_the_address_in_planned_values():
    text = (PLANS / "modules.json").read_text().splitlines()
    for res in load("modules").resources:
        assert res.line is not None
        assert text[res.line - 1].strip() == f'"address": {json.dumps(res.id)},'
        assert res.props.line == res.line
    # The first mention is in planned_values, before resource_changes and prior_state.
    first = load("modules").resources[0]
    assert first.line < next(i for i, line in enumerate(text, 1) if '"resource_changes"' in line)


def test_known_arn_is_copied_to_the_resource():
    subnet = by_id("existing_subnet")["aws_subnet.a"]
    assert subnet.arn == "arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0aaaaaaaaaaaaaaa1"
    assert subnet.metadata["actions"] == ["no-op"]


# ---------------------------------------------------------------- values

def test_computed_attributes_not_written_in_the_configuration_are_omitted():
    res = by_id("notebook_kms")
    key = res["aws_kms_key.nb"].props
    # arn is computed by the provider and not written: like a null, it counts as omitted
    assert "arn" in key and key["arn"] is None
    assert key["description"] == "notebook volume key"
    assert key["enable_key_rotation"] is True
    nb = res["aws_sagemaker_notebook_instance.nb"].props
    assert "url" in nb and nb["url"] is None


def test_unknown_that_only_references_a_data_source_stays_unknown():
    policy = by_id("notebook_kms")["aws_iam_role_policy.key_use"].props["policy"]
    assert type(policy) is Unknown
    assert (policy.reason, policy.expr) == ("known after apply", "data.aws_iam_policy_document.key_use.json")


def test_notebook_key_created_in_same_apply_is_a_ref():
    res = by_id("notebook_kms")
    kms = res["aws_sagemaker_notebook_instance.nb"].props["kms_key_id"]
    assert isinstance(kms, Ref)
    assert (kms.target, kms.attr, kms.expr) == ("aws_kms_key.nb", "arn", "aws_kms_key.nb.arn")
    assert res["aws_sagemaker_notebook_instance.via_alias"].props["kms_key_id"] == Ref("aws_kms_alias.nb", "arn")
    assert res["aws_sagemaker_notebook_instance.nb"].props["role_arn"] == Ref("aws_iam_role.nb", "arn")
    assert res["aws_kms_alias.nb"].props["target_key_id"] == Ref("aws_kms_key.nb", "key_id")


def test_null_is_kept_as_none():
    plain = by_id("notebook_kms")["aws_sagemaker_notebook_instance.plain"].props
    assert "kms_key_id" in plain and plain["kms_key_id"] is None
    assert plain["subnet_id"] is None
    assert plain["direct_internet_access"] == "Enabled"  # the provider's own default, as planned
    capture = by_id("endpoint_capture")["aws_sagemaker_endpoint_configuration.ec"].props["data_capture_config"][0]
    assert "enable_capture" in capture and capture["enable_capture"] is None


def test_nested_blocks_are_items_of_props_with_refs_inside():
    ec = by_id("endpoint_capture")["aws_sagemaker_endpoint_configuration.ec"].props
    assert isinstance(ec, Props)
    assert ec["kms_key_arn"] == Ref("aws_kms_key.endpoint", "arn")
    capture = ec["data_capture_config"]
    assert isinstance(capture, Items) and len(capture) == 1 and isinstance(capture[0], Props)
    assert capture[0]["kms_key_id"] == Ref("aws_kms_key.capture", "arn")
    assert capture[0]["initial_sampling_percentage"] == 50
    options = capture[0]["capture_options"]
    assert isinstance(options, Items) and all(isinstance(o, Props) for o in options)
    assert [o["capture_mode"] for o in options] == ["Input", "Output"]
    variants = ec["production_variants"]
    assert [v["variant_name"] for v in variants] == ["primary", "serverless"]
    assert variants[0]["serverless_config"] == [] and isinstance(variants[0]["serverless_config"], Items)
    assert variants[1]["serverless_config"][0]["max_concurrency"] == 5
    assert variants[1]["instance_type"] is None
    # computed inside a block and not written: omitted (the provider default applies)
    assert "volume_size_in_gb" in variants[1] and variants[1]["volume_size_in_gb"] is None


def test_known_values_that_reference_resources_are_refstr():
    res = by_id("endpoint_capture")
    variant = res["aws_sagemaker_endpoint_configuration.ec"].props["production_variants"][0]
    assert isinstance(variant["model_name"], RefStr)
    assert variant["model_name"] == "fraud-model"
    assert variant["model_name"].refs == (Ref("aws_sagemaker_model.m", "name"),)
    url = res["aws_sagemaker_model.m"].props["primary_container"][0]["model_data_url"]
    assert (url, url.refs) == ("s3://acme-ml-models/fraud/model.tar.gz", (Ref("aws_s3_bucket.models", "bucket"),))
    image = res["aws_sagemaker_model.m"].props["primary_container"][0]["image"]
    assert type(image) is str


def test_existing_subnet_id_stays_known_and_keeps_its_reference():
    res = by_id("existing_subnet")
    subnet_id = res["aws_sagemaker_notebook_instance.in_existing"].props["subnet_id"]
    assert isinstance(subnet_id, RefStr)
    assert subnet_id == "subnet-0aaaaaaaaaaaaaaa1"
    assert subnet_id.refs == (Ref("aws_subnet.a", "id"),)
    literal = res["aws_sagemaker_notebook_instance.literal"].props
    assert type(literal["subnet_id"]) is str and literal["subnet_id"] == "subnet-0123456789abcdef0"
    assert literal["security_groups"] == ["sg-0123456789abcdef0"]
    assert type(literal["security_groups"][0]) is str
    assert literal["kms_key_id"] == "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def test_unknown_list_of_like_references_becomes_items_of_refs():
    vpc = by_id("endpoint_capture")["aws_sagemaker_model.m"].props["vpc_config"][0]
    assert isinstance(vpc["security_group_ids"], Items)
    assert list(vpc["security_group_ids"]) == [Ref("aws_security_group.model", "id"),
                                                Ref("aws_security_group.extra", "id")]
    assert vpc["subnets"] == ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]


def test_module_references_are_prefixed_and_followed():
    res = by_id("modules")
    # Inside module.team["alpha"], aws_kms_key.team means that instance's key.
    sse = res['module.team["alpha"].aws_s3_bucket_server_side_encryption_configuration.data["raw"]'].props
    default = sse["rule"][0]["apply_server_side_encryption_by_default"][0]
    assert default["kms_master_key_id"] == Ref('module.team["alpha"].aws_kms_key.team', "arn")
    assert default["sse_algorithm"] == "aws:kms"
    # bucket = each.value.id with for_each = aws_s3_bucket.data
    assert sse["bucket"] == Ref('module.team["alpha"].aws_s3_bucket.data["raw"]', "id")
    # kms_key_id = var.notebook_key, fed module.keys.primary_arn = aws_kms_key.k[0].arn
    nb = res['module.team["beta"].aws_sagemaker_notebook_instance.nb'].props
    assert nb["kms_key_id"] == Ref("module.keys.aws_kms_key.k[0]", "arn")
    assert nb["kms_key_id"].expr == "var.notebook_key → module.keys.primary_arn → aws_kms_key.k[0].arn"
    assert nb["role_arn"] == Ref('module.team["beta"].aws_iam_role.nb', "arn")
    # Two levels down: var.key of module.logs is aws_kms_key.team of its caller.
    lg = res['module.team["beta"].module.logs.aws_cloudwatch_log_group.lg'].props
    assert lg["kms_key_id"] == Ref('module.team["beta"].aws_kms_key.team', "arn")
    assert lg["name"] == "/aws/sagemaker/beta" and type(lg["name"]) is str


def test_count_index_references_pick_the_same_instance():
    res = by_id("modules")
    assert res["aws_cloudwatch_log_group.root[1]"].props["kms_key_id"] == Ref("aws_kms_key.logs[1]", None)
    assert res["aws_cloudwatch_log_group.root[0]"].props["kms_key_id"] == Ref("aws_kms_key.logs[0]", None)
    assert res["aws_cloudwatch_log_group.first"].props["kms_key_id"] == Ref("aws_kms_key.logs[0]", "arn")


# ---------------------------------------------------------------- hand-made shapes

def test_module_output_that_leads_nowhere_is_kept_as_a_module_ref():
    doc = minimal_plan({"name": "nb"}, {"kms_key_id": True},
                       {"kms_key_id": {"references": ["module.keys.arn", "module.keys"]}})
    doc["configuration"]["root_module"]["module_calls"] = {
        "keys": {"source": "./keys", "module": {"outputs": {"arn": {"expression": {"references": ["var.arn"]}}}}},
    }
    [res] = load_doc(doc).resources
    assert res.props["kms_key_id"] == Ref("module.keys", "arn")
    assert res.props["kms_key_id"].expr == "module.keys.arn"


def test_references_to_different_kinds_leave_the_value_unknown():
    doc = minimal_plan({"name": "nb"}, {"kms_key_id": True},
                       {"kms_key_id": {"references": ["aws_kms_key.a.arn", "aws_kms_key.a",
                                                      "aws_s3_bucket.b.arn", "aws_s3_bucket.b", "local.x"]}})
    [res] = load_doc(doc).resources
    value = res.props["kms_key_id"]
    assert type(value) is Unknown
    assert (value.reason, value.expr) == ("known after apply", "aws_kms_key.a.arn, aws_s3_bucket.b.arn, local.x")


def test_list_elements_pair_with_references_in_order():
    doc = minimal_plan({"security_groups": [None, "sg-literal", None]}, {"security_groups": [True, False, True]},
                       {"security_groups": {"references": ["aws_security_group.a.id", "aws_security_group.a",
                                                           "aws_security_group.b.id", "aws_security_group.b"]}})
    [res] = load_doc(doc).resources
    assert list(res.props["security_groups"]) == [Ref("aws_security_group.a", "id"), "sg-literal",
                                                  Ref("aws_security_group.b", "id")]
    assert type(res.props["security_groups"][1]) is str


def test_set_blocks_match_their_configuration_by_constants():
    # Planned sets come out sorted; the configuration lists blocks as written.
    values = {"rule": [{"name": "a", "key": None}, {"name": "b", "key": "k-known"}]}
    unknown = {"rule": [{"key": True}, {}]}
    expressions = {"rule": [
        {"name": {"constant_value": "b"}, "key": {"references": ["aws_kms_key.b.arn", "aws_kms_key.b"]}},
        {"name": {"constant_value": "a"}, "key": {"references": ["aws_kms_key.a.arn", "aws_kms_key.a"]}},
    ]}
    [res] = load_doc(minimal_plan(values, unknown, expressions, "aws_x", "y")).resources
    rule = res.props["rule"]
    assert rule[0]["key"] == Ref("aws_kms_key.a", "arn")
    assert rule[1]["key"] == "k-known" and rule[1]["key"].refs == (Ref("aws_kms_key.b", "arn"),)


def test_deposed_changes_are_ignored():
    doc = minimal_plan({"name": "nb"}, {"kms_key_id": True},
                       {"kms_key_id": {"references": ["aws_kms_key.k.arn", "aws_kms_key.k"]}})
    doc["resource_changes"].append({"address": "aws_sagemaker_notebook_instance.nb", "deposed": "00aa",
                                    "change": {"actions": ["delete"], "after": None, "after_unknown": {}}})
    [res] = load_doc(doc).resources
    assert res.props["kms_key_id"] == Ref("aws_kms_key.k", "arn")
    assert res.metadata["actions"] == ["create"]


def test_sensitive_values_are_kept():
    doc = minimal_plan({"name": "nb", "password": "s3cret"})
    doc["planned_values"]["root_module"]["resources"][0]["sensitive_values"] = {"password": True}
    [res] = load_doc(doc).resources
    assert res.props["password"] == "s3cret"


def test_plan_without_configuration_still_reads_values():
    doc = minimal_plan({"name": "nb", "kms_key_id": None}, {"kms_key_id": True})
    del doc["configuration"]
    [res] = load_doc(doc).resources
    assert type(res.props["kms_key_id"]) is Unknown
    assert res.region is None


# ---------------------------------------------------------------- format_version and malformed plans

@pytest.mark.parametrize("version", ["0.1", "0.2", "1.0", "1.2", "1.99"])
def test_supported_format_versions(version):
    doc = plan_doc("notebook_kms")
    doc["format_version"] = version
    result = load_doc(doc)
    assert result.errors == []
    assert len(result.resources) == 7


@pytest.mark.parametrize("version", ["2.0", "3", "", "one"])
def test_unsupported_format_version(version):
    doc = plan_doc("notebook_kms")
    doc["format_version"] = version
    result = load_doc(doc, "p.json")
    assert result.resources == []
    assert result.errors == [ScanError(file="p.json", kind="unsupported",
                                       message=f"unsupported plan format_version {version} "
                                               "(mlsec reads 0.x and 1.x)")]


def _break(doc: dict, where: str, value) -> dict:
    doc = copy.deepcopy(doc)
    *parents, last = where.split("/")
    node = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return doc


@pytest.mark.parametrize("where,value,message", [
    ("format_version", 1.2, "format_version is a number, expected a string like \"1.2\""),
    ("planned_values", [], "planned_values is an array, expected an object"),
    ("planned_values/root_module", "x", "planned_values.root_module is a string, expected an object"),
    ("planned_values/root_module/resources", {}, "planned_values.root_module.resources is an object, "
                                                 "expected an array"),
    ("planned_values/root_module/resources/0", 7, "resources[0] of module (root) is a number, expected an object"),
    ("planned_values/root_module/resources/0/address", None,
     "resources[0] of module (root).address is null, expected a string"),
    ("planned_values/root_module/resources/0/values", [1], "values of aws_cloudwatch_log_group.first is an array, "
                                                           "expected an object"),
    ("planned_values/root_module/child_modules", {"a": 1}, "planned_values.root_module.child_modules is an "
                                                           "object, expected an array"),
    ("planned_values/root_module/child_modules/0/address", 3,
     "planned_values.root_module.child_modules[0].address is a number, expected a string"),
    ("resource_changes", {}, "resource_changes is an object, expected an array"),
    ("resource_changes/0", "x", "resource_changes[0] is a string, expected an object"),
    ("resource_changes/0/change", [], "resource_changes[0].change is an array, expected an object"),
])
def test_malformed_plan_is_a_scan_error(where, value, message):
    result = load_doc(_break(plan_doc("modules"), where, value), "bad.json")
    assert result.resources == []
    assert result.errors == [ScanError(file="bad.json", message=f"malformed plan JSON: {message}", kind="parse")]


def test_odd_configuration_and_after_unknown_shapes_do_not_raise():
    doc = plan_doc("endpoint_capture")
    doc["configuration"]["root_module"]["resources"][0]["expressions"] = ["not", "an", "object"]
    doc["configuration"]["root_module"]["module_calls"] = "nope"
    doc["configuration"]["provider_config"] = 5
    for rc in doc["resource_changes"]:
        rc["change"]["after_unknown"] = "garbage"
    result = load_doc(doc)
    assert result.errors == []
    assert len(result.resources) == 8


def test_deeply_nested_values_are_a_limit_error():
    deep: object = "x"
    for _ in range(5000):
        deep = {"a": deep}
    doc = minimal_plan({"deep": deep})
    result = load_doc(doc, "deep.json")
    assert result.resources == []
    assert [(e.kind, e.file) for e in result.errors] == [("limit", "deep.json")]
