"""Hostile and broken inputs, built at test time (nothing large is committed).

Each builder writes one hostile input into a folder and returns the path an error
must name. ``CASES`` lists them with what the scan must say about them; the parity
test scans all of them together.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

DEPTH = 10_000  # nesting levels of the deep documents

# A template that certainly fails MLS001: proves the other files were still scanned.
BAD_NOTEBOOK = ("Resources:\n  BadNotebook:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n"
                "      InstanceType: ml.t3.medium\n      RoleArn: arn:aws:iam::123456789012:role/nb\n"
                "      DirectInternetAccess: Enabled\n")
NOTEBOOK_HEAD = "Resources:\n  Nb:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n"


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _tf(folder: Path, text: str | bytes, name: str = "main.tf") -> Path:
    return _write(folder / name, text)


def alias_bomb(root: Path) -> Path:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    return _write(root / "bomb.yaml", "\n".join(lines) + "\n" + NOTEBOOK_HEAD + "      Tags: *a8\n")


def deep_yaml(root: Path) -> Path:
    return _write(root / "deep.yaml", NOTEBOOK_HEAD + "      Tags: " + "[" * DEPTH + "]" * DEPTH + "\n")


def deep_block_yaml(root: Path) -> Path:
    # compact block sequences ("- - - x") nest one level per two characters
    return _write(root / "deep_block.yaml", NOTEBOOK_HEAD + "      Tags:\n        " + "- " * DEPTH + "x\n")


def deep_json(root: Path) -> Path:
    tags = '{"a":' * DEPTH + "1" + "}" * DEPTH
    return _write(root / "deep.json", '{"Resources":{"Nb":{"Type":"AWS::SageMaker::NotebookInstance",'
                                      '"Properties":{"Tags":' + tags + "}}}}")


def deep_hcl(root: Path) -> Path:
    return _tf(root / "deep_hcl", 'resource "aws_sagemaker_notebook_instance" "nb" {\n  name = "nb"\n  tags = '
               + "{a = " * DEPTH + "1" + "}" * DEPTH + "\n}\n")


def deep_hcl_blocks(root: Path) -> Path:
    return _tf(root / "deep_blocks", 'resource "aws_sagemaker_notebook_instance" "nb" {\n'
               + "  x {\n" * DEPTH + "  }\n" * DEPTH + "}\n")


def deep_plan(root: Path) -> Path:
    value = "[" * DEPTH + "]" * DEPTH
    return _write(root / "deep_plan.json", '{"format_version":"1.2","terraform_version":"1.11.0","planned_values":'
                  '{"root_module":{"resources":[{"address":"aws_s3_bucket.b","mode":"managed","type":'
                  '"aws_s3_bucket","name":"b","values":{"bucket":' + value + "}}]}}}")


def deep_tfvars(root: Path) -> Path:
    folder = root / "deep_tfvars"
    _tf(folder, 'variable "tags" {}\nresource "null_resource" "x" {\n  triggers = var.tags\n}\n')
    return _write(folder / "terraform.tfvars.json", '{"tags":' + "[" * DEPTH + "]" * DEPTH + "}")


def too_large(root: Path) -> Path:
    path = _write(root / "huge.yaml", NOTEBOOK_HEAD)
    with open(path, "r+b") as handle:
        handle.truncate(11 * 1024 * 1024)  # sparse: over the 10 MB default without writing it
    return path


def too_large_tf(root: Path) -> Path:
    path = _tf(root / "huge_tf", 'resource "aws_s3_bucket" "b" {}\n')
    with open(path, "r+b") as handle:
        handle.truncate(11 * 1024 * 1024)
    return path


def binary_template(root: Path) -> Path:
    return _write(root / "binary.yaml", NOTEBOOK_HEAD.encode() + bytes(range(256)) * 4)


def latin1_template(root: Path) -> Path:
    return _write(root / "latin1.yaml", (NOTEBOOK_HEAD + "      NotebookInstanceName: caf\xe9\n").encode("latin-1"))


def latin1_tf(root: Path) -> Path:
    return _tf(root / "latin1_tf", 'resource "aws_s3_bucket" "b" {\n  bucket = "caf\xe9"\n}\n'.encode("latin-1"))


def symlink_loop(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    os.symlink("loop_b.yaml", root / "loop_a.yaml")
    os.symlink("loop_a.yaml", root / "loop_b.yaml")
    return root / "loop_a.yaml"


def dangling_link(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    os.symlink("gone.yaml", root / "dangling.yaml")
    return root / "dangling.yaml"


def fifo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    os.mkfifo(root / "pipe.yaml")  # opening it would wait for a writer forever
    return root / "pipe.yaml"


def malformed_yaml(root: Path) -> Path:
    return _write(root / "malformed.yaml", "Resources:\n  Nb: [unclosed\n")


def malformed_json(root: Path) -> Path:
    return _write(root / "malformed.json", '{"Resources": {"Nb": {"Type": ')


def resources_list(root: Path) -> Path:
    return _write(root / "resources_list.yaml", "Resources:\n  - Type: AWS::SageMaker::NotebookInstance\n")


def properties_string(root: Path) -> Path:
    return _write(root / "properties_string.yaml", NOTEBOOK_HEAD.replace("Properties:\n", "Properties: hello\n"))


def tf_syntax_error(root: Path) -> Path:
    return _tf(root / "tf_syntax", 'resource "aws_s3_bucket" "b" {\n  bucket = \n')


def plan_future_version(root: Path) -> Path:
    doc = {"format_version": "99.0", "terraform_version": "9.0.0", "planned_values": {"root_module": {}}}
    return _write(root / "future_plan.json", json.dumps(doc))


def empty_named(root: Path) -> Path:
    return _write(root / "empty.yaml", "")


def binary_named(root: Path) -> Path:
    return _write(root / "blob.json", bytes(range(256)) * 8)


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path]
    message: str  # a phrase the error about the file must contain
    kind: str
    explicit: bool = False  # pass the file itself on the command line (else its folder)
    unit_scanned: bool = False  # the file or module still counts as scanned (other parts of it were read)


CASES = [
    Case("alias-bomb", alias_bomb, "alias bomb", "limit"),
    Case("deep-yaml-flow", deep_yaml, "more than 500 levels deep", "limit"),
    Case("deep-yaml-block", deep_block_yaml, "more than 500 levels deep", "limit"),
    Case("deep-json", deep_json, "more than 500 levels deep", "limit"),
    Case("deep-hcl", deep_hcl, "nested too deeply", "limit", unit_scanned=True),
    Case("deep-hcl-blocks", deep_hcl_blocks, "nested too deeply", "limit", unit_scanned=True),
    Case("deep-plan-json", deep_plan, "nests more deeply", "limit"),
    Case("deep-tfvars-json", deep_tfvars, "nests too deeply", "limit", unit_scanned=True),
    Case("over-10mb-template", too_large, "over the 10,485,760-byte limit", "limit"),
    Case("over-10mb-tf", too_large_tf, "over the 10485760-byte limit", "limit"),
    Case("binary-template", binary_template, "not UTF-8", "parse"),
    Case("latin1-template", latin1_template, "not UTF-8 text (byte 0xe9 on line 5", "parse"),
    Case("latin1-tf", latin1_tf, "not UTF-8 text (byte 0xe9 on line 2)", "read"),
    Case("symlink-loop", symlink_loop, "part of a loop", "read"),
    Case("dangling-link", dangling_link, "dangling symlink", "read"),
    Case("fifo", fifo, "named pipe (FIFO)", "unsupported"),
    Case("malformed-yaml", malformed_yaml, "not valid YAML or JSON", "parse"),
    Case("malformed-json", malformed_json, "not valid YAML or JSON", "parse"),
    Case("resources-as-list", resources_list, "Resources section must be a mapping", "parse", unit_scanned=True),
    Case("properties-as-string", properties_string, "Properties of resource Nb must be a mapping", "parse",
         unit_scanned=True),
    Case("tf-syntax-error", tf_syntax_error, "syntax error", "parse"),
    Case("plan-unknown-format-version", plan_future_version, "unsupported plan format_version 99.0", "unsupported"),
    Case("empty-file-named", empty_named, "the file is empty", "unsupported", explicit=True),
    Case("binary-file-named", binary_named, "the file is binary", "unsupported", explicit=True),
    Case("fifo-named", fifo, "named pipe (FIFO)", "unsupported", explicit=True),
    Case("symlink-loop-named", symlink_loop, "part of a loop", "read", explicit=True),
]


def build_all(root: Path) -> list[Path]:
    """Every hostile input of CASES, each in its own folder under ``root``."""
    return [case.build(root / case.name) for case in CASES]
