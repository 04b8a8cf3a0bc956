"""Line numbers of resources, properties and nested values, in YAML and JSON."""

from __future__ import annotations

import json

YAML = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # a comment line
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      DirectInternetAccess: Enabled
      Tags:
        - Key: team
          Value: ml
      Nested:
        Inner: !Sub "x"

  Bucket:
    Type: AWS::S3::Bucket
"""


def test_yaml_lines(load):
    result = load(YAML)
    notebook, bucket = result.resources
    assert (notebook.id, notebook.line) == ("Notebook", 4)
    assert (bucket.id, bucket.line) == ("Bucket", 15)
    props = notebook.props
    assert props.line == 7
    assert props.key_lines == {"InstanceType": 7, "DirectInternetAccess": 8, "Tags": 9, "Nested": 12}
    assert props.line_of("DirectInternetAccess") == 8
    assert props["Tags"].line == 10
    assert props["Tags"][0].key_lines == {"Key": 10, "Value": 11}
    assert props["Nested"].key_lines == {"Inner": 13}
    assert bucket.props == {} and bucket.props.line == 15  # no Properties: the resource's line


def test_json_lines(load):
    text = json.dumps(
        {
            "Resources": {
                "Notebook": {
                    "Type": "AWS::SageMaker::NotebookInstance",
                    "Properties": {"InstanceType": "ml.t3.medium", "Tags": [{"Key": "a", "Value": "b"}]},
                },
                "Bucket": {"Type": "AWS::S3::Bucket"},
            }
        },
        indent=1,
    )
    # 1 {  2 "Resources": {  3 "Notebook": {  4 "Type"  5 "Properties": {  6 "InstanceType"
    # 7 "Tags": [  8 {  9 "Key"  10 "Value"  11 }  12 ]  13 }  14 },  15 "Bucket": {
    result = load(text, name="stack.template.json")
    notebook, bucket = result.resources
    assert notebook.line == 3
    assert bucket.line == 15
    assert notebook.props.key_lines == {"InstanceType": 6, "Tags": 7}
    assert notebook.props["Tags"][0].key_lines == {"Key": 9, "Value": 10}


def test_json_with_tabs_and_astral_characters(load):
    text = '{\n\t"Resources": {\n\t\t"B": {\n\t\t\t"Type": "AWS::S3::Bucket",\n' \
           '\t\t\t"Properties": {"BucketName": "emoji-\\ud83d\\ude00", "Slash": "a\\/b", "Big": 1e3}\n\t\t}\n\t}\n}\n'
    result = load(text, name="t.json")
    assert result.errors == []
    bucket = result.resources[0]
    assert bucket.line == 3
    assert bucket.props == {"BucketName": "emoji-\U0001F600", "Slash": "a/b", "Big": 1000.0}
    assert bucket.props.key_lines == {"BucketName": 5, "Slash": 5, "Big": 5}


def test_minified_json(load):
    text = json.dumps({"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"A": [1, 2]}}}})
    result = load(text, name="t.json")
    assert result.resources[0].line == 1
    assert result.resources[0].props == {"A": [1, 2]}
