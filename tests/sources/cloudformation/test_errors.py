"""What is not a template (skipped silently) and what is a broken one (reported)."""

from __future__ import annotations

import json
import os
import time

import pytest

from mlsec.sources.base import ScanError, SourceOptions
from mlsec.sources.cloudformation import load_template

# -- not templates: None --------------------------------------------------------------------------

NOT_TEMPLATES = {
    "pod.yaml": """
        apiVersion: v1
        kind: Pod
        metadata: {name: trainer}
        spec:
          containers:
            - name: a
              resources:
                limits: {cpu: 1}
        """,
    "workflow.yml": """
        name: Deploy Resources
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps:
              - run: 'echo "Resources: none"'
        """,
    "docker-compose.yaml": """
        services:
          web:
            image: nginx
            deploy:
              resources: {limits: {cpus: "0.5"}}
        """,
    "package.json": '{"name": "x", "version": "1.0.0", "dependencies": {}}',
    "cdk.out/manifest.json": '{"version": "36.0.0", "artifacts": {"App": {"type": "aws:cloudformation:stack"}}}',
    "cdk.out/tree.json": '{"version": "tree-0.1", "tree": {"id": "App", "children": {"Resources": {"id": "Resources"}}}}',
    "cdk.out/App.assets.json": '{"version": "36.0.0", "files": {}, "dockerImages": {}}',
    "other.yaml": "Resources:\n  - a\nOther: 1\n",  # a Resources key, but not a template's
    "empty.yaml": "",
    "comment-only.yaml": "# nothing here\n",
}


@pytest.mark.parametrize("name", sorted(NOT_TEMPLATES))
def test_files_that_are_not_templates_are_skipped(load, name):
    assert load(NOT_TEMPLATES[name], name=name) is None


def test_non_template_binary_and_non_utf8_files_are_skipped(load):
    assert load(b"\x89PNG\r\n\x1a\n\x00\x00", name="image.json") is None
    assert load(b"name: caf\xe9\n", name="latin1.yaml") is None


# -- broken templates: errors -------------------------------------------------------------------------


def only_error(result) -> ScanError:
    assert result is not None
    assert result.resources == []
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def test_unparseable_yaml(load, tmp_path):
    error = only_error(load("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: [1, 2\n"))
    assert error == ScanError(
        file=str(tmp_path / "template.yaml"),
        line=5,
        kind="parse",
        message="the file is not valid YAML or JSON: did not find expected ',' or ']' "
        "(while parsing a flow sequence started on line 4) at line 5, column 1",
    )


def test_unparseable_json(load):
    error = only_error(load('{"Resources": {"A": {"Type" "AWS::S3::Bucket"}}}', name="t.json"))
    assert (error.kind, error.line) == ("parse", 1)
    assert error.message == (
        "the file is not valid YAML or JSON: did not find expected ',' or '}' "
        "(while parsing a flow mapping started on line 1) at line 1, column 29"
    )


def test_several_documents(load):
    error = only_error(load("Resources:\n  A: {Type: AWS::S3::Bucket}\n---\nResources: {}\n"))
    assert (error.line, error.message) == (3, "the file holds more than one YAML document; a template is a single document")


def test_resources_as_a_list(load):
    result = load("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  - Type: AWS::S3::Bucket\n")
    error = only_error(result)
    assert (error.line, error.message) == (2, "the Resources section must be a mapping, but it is a list")


def test_template_without_resources(load):
    error = only_error(load("AWSTemplateFormatVersion: '2010-09-09'\nDescription: nothing\n"))
    assert error.message == "the template has no Resources section"


def test_malformed_resources_are_reported_and_the_others_emitted(load):
    result = load(
        """
        AWSTemplateFormatVersion: "2010-09-09"
        Resources:
          NoType:
            Properties: {}
          JustText: hello
          ListType:
            Type: [x]
          TextProps:
            Type: AWS::S3::Bucket
            Properties: hello
          Good:
            Type: AWS::S3::Bucket
            Properties: {BucketName: ok}
        """
    )
    assert [r.id for r in result.resources] == ["Good"]
    assert [(e.line, e.message) for e in result.errors] == [
        (3, "resource NoType has no Type"),
        (5, "resource JustText must be a mapping with a Type, but it is a string"),
        (6, "the Type of resource ListType must be a type name, but it is a list"),
        (10, "the Properties of resource TextProps must be a mapping, but they are a string"),
    ]


