r"""
## What it does
Flags identity policy statements that allow `iam:PassRole` on a broad resource (`*`, an
account `*`, every role `role/*`, or a `NotResource` complement) without a positive
`iam:PassedToService` condition. A statement that names roles, or a role path such as
`role/sagemaker/*`, passes. A statement
that allows `*` on `*` with no condition is left to MLS401.

## Why it matters
Passing a role hands its permissions to a service the caller controls: a notebook,
training job or Lambda function created by the caller then runs as that role. Unscoped,
the caller can pass any role in the account, administrator roles included, to any
service, and so gains every permission those roles have.

## Remediation
Name the execution roles (or a dedicated role path) and the service that receives them.

### CloudFormation
```yaml
- Effect: Allow
  Action: iam:PassRole
  Resource: !GetAtt SageMakerExecutionRole.Arn
  Condition:
    StringEquals: {iam:PassedToService: sagemaker.amazonaws.com}
```

### Terraform
```hcl
statement {
  actions   = ["iam:PassRole"]
  resources = [aws_iam_role.sagemaker_execution.arn]
  condition {
    test     = "StringEquals"
    variable = "iam:PassedToService"
    values   = ["sagemaker.amazonaws.com"]
  }
}
```

### AWS CLI
```sh
aws iam put-role-policy --role-name ROLE --policy-name pass-execution-role \
  --policy-document file://scoped-passrole.json
```

## References
- IAM user guide: "Grant a user permissions to pass a role to an AWS service"
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import judge_statements, judge_unscoped
from mlsec.iam.principals import declared_documents
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder


@rule(id="MLS405", name="iam-passrole-unscoped", control="iam-passrole-unscoped", severity="high")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="high",
                            passed_message="no statement passes any role to any service")


def _judge(doc, st):
    return judge_unscoped(doc, st, ["iam:PassRole"], ["iam:PassedToService"],
                          lambda g: f"{g.label} allows iam:PassRole on {g.where} with no positive iam:PassedToService condition: "
                          "any role can be passed to any service")
