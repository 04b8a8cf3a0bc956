r"""
## What it does
Flags identity policy statements (Allow or Deny) with an action or action pattern that
matches nothing in the dated action snapshot: a typo (`sagemaker:CreateTrainingJobs`), a
wrong prefix (`sagemaker-runtime:InvokeEndpoint`), or a retired service
(`elastic-inference:*`). The snapshot merges the Service Authorization Reference data of
policyuniverse with every operation in botocore's service models; its date is shown by
`mlsec --version`, and it is rebuilt by `tools/make_iam_actions.py`.

## Why it matters
IAM accepts unknown actions silently. In an Allow the intended permission is missing
and someone widens the policy to make things work; in a Deny the guardrail does not
exist at all.

## Remediation
Fix the spelling against the Service Authorization Reference, or remove actions of
retired services.

### CloudFormation
```yaml
- Effect: Allow
  Action: sagemaker:InvokeEndpoint      # not sagemaker-runtime:InvokeEndpoint
  Resource: !Ref ScoringEndpoint
```

### Terraform
```hcl
statement {
  actions   = ["sagemaker:CreateTrainingJob"]   # not CreateTrainingJobs
  resources = ["*"]
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://fixed-actions.json --set-as-default
```

## References
- Service Authorization Reference: "Actions, resources, and condition keys for AWS services"
- IAM user guide: "IAM JSON policy elements: Action"
"""

from mlsec.engine.rule import rule
from mlsec.iam.actions import catalog, is_known_pattern, split
from mlsec.iam.checks import judge_statements
from mlsec.iam.documents import statement_label
from mlsec.iam.principals import declared_documents
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder
from mlsec.model.verdict import failed


@rule(id="MLS417", name="iam-unknown-action", control="iam-unknown-action", severity="low")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="low",
                            passed_message=f"every action is in the action snapshot of {catalog().date}")


def _judge(doc, st):
    unknown = [str(a) for a in st.actions + st.not_actions
               if isinstance(a, str) and a not in ("*", "*:*") and not is_known_pattern(a)]
    if not unknown:
        return None
    label = statement_label(doc, st)
    described = [f"{a} (no service {split(a)[0]!r})" if catalog().service(split(a)[0]) is None
                 and "*" not in split(a)[0] else a for a in unknown]
    return failed(f"{label} names actions the snapshot of {catalog().date} does not know: {', '.join(described)}",
                  line=st.line, subject=label, evidence={"unknown_actions": unknown, "snapshot": catalog().date})