def test_malformed_sections(load):
    result = load("Parameters: [1]\nConditions: x\nMappings: [a]\nResources:\n  A:\n    Type: AWS::S3::Bucket\n")
    assert [r.id for r in result.resources] == ["A"]
    assert [(e.line, e.message) for e in result.errors] == [
        (1, "the Parameters section must be a mapping, but it is a list"),
        (2, "the Conditions section must be a mapping, but it is a string"),
        (3, "the Mappings section must be a mapping, but it is a list"),
    ]


def test_unreadable_file(tmp_path):
    path = tmp_path / "missing.yaml"
    result = load_template(str(path), SourceOptions())
    assert result.errors == [ScanError(file=str(path), message="cannot read the file: No such file or directory", kind="read")]
    assert result.files == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission(tmp_path):
    path = tmp_path / "locked.yaml"
    path.write_text("Resources: {}\n")
    path.chmod(0)
    result = load_template(str(path), SourceOptions())
    assert result.errors[0].message == "cannot read the file: Permission denied"


def test_file_over_the_size_limit(load, tmp_path):
    text = "Resources:\n  A:\n    Type: AWS::S3::Bucket\n" + "#" * 500 + "\n"
    error = only_error(load(text, max_file_bytes=100))
    assert error.kind == "limit"
    size = len(text.encode())
    assert error.message == (
        f"the file is {size:,} bytes, over the 100-byte limit for one template (max_file_bytes); it was not scanned"
    )
    assert load("some: other\nfile: " + "x" * 500 + "\n", name="big-other.yaml", max_file_bytes=100) is None


def test_text_argument_over_the_size_limit(tmp_path):
    text = b"Resources:\n  A:\n    Type: AWS::S3::Bucket\n" + b"#" * 100
    result = load_template(str(tmp_path / "t.yaml"), SourceOptions(max_file_bytes=50), text=text)
    assert result.errors[0].kind == "limit"


def test_non_utf8_template(load):
    error = only_error(load(b"Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: {Name: caf\xe9}\n"))
    assert (error.line, error.message) == (
        4,
        "the file is not UTF-8 text (byte 0xe9 on line 4 is invalid); CloudFormation templates must be UTF-8",
    )


def test_utf16_template(load):
    error = only_error(load("Resources:\n  A:\n    Type: AWS::S3::Bucket\n".encode("utf-16")))
    assert error.message == "the file is encoded as UTF-16; CloudFormation templates must be UTF-8"


def test_binary_template(load):
    error = only_error(load(b"Resources:\n  A:\n    Type: AWS::S3::Bucket\x00\x01\n"))
    assert (error.line, error.message) == (3, "the file contains a NUL byte on line 3, so it is binary, not a template")


def test_utf8_bom_is_accepted(load):
    result = load(b"\xef\xbb\xbfResources:\n  A:\n    Type: AWS::S3::Bucket\n")
    assert [r.id for r in result.resources] == ["A"]


# -- adversarial inputs ----------------------------------------------------------------------------------

