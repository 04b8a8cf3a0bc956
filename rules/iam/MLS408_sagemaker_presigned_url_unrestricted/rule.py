r"""
## What it does
Flags identity policy statements that allow creating presigned SageMaker URLs
(`CreatePresignedNotebookInstanceUrl`, `CreatePresignedDomainUrl`,
`CreatePresignedMlflowTrackingServerUrl`, `CreatePresignedMlflowAppUrl`,
`CreatePartnerAppPresignedUrl`) on a broad resource without a positive network
condition (`aws:SourceIp`, `aws:SourceVpce` or `aws:SourceVpc`). A statement
that allows `*` on `*` with no condition is left to MLS401.

## Why it matters
A presigned URL opens a notebook, Studio, MLflow or partner app session as the
resource's execution role, from any browser, for as long as the URL is valid. Without a
network condition, stolen credentials open every notebook from anywhere; without a
resource scope, one user opens everyone's Studio profile.

## Remediation
Scope the resource to the caller's own profile or notebook and require the corporate
network or VPC endpoint.

### CloudFormation
```yaml
- Effect: Allow
  Action: sagemaker:CreatePresignedDomainUrl
  Resource: !Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:user-profile/${StudioDomain}/${!aws:username}"
  Condition:
    StringEquals: {aws:SourceVpce: !Ref StudioEndpoint}
```

### Terraform
```hcl
statement {
  actions   = ["sagemaker:CreatePresignedDomainUrl"]
  resources = ["arn:aws:sagemaker:${var.region}:${var.account_id}:user-profile/${aws_sagemaker_domain.studio.id}/$${aws:username}"]
  condition {
    test     = "IpAddress"
    variable = "aws:SourceIp"
    values   = ["203.0.113.0/24"]
  }
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://presigned-url-from-vpce.json --set-as-default
```

## References
- SageMaker AI developer guide: "Limit Access to a Notebook Instance by IP Address"
- SageMaker AI developer guide: "Connect to SageMaker Studio Through an Interface VPC Endpoint"
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import judge_statements, judge_unscoped
from mlsec.iam.principals import declared_documents
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder

PRESIGNED = ["sagemaker:CreatePresignedNotebookInstanceUrl", "sagemaker:CreatePresignedDomainUrl",
             "sagemaker:CreatePresignedMlflowTrackingServerUrl", "sagemaker:CreatePresignedMlflowAppUrl",
             "sagemaker:CreatePartnerAppPresignedUrl"]
NETWORK_KEYS = ["aws:SourceIp", "aws:SourceVpce", "aws:SourceVpc"]


@rule(id="MLS408", name="sagemaker-presigned-url-unrestricted", control="iam-privilege-escalation",
      severity="high")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="high",
                            passed_message="presigned SageMaker URLs are scoped or need a network condition")


def _judge(doc, st):
    return judge_unscoped(doc, st, PRESIGNED, NETWORK_KEYS,
                          lambda g: f"{g.label} allows {_short(g.actions)} on {g.where} from any network (no "
                          "aws:SourceIp, aws:SourceVpce or aws:SourceVpc condition)")


def _short(actions: list[str]) -> str:
    return ", ".join(a.split(":", 1)[1] for a in actions)
