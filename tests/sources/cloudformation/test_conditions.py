"""Conditions: decided true/false, open (Branches, RawResource.condition), logic."""

from __future__ import annotations

from mlsec.model.props import NO_VALUE, Branches, Ref, Unknown

TEMPLATE = """\
Parameters:
  Env: {Type: String, Default: prod}
  KmsKey: {Type: String}
  Region2: {Type: String, Default: ""}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: {"Fn::Equals": [{"Ref": "Env"}, "dev"]}
  HasKey: !Not [!Equals [!Ref KmsKey, ""]]
  ProdWithKey: !And [!Condition IsProd, !Condition HasKey]
  DevWithKey: !And [!Condition IsDev, !Condition HasKey]
  ProdOrKey: {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "HasKey"}]}
  InUsEast1: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Always:
    Type: AWS::S3::Bucket
    Properties:
      Size: !If [IsProd, large, small]
      Key: !If [HasKey, !Ref KmsKey, !Ref AWS::NoValue]
      Nested: !If [ProdWithKey, {Enabled: true}, {Enabled: false}]
  OnlyProd:
    Type: AWS::S3::Bucket
    Condition: IsProd
  OnlyDev:
    Type: AWS::S3::Bucket
    Condition: IsDev
  WithKey:
    Type: AWS::S3::Bucket
    Condition: HasKey
  DevWithKeyBucket:
    Type: AWS::S3::Bucket
    Condition: DevWithKey
  ProdOrKeyBucket:
    Type: AWS::S3::Bucket
    Condition: ProdOrKey
  RegionBound:
    Type: AWS::S3::Bucket
    Condition: InUsEast1
"""


def resources(load, **options):
    result = load(TEMPLATE, **options)
    assert result.errors == []
    return {r.id: r for r in result.resources}


def test_false_conditions_drop_resources_and_true_ones_keep_them(load):
    found = resources(load)
    assert "OnlyDev" not in found
    assert "DevWithKeyBucket" not in found  # And with a False operand is False, even with an open one
    assert found["OnlyProd"].condition is None
    assert found["ProdOrKeyBucket"].condition is None  # Or with a True operand is True


def test_open_condition_marks_the_resource(load):
    found = resources(load)
    assert found["WithKey"].condition == Unknown(
        "resource exists only if condition HasKey holds, which depends on parameter KmsKey (no value)"
    )
    assert found["RegionBound"].condition == Unknown(
        "resource exists only if condition InUsEast1 holds, which depends on AWS::Region (no value given)"
    )


def test_region_option_decides_region_conditions(load):
    assert resources(load, region="us-east-1")["RegionBound"].condition is None
    assert "RegionBound" not in resources(load, region="eu-west-1")


def test_fn_if_picks_or_branches(load):
    props = resources(load)["Always"].props
    assert props["Size"] == "large"
    key = props["Key"]
    assert isinstance(key, Branches)
    assert key.options == [
        ("condition HasKey is true", Unknown("parameter KmsKey has no default and no value was supplied")),
        ("condition HasKey is false", NO_VALUE),
    ]
    nested = props["Nested"]
    assert [label for label, _ in nested.options] == ["condition ProdWithKey is true", "condition ProdWithKey is false"]
    assert [dict(v) for _, v in nested.options] == [{"Enabled": True}, {"Enabled": False}]


def test_supplied_value_decides_the_condition(load):
    found = resources(load, cfn_parameters={"KmsKey": "arn:aws:kms:eu-west-1:1:key/x", "Env": "dev"})
    assert found["WithKey"].condition is None
    assert found["DevWithKeyBucket"].condition is None
    assert "OnlyProd" not in found
    assert found["Always"].props["Key"] == "arn:aws:kms:eu-west-1:1:key/x"
    assert found["Always"].props["Size"] == "small"


def test_condition_naming_several_parameters(load):
    result = load(
        """
        Parameters:
          A: {Type: String}
          B: {Type: String}
        Conditions:
          Both: !Or [!Equals [!Ref A, x], !Equals [!Ref B, y]]
        Resources:
          Thing:
            Type: AWS::S3::Bucket
            Condition: Both
        """
    )
    assert result.resources[0].condition == Unknown(
        "resource exists only if condition Both holds, which depends on parameter A (no value) and parameter B (no value)"
    )