BOMB = """\
Resources:
  A:
    Type: AWS::S3::Bucket
    Properties:
      a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
      b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
      c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
      d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
      e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
      f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
      g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
      h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
      i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_rejected_fast(load):
    started = time.perf_counter()
    error = only_error(load(BOMB))
    assert time.perf_counter() - started < 0.5
    assert error.kind == "limit"
    assert error.message == (
        "YAML aliases expand the document to more than 2,000,000 values (an alias bomb); the file was not evaluated"
    )


def test_moderate_aliases_are_expanded(load):
    result = load(
        """
        Resources:
          A:
            Type: AWS::S3::Bucket
            Properties:
              Tags: &tags [{Key: team, Value: ml}]
          B:
            Type: AWS::S3::Bucket
            Properties:
              Tags: *tags
        """
    )
    assert result.errors == []
    assert result.resources[1].props["Tags"] == [{"Key": "team", "Value": "ml"}]


def test_merge_keys(load):
    result = load(
        """
        Resources:
          A:
            Type: AWS::S3::Bucket
            Properties: &base
              BucketName: a
              Versioning: on
          B:
            Type: AWS::S3::Bucket
            Properties:
              <<: *base
              BucketName: b
        """
    )
    assert result.errors == []
    assert dict(result.resources[1].props) == {"BucketName": "b", "Versioning": True}
    assert result.resources[1].props.key_lines == {"BucketName": 11, "Versioning": 6}


def test_self_referencing_alias(load):
    error = only_error(load("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: &p\n      Self: *p\n"))
    assert error.message == "a YAML alias refers to a collection that contains it, so the document is infinite"


@pytest.mark.parametrize(
    "value",
    ["[" * 10_000 + "]" * 10_000, "{a: " * 10_000 + "1" + "}" * 10_000, "\n" + " " * 8 + "- " * 100_000 + "x"],
    ids=["flow-lists", "flow-mappings", "compact-block-lists"],
)
def test_deep_nesting_is_an_error_not_a_crash(load, value):
    error = only_error(load("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      X: " + value + "\n"))
    assert error.kind == "limit"
    assert error.message == "the document nests lists and mappings more than 500 levels deep"


def test_nesting_too_deep_to_evaluate_is_reported_per_resource(load):
    # Block nesting under the parser's limit but deeper than evaluation allows: the
    # resource is reported and its neighbour still emitted.
    depth = 600
    deep = "".join(" " * (6 + 2 * i) + "k:\n" for i in range(depth)) + " " * (6 + 2 * depth) + "v\n"
    result = load("Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n" + deep
                  + "  B:\n    Type: AWS::S3::Bucket\n")
    assert [r.id for r in result.resources] == ["B"]
    assert [(e.line, e.kind, e.message) for e in result.errors] == [
        (2, "limit", "resource A nests too deeply to evaluate")
    ]


def test_duplicate_keys_last_wins_and_are_reported(load):
    result = load(
        """
        Resources:
          A:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: one
              BucketName: two
          B:
            Type: AWS::S3::Bucket
          B:
            Type: AWS::SQS::Queue
        """
    )
    assert [(r.id, r.type) for r in result.resources] == [("A", "AWS::S3::Bucket"), ("B", "AWS::SQS::Queue")]
    assert result.resources[0].props == {"BucketName": "two"}
    assert result.resources[0].props.key_lines == {"BucketName": 6}
    assert [(e.line, e.message) for e in result.errors] == [
        (6, "duplicate key 'BucketName' on line 6 replaces the one on line 5; CloudFormation keeps the last one, and so does mlsec"),
        (9, "duplicate key 'B' on line 9 replaces the one on line 7; CloudFormation keeps the last one, and so does mlsec"),
    ]


def test_json_template_errors_name_the_file(load, tmp_path):
    text = json.dumps({"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": "x"}}})
    result = load(text, name="t.json")
    assert result.errors == [
        ScanError(file=str(tmp_path / "t.json"), line=1, kind="parse",
                  message="the Properties of resource A must be a mapping, but they are a string")
    ]


def test_unexpected_failures_become_errors(tmp_path, monkeypatch):
    from mlsec.sources.cloudformation import template

    def explode(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(template, "compose", explode)
    path = tmp_path / "t.yaml"
    path.write_text("Resources:\n  A: {Type: AWS::S3::Bucket}\n")
    result = load_template(str(path), SourceOptions())
    assert result.errors == [ScanError(file=str(path), kind="parse",
                                       message="unexpected failure while reading the template (ValueError: boom)")]


def test_language_extension_loops_and_resource_macros_are_reported(load):
    result = load(
        """
        Transform: AWS::LanguageExtensions
        Resources:
          Fn::ForEach::Buckets:
            - Name
            - [a, b]
            - ${Name}Bucket:
                Type: AWS::S3::Bucket
          Fn::Transform:
            Name: AWS::Include
            Parameters: {Location: s3://bucket/more.yaml}
          Real:
            Type: AWS::S3::Bucket
        """
    )
    assert [r.id for r in result.resources] == ["Real"]
    assert [(e.line, e.kind, e.message) for e in result.errors] == [
        (3, "unsupported",
         "Fn::ForEach::Buckets (AWS::LanguageExtensions) is not expanded; the resources it creates are not scanned"),
        (8, "unsupported",
         "Fn::Transform in the Resources section runs a macro at deploy time; the resources it adds are not scanned"),
    ]


def test_exponential_substitution_is_cut_short(load):
    value = '"x"'
    for _ in range(40):
        value = '{"Fn::Sub": ["${A}${A}", {"A": %s}]}' % value
    text = '{"Resources": {"R": {"Type": "AWS::S3::Bucket", "Properties": {"V": %s}}}}' % value
    started = time.perf_counter()
    result = load(text, name="t.json")
    assert time.perf_counter() - started < 0.5
    assert result.resources[0].props["V"].reason == (
        "Fn::Sub builds a string longer than 1,000,000 characters; it was not evaluated"
    )


def test_too_many_condition_combinations_are_cut_short(load):
    conditions = "".join(f"  C{i}: !Equals [!Ref P, v{i}]\n" for i in range(12))
    parts = ", ".join(f"!If [C{i}, a, b]" for i in range(12))
    result = load(
        "Parameters:\n  P: {Type: String}\nConditions:\n" + conditions
        + "Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      V: !Join ['', [" + parts + "]]\n"
    )
    assert result.resources[0].props["V"].reason == (
        "the value depends on too many undecided conditions (4096 combinations)"
    )
