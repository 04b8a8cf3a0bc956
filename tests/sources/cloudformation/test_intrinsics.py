"""Every intrinsic function, in short and long form, on a small fixed template."""

from __future__ import annotations

import base64
import textwrap

import pytest

from mlsec.model.props import NO_VALUE, Branches, Items, Props, Ref, RefStr, Unknown

PREAMBLE = """\
Parameters:
  Env: {Type: String, Default: prod}
  Zones: {Type: CommaDelimitedList, Default: "a, b,c"}
  Open: {Type: String}
  Cidr: {Type: String, Default: 10.0.0.0/16}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [!Ref Env, dev]
  IsOpen: !Equals [!Ref Open, yes]
Mappings:
  Sizes:
    prod: {Count: 2, Type: ml.m5.large}
    dev: {Count: 1, Type: ml.m5.large}
Resources:
  Key:
    Type: AWS::KMS::Key
  Thing:
    Type: AWS::S3::Bucket
    Properties:
      Value:
"""


@pytest.fixture
def value(props):
    """value(yaml, **options): the evaluated ``Value`` property of resource Thing."""

    def _value(text: str, **options):
        body = textwrap.indent(textwrap.dedent(text).strip("\n"), " " * 8)
        evaluated = props(PREAMBLE + body + "\n", **options)["Thing"]
        return evaluated["Value"] if "Value" in evaluated else NO_VALUE

    return _value


def assert_refstr(result, text, refs):
    assert isinstance(result, RefStr)
    assert str(result) == text
    assert list(result.refs) == refs


# -- Ref and GetAtt ---------------------------------------------------------------------------


def test_ref_to_resource_is_a_reference(value):
    assert value("!Ref Key") == Ref("Key", None)
    assert value("Ref: Key") == Ref("Key", None)
    assert value("!Ref Key").expr == "!Ref Key"


def test_ref_to_parameter_gives_its_value(value):
    assert value("!Ref Env") == "prod"
    assert value("Ref: Env") == "prod"


def test_ref_to_unknown_name_is_unknown(value):
    result = value("!Ref Nowhere")
    assert result == Unknown("Nowhere is neither a parameter nor a resource of this template")


def test_get_att_dotted_and_list_forms(value):
    assert value("!GetAtt Key.Arn") == Ref("Key", "Arn")
    assert value("!GetAtt [Key, Arn]") == Ref("Key", "Arn")
    assert value("Fn::GetAtt: [Key, Arn]") == Ref("Key", "Arn")
    assert value("Fn::GetAtt: Key.Arn") == Ref("Key", "Arn")
    assert value("!GetAtt Key.Arn").expr == "!GetAtt Key.Arn"


def test_get_att_keeps_dotted_attribute_names(value):
    assert value("!GetAtt Key.Endpoint.Address") == Ref("Key", "Endpoint.Address")


def test_get_att_on_missing_resource_is_unknown(value):
    assert value("!GetAtt Ghost.Arn") == Unknown(
        "Fn::GetAtt Ghost.Arn names Ghost, which is not a resource of this template"
    )


def test_get_att_without_attribute_is_malformed(value):
    assert value("!GetAtt Key") == Unknown("Fn::GetAtt is malformed: Fn::GetAtt takes Resource.Attribute, not 'Key'")


# -- Sub -----------------------------------------------------------------------------------------


def test_sub_plain_text_and_parameters(value):
    assert value('!Sub "bucket-${Env}"') == "bucket-prod"
    assert value("Fn::Sub: bucket-${Env}") == "bucket-prod"


def test_sub_with_resource_references(value):
    result = value('!Sub "arn:${Key.Arn}/x/${Key}"')
    assert_refstr(result, "arn:${Key.Arn}/x/${Key}", [Ref("Key", "Arn"), Ref("Key", None)])


def test_sub_with_variable_map(value):
    result = value(
        """
        !Sub
          - "${Name}-${Env}-${Arn}"
          - Name: !Join ["-", [a, b]]
            Arn: !GetAtt Key.Arn
        """
    )
    assert_refstr(result, "a-b-prod-${Key.Arn}", [Ref("Key", "Arn")])


def test_sub_literal_escape(value):
    assert value('!Sub "${!Literal}-${Env}"') == "${Literal}-prod"


