r"""
## What it does
Flags resource policies of ML resources that let anyone in, as decided by policyuniverse's
`is_internet_accessible()` with three corrections: a positive pin on the caller's
organization or account (`aws:PrincipalOrgID`, `aws:PrincipalAccount`,
`aws:SourceAccount`, ...) closes a statement whatever else its conditions say; a
`CanonicalUser: "*"` principal is public; an Allow with `NotPrincipal` is public. It reads:

- KMS key policies (`AWS::KMS::Key.KeyPolicy`, `aws_kms_key.policy`, `aws_kms_key_policy`);
- ECR repository policies (`RepositoryPolicyText`, `aws_ecr_repository_policy`);
- SageMaker model package group policies (`ModelPackageGroupPolicy`,
  `aws_sagemaker_model_package_group_policy`).

Critical when a public statement allows writing or changing permissions, high when it
only allows reading. A resource without a policy passes: only its own account can use
it. S3 bucket policies are MLS504's.

Live scans read `kms:GetKeyPolicy` for customer managed keys (those ML resources use, or
all with `--scope account`), `ecr:GetRepositoryPolicy` for the repositories of SageMaker
images (`RepositoryPolicyNotFoundException`: no policy) and
`sagemaker:GetModelPackageGroupPolicy` for every model package group (a
`ValidationException` "Cannot find resource policy": no policy). A policy that cannot be
read is UNKNOWN.

## Why it matters
A public key policy lets any AWS account decrypt the model artefacts and data it protects
or schedule the key's deletion; a public repository hands out (or accepts) the inference
images; a public model package group exposes registered models to every account.

## Remediation
Name the accounts or roles that need access, or pin the organization with
`aws:PrincipalOrgID`.

### CloudFormation
```yaml
KeyPolicy:
  Version: "2012-10-17"
  Statement:
    - Sid: AccountAdministration
      Effect: Allow
      Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
      Action: kms:*
      Resource: "*"
```

### Terraform
```hcl
data "aws_iam_policy_document" "key" {
  statement {
    actions   = ["kms:Decrypt"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-exampleorgid"]
    }
  }
}
```

### AWS CLI
```sh
aws kms put-key-policy --key-id KEY_ID --policy-name default --policy file://key-policy.json
aws ecr set-repository-policy --repository-name REPO --policy-text file://repo-policy.json
```

## References
- AWS KMS developer guide: "Key policies in AWS KMS"
- Amazon ECR user guide: "Private repository policies"
- SageMaker AI developer guide: "Cross-account model registry access"
"""

import re

from mlsec.engine.rule import rule
from mlsec.iam.actions import matching
from mlsec.iam.documents import from_value, judge_variants, statement_label
from mlsec.iam.public import is_public
from mlsec.model.kinds.ecr import Repository, RepositoryPolicy
from mlsec.model.kinds.model_registry import ModelPackageGroup, ModelPackageGroupPolicy
from mlsec.model.kinds.storage import Key, KeyPolicy
from mlsec.model.verdict import Severity, failed, passed, unknown

_READ = re.compile(r"^(Get|Describe|List|BatchGet|BatchCheck|BatchDescribe|Search|Query|View|Decrypt)", re.I)


@rule(id="MLS418", name="ml-resource-policy-public", control="resource-policy-public", severity="critical")
def check(resource: Key | KeyPolicy | Repository | RepositoryPolicy | ModelPackageGroup | ModelPackageGroupPolicy):
    doc = from_value(resource.policy, "resource policy", resource)
    if doc is None:
        if resource.source == "aws":
            return passed("the resource has no policy: only its own account can use it")
        return passed("no policy on the resource itself: by default only its own account can use it "
                      "(a separate policy resource is judged on its own)")
    return judge_variants(doc, lambda statements: _judge(doc, statements))


def _judge(doc, statements):
    out = []
    for st in statements:
        public = is_public(st)
        label = statement_label(doc, st)
        if public is None:
            out.append(unknown(f"{label}: a principal cannot be resolved", line=st.line, subject=label))
        elif public:
            writes = _writes(st)
            who = "everyone except the NotPrincipal list" if st.not_principals is not None else "any AWS principal"
            what = f"including {', '.join(writes[:4])}" if writes else "read-only actions"
            out.append(failed(f"{label} allows {who} with no account or organization pin ({what})",
                              line=st.line, subject=label, severity=None if writes else Severity.HIGH,
                              evidence={"write_actions": writes[:20]}))
    return out or [passed("no statement is open to principals outside the account or organization")]


def _writes(st) -> list[str]:
    """Actions the statement grants that write or change permissions (unknown patterns count)."""
    out = []
    for pattern in st.not_actions or st.actions:
        if not isinstance(pattern, str):
            out.append("an unresolved action")
            continue
        names = matching(pattern) if not st.not_actions else ["everything else"]
        if not names or any(not _READ.match(n.split(":", 1)[-1]) for n in names):
            out.append(str(pattern))
    return out
