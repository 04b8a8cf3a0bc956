r"""
## What it does
Flags the AWS managed policy `AmazonSageMakerFullAccess` attached to a SageMaker execution
role, or to a person: a user, a group, or a role that accounts or federated identities
assume. Attachments count whether they are made by the principal (`ManagedPolicyArns`,
`managed_policy_arns`) or by a Terraform attachment resource. People who must keep it can
be listed by name or ARN in the `sagemaker_full_access_allowed` setting. Live scans read
the attachments from `iam:GetAccountAuthorizationDetails`; users and groups are read with
`--scope account` (the default ML scope keeps the SageMaker execution roles).

## Why it matters
The policy grants `sagemaker:*` on everything except domains and user profiles (through
`NotResource`), `iam:PassRole` for every role that trusts SageMaker, presigned Studio URLs
on `*`, and read access to any object tagged for SageMaker. A holder can start a notebook
or training job under the most privileged SageMaker role in the account and open anyone's
Studio. An execution role rarely needs more than a few of these actions.

## Remediation
Detach it and attach a policy listing the SageMaker actions and resources the principal
uses (the execution role usually needs none of the control-plane actions).

### CloudFormation
```yaml
ExecutionRole:
  Type: AWS::IAM::Role
  Properties:
    ManagedPolicyArns: []          # remove AmazonSageMakerFullAccess
    Policies:
      - PolicyName: training-scoped
        PolicyDocument: {...}
```

### Terraform
```hcl
# delete the attachment, or drop the ARN from managed_policy_arns
# resource "aws_iam_role_policy_attachment" "sagemaker_full" { ... }
```

### AWS CLI
```sh
aws iam detach-role-policy --role-name ROLE \
  --policy-arn arn:aws:iam::aws:policy/AmazonSageMakerFullAccess
```

## References
- SageMaker AI developer guide: "AWS managed policies for Amazon SageMaker AI"
"""

from mlsec.engine.rule import rule
from mlsec.engine.settings import Settings
from mlsec.iam.managed import aws_managed_name
from mlsec.iam.principals import attached_documents
from mlsec.iam.trust import assumed_by_people, is_execution_role, trust_document
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import Group, PolicyAttachment, Role, User
from mlsec.model.verdict import Severity, failed, passed, unknown

FULL_ACCESS = "AmazonSageMakerFullAccess"


@rule(id="MLS404", name="sagemaker-full-access-policy-attached", control="iam-service-wildcard",
      severity="medium")
def check(principal: Role | User | Group, graph: Graph, settings: Settings):
    docs = attached_documents(principal, graph)
    attached = [d for d in docs if d.managed_arn and aws_managed_name(d.managed_arn) == FULL_ACCESS]
    if not attached:
        doubts = [f"{d.label}: {d.reason}" for d in docs if d.unresolved]
        if doubts:
            return unknown("an attachment cannot be resolved, so AmazonSageMakerFullAccess may be attached: " +
                           "; ".join(doubts[:3]))
        return passed("AmazonSageMakerFullAccess is not attached")
    owner = attached[0].owner  # the principal, a Terraform attachment, or (live) the policy read from the account
    via = f"attached by {owner.id}" if isinstance(owner, PolicyAttachment) else "attached"
    if isinstance(principal, Role):
        execution = is_execution_role(principal, graph)
        if execution:
            return failed(f"AmazonSageMakerFullAccess is {via} to a SageMaker execution role",
                          severity=Severity.HIGH, evidence={"sagemaker_execution_role": True})
        people = assumed_by_people(trust_document(principal))
        if people is None or execution is None:
            return unknown(f"AmazonSageMakerFullAccess is {via}, but the trust policy cannot be read to tell who "
                           "uses the role")
        if not people:
            return passed(f"AmazonSageMakerFullAccess is {via} to a role that only AWS services other than "
                          "SageMaker assume")
    if _allowed(principal, settings):
        return passed(f"AmazonSageMakerFullAccess is {via}; the principal is in sagemaker_full_access_allowed")
    return failed(f"AmazonSageMakerFullAccess is {via} to a principal people use")


def _allowed(principal, settings: Settings) -> bool:
    allowed = set((settings.extra or {}).get("sagemaker_full_access_allowed") or ())
    name = principal.name.value if principal.name.is_set else None
    return bool(allowed) and (principal.id in allowed or name in allowed or principal.arn in allowed)