def test_sub_pseudo_parameters(value):
    result = value('!Sub "arn:${AWS::Partition}:s3:::${AWS::Region}-${AWS::AccountId}"')
    assert_refstr(
        result, "arn:aws:s3:::${AWS::Region}-${AWS::AccountId}", [Ref("AWS::Region"), Ref("AWS::AccountId")]
    )
    given = value('!Sub "${AWS::Region}-${AWS::AccountId}"', region="eu-west-1", account_id="123456789012")
    assert given == "eu-west-1-123456789012"
    assert type(given) is str


def test_sub_with_unknown_parameter_is_unknown(value):
    assert value('!Sub "x-${Open}"') == Unknown("parameter Open has no default and no value was supplied")


# -- Join / Select / Split -------------------------------------------------------------------------


def test_join(value):
    assert value('!Join ["-", [a, !Ref Env, 3]]') == "a-prod-3"
    assert value('Fn::Join: ["", ["s3://", !Ref Env]]') == "s3://prod"
    assert_refstr(value('!Join [":", [x, !GetAtt Key.Arn]]'), "x:${Key.Arn}", [Ref("Key", "Arn")])


def test_join_of_list_parameter(value):
    assert value('!Join ["|", !Ref Zones]') == "a|b|c"


def test_join_drops_no_value_items(value):
    assert value('!Join [",", [a, !Ref "AWS::NoValue", b]]') == "a,b"


def test_select(value):
    assert value("!Select [1, [x, y, z]]") == "y"
    assert value('!Select ["2", !Ref Zones]') == "c"
    assert value("Fn::Select: [0, [!Ref Key]]") == Ref("Key", None)


def test_select_out_of_range_is_unknown(value):
    assert value("!Select [5, [x]]") == Unknown("Fn::Select is malformed: index 5 is outside a list of 1 items")


def test_select_with_unknown_index_is_unknown(value):
    assert value("!Select [!Ref Open, [x, y]]") == Unknown("parameter Open has no default and no value was supplied")


def test_split(value):
    result = value('!Split [",", "a,b,,c"]')
    assert isinstance(result, Items)
    assert result == ["a", "b", "", "c"]
    assert value('!Select [1, !Split ["/", "x/y/z"]]') == "y"


def test_split_keeps_references_in_their_pieces(value):
    result = value('!Split ["|", !Sub "${Key.Arn}|plain"]')
    assert_refstr(result[0], "${Key.Arn}", [Ref("Key", "Arn")])
    assert result[1] == "plain" and type(result[1]) is str


# -- GetAZs ----------------------------------------------------------------------------------------


def test_select_of_get_azs_gives_distinct_zone_names(value):
    first = value('!Select [0, !GetAZs ""]')
    second = value("Fn::Select: [1, Fn::GetAZs: !Ref AWS::Region]")
    assert_refstr(first, "${Fn::GetAZs[0]}", [Ref("Fn::GetAZs", "0")])
    assert_refstr(second, "${Fn::GetAZs[1]}", [Ref("Fn::GetAZs", "1")])
    assert first != second


def test_get_azs_alone_is_unknown(value):
    assert value('!GetAZs ""') == Unknown("Fn::GetAZs lists the Availability Zones of the stack's region at deploy time")


# -- FindInMap ---------------------------------------------------------------------------------------


def test_find_in_map(value):
    assert value("!FindInMap [Sizes, !Ref Env, Count]") == 2
    assert value("Fn::FindInMap: [Sizes, dev, Count]") == 1


def test_find_in_map_missing_entry_is_unknown(value):
    assert value("!FindInMap [Sizes, test, Count]") == Unknown("Fn::FindInMap finds no entry [Sizes, test, Count] in Mappings")


def test_find_in_map_default_value(value):
    assert value("!FindInMap [Sizes, test, Count, {DefaultValue: 7}]") == 7
    assert value("!FindInMap [Sizes, prod, Count, {DefaultValue: 7}]") == 2


def test_find_in_map_unknown_key_with_uniform_entries(value):
    # Whatever the key, every entry has the same Type.
    assert value("!FindInMap [Sizes, !Ref Open, Type]") == "ml.m5.large"
    assert value("!FindInMap [Sizes, !Ref Open, Count]") == Unknown(
        "parameter Open has no default and no value was supplied"
    )


