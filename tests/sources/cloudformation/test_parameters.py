"""Parameter defaults, supplied values (--param and both parameter-file formats),
list and SSM parameter types, and pseudo parameters."""

from __future__ import annotations

import json

from mlsec.model.props import Items, Ref, RefStr, Unknown
from mlsec.sources.base import ScanError, SourceOptions
from mlsec.sources.cloudformation import load_parameter_files, load_template

TEMPLATE = """\
Parameters:
  Env: {Type: String, Default: dev}
  Count: {Type: Number, Default: 2}
  Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}
  Names: {Type: CommaDelimitedList, Default: "a,b"}
  SubnetId: {Type: String}
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/service/ami}
Resources:
  Thing:
    Type: AWS::S3::Bucket
    Properties:
      Env: !Ref Env
      Count: !Ref Count
      Subnets: !Ref Subnets
      Names: !Ref Names
      SubnetId: !Ref SubnetId
      Ami: !Ref Ami
"""


def evaluate(tmp_path, **options):
    path = tmp_path / "stack.yaml"
    path.write_text(TEMPLATE)
    result = load_template(str(path), SourceOptions(**options))
    return result, result.resources[0].props


def test_defaults_and_missing_values(tmp_path):
    result, props = evaluate(tmp_path)
    assert result.errors == []
    assert props["Env"] == "dev"
    assert props["Count"] == "2"  # CloudFormation passes Number parameters as text
    assert props["Names"] == ["a", "b"]
    assert isinstance(props["Names"], Items)
    assert props["SubnetId"] == Unknown("parameter SubnetId has no default and no value was supplied")
    assert props["SubnetId"].expr == "!Ref SubnetId"
    assert props["Subnets"] == Unknown("parameter Subnets has no default and no value was supplied")
    assert props["Ami"] == Unknown("parameter Ami is read from SSM parameter /aws/service/ami at deploy time")


def test_command_line_values_override_defaults(tmp_path):
    _, props = evaluate(
        tmp_path,
        cfn_parameters={"Env": "prod", "Subnets": "subnet-1, subnet-2", "Ami": "ami-123", "Undeclared": "x"},
    )
    assert props["Env"] == "prod"
    assert props["Subnets"] == ["subnet-1", "subnet-2"]
    assert props["Ami"] == "ami-123"


def test_cli_format_parameter_file(tmp_path):
    params = tmp_path / "params.json"
    params.write_text(
        json.dumps(
            [
                {"ParameterKey": "Env", "ParameterValue": "staging"},
                {"ParameterKey": "SubnetId", "ParameterValue": "subnet-9"},
                {"ParameterKey": "Count", "UsePreviousValue": True},
            ]
        )
    )
    result, props = evaluate(tmp_path, cfn_parameter_files=[str(params)])
    assert result.errors == []
    assert props["Env"] == "staging"
    assert props["SubnetId"] == "subnet-9"
    assert props["Count"] == "2"


def test_codepipeline_format_parameter_file(tmp_path):
    params = tmp_path / "config.json"
    params.write_text(json.dumps({"Parameters": {"Env": "prod", "Count": 5}, "Tags": {"team": "ml"}}))
    _, props = evaluate(tmp_path, cfn_parameter_files=[str(params)])
    assert props["Env"] == "prod"
    assert props["Count"] == "5"


def test_command_line_wins_over_parameter_file(tmp_path):
    params = tmp_path / "config.json"
    params.write_text(json.dumps({"Parameters": {"Env": "prod"}}))
    _, props = evaluate(tmp_path, cfn_parameter_files=[str(params)], cfn_parameters={"Env": "cli"})
    assert props["Env"] == "cli"


def test_later_parameter_files_win(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps({"Parameters": {"Env": "one", "SubnetId": "s-1"}}))
    second.write_text(json.dumps([{"ParameterKey": "Env", "ParameterValue": "two"}]))
    values, errors = load_parameter_files([str(first), str(second)])
    assert values == {"Env": "two", "SubnetId": "s-1"}
    assert errors == []