def test_undefined_resource_condition_is_reported(load):
    result = load(
        """
        Resources:
          Thing:
            Type: AWS::S3::Bucket
            Condition: Missing
        """
    )
    assert [e.message for e in result.errors] == [
        "resource Thing names condition Missing, which is not defined in Conditions"
    ]
    assert result.errors[0].line == 4
    assert result.resources[0].condition == Unknown(
        "resource exists only if condition Missing holds, which is not defined"
    )


def test_circular_conditions_stay_open(load):
    result = load(
        """
        Conditions:
          A: !Condition B
          B: !Not [!Condition A]
        Resources:
          Thing:
            Type: AWS::S3::Bucket
            Condition: A
        """
    )
    assert result.resources[0].condition == Unknown(
        "resource exists only if condition A holds, which depends on condition A, which refers back to itself"
    )


def test_equals_compares_text_forms(load):
    result = load(
        """
        Parameters:
          Count: {Type: Number, Default: 1}
        Conditions:
          One: !Equals [!Ref Count, 1]
          TrueText: !Equals [true, "true"]
        Resources:
          A: {Type: AWS::S3::Bucket, Condition: One}
          B: {Type: AWS::S3::Bucket, Condition: TrueText}
        """
    )
    assert [r.id for r in result.resources] == ["A", "B"]
    assert all(r.condition is None for r in result.resources)


def test_get_att_inside_if_branch(load):
    result = load(
        """
        Parameters:
          UseKey: {Type: String, AllowedValues: ["true", "false"]}
        Conditions:
          KeyOn: !Equals [!Ref UseKey, "true"]
        Resources:
          Key:
            Type: AWS::KMS::Key
            Condition: KeyOn
          Config:
            Type: AWS::SageMaker::EndpointConfig
            Properties:
              KmsKeyId: !If [KeyOn, !GetAtt Key.Arn, !Ref AWS::NoValue]
        """
    )
    config = result.resources[1].props
    assert config["KmsKeyId"].options == [("condition KeyOn is true", Ref("Key", "Arn")),
                                          ("condition KeyOn is false", NO_VALUE)]


def test_condition_on_deploy_time_values(load):
    result = load(
        """
        Parameters:
          Ami: {Type: "AWS::SSM::Parameter::Value<String>", Default: /golden/ami}
        Conditions:
          Imported: !Equals [!ImportValue SharedFlag, "on"]
          FromSsm: !Equals [!Ref Ami, ami-1]
        Resources:
          A: {Type: AWS::S3::Bucket, Condition: Imported}
          B: {Type: AWS::S3::Bucket, Condition: FromSsm}
        """
    )
    a, b = result.resources
    assert a.condition == Unknown(
        "resource exists only if condition Imported holds, which depends on a value that is not known "
        "(Fn::ImportValue SharedFlag is resolved at deploy time)"
    )
    assert b.condition == Unknown(
        "resource exists only if condition FromSsm holds, which depends on parameter Ami (resolved from SSM at deploy time)"
    )


def test_properties_of_a_conditional_resource_assume_its_condition(tmp_path):
    from mlsec.model.props import Branches
    from mlsec.sources.base import SourceOptions
    from mlsec.sources.cloudformation import load_template

    path = tmp_path / "t.yaml"
    path.write_text(
        "Parameters:\n  Env: {Type: String}\n"
        "Conditions:\n  Prod: !Equals [!Ref Env, prod]\n  Dev: !Not [!Condition Prod]\n"
        "Resources:\n  Nb:\n    Type: AWS::SageMaker::NotebookInstance\n    Condition: Prod\n    Properties:\n"
        "      DirectInternetAccess: !If [Prod, Disabled, Enabled]\n"
        "      RootAccess: !If [Dev, Enabled, Disabled]\n"
        "  Other:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n"
        "      DirectInternetAccess: !If [Prod, Disabled, Enabled]\n")
    result = load_template(str(path), SourceOptions())
    nb, other = result.resources
    assert nb.condition is not None
    assert nb.props["DirectInternetAccess"] == "Disabled"
    assert nb.props["RootAccess"] == "Disabled"
    assert isinstance(other.props["DirectInternetAccess"], Branches)
