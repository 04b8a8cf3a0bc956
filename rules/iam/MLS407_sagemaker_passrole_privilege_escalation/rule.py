r"""
## What it does
Flags roles, users and groups that can both pass a broad role to SageMaker and call a
SageMaker action that takes a role. "Pass a broad role" means an effective
`iam:PassRole` on a broad resource (`*`, `role/*`, an account `*`, a `NotResource`
complement) whose `iam:PassedToService` condition, if any, admits
`sagemaker.amazonaws.com`. The SageMaker actions are those whose request carries a role
for SageMaker to assume (`CreateNotebookInstance`, `CreateTrainingJob`,
`CreateProcessingJob`, `CreateModel`, `CreatePipeline`, `CreateUserProfile`, `UpdateDomain`
and others: `mlsec/iam/data/sagemaker_passrole.json`, generated from botocore). Effective
permissions are computed as in MLS402, for a user together with its groups. The finding
is critical when a role in scope that trusts SageMaker and can be passed is itself
privileged (MLS402). Live, users and groups (and roles SageMaker does not use) are read
with `--scope account`; the default ML scope judges the SageMaker execution roles.

## Why it matters
Passing a role to SageMaker and starting a notebook, job or pipeline runs code of the
caller's choosing as that role. With a broad PassRole the caller picks the most powerful
role that trusts SageMaker and inherits its permissions: a privilege escalation that
no anchor tool checks for SageMaker.

## Remediation
Limit `iam:PassRole` to the workload's execution roles (by ARN or a dedicated path) with
`iam:PassedToService`, or remove the SageMaker create actions from principals that do
not need them.

### CloudFormation
```yaml
- Effect: Allow
  Action: iam:PassRole
  Resource: !GetAtt TrainingExecutionRole.Arn
  Condition:
    StringEquals: {iam:PassedToService: sagemaker.amazonaws.com}
```

### Terraform
```hcl
statement {
  actions   = ["iam:PassRole"]
  resources = [aws_iam_role.training_execution.arn]
  condition {
    test     = "StringEquals"
    variable = "iam:PassedToService"
    values   = ["sagemaker.amazonaws.com"]
  }
}
```

### AWS CLI
```sh
aws iam put-role-policy --role-name ROLE --policy-name pass-training-role \
  --policy-document file://pass-one-role.json
```

## References
- SageMaker AI developer guide: "Identity-based policy examples for Amazon SageMaker AI"
- Service Authorization Reference: "Actions defined by Amazon SageMaker AI" (dependent actions)
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import data, privilege
from mlsec.iam.passrole import passable_sagemaker_roles, passes_broad_role_to_sagemaker
from mlsec.iam.principals import Effective
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import Group, Role, User
from mlsec.model.verdict import Severity, failed, passed, unknown

# the actions named first in messages: the ones people know run code as the passed role
FIRST = ["CreateNotebookInstance", "CreateTrainingJob", "CreateProcessingJob", "CreateModel", "CreatePipeline",
         "CreateHyperParameterTuningJob", "CreateUserProfile", "UpdateDomain", "UpdateNotebookInstance"]


@rule(id="MLS407", name="sagemaker-passrole-privilege-escalation", control="iam-privilege-escalation",
      severity="high")
def check(principal: Role | User | Group, graph: Graph):
    eff = Effective.of(principal, graph)
    passing = eff.reach("iam:PassRole", where=passes_broad_role_to_sagemaker)
    if passing.status == "no":
        return passed("the principal cannot pass a broad role to SageMaker")
    actions = data("sagemaker_passrole")["actions"]
    reaches = {a: eff.reach(f"sagemaker:{a}") for a in actions}
    granted = sorted((a for a, r in reaches.items() if r.status == "yes"),
                     key=lambda a: (FIRST.index(a) if a in FIRST else len(FIRST), a))
    undecided = [a for a, r in reaches.items() if r.status == "unknown"]
    evidence = {"passrole_via": [g.describe() for g in passing.grants], "sagemaker_actions": granted}
    if passing.status == "yes" and granted:
        shown = ", ".join(granted[:6]) + (f" and {len(granted) - 6} more" if len(granted) > 6 else "")
        message = (f"the principal can pass a broad role to SageMaker ({', '.join(evidence['passrole_via'][:2])}) "
                   f"and call {shown}")
        privileged = [r.id for r in passable_sagemaker_roles(passing, graph, principal)
                      if privilege(r, graph).status == "yes"]
        if privileged:
            evidence["privileged_passable_roles"] = privileged
            return failed(f"{message}; passable SageMaker role(s) {', '.join(privileged)} are privileged",
                          severity=Severity.CRITICAL, evidence=evidence)
        return failed(message, evidence=evidence)
    if not granted and not undecided:
        return passed("the principal can pass roles but calls no SageMaker action that takes one")
    doubts = passing.doubts + ([passing.capped] if passing.capped else []) + \
        [d for a in undecided for d in reaches[a].doubts[:1]]
    return unknown("whether the principal can pass a broad role to SageMaker and use it cannot be told: " +
                   "; ".join(dict.fromkeys(doubts)).strip("; ")[:400], evidence=evidence)
