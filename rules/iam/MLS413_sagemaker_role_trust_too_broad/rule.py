r"""
## What it does
Reads the trust policy of every role that `sagemaker.amazonaws.com` may assume:

- high: the same trust also lets someone other than an AWS service assume the role:
  everyone (`*`), an account or user (`AWS`), a federated identity, or everyone but a
  few (`NotPrincipal`);
- low: only services assume it, but nothing ties SageMaker's use of it to this account
  (no positive `aws:SourceAccount` or `aws:SourceArn`), the confused-deputy case.

Either key closes the cross-account confused deputy; `aws:SourceArn` narrows further to
named SageMaker resources, and the finding notes when only one is present.

## Why it matters
An execution role carries the data and model access of the ML platform. If people or
other accounts can assume it directly, they bypass the notebook and job controls and
act as the platform. Without a source condition, SageMaker acting for another account
could be led to use the role (the confused deputy problem).

## Remediation
Trust only `sagemaker.amazonaws.com` in the role that SageMaker assumes and pin the
caller's account; give people their own roles.

### CloudFormation
```yaml
AssumeRolePolicyDocument:
  Version: "2012-10-17"
  Statement:
    - Effect: Allow
      Principal: {Service: sagemaker.amazonaws.com}
      Action: sts:AssumeRole
      Condition:
        StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}
        ArnLike: {aws:SourceArn: !Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:*"}
```

### Terraform
```hcl
statement {
  actions = ["sts:AssumeRole"]
  principals {
    type        = "Service"
    identifiers = ["sagemaker.amazonaws.com"]
  }
  condition {
    test     = "StringEquals"
    variable = "aws:SourceAccount"
    values   = [data.aws_caller_identity.current.account_id]
  }
}
```

### AWS CLI
```sh
aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust.json
```

## References
- IAM user guide: "The confused deputy problem"
- SageMaker AI developer guide: "Cross-service confused deputy prevention"
"""

from mlsec.engine.rule import rule
from mlsec.iam.conditions import positive_on
from mlsec.iam.documents import judge_variants
from mlsec.iam.resources import render
from mlsec.iam.trust import SAGEMAKER, assumes, service_principals, trust_document, trusts_service
from mlsec.model.kinds.iam import Role
from mlsec.model.verdict import Severity, Status, Verdict, failed, not_applicable, passed, unknown

SOURCE_KEYS = ["aws:SourceAccount", "aws:SourceArn"]


@rule(id="MLS413", name="sagemaker-role-trust-too-broad", control="iam-broad-trust", severity="high")
def check(role: Role):
    doc = trust_document(role)
    if doc is None:
        return unknown("the role has no trust policy to read")
    if not doc.readable:
        return unknown(f"the trust policy cannot be read: {doc.reason}", line=doc.line)
    if not trusts_service(doc, SAGEMAKER):
        return not_applicable("the trust policy does not allow sagemaker.amazonaws.com")
    verdicts = judge_variants(doc, _judge)
    return verdicts


def _judge(statements) -> list[Verdict]:
    trusting = [st for st in statements if assumes(st)]
    others = []
    for st in trusting:
        if st.principal_is_everyone():
            others.append("everyone (*)")
        if st.not_principals is not None:
            others.append("everyone except NotPrincipal")
        for kind, values in (st.principals or {}).items():
            if kind != "Service":
                others += [f"{kind} {render(v)}" for v in values if v != "*"]
    if others:
        return [failed(f"besides sagemaker.amazonaws.com the trust lets {', '.join(others)} assume the role",
                       reason="non-service-principal", evidence={"principals": others})]
    sagemaker = [st for st in trusting if SAGEMAKER in service_principals(st)]
    pinned = {c.key for st in sagemaker for c in positive_on(st, SOURCE_KEYS)}
    if sagemaker and all(positive_on(st, SOURCE_KEYS) for st in sagemaker):
        keys = ", ".join(sorted(pinned))
        note = "" if len({k.lower() for k in pinned}) == 2 else " (aws:SourceArn would narrow it to named resources)"
        return [passed(f"only services assume the role, pinned by {keys}{note}")]
    return [Verdict(Status.FAIL, "only services assume the role, but no positive aws:SourceAccount or aws:SourceArn "
                                 "condition ties SageMaker's use of it to this account (confused deputy)",
                    reason="no-source-condition", severity=Severity.LOW)]
