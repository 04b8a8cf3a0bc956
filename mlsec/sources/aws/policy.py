"""The read-only IAM policy a live scan needs, derived from the calls collectors declare.

Most IAM actions are named like the API operations; the exceptions are mapped here
(S3's bucket sub-resources, the account-level public access block, API Gateway's
HTTP-verb actions). ``sts:AssumeRole`` belongs to the caller of ``--role-arn``, not to
the scanned account, and ``sts:GetCallerIdentity`` needs no permission: both are left out.
"""

from __future__ import annotations

from mlsec.sources.aws.collectors import declared_calls

_PREFIX = {"s3control": "s3", "resourcegroupstaggingapi": "tag", "apigatewayv2": "apigateway",
           "elbv2": "elasticloadbalancing", "elb": "elasticloadbalancing"}
_ACTION = {
    ("s3", "ListBuckets"): "s3:ListAllMyBuckets",
    ("s3", "GetBucketEncryption"): "s3:GetEncryptionConfiguration",
    ("s3", "GetPublicAccessBlock"): "s3:GetBucketPublicAccessBlock",
    ("s3control", "GetPublicAccessBlock"): "s3:GetAccountPublicAccessBlock",
}
_NEEDS_NO_GRANT = {("sts", "GetCallerIdentity"), ("sts", "AssumeRole")}


def action_for(service: str, operation: str) -> str:
    if (service, operation) in _ACTION:
        return _ACTION[(service, operation)]
    if service in ("apigateway", "apigatewayv2"):
        return "apigateway:GET"  # API Gateway authorizes reads by HTTP verb
    return f"{_PREFIX.get(service, service)}:{operation}"


def scanner_policy() -> dict:
    actions = sorted({action_for(s, o) for s, o in declared_calls() if (s, o) not in _NEEDS_NO_GRANT})
    return {"Version": "2012-10-17", "Statement": [
        {"Sid": "MlsecReadOnlyScan", "Effect": "Allow", "Action": actions, "Resource": "*"}]}
