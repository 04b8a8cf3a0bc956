"""``--format asff``: AWS Security Finding Format, as a JSON array of findings that fit the
input of Security Hub's ``BatchImportFindings`` (send them in batches of at most 100;
``--asff-import`` does, see securityhub.py).

- FAIL → Compliance FAILED, PASS → PASSED (so a fixed resource updates its earlier
  finding: ids are stable, built from the finding fingerprint), UNKNOWN → NOT_AVAILABLE;
  NOT_APPLICABLE findings are left out. Suppressed failures get Workflow SUPPRESSED and a
  note with who, why and until when.
- Resources use Security Hub's resource type where one exists for the CloudFormation
  type (``AwsSageMakerNotebookInstance``, ``AwsS3Bucket``, …), else ``Other`` with the
  mlsec identity in ``Details.Other``.
- Account and region: live findings carry their own. IaC findings take them from
  ``--asff-account``/``--asff-region``, else from ``MLSEC_ASFF_ACCOUNT`` and
  ``AWS_REGION``/``AWS_DEFAULT_REGION``. The product ARN is the account's default
  product, ``arn:<partition>:securityhub:<region>:<account>:product/<account>/default``.
  Live findings of global services (IAM) without a region go to ``--asff-region``, else
  to us-east-1, where IAM's control plane lives.
"""

from __future__ import annotations

import json
import os
from typing import Any

from mlsec.report.document import utc_stamp

SCHEMA_VERSION = "2018-10-08"
BEST_PRACTICES = "Software and Configuration Checks/AWS Security Best Practices"
STANDARDS = "Software and Configuration Checks/Industry and Regulatory Standards/"
_STANDARD_TYPES = {"cis-aws-v3": "CIS AWS Foundations Benchmark",
                   "aws-fsbp": "AWS-Foundational-Security-Best-Practices"}
GLOBAL_REGION = "us-east-1"   # where live findings of global services (IAM) go without --asff-region
COMPLIANCE = {"fail": "FAILED", "pass": "PASSED", "unknown": "NOT_AVAILABLE"}
SEVERITY_LABEL = {"critical": "CRITICAL", "high": "HIGH", "medium": "MEDIUM", "low": "LOW"}

# CloudFormation type -> Security Hub resource type (those with a Details member in the
# Security Hub API; a test checks each against botocore's service model).
RESOURCE_TYPES = {
    "AWS::SageMaker::NotebookInstance": "AwsSageMakerNotebookInstance",
    "AWS::EC2::VPC": "AwsEc2Vpc",
    "AWS::EC2::Subnet": "AwsEc2Subnet",
    "AWS::EC2::SecurityGroup": "AwsEc2SecurityGroup",
    "AWS::EC2::RouteTable": "AwsEc2RouteTable",
    "AWS::EC2::NetworkInterface": "AwsEc2NetworkInterface",
    "AWS::S3::Bucket": "AwsS3Bucket",
    "AWS::IAM::Role": "AwsIamRole",
    "AWS::IAM::User": "AwsIamUser",
    "AWS::IAM::Group": "AwsIamGroup",
    "AWS::IAM::ManagedPolicy": "AwsIamPolicy",
    "AWS::KMS::Key": "AwsKmsKey",
    "AWS::CloudTrail::Trail": "AwsCloudTrailTrail",
    "AWS::CloudWatch::Alarm": "AwsCloudWatchAlarm",
    "AWS::ECR::Repository": "AwsEcrRepository",
    "AWS::ApiGateway::RestApi": "AwsApiGatewayRestApi",
    "AWS::ApiGateway::Stage": "AwsApiGatewayStage",
    "AWS::Lambda::Function": "AwsLambdaFunction",
    "AWS::CloudFormation::Stack": "AwsCloudFormationStack",
}


class AsffSettingsError(ValueError):
    """ASFF needs an account and a region that neither the finding nor the options give."""


def render(doc: dict[str, Any], options=None) -> str:
    findings = asff_findings(doc, getattr(options, "asff_account", None), getattr(options, "asff_region", None))
    return json.dumps(findings, ensure_ascii=False, indent=1) + "\n"


def asff_findings(doc: dict[str, Any], account: str | None = None, region: str | None = None) -> list[dict]:
    account = account or os.environ.get("MLSEC_ASFF_ACCOUNT")
    region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    stamp = utc_stamp(doc["scan"].get("finished_at") or doc["scan"].get("started_at"))
    version = doc["tool"]["version"]
    return [_finding(f, account, region, stamp, version) for f in doc["findings"] if f["status"] in COMPLIANCE]


