r"""
## What it does
Flags identity policy statements that allow changing what an endpoint serves
(`CreateModel`, `CreateEndpointConfig`, `UpdateEndpoint`,
`UpdateEndpointWeightsAndCapacities`, `DeleteEndpoint`, `CreateInferenceComponent`,
`UpdateInferenceComponent`) on a broad resource without a positive tag condition
(`aws:ResourceTag/…`, `sagemaker:ResourceTag/…`) or `sagemaker:ModelArn`. A statement
that allows `*` on `*` with no condition is left to MLS401.

## Why it matters
Together these actions swap the model behind a production endpoint: create a model from
any image and artefact, point a new configuration at it and update the endpoint. A
pipeline or data-science role that can do this on every endpoint can replace a fraud
model with one that approves everything, or take inference down.

## Remediation
Scope the actions to name-prefixed endpoint, configuration and model ARNs, or require a
tag that only the owning team's resources carry.

### CloudFormation
```yaml
- Effect: Allow
  Action: [sagemaker:CreateEndpointConfig, sagemaker:UpdateEndpoint]
  Resource:
    - !Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint/fraud-*"
    - !Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:endpoint-config/fraud-*"
```

### Terraform
```hcl
statement {
  actions   = ["sagemaker:UpdateEndpoint", "sagemaker:CreateEndpointConfig"]
  resources = ["*"]
  condition {
    test     = "StringEquals"
    variable = "aws:ResourceTag/team"
    values   = ["fraud"]
  }
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://endpoint-deploy-scoped.json --set-as-default
```

## References
- SageMaker AI developer guide: "Control access to SageMaker AI resources by using tags"
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import judge_statements, judge_unscoped
from mlsec.iam.principals import declared_documents
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder

MUTATIONS = ["sagemaker:CreateModel", "sagemaker:CreateEndpointConfig", "sagemaker:UpdateEndpoint",
             "sagemaker:UpdateEndpointWeightsAndCapacities", "sagemaker:DeleteEndpoint",
             "sagemaker:CreateInferenceComponent", "sagemaker:UpdateInferenceComponent"]
SCOPING_KEYS = ["aws:ResourceTag/*", "sagemaker:ResourceTag/*", "sagemaker:ModelArn"]


@rule(id="MLS410", name="sagemaker-endpoint-mutation-unscoped", control="iam-privilege-escalation",
      severity="medium")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="medium",
                            passed_message="endpoint changes are limited to named or tagged resources")


def _judge(doc, st):
    return judge_unscoped(doc, st, MUTATIONS, SCOPING_KEYS,
                          lambda g: f"{g.label} allows {_short(g.actions)} on {g.where} with no tag or model condition")


def _short(actions: list[str]) -> str:
    return ", ".join(a.split(":", 1)[1] for a in actions)