def test_unreadable_parameter_file_is_an_error_naming_it(tmp_path):
    missing = tmp_path / "missing.json"
    result, props = evaluate(tmp_path, cfn_parameter_files=[str(missing)])
    assert result.errors == [
        ScanError(file=str(missing), message="cannot read the parameter file: No such file or directory", kind="read")
    ]
    assert props["Env"] == "dev"  # the template is still scanned, with defaults


def test_invalid_parameter_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    values, errors = load_parameter_files([str(broken)])
    assert values == {}
    assert len(errors) == 1
    assert errors[0].file == str(broken)
    assert errors[0].kind == "parse"
    assert errors[0].message.startswith("the parameter file is not valid JSON: ")


def test_parameter_file_of_unknown_shape(tmp_path):
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"Env": "prod"}))
    _, errors = load_parameter_files([str(odd)])
    assert errors[0].message == (
        "the parameter file has neither the AWS CLI shape "
        '[{"ParameterKey": "Name", "ParameterValue": "value"}] nor the CodePipeline shape '
        '{"Parameters": {"Name": "value"}}'
    )


def test_parameter_file_is_reread_when_it_changes(tmp_path):
    params = tmp_path / "p.json"
    params.write_text(json.dumps({"Parameters": {"Env": "one"}}))
    assert load_parameter_files([str(params)])[0] == {"Env": "one"}
    params.write_text(json.dumps({"Parameters": {"Env": "three!"}}))
    assert load_parameter_files([str(params)])[0] == {"Env": "three!"}


def test_empty_list_parameter(props):
    evaluated = props(
        """
        Parameters:
          Ids: {Type: CommaDelimitedList, Default: ""}
        Resources:
          Thing:
            Type: AWS::S3::Bucket
            Properties: {Ids: !Ref Ids}
        """
    )
    assert evaluated["Thing"]["Ids"] == []


def test_boolean_like_defaults_become_text(props):
    evaluated = props(
        """
        Parameters:
          Flag: {Type: String, Default: true}
        Conditions:
          On: !Equals [!Ref Flag, "true"]
        Resources:
          Thing:
            Type: AWS::S3::Bucket
            Properties: {Flag: !Ref Flag, Chosen: !If [On, yes-branch, no-branch]}
        """
    )
    assert evaluated["Thing"]["Flag"] == "true"
    assert evaluated["Thing"]["Chosen"] == "yes-branch"


def test_pseudo_parameters_without_region(props):
    evaluated = props(
        """
        Resources:
          Thing:
            Type: AWS::S3::Bucket
            Properties:
              Region: !Ref AWS::Region
              Account: !Ref AWS::AccountId
              Stack: !Ref AWS::StackName
              StackId: !Ref AWS::StackId
              Partition: !Ref AWS::Partition
              Suffix: !Ref AWS::URLSuffix
              Topics: !Ref AWS::NotificationARNs
        """
    )["Thing"]
    for key, name in [("Region", "AWS::Region"), ("Account", "AWS::AccountId"), ("Stack", "AWS::StackName"),
                      ("StackId", "AWS::StackId")]:
        assert isinstance(evaluated[key], RefStr)
        assert str(evaluated[key]) == "${%s}" % name
        assert evaluated[key].refs == (Ref(name),)
    assert evaluated["Partition"] == "aws"
    assert evaluated["Suffix"] == "amazonaws.com"
    assert evaluated["Topics"] == Unknown(
        "AWS::NotificationARNs lists the stack's notification topics, known only at deploy time"
    )


def test_pseudo_parameters_with_region_and_account(props):
    evaluated = props(
        """
        Resources:
          Thing:
            Type: AWS::S3::Bucket
            Properties:
              Region: !Ref AWS::Region
              Account: !Ref AWS::AccountId
              Partition: !Ref AWS::Partition
              Suffix: !Ref AWS::URLSuffix
        """,
        region="cn-north-1",
        account_id="111122223333",
    )["Thing"]
    assert evaluated == {"Region": "cn-north-1", "Account": "111122223333", "Partition": "aws-cn",
                         "Suffix": "amazonaws.com.cn"}
