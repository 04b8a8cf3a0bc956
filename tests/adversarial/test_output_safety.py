"""Hostile names, tags and descriptions are escaped in every output format, and
credentials never appear in any report or on stderr."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mlsec.report import FORMAT_MODULES, RenderOptions, render

HOSTILE = "<script>alert(1)</script>\"'&\x1b[2J\x07\r\nFAKE  PASS MLS001\u202eevil\u2028\x00end"
LONG = "L" * 100_000
# Characters that must never reach a terminal raw, one item per line in text output.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2028\u2029]")
OPTIONS = RenderOptions(asff_account="123456789012", asff_region="us-east-1")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> tuple[dict, Path]:
    """The JSON report of a template whose names, tags, values and file name are hostile."""
    from click.testing import CliRunner

    from mlsec.cli import main

    folder = tmp_path_factory.mktemp("hostile")
    template = {"Description": HOSTILE, "Resources": {
        "Nb" + HOSTILE.replace("\r\n", "").replace("\x00", ""): {
            "Type": "AWS::SageMaker::NotebookInstance",
            "Properties": {"DirectInternetAccess": HOSTILE, "RootAccess": LONG, "NotebookInstanceName": HOSTILE,
                           "Tags": [{"Key": HOSTILE, "Value": LONG}]}}}}
    path = folder / "t<script>\x1b[31m\n.json"
    path.write_text(json.dumps(template))
    out = folder / "report.json"
    result = CliRunner().invoke(main, ["scan", str(folder), "--select", "MLS001", "--select", "MLS002",
                                       "--format", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output
    return json.loads(out.read_text()), path


def test_json_keeps_the_exact_text_and_escapes_controls(hostile_report):
    doc, path = hostile_report
    text = render("json", doc, OPTIONS)
    assert not re.search("[\x00-\x08\x0b-\x1f]", text)  # JSON strings escape them; layout may use newlines
    again = json.loads(text)
    (mls001,) = [f for f in again["findings"] if f["rule_id"] == "MLS001"]
    assert HOSTILE in mls001["message"] and mls001["resource"]["file"] == str(path)


def test_text_shows_hostile_strings_escaped_on_their_own_line(hostile_report):
    doc, _ = hostile_report
    text = render("text", doc, RenderOptions(show_passed=True))
    assert not RAW_CONTROL.search(text)
    assert not any(line.startswith("FAKE") for line in text.splitlines())
    assert "\\x1b[2J" in text and "\\u202e" in text and "\\x0a" in text
    assert max(map(len, text.splitlines())) < 2500  # a 100 000-character value is cut short
    assert "more characters)" in text


def test_html_escapes_markup_and_cannot_leave_its_data_block(hostile_report):
    doc, _ = hostile_report
    page = render("html", doc, OPTIONS)
    assert "<script>alert(1)" not in page
    for block in re.findall(r"<script[^>]*>(.*?)</script>", page, re.S):
        assert "alert(1)" not in block or "<" not in block.split("alert(1)")[0][-20:]
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", page)


def test_sarif_is_valid_json_without_raw_controls(hostile_report):
    doc, _ = hostile_report
    text = render("sarif", doc, OPTIONS)
    assert not re.search("[\x00-\x08\x0b-\x1f]", text)  # JSON strings escape them; layout may use newlines
    log = json.loads(text)
    schema = Path(__file__).resolve().parents[2].parent / "shared" / "schemas" / "sarif-2.1.0.json"
    if schema.is_file():
        import jsonschema

        jsonschema.Draft4Validator(json.loads(schema.read_text())).validate(log)
    assert log["runs"][0]["results"]


def test_junit_is_well_formed_xml_with_escaped_markup(hostile_report):
    doc, _ = hostile_report
    text = render("junit", doc, OPTIONS)
    root = ET.fromstring(text)  # raises on raw markup or characters XML 1.0 forbids
    assert "<script>" not in text
    assert root.iter("testcase")


def test_asff_is_valid_json_without_raw_controls(hostile_report):
    doc, _ = hostile_report
    text = render("asff", doc, OPTIONS)
    assert not re.search("[\x00-\x08\x0b-\x1f]", text)  # JSON strings escape them; layout may use newlines
    assert json.loads(text)


def test_every_format_is_covered():
    assert set(FORMAT_MODULES) == {"text", "json", "html", "sarif", "junit", "asff"}


def test_stderr_escapes_hostile_file_names(tmp_path, scan):
    path = tmp_path / "x\x1b[2J\nFAKE.yaml"
    path.write_text("Resources:\n  Nb: [unclosed\n")
    result = scan(path)
    (line,) = [line for line in result.stderr.splitlines() if "not valid YAML" in line]
    assert "\\x1b[2J\\x0aFAKE.yaml" in line and not RAW_CONTROL.search(result.stderr)


# -- credentials --------------------------------------------------------------------------

ENV_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYENVSECRET1"
ENV_TOKEN = "FwoGZXIvYXdzEJr//////////wEaDENVSESSIONTOKEN+/=="
NO_ECHO = "no-echo-passw0rd"
CFN_TOKEN = "cfn-param-token-123"
PROVIDER_SECRET = "tf-provider-secret-key-XYZ"
TFVARS_SECRET = "tfvars-secret-access-key-42"
SENSITIVE = "sensitive-db-pass<&>'\""
PLAN_SECRET = "plan-sensitive-value-77"
SECRETS = (ENV_SECRET, ENV_TOKEN, NO_ECHO, CFN_TOKEN, PROVIDER_SECRET, TFVARS_SECRET, SENSITIVE, PLAN_SECRET)


def _secret_inputs(root: Path) -> list[str]:
    cfn = root / "stack.yaml"
    cfn.write_text(f"""\
