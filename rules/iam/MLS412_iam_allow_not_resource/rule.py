r"""
## What it does
Flags identity policy statements that combine `Effect: Allow` with `NotResource`. The
finding is high when the statement still grants an action of MLS407–MLS410 (passing
roles, SageMaker actions that take a role, presigned URLs, lifecycle configurations,
endpoint changes), medium otherwise.

## Why it matters
`Allow` + `NotResource` grants the actions on every resource except the listed ones,
including resources created later and resources in other accounts that trust this one.
`AmazonSageMakerFullAccess` uses it to grant `sagemaker:*` on everything but domains and
user profiles, which still covers every notebook, job, model and endpoint.

## Remediation
List the resources the statement is meant for; express exceptions as a separate Deny.

### CloudFormation
```yaml
- Effect: Allow
  Action: sagemaker:*
  Resource: !Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/team-a-*"
```

### Terraform
```hcl
statement {
  actions   = ["sagemaker:*"]
  resources = ["arn:aws:sagemaker:${var.region}:${var.account_id}:training-job/team-a-*"]
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://listed-resources.json --set-as-default
```

## References
- IAM user guide: "IAM JSON policy elements: NotResource"
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import data, judge_statements
from mlsec.iam.documents import statement_label
from mlsec.iam.principals import declared_documents, matcher
from mlsec.iam.resources import render
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder
from mlsec.model.verdict import Severity, failed

ESCALATING = ["iam:PassRole", "sagemaker:CreatePresignedNotebookInstanceUrl", "sagemaker:CreatePresignedDomainUrl",
              "sagemaker:CreateNotebookInstanceLifecycleConfig", "sagemaker:CreateStudioLifecycleConfig",
              "sagemaker:UpdateEndpoint", "sagemaker:CreateEndpointConfig"]


@rule(id="MLS412", name="iam-allow-not-resource", control="iam-not-action", severity="medium")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="medium",
                            passed_message="no Allow statement uses NotResource")


def _judge(doc, st):
    if not st.is_allow or not st.not_resources:
        return None
    label = statement_label(doc, st)
    m = matcher(st)
    watched = ESCALATING + ["sagemaker:" + a for a in data("sagemaker_passrole")["actions"]]
    risky = [a for a in dict.fromkeys(watched) if m.grants(a)]
    excluded = ", ".join(render(r) for r in st.not_resources)
    if risky:
        shown = ", ".join(risky[:5]) + (f" and {len(risky) - 5} more" if len(risky) > 5 else "")
        return failed(f"{label} allows its actions on every resource except {excluded}, including {shown}",
                      line=st.line, subject=label, severity=Severity.HIGH,
                      evidence={"not_resource": excluded, "escalating_actions": risky})
    return failed(f"{label} allows its actions on every resource except {excluded} (Allow with NotResource)",
                  line=st.line, subject=label, evidence={"not_resource": excluded})
