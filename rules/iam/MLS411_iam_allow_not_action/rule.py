r"""
## What it does
Flags identity policy statements that combine `Effect: Allow` with `NotAction`. A Deny
with `NotAction` is a normal guardrail and is not flagged.

## Why it matters
`Allow` + `NotAction` grants everything except the listed actions, including every
action and service AWS adds later. "Everything but IAM" still lets the holder read all
data, create SageMaker notebooks under any passable role, and change key policies.

## Remediation
List the allowed actions instead; if the intent is "everything except", express the
exception as a separate Deny.

### CloudFormation
```yaml
Statement:
  - Effect: Allow
    Action: [sagemaker:Describe*, sagemaker:List*, s3:GetObject]
    Resource: "*"
```

### Terraform
```hcl
statement {
  actions   = ["sagemaker:Describe*", "sagemaker:List*", "s3:GetObject"]
  resources = ["*"]
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://enumerated-actions.json --set-as-default
```

## References
- IAM user guide: "IAM JSON policy elements: NotAction"
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import judge_statements
from mlsec.iam.documents import statement_label
from mlsec.iam.principals import declared_documents
from mlsec.iam.resources import render
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder
from mlsec.model.verdict import failed


@rule(id="MLS411", name="iam-allow-not-action", control="iam-not-action", severity="high")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="high",
                            passed_message="no Allow statement uses NotAction")


def _judge(doc, st):
    if not st.is_allow or not st.not_actions:
        return None
    label = statement_label(doc, st)
    excluded = ", ".join(render(a) for a in st.not_actions)
    return failed(f"{label} allows every action except {excluded} (Allow with NotAction)", line=st.line,
                  subject=label, evidence={"not_action": excluded})
