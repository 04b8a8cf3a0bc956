r"""
## What it does
Flags identity policy statements that allow reading data or secrets (`s3:GetObject`,
`s3:GetObjectVersion`, `secretsmanager:GetSecretValue`, `ssm:GetParameter`,
`ssm:GetParameters`, `ssm:GetParametersByPath`, `kms:Decrypt`) on a broad resource
without a positive condition that scopes them: `aws:ResourceAccount`, a resource tag
(`aws:ResourceTag/…` or the service's own `…:ResourceTag/…`),
`s3:ExistingObjectTag/…`, `kms:ViaService` or a `kms:EncryptionContext…` key. A statement
that allows `*` on `*` with no condition is left to MLS401.

## Why it matters
Execution roles read training data, model artefacts and credentials. A read grant on `*`
lets a compromised notebook or a malicious training container read every bucket, secret
and parameter in the account, and decrypt anything under any key the key policies
share with the account.

## Remediation
Name the buckets (or prefixes), secrets and keys, or add one of the conditions above.

### CloudFormation
```yaml
- Effect: Allow
  Action: s3:GetObject
  Resource: !Sub "${TrainingBucket.Arn}/datasets/*"
- Effect: Allow
  Action: kms:Decrypt
  Resource: "*"
  Condition:
    StringEquals: {kms:ViaService: !Sub "s3.${AWS::Region}.amazonaws.com"}
```

### Terraform
```hcl
statement {
  actions   = ["s3:GetObject"]
  resources = ["${aws_s3_bucket.training.arn}/datasets/*"]
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://scoped-reads.json --set-as-default
```

## References
- IAM user guide: "Apply least-privilege permissions"
- AWS Security Hub: KMS.1, KMS.2 (the kms:Decrypt part)
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import judge_statements, judge_unscoped
from mlsec.iam.principals import declared_documents
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder

READS = ["s3:GetObject", "s3:GetObjectVersion", "secretsmanager:GetSecretValue", "ssm:GetParameter",
         "ssm:GetParameters", "ssm:GetParametersByPath", "kms:Decrypt"]
SCOPING_KEYS = ["aws:ResourceAccount", "aws:ResourceTag/*", "s3:ExistingObjectTag/*", "kms:ViaService",
                "kms:EncryptionContext:*", "kms:EncryptionContextKeys", "secretsmanager:ResourceTag/*",
                "ssm:ResourceTag/*", "kms:ResourceTag/*"]


@rule(id="MLS414", name="iam-ml-data-read-unscoped", control="iam-data-access-unscoped", severity="medium")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="medium",
                            passed_message="data and secret reads are scoped to named resources or conditions")


def _judge(doc, st):
    return judge_unscoped(doc, st, READS, SCOPING_KEYS,
                          lambda g: f"{g.label} allows {', '.join(g.actions)} on {g.where} with no scoping condition")