# -- If / conditions in values ------------------------------------------------------------------------


def test_if_on_decided_conditions(value):
    assert value("!If [IsProd, big, small]") == "big"
    assert value("Fn::If: [IsDev, big, small]") == "small"


def test_if_on_open_condition_gives_branches(value):
    result = value("!If [IsOpen, !GetAtt Key.Arn, !Ref AWS::NoValue]")
    assert isinstance(result, Branches)
    assert result.options == [("condition IsOpen is true", Ref("Key", "Arn")), ("condition IsOpen is false", NO_VALUE)]


def test_if_choosing_no_value_removes_the_key(value):
    assert value("!If [IsDev, x, !Ref AWS::NoValue]") is NO_VALUE


def test_if_on_undefined_condition(value):
    assert value("!If [Nope, a, b]") == Unknown("Fn::If names condition Nope, which is not defined in Conditions")


def test_condition_functions_as_values(value):
    assert value("!Equals [a, a]") is True
    assert value("!Not [!Equals [a, a]]") is False
    assert value("!And [!Condition IsProd, !Equals [1, '1']]") is True
    assert value("!Or [!Condition IsDev, !Condition IsOpen]") == Unknown(
        "Fn::Or depends on parameter Open (no value)"
    )


def test_branches_inside_strings_are_distributed(value):
    result = value('!Join ["-", [x, !If [IsOpen, a, b]]]')
    assert isinstance(result, Branches)
    assert result.options == [("condition IsOpen is true", "x-a"), ("condition IsOpen is false", "x-b")]
    dropped = value('!Join [",", [x, !If [IsOpen, y, !Ref AWS::NoValue]]]')
    assert dropped.options == [("condition IsOpen is true", "x,y"), ("condition IsOpen is false", "x")]


# -- deploy-time values ---------------------------------------------------------------------------------


def test_import_value(value):
    assert value("!ImportValue SharedKmsKeyArn") == Unknown("Fn::ImportValue SharedKmsKeyArn is resolved at deploy time")
    assert value('Fn::ImportValue: !Sub "${Env}-key"') == Unknown("Fn::ImportValue prod-key is resolved at deploy time")


def test_dynamic_references(value):
    assert value('"{{resolve:ssm:/x}}"') == Unknown("dynamic reference {{resolve:ssm:/x}} is resolved at deploy time")
    assert value('!Sub "pre-{{resolve:secretsmanager:db:SecretString:pw}}"') == Unknown(
        "dynamic reference {{resolve:secretsmanager:db:SecretString:pw}} is resolved at deploy time"
    )


def test_transform(value):
    result = value(
        """
        Fn::Transform:
          Name: AWS::Include
          Parameters: {Location: s3://bucket/snippet.yaml}
        """
    )
    assert result == Unknown("Fn::Transform macro AWS::Include runs at deploy time")


def test_unsupported_intrinsic(value):
    assert value("!Foo bar") == Unknown("unsupported intrinsic Fn::Foo")
    assert value("Fn::Foo: bar") == Unknown("unsupported intrinsic Fn::Foo")


# -- encoding and structure --------------------------------------------------------------------------------


def test_base64(value):
    assert value('!Base64 "echo hi"') == base64.b64encode(b"echo hi").decode()
    assert value('Fn::Base64: !Sub "x-${Env}"') == base64.b64encode(b"x-prod").decode()
    assert value('!Base64 {"Fn::Sub": "${Key.Arn}"}') == Unknown(
        "Fn::Base64 encodes text that contains references, so its result is known only at deploy time"
    )


def test_cidr(value):
    assert value('!Cidr ["10.0.0.0/16", 3, 8]') == ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]
    assert value("!Select [2, !Cidr [!Ref Cidr, 4, 12]]") == "10.0.32.0/20"
    assert value('!Cidr ["2001:db8::/56", 2, 64]') == ["2001:db8::/64", "2001:db8:0:1::/64"]


def test_cidr_of_deploy_time_block_is_unknown(value):
    assert value("!Cidr [!GetAtt Key.CidrBlock, 2, 8]") == Unknown(
        "Fn::Cidr splits !GetAtt Key.CidrBlock, which is known only at deploy time"
    )


