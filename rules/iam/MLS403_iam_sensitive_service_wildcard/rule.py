r"""
## What it does
Flags identity policy statements that allow every action of a sensitive service
(`sagemaker:*`, `iam:*`, `kms:*`, `s3:*`, `ecr:*`, `bedrock:*`, `secretsmanager:*`,
`sts:*`, or a wider pattern or `NotAction` that covers one of them) on a broad resource:
`*`, a `NotResource` complement, an account `*`, or every resource of a type
(`…:notebook-instance/*`). High for `iam`, `kms` and `sts`, medium otherwise. An
administrator grant pinned by a condition (for example to one region) lands here, since
MLS401 only reports unconditioned ones. Conditions do not clear this rule: the grant is
still every action of the service wherever the condition holds.

## Why it matters
A service wildcard grants actions nobody reviewed, including the ones added after the
policy was written. `iam:*` and `sts:*` hand out other identities, `kms:*` lets the holder
change key policies or schedule key deletion, `sagemaker:*` lets it create notebooks and
jobs under any execution role it can pass, and `s3:*` on `*` reads and deletes every
training data set in the account.

## Remediation
List the actions the workload calls and the resources it uses.

### CloudFormation
```yaml
Statement:
  - Effect: Allow
    Action: [sagemaker:CreateTrainingJob, sagemaker:DescribeTrainingJob]
    Resource: !Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/fraud-*"
```

### Terraform
```hcl
statement {
  actions   = ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob"]
  resources = ["arn:aws:sagemaker:${var.region}:${var.account_id}:training-job/fraud-*"]
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://enumerated-actions.json --set-as-default
```

## References
- IAM user guide: "Apply least-privilege permissions"
- AWS Security Hub: IAM.21
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import full_admin, judge_statements
from mlsec.iam.documents import statement_label
from mlsec.iam.principals import declared_documents, matcher, unreadable_actions
from mlsec.iam.resources import statement_scope
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder
from mlsec.model.verdict import Severity, failed, unknown

SENSITIVE = ("sagemaker", "iam", "kms", "s3", "ecr", "bedrock", "secretsmanager", "sts")
HIGH = {"iam", "kms", "sts"}


@rule(id="MLS403", name="iam-sensitive-service-wildcard", control="iam-service-wildcard", severity="high")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="high",
                            passed_message="no statement grants a whole sensitive service on broad resources")


def _judge(doc, st):
    if not st.is_allow:
        return None
    if full_admin(st):
        return None  # unconditioned administrator: MLS401
    m = matcher(st)
    services = [s for s in SENSITIVE if m.covers_service(s)]
    label = statement_label(doc, st)
    if not services:
        if unreadable_actions(st):
            return unknown(f"{label}: some actions cannot be resolved", line=st.line, subject=label)
        return None
    scope, where = statement_scope(st)
    if scope is False:
        return None
    if scope is None:
        return unknown(f"{label} grants {', '.join(s + ':*' for s in services)}, but its resources cannot be "
                       f"resolved: {where}", line=st.line, subject=label)
    severity = Severity.HIGH if HIGH & set(services) else Severity.MEDIUM
    how = "NotAction " + ", ".join(map(str, st.not_actions)) if st.not_actions else \
        "Action " + ", ".join(map(str, st.actions))
    return failed(f"{label} grants every action of {', '.join(services)} ({how}) on {where}", line=st.line,
                  subject=label, severity=severity, evidence={"services": services, "resources": where})