def partition_of(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def _clip(text: str, limit: int) -> str:
    text = text.strip() or "-"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _finding(f: dict[str, Any], account: str | None, region: str | None, stamp: str, version: str) -> dict:
    res = f["resource"]
    owner = res.get("account") or account
    where = res.get("region") or region or (GLOBAL_REGION if res["source"] == "aws" else None)
    if not owner:
        raise AsffSettingsError("ASFF needs an AWS account id for findings without one: "
                                "give --asff-account or set MLSEC_ASFF_ACCOUNT")
    if not where:
        raise AsffSettingsError("ASFF needs a region for findings without one: "
                                "give --asff-region or set AWS_REGION")
    importer = account or owner
    partition = partition_of(where)
    subject = f" [{f['subject']}]" if f.get("subject") else ""
    out: dict[str, Any] = {
        "SchemaVersion": SCHEMA_VERSION,
        "Id": f"mlsec/{owner}/{f['fingerprint']}",
        "ProductArn": f"arn:{partition}:securityhub:{where}:{importer}:product/{importer}/default",
        "ProductName": "mlsec",
        "CompanyName": "mlsec",
        "Region": where,
        "GeneratorId": f"mlsec/{f['rule_id']}",
        "AwsAccountId": owner,
        "Types": [BEST_PRACTICES] + [STANDARDS + _STANDARD_TYPES[fw] for fw in sorted(f["frameworks"])
                                     if fw in _STANDARD_TYPES],
        "CreatedAt": stamp,
        "UpdatedAt": stamp,
        "Severity": {"Label": SEVERITY_LABEL[f["severity"]] if f["status"] != "pass" else "INFORMATIONAL",
                     "Original": f["severity"]},
        "Title": _clip(f"{f['rule_id']} {f['rule_name']}: {res['id']}{subject}", 256),
        "Description": _clip(f["message"] + (f" (reason: {f['reason']})" if f["status"] == "unknown"
                                             and f.get("reason") and f["reason"] != f["message"] else ""), 1024),
        "Remediation": {"Recommendation": {"Text": _clip(f["remediation"].get("summary") or f["rule_name"], 512)}},
        "ProductFields": _fields({"mlsec/RuleId": f["rule_id"], "mlsec/RuleName": f["rule_name"],
                                  "mlsec/Control": f["control"], "mlsec/Fingerprint": f["fingerprint"],
                                  "mlsec/Source": res["source"], "mlsec/File": res.get("file"),
                                  "mlsec/Line": res.get("line"), "ProviderName": "mlsec",
                                  "ProviderVersion": version}),
        "Resources": [_resource(res, partition, where)],
        "Compliance": {"Status": COMPLIANCE[f["status"]]},
        "RecordState": "ACTIVE",
    }
    requirements = [f"{fw} {req}" for fw, reqs in sorted(f["frameworks"].items()) for req in reqs][:32]
    if requirements:
        out["Compliance"]["RelatedRequirements"] = requirements
    if f["suppressed"] and f["status"] == "fail":
        s = f["suppressed"]
        out["Workflow"] = {"Status": "SUPPRESSED"}
        out["Note"] = {"Text": _clip(f"Suppressed{' until ' + s['expires'] if s.get('expires') else ''}: "
                                     f"{s.get('reason', '')}", 512),
                       "UpdatedBy": _clip(s.get("by") or "mlsec", 512), "UpdatedAt": stamp}
    return out


def _fields(values: dict[str, Any]) -> dict[str, str]:
    return {k: _clip(str(v), 1024) for k, v in values.items() if v not in (None, "")}


def _resource(res: dict[str, Any], partition: str, region: str) -> dict[str, Any]:
    kind = RESOURCE_TYPES.get(res["type"], "Other")
    ident = res.get("arn") or (f"{res['file']}#{res['id']}" if res.get("file") else res["id"])
    out: dict[str, Any] = {"Type": kind, "Id": _clip(ident, 1024), "Partition": partition, "Region": region}
    if kind == "Other":
        out["Details"] = {"Other": _fields({"mlsec/Type": res["type"], "mlsec/Id": res["id"],
                                            "mlsec/NativeType": res.get("native_type"), "mlsec/File": res.get("file"),
                                            "mlsec/Line": res.get("line")})}
    return out
