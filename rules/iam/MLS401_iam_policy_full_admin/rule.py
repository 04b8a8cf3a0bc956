r"""
## What it does
Flags identity policy statements that allow every action (`*` or `*:*`) on every resource
(`*`) with no condition that narrows them. It reads role and user inline policies
(including Terraform's `inline_policy` blocks), standalone and managed policies. A
statement pinned by a positive condition (for example to one region) is left to
MLS403. Live scans read `iam:GetAccountAuthorizationDetails`, where a managed policy
counts by its default version only.

## Why it matters
Such a statement makes the holder an account administrator: it can rewrite IAM, read
every bucket and key, and switch off logging. An ML execution role or a data scientist's
role rarely needs more than a few services, and a compromised notebook holding this grant
compromises the account.

## Remediation
Replace the statement with the actions and resources the workload uses.

### CloudFormation
```yaml
Policies:
  - PolicyName: training-data
    PolicyDocument:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: [s3:GetObject, s3:ListBucket]
          Resource: [!GetAtt DataBucket.Arn, !Sub "${DataBucket.Arn}/*"]
```

### Terraform
```hcl
data "aws_iam_policy_document" "training" {
  statement {
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [aws_s3_bucket.data.arn, "${aws_s3_bucket.data.arn}/*"]
  }
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://scoped.json --set-as-default
```

## References
- IAM user guide: "Security best practices in IAM"
- AWS Security Hub: IAM.1; CIS AWS Foundations Benchmark v3.0: 1.16
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import judge_statements
from mlsec.iam.conditions import is_bounded
from mlsec.iam.documents import statement_label
from mlsec.iam.principals import declared_documents, matcher, unreadable_actions
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder
from mlsec.model.props import Unknown
from mlsec.model.verdict import failed, unknown


@rule(id="MLS401", name="iam-policy-full-admin", control="iam-admin", severity="critical")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="critical",
                            passed_message="no statement allows * on * without a condition")


def _judge(doc, st):
    if not st.is_allow or st.not_actions:
        return None
    everything = matcher(st).is_everything()
    all_resources = "*" in [r for r in st.resources if isinstance(r, str)]
    label = statement_label(doc, st)
    if everything and all_resources:
        if is_bounded(st):
            return None  # conditioned admin: MLS403 reports it
        return failed(f"{label} allows Action * on Resource * with no narrowing condition", line=st.line,
                      subject=label, evidence={"statement": label})
    maybe_everything = everything or unreadable_actions(st)
    maybe_all = all_resources or any(isinstance(r, Unknown) for r in st.resources)
    if maybe_everything and maybe_all and not is_bounded(st):
        return unknown(f"{label} may allow * on *: its actions or resources cannot be resolved", line=st.line,
                       subject=label)
    return None
