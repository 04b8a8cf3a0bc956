"""The node loader: its two parse paths agree, and scalar typing follows YAML 1.1."""

from __future__ import annotations

import json

import pytest
import yaml

from mlsec.sources.cloudformation import loader


def shape(node):
    """A comparable picture of a node tree: kinds, tags, values, styles and lines."""
    if isinstance(node, yaml.MappingNode):
        return ("map", node.tag, node.start_mark.line, [(shape(k), shape(v)) for k, v in node.value])
    if isinstance(node, yaml.SequenceNode):
        return ("seq", node.tag, node.start_mark.line, [shape(c) for c in node.value])
    return ("scalar", node.tag, node.value, node.style, node.start_mark.line)


@pytest.mark.parametrize(
    "text",
    [
        b"a: &x {b: !Ref c, d: [1, '2', ~]}\ne: *x\nf: !Sub\n  - x\n  - {}\n",
        b"Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        - {Key: k, Value: !GetAtt B.Arn}\n",
        json.dumps({"Resources": {"A": {"Type": "T", "Properties": {"N": 1.5, "L": [True, None]}}}}, indent=1).encode(),
    ],
)
def test_event_builder_matches_the_composer(text):
    assert shape(loader._compose_from_events(text)) == shape(loader.compose(text))


def test_documents_that_may_nest_deeply_take_the_event_path(load, monkeypatch):
    calls = []
    original = loader._compose_from_events
    monkeypatch.setattr(loader, "_compose_from_events", lambda data: calls.append(1) or original(data))
    # Minified JSON is one long line, so its possible depth is its length.
    body = {"Resources": {f"B{i}": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": f"b{i}"}} for i in range(60)}}
    result = load(json.dumps(body), name="min.json")
    assert calls == [1]
    assert len(result.resources) == 60
    assert result.resources[59].props == {"BucketName": "b59"}


PLAIN_SCALARS = [
    "true", "Yes", "off", "NO", "null", "~", "0", "42", "-7", "+1", "0x1F", "0o17", "017", "08", "1_000", "0b101",
    "1:30", "1.5", ".5", "-.5", "09.5", "1.0e+3", "1e3", ".inf", "-.inf", "2010-09-09", "ml.m5.large", "no-such", "+",
]


@pytest.mark.parametrize("text", PLAIN_SCALARS)
def test_plain_scalar_typing_matches_pyyaml(text):
    expected = yaml.safe_load("v: " + text)["v"]
    if not isinstance(expected, (bool, int, float, type(None))):
        expected = text  # timestamps and the like stay text
    assert loader.typed_scalar(text) == expected
    assert type(loader.typed_scalar(text)) is type(expected)


def test_plain_scalar_typing_examples():
    assert loader.typed_scalar("Yes") is True
    assert loader.typed_scalar("017") == 15
    assert loader.typed_scalar("1e3") == "1e3"
    assert loader.typed_scalar("2010-09-09") == "2010-09-09"
    assert loader.typed_scalar("") is None


def test_json_scalar_typing():
    assert loader.typed_json_scalar("1e3") == 1000.0
    assert loader.typed_json_scalar("true") is True
    assert loader.typed_json_scalar("null") is None
