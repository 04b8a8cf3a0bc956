"""SARIF, JUnit, ASFF, text and JSON rendered from report documents, checked against the
published schemas (../shared/schemas) and botocore's Security Hub model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mlsec.report import RenderOptions, render
from tests.report.documents import document, finding, mixed_document

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas"


def _schema_file(name: str) -> Path:
    path = SCHEMAS / name
    if not path.is_file():
        pytest.skip(f"{path} is missing: the shared schemas folder sits beside the checkout in CI")
    return path


# -- SARIF ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_validator():
    import jsonschema

    return jsonschema.Draft4Validator(json.loads(_schema_file("sarif-2.1.0.json").read_text()))


def _sarif(doc, root=None):
    return json.loads(render("sarif", doc, RenderOptions(sarif_root=root)))


def test_sarif_is_valid_and_has_what_code_scanning_needs(sarif_validator, tmp_path):
    log = _sarif(mixed_document(), root=".")
    sarif_validator.validate(log)
    iac, live = log["runs"]
    assert iac["automationDetails"]["id"] != live["automationDetails"]["id"]
    rules = {r["id"]: r for r in iac["tool"]["driver"]["rules"]}
    assert rules["MLS001"]["properties"]["security-severity"] == "8.0"
    assert "notebook-direct-internet" in rules["MLS001"]["properties"]["tags"]
    assert "aws-fsbp/SageMaker.1" in rules["MLS001"]["properties"]["tags"]
    assert "```hcl" in rules["MLS001"]["help"]["markdown"]
    statuses = sorted(r["properties"]["mlsec-status"] for r in iac["results"])
    assert statuses == ["fail", "fail", "fail", "fail", "unknown"]  # no pass, no not-applicable
    for result in iac["results"]:
        assert iac["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert len(result["partialFingerprints"]["mlsecFingerprint/v1"]) == 32
        physical = result["locations"][0]["physicalLocation"]
        assert not physical["artifactLocation"]["uri"].startswith("/")
        assert physical["region"]["startLine"] >= 1
    suppressed = [r for r in iac["results"] if "suppressions" in r]
    assert len(suppressed) == 1
    assert suppressed[0]["suppressions"][0]["justification"] == "lab sandbox"
    unknown = [r for r in iac["results"] if r["properties"]["mlsec-status"] == "unknown"]
    assert unknown[0]["level"] == "note"
    (live_result,) = live["results"]
    assert live_result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].startswith("arn:aws:cloudtrail")
    assert live_result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "aws/123456789012/eu-west-1/cloudtrail/trail/org"
    notes = iac["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_sarif_paths_are_relative_to_the_root(sarif_validator, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "infra").mkdir()
    doc = document([finding(file=str(tmp_path / "infra" / "a b.yaml")), finding("MLS002", file="infra/c.yaml")])
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in _sarif(doc)["runs"][0]["results"]]
    assert uris == ["infra/a%20b.yaml", "infra/c.yaml"]
    rooted = _sarif(doc, root=str(tmp_path / "infra"))
    sarif_validator.validate(rooted)
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in rooted["runs"][0]["results"]] == ["a%20b.yaml", "c.yaml"]
    outside = _sarif(document([finding(file="/elsewhere/x.yaml")]))
    assert outside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "file:///elsewhere/x.yaml"


def test_sarif_of_an_empty_scan_is_one_valid_run(sarif_validator):
    log = _sarif(document([]))
    sarif_validator.validate(log)
    assert len(log["runs"]) == 1 and log["runs"][0]["results"] == []


# -- JUnit ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def junit_schema():
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(_schema_file("junit-jenkins-xunit-10.xsd")))


def test_junit_is_valid_with_one_case_per_rule_and_resource(junit_schema):
    import xml.etree.ElementTree as ET

    doc = mixed_document()
    doc["findings"][0]["resource"]["id"] = "Bad\x01<Notebook> & \"co\""
    text = render("junit", doc)
    junit_schema.validate(text)
    root = ET.fromstring(text)
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(doc["findings"]) + len(doc["errors"])
    assert root.get("tests") == str(len(cases))
    assert root.get("failures") == "4"  # suppressed and unknown ones are skipped, not failures
    failure = root.find("testsuite/testcase/failure")
    assert "Disable direct internet access." in failure.text and "Location: stack.yaml:3" in failure.text
    assert any(c.get("name").startswith("AWS::SageMaker::NotebookInstance Bad\\x01<Notebook>") for c in cases)
    skipped = [s.get("message") for s in root.iter("skipped")]
    assert "suppressed by security-team until 2030-01-31: lab sandbox" in skipped
    assert any(m.startswith("unknown: ") for m in skipped)
    assert root.find("testsuite[@name='mlsec errors']/testcase/error") is not None


# -- ASFF -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def securityhub_model():
    import botocore.session

    return botocore.session.get_session().get_service_model("securityhub")


def _validate_asff(findings, model):
    from botocore.validate import ParamValidator

    shape = model.operation_model("BatchImportFindings").input_shape
    for i in range(0, len(findings), 100):
        report = ParamValidator().validate({"Findings": findings[i:i + 100]}, shape)
        assert not report.has_errors(), report.generate_report()


def test_asff_validates_against_the_batch_import_input(securityhub_model):
    doc = mixed_document()
    findings = json.loads(render("asff", doc, RenderOptions(asff_account="111122223333", asff_region="us-east-1")))
    _validate_asff(findings, securityhub_model)
    assert len(findings) == 7  # not-applicable left out
    by_title = {f["Title"]: f for f in findings}
    nb = by_title["MLS001 notebook-direct-internet-enabled: BadNotebook"]
    assert nb["ProductArn"] == "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default"
    assert nb["Resources"][0]["Type"] == "AwsSageMakerNotebookInstance"
    assert nb["Severity"]["Label"] == "HIGH" and nb["Compliance"]["Status"] == "FAILED"
    assert nb["Remediation"]["Recommendation"]["Text"] == "Disable direct internet access."
    assert nb["CreatedAt"] == "2026-01-02T03:04:06Z"
    live = [f for f in findings if f["AwsAccountId"] == "123456789012"]
    assert live[0]["Region"] == "eu-west-1" and live[0]["Resources"][0]["Type"] == "AwsCloudTrailTrail"
    assert live[0]["Resources"][0]["Id"].startswith("arn:aws:cloudtrail:")
    other = by_title["MLS105 endpoint-variant-single-instance: aws_sagemaker_endpoint_configuration.main [AllTraffic]"]
    assert other["Resources"][0]["Type"] == "Other"
    assert other["Resources"][0]["Details"]["Other"]["mlsec/File"] == "tf/main.tf"
    accepted = by_title["MLS002 notebook-root-access-enabled: AcceptedNotebook"]
    assert accepted["Workflow"]["Status"] == "SUPPRESSED" and accepted["Note"]["UpdatedBy"] == "security-team"
    statuses = {f["Compliance"]["Status"] for f in findings}
    assert statuses == {"FAILED", "PASSED", "NOT_AVAILABLE"}


def test_asff_resource_types_exist_in_security_hub(securityhub_model):
    from mlsec.report.asff import RESOURCE_TYPES

    details = set(securityhub_model.shape_for("ResourceDetails").members)
    assert set(RESOURCE_TYPES.values()) <= details


def test_asff_needs_an_account_for_iac_findings(monkeypatch):
    from mlsec.report.asff import AsffSettingsError

    monkeypatch.delenv("MLSEC_ASFF_ACCOUNT", raising=False)
    with pytest.raises(AsffSettingsError):
        render("asff", document([finding()]), RenderOptions(asff_region="us-east-1"))
    monkeypatch.setenv("MLSEC_ASFF_ACCOUNT", "111122223333")
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    (out,) = json.loads(render("asff", document([finding()])))
    assert out["AwsAccountId"] == "111122223333" and out["Region"] == "eu-central-1"


def test_asff_live_findings_of_global_services_without_a_region(securityhub_model, monkeypatch):
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    role = finding(rid="arn:aws:iam::123456789012:role/ml", file=None, line=None, source="aws",
                   kind="AWS::IAM::Role", account="123456789012", arn="arn:aws:iam::123456789012:role/ml")
    (out,) = json.loads(render("asff", document([role])))
    _validate_asff([out], securityhub_model)
    assert out["Region"] == "us-east-1" and out["Resources"][0]["Type"] == "AwsIamRole"
    assert out["ProductArn"] == "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default"


def test_asff_import_sends_batches_of_at_most_100(securityhub_model):
    import botocore.session
    from botocore.stub import Stubber

    from mlsec.report.asff import asff_findings
    from mlsec.report.securityhub import import_findings

    many = [finding(rid=f"BadNotebook{i}", line=i + 1) for i in range(250)]
    findings = asff_findings(document(many), "111122223333", "us-east-1")
    client = botocore.session.get_session().create_client(
        "securityhub", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
    stubber = Stubber(client)  # validates each request against the service model
    for size in (100, 100, 50):
        expected = {"Findings": findings[:size]}
        findings_left = findings[size:]
        stubber.add_response("batch_import_findings", {"FailedCount": 0, "SuccessCount": size,
                                                       "FailedFindings": []}, expected)
        findings = findings_left
    with stubber:
        result = import_findings(asff_findings(document(many), "111122223333", "us-east-1"), lambda region: client)
    stubber.assert_no_pending_responses()
    assert (result.imported, result.calls, result.failed) == (250, 3, [])


# -- text and JSON ----------------------------------------------------------------------

def test_text_from_a_document_groups_by_resource_and_escapes_control_characters():
    doc = mixed_document()
    doc["findings"][0]["message"] = "bad\x1b[2Jvalue"
    text = render("text", doc)
    assert "bad\\x1b[2Jvalue" in text and "\x1b" not in text
    assert text.count("AWS::SageMaker::NotebookInstance BadNotebook") == 1
    assert "suppressed: lab sandbox" in text and "GoodNotebook" not in text
    assert "GoodNotebook" in render("text", doc, RenderOptions(show_passed=True))
    assert text.rstrip().endswith("1 errors — 7 resources in 2 files, 4 rules, 1.25s")


def test_json_is_the_document():
    doc = mixed_document()
    text = render("json", doc)
    assert json.loads(text) == doc and "\n" not in text.rstrip("\n")


def test_script_json_cannot_close_its_script_block():
    from mlsec.report.html import script_json

    text = script_json({"name": "</script><!--<script>&\u2028\u2029"})
    assert not any(c in text for c in "<>&\u2028\u2029")
    assert json.loads(text) == {"name": "</script><!--<script>&\u2028\u2029"}


def test_rule_docs_read_from_source_agree_with_the_registry():
    from mlsec.engine.registry import load_rules
    from mlsec.report.rule_info import installed_rule_docs

    static = installed_rule_docs()
    for rule in load_rules():
        info = static[rule.id]
        assert (info["name"], info["control"], info["docs"], info["title"]) == \
            (rule.name, rule.control, rule.docs, rule.title), rule.id
        assert info.get("severity", rule.severity.value) == rule.severity.value
        assert info["remediation"] == {k: rule.remediation.get(k, "") for k in info["remediation"]}