Parameters:
  DbPass:
    Type: String
    NoEcho: true
    Default: {NO_ECHO}
  ApiToken:
    Type: String
    AllowedValues: [Enabled, Disabled]
Resources:
  Pasted:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      DirectInternetAccess: {ENV_SECRET}
      RootAccess: {ENV_TOKEN}
  FromParameters:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      DirectInternetAccess: !Ref DbPass
      RootAccess: !Ref ApiToken
""")
    tf = root / "tf"
    tf.mkdir()
    (tf / "main.tf").write_text(f"""\
provider "aws" {{
  region     = "us-east-1"
  access_key = "AKIAEXAMPLEEXAMPLE12"
  secret_key = "{PROVIDER_SECRET}"
}}
variable "aws_secret_access_key" {{}}
variable "db" {{
  sensitive = true
}}
resource "aws_sagemaker_notebook_instance" "nb" {{
  name                   = "nb"
  role_arn               = "arn:aws:iam::123456789012:role/r"
  instance_type          = "ml.t3.medium"
  direct_internet_access = var.aws_secret_access_key
  root_access            = var.db
}}
resource "aws_sagemaker_notebook_instance" "pasted" {{
  name                   = "pasted"
  role_arn               = "arn:aws:iam::123456789012:role/r"
  instance_type          = "ml.t3.medium"
  direct_internet_access = "{PROVIDER_SECRET}"
}}
""")
    (tf / "terraform.tfvars").write_text(f'aws_secret_access_key = "{TFVARS_SECRET}"\n')
    plan_source = next(Path(__file__).resolve().parents[2].glob("rules/notebook/MLS001_*/fixtures/fail/plan.json"))
    plan = json.loads(plan_source.read_text())
    resource = plan["planned_values"]["root_module"]["resources"][0]
    resource["values"]["direct_internet_access"] = PLAN_SECRET
    resource["sensitive_values"]["direct_internet_access"] = True
    (root / "plan.json").write_text(json.dumps(plan))
    return [str(cfn), str(tf), str(root / "plan.json")]


def test_credentials_never_reach_any_output(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from mlsec.cli import main

    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", ENV_SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", ENV_TOKEN)
    monkeypatch.setenv("TF_VAR_db", SENSITIVE)
    paths = _secret_inputs(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    formats = sorted(FORMAT_MODULES)
    args = ["scan", *paths, "--param", f"ApiToken={CFN_TOKEN}", "--select", "MLS001", "--select", "MLS002",
            "--asff-account", "123456789012", "--asff-region", "us-east-1"]
    for fmt in formats:
        args += ["--format", fmt, "-o", str(out / f"report.{fmt}")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    outputs = {fmt: (out / f"report.{fmt}").read_text() for fmt in formats}
    outputs["stderr"] = result.stderr
    outputs["stdout"] = result.stdout
    for name, text in outputs.items():
        for secret in SECRETS:
            for form in (secret, json.dumps(secret)[1:-1], secret.replace("&", "&amp;").replace("<", "&lt;")):
                assert form not in text, f"{secret!r} appears in {name}"
    report = json.loads(outputs["json"])
    masked = [f["message"] for f in report["findings"] if "****" in f["message"]]
    assert len(masked) >= 7  # the secrets were in messages, and were masked, not dropped
    assert any("ApiToken" in e["message"] and "****" in e["message"] for e in report["errors"])


def test_json_takes_values_the_fast_encoder_refuses(tmp_path, scan):
    """Integers beyond 64 bits and lone surrogates (both possible in a hostile template)
    still give a report."""
    from mlsec.report.json_report import render as render_json

    assert json.loads(render_json({"n": 10 ** 30, "s": "\ud800x"})) == {"n": 10 ** 30, "s": "\ud800x"}
    path = tmp_path / "t.json"
    path.write_text('{"Resources": {"Nb": {"Type": "AWS::SageMaker::NotebookInstance", "Properties": '
                    '{"DirectInternetAccess": 123456789012345678901234567890, "RootAccess": 1e400}}}}')
    result = scan(path, "--select", "MLS001", "--select", "MLS002")
    assert result.exit_code == 1 and len(result.report["findings"]) == 2


def test_file_names_that_are_not_utf8_reach_every_format(tmp_path):
    """os.walk gives such names as lone surrogates; no output may choke on them."""
    import os

    from click.testing import CliRunner

    from mlsec.cli import main

    folder = tmp_path / "names"
    folder.mkdir()
    name = os.fsdecode(b"stack-\xff.yaml")
    (folder / name).write_text("Resources:\n  Nb:\n    Type: AWS::SageMaker::NotebookInstance\n")
    for fmt in sorted(FORMAT_MODULES):
        args = ["scan", str(folder), "--format", fmt, "--asff-account", "123456789012", "--asff-region", "us-east-1"]
        to_stdout = CliRunner().invoke(main, args)
        to_file = CliRunner().invoke(main, [*args, "-o", str(tmp_path / f"r.{fmt}")])
        assert (to_stdout.exit_code, to_file.exit_code) == (1, 1), (fmt, to_stdout.output)
    report = json.loads((tmp_path / "r.json").read_text())
    assert {f["resource"]["file"] for f in report["findings"]} == {str(folder / name)}
    assert "stack-\\udcff.yaml" in (tmp_path / "r.text").read_text()
    baseline = tmp_path / "baseline.json"
    assert CliRunner().invoke(main, ["baseline", "create", str(folder), "-o", str(baseline)]).exit_code == 0
    assert CliRunner().invoke(main, ["scan", str(folder), "--baseline", str(baseline)]).exit_code == 0


def test_terraform_cannot_copy_files_from_outside_into_a_report(tmp_path, monkeypatch, scan):
    """file() and templatefile() read only inside the scanned folder or the working
    directory: a configuration under review must not pull the CI runner's environment,
    credentials or other files into messages its author will see."""
    import os

    canary = "canary-6f1e2d-in-the-environment"
    monkeypatch.setenv("MLSEC_TEST_CANARY", canary)
    outside = tmp_path / "outside.txt"
    outside.write_text("outside-file-content")
    module = tmp_path / "module"
    module.mkdir()
    (module / "inside.txt").write_text("Disabled")
    os.symlink(outside, module / "link.txt")
    notebooks = {"environ": 'file("/proc/self/environ")', "absolute": f'file("{outside}")',
                 "parent": 'file("../outside.txt")', "link": 'file("${path.module}/link.txt")',
                 "template": 'templatefile("../outside.txt", {})', "inside": 'file("${path.module}/inside.txt")'}
    (module / "main.tf").write_text("".join(
        f'resource "aws_sagemaker_notebook_instance" "{name}" {{\n  name = "{name}"\n'
        f"  direct_internet_access = {expression}\n}}\n" for name, expression in notebooks.items()))
    monkeypatch.chdir(tmp_path / "module")  # the working directory does not cover the parent folder
    result = scan(module, "--select", "MLS001")
    statuses = {f["resource"]["id"].split(".")[-1]: (f["status"], f["message"]) for f in result.report["findings"]}
    assert statuses.pop("inside")[0] == "pass"
    for name, (status, message) in statuses.items():
        assert status == "unknown" and "outside the scanned folder" in message, name
    text = json.dumps(result.report) + result.stderr
    assert canary not in text and "outside-file-content" not in text