def test_to_json_string(value):
    assert value("!ToJsonString {a: 1, b: [x, true]}") == '{"a":1,"b":["x",true]}'
    result = value("Fn::ToJsonString: {key: !GetAtt Key.Arn}")
    assert_refstr(result, '{"key":"${Key.Arn}"}', [Ref("Key", "Arn")])
    assert value("!ToJsonString {a: !Ref Open}") == Unknown(
        "Fn::ToJsonString input is not fully known: parameter Open has no default and no value was supplied"
    )


def test_length(value):
    assert value("!Length [a, b, c]") == 3
    assert value("Fn::Length: !Ref Zones") == 3
    assert value("!Length [a, !Ref AWS::NoValue]") == 1


# -- structure ------------------------------------------------------------------------------------------------


def test_no_value_removes_keys_and_list_items(props):
    evaluated = props(
        """
        Resources:
          Thing:
            Type: AWS::S3::Bucket
            Properties:
              Gone: !Ref AWS::NoValue
              Kept: [a, !Ref AWS::NoValue, b]
        """
    )["Thing"]
    assert evaluated == {"Kept": ["a", "b"]}
    assert "Gone" not in evaluated.key_lines


def test_unknowns_stay_local(value):
    result = value("{a: !ImportValue X, b: [1, !Ref Open], c: plain}")
    assert isinstance(result, Props)
    assert result["a"] == Unknown("Fn::ImportValue X is resolved at deploy time")
    assert result["b"][0] == 1
    assert result["b"][1] == Unknown("parameter Open has no default and no value was supplied")
    assert result["c"] == "plain"


def test_yaml_scalar_types(value):
    assert value("[1, 1.5, true, no, null, '1', 0x10, 2010-09-09, ~]") == [
        1, 1.5, True, False, None, "1", 16, "2010-09-09", None,
    ]


def test_condition_key_in_data_is_not_an_intrinsic(value):
    # An IAM statement's Condition block must stay data.
    result = value("{Condition: {Bool: {aws:SecureTransport: 'false'}}}")
    assert result == {"Condition": {"Bool": {"aws:SecureTransport": "false"}}}


def test_list_attributes_of_resources(value):
    assert_refstr(value("!Select [0, !GetAtt Key.SecurityGroups]"), "${Key.SecurityGroups[0]}",
                  [Ref("Key", "SecurityGroups")])
    assert value('!Join [",", !GetAtt Key.SecurityGroups]') == Unknown(
        "Fn::Join works on !GetAtt Key.SecurityGroups, a list known only at deploy time"
    )
    assert value("Fn::Length: !GetAtt Key.SecurityGroups") == Unknown(
        "Fn::Length works on !GetAtt Key.SecurityGroups, a list known only at deploy time"
    )


def test_malformed_intrinsics_are_unknown(value):
    assert value('!Join ["-", [a], extra]') == Unknown(
        "Fn::Join is malformed: Fn::Join takes a list of 2 arguments, not 3 of them"
    )
    assert value("!Select {a: 1}") == Unknown("Fn::Select is malformed: Fn::Select takes a list of 2 arguments, not a mapping")
    assert value('!Join [",", {a: 1}]') == Unknown(
        "Fn::Join is malformed: Fn::Join takes a list of values to join, not a mapping"
    )
    assert value('!Sub ["${x}", [1]]') == Unknown(
        "Fn::Sub is malformed: Fn::Sub takes a mapping of variables second, not a list"
    )


def test_find_in_map_by_region(props):
    template = """
        Mappings:
          RegionMap:
            us-east-1: {Ami: ami-1, Arch: x86}
            eu-west-1: {Ami: ami-2, Arch: x86}
        Resources:
          Thing:
            Type: AWS::S3::Bucket
            Properties:
              Ami: !FindInMap [RegionMap, !Ref "AWS::Region", Ami]
              Arch: !FindInMap [RegionMap, !Ref "AWS::Region", Arch]
        """
    unknown_region = props(template)["Thing"]
    assert unknown_region["Ami"] == Unknown(
        "Fn::FindInMap picks its entry by ${AWS::Region}, which is known only at deploy time"
    )
    assert unknown_region["Arch"] == "x86"  # the same in every region
    assert props(template, region="eu-west-1")["Thing"]["Ami"] == "ami-2"
