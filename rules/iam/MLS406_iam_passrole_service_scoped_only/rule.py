r"""
## What it does
Flags identity policy statements that allow `iam:PassRole` on a broad resource (`*`, an
account `*`, every role `role/*`, or a `NotResource` complement) and limit it only with
`iam:PassedToService`. Naming the roles, or a role path kept for one workload
(`role/sagemaker/*`), passes.

## Why it matters
`iam:PassedToService` limits which service receives the role, not which role: every
role in the account that trusts that service can be passed, administrator roles
included. `AmazonSageMakerFullAccess` grants exactly this for SageMaker, so a holder can
start a notebook under the most privileged SageMaker-trusted role it finds.

## Remediation
Keep the service condition and narrow the resource to the execution roles (by ARN or a
dedicated path).

### CloudFormation
```yaml
- Effect: Allow
  Action: iam:PassRole
  Resource: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/sagemaker/*"
  Condition:
    StringEquals: {iam:PassedToService: sagemaker.amazonaws.com}
```

### Terraform
```hcl
statement {
  actions   = ["iam:PassRole"]
  resources = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/sagemaker/*"]
  condition {
    test     = "StringEquals"
    variable = "iam:PassedToService"
    values   = ["sagemaker.amazonaws.com"]
  }
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://passrole-by-path.json --set-as-default
```

## References
- IAM user guide: "Grant a user permissions to pass a role to an AWS service"
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import UnscopedGrant, judge_statements, unscoped_grant
from mlsec.iam.conditions import describe
from mlsec.iam.principals import declared_documents
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder
from mlsec.model.verdict import failed, unknown


@rule(id="MLS406", name="iam-passrole-service-scoped-only", control="iam-passrole-unscoped", severity="medium")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="medium",
                            passed_message="no statement passes every role of a service")


def _judge(doc, st):
    grant = unscoped_grant(doc, st, ["iam:PassRole"], ["iam:PassedToService"])
    if not isinstance(grant, UnscopedGrant):
        return grant
    if not grant.guards:
        return None  # no service condition at all: MLS405
    services = "; ".join(describe(c) for c in grant.guards)
    if grant.scope is None:
        return unknown(f"{grant.label} passes roles to {services}, but its resources cannot be resolved: "
                       f"{grant.where}", line=st.line, subject=grant.label)
    return failed(f"{grant.label} allows iam:PassRole on {grant.where}, limited only by {services}: every role "
                  "that trusts the service can be passed", line=st.line, subject=grant.label,
                  evidence={"resources": grant.where, "conditions": services})
