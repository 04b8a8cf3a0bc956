"""The model builder applies AWS defaults, keeps unknowns unknown and branches open."""

from mlsec.model.builder import build_resource
from mlsec.model.kinds.monitoring import Trail
from mlsec.model.kinds.sagemaker import EndpointConfig, NotebookInstance
from mlsec.model.props import NO_VALUE, Branches, Items, Props, Ref, Unknown
from mlsec.model.values import State
from mlsec.model.verdict import Status
from mlsec.sources.base import RawResource


def raw(source, rtype, props, rid="R", line=1):
    return RawResource(source, rtype, rid, props, "unit", "f", line)


def test_absent_attribute_takes_the_aws_default_with_its_provenance():
    nb = build_resource(NotebookInstance, raw("cloudformation", NotebookInstance.kind, Props(line=4)))
    assert nb.direct_internet_access.state is State.DEFAULT
    assert nb.direct_internet_access.value == "Enabled"
    assert nb.direct_internet_access.describe() == "Enabled (not set; AWS default)"
    assert nb.direct_internet_access.origin.line == 4


def test_attribute_without_default_is_absent_not_empty_string():
    nb = build_resource(NotebookInstance, raw("terraform", "aws_sagemaker_notebook_instance",
                                              Props({"subnet_id": "", "kms_key_id": None})))
    assert nb.subnet_id.state is State.ABSENT
    assert nb.kms_key_id.state is State.ABSENT


def test_terraform_provider_default_wins_over_the_api_default():
    props = Props({"data_capture_config": Items([Props({"destination_s3_uri": "s3://b/c"})])})
    tf = build_resource(EndpointConfig, raw("terraform", "aws_sagemaker_endpoint_configuration", props))
    assert tf.data_capture_enabled.value is False
    assert tf.data_capture_enabled.default_by == "Terraform provider"
    cfn = build_resource(EndpointConfig, raw("cloudformation", EndpointConfig.kind,
                                             Props({"DataCaptureConfig": Props({"DestinationS3Uri": "s3://b"})})))
    assert cfn.data_capture_enabled.value is True


def test_unknown_leaf_keeps_its_reason_and_never_passes():
    nb = build_resource(NotebookInstance, raw("terraform", "aws_sagemaker_notebook_instance",
                                              Props({"root_access": Unknown("var.root has no value")})))
    verdict = nb.root_access.fail_if(lambda v: v != "Disabled", "bad", "good")
    assert verdict.status is Status.UNKNOWN
    assert "var.root has no value" in verdict.message


def test_branches_with_equal_verdicts_merge_and_different_ones_are_unknown():
    same = Props({"RootAccess": Branches([("c is true", "Enabled"), ("c is false", NO_VALUE)])})
    nb = build_resource(NotebookInstance, raw("cloudformation", NotebookInstance.kind, same))
    assert nb.root_access.state is State.BRANCHED
    assert nb.root_access.fail_if(lambda v: v != "Disabled", "bad").status is Status.FAIL
    differ = Props({"RootAccess": Branches([("c is true", "Disabled"), ("c is false", NO_VALUE)])})
    nb = build_resource(NotebookInstance, raw("cloudformation", NotebookInstance.kind, differ))
    verdict = nb.root_access.fail_if(lambda v: v != "Disabled", "bad", "good")
    assert verdict.status is Status.UNKNOWN
    assert "when c is true: PASS" in verdict.message and "when c is false: FAIL" in verdict.message


def test_booleans_and_numbers_are_coerced_from_strings_and_references_are_unknown():
    trail = build_resource(Trail, raw("cloudformation", Trail.kind, Props({"IsMultiRegionTrail": "True",
                                                                           "IsLogging": Ref("Flag")})))
    assert trail.is_multi_region.value is True
    assert trail.is_logging.is_unknown
    assert trail.log_file_validation.value is False and trail.log_file_validation.state is State.DEFAULT


def test_terraform_blocks_are_entered_through_their_first_element():
    props = Props({"production_variants": Items([Props({"variant_name": "a", "initial_instance_count": "3",
                                                        "serverless_config": Items()})])})
    ec = build_resource(EndpointConfig, raw("terraform", "aws_sagemaker_endpoint_configuration", props))
    [variant] = ec.production_variants.value
    assert variant.initial_instance_count.value == 3
    assert variant.is_serverless is False


def test_policy_text_is_parsed_and_bad_json_is_unknown():
    from mlsec.model.kinds.storage import BucketPolicy

    ok = build_resource(BucketPolicy, raw("terraform", "aws_s3_bucket_policy",
                                          Props({"policy": '{"Statement": []}'})))
    assert ok.policy.value == {"Statement": []}
    bad = build_resource(BucketPolicy, raw("terraform", "aws_s3_bucket_policy", Props({"policy": "{nope"})))
    assert bad.policy.is_unknown and "not valid JSON" in bad.policy.reason
