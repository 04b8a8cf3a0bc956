r"""
## What it does
Flags SageMaker execution roles whose effective permissions make them administrators in
all but name. A role is a SageMaker execution role when its trust policy allows
`sagemaker.amazonaws.com` or a SageMaker resource names it (`RoleArn`,
`ExecutionRoleArn`, a domain's `DefaultUserSettings.ExecutionRole`). Its effective
permissions are the union of its inline policies, the managed policies attached to it (by
`ManagedPolicyArns`, by the policy's `Roles`, or by a Terraform attachment; AWS managed
policies come from a shipped snapshot), minus Denies without conditions, within its
permissions boundary. The role fails when they include:

- an attached `AdministratorAccess` or `IAMFullAccess`;
- an IAM permissions-management action (`iam:AttachRolePolicy`, `iam:PutRolePolicy`,
  `iam:CreatePolicyVersion`, `iam:CreateAccessKey`, ...) on a broad resource;
- a published privilege-escalation method, such as `iam:PassRole` on a broad resource
  with `lambda:CreateFunction` and `lambda:InvokeFunction`.

A notebook, model or Studio domain whose execution role is outside the scanned template
or module is UNKNOWN: its permissions cannot be read (other tools fail it). A role whose
policies cannot all be read is UNKNOWN unless what can be read already makes it
privileged.

Live, the roles come from `iam:GetAccountAuthorizationDetails` (the default version of
each managed policy). A role counts as an execution role when a notebook (`RoleArn`), a
model (`ExecutionRoleArn`), a job, or a Studio domain
(`DefaultUserSettings.ExecutionRole`) in any scanned region of the account names it,
even though IAM sits in the account's global unit. AWS managed policies are read from the
account (`iam:GetPolicyVersion`), else from the shipped snapshot; one found in neither
makes the role UNKNOWN. A notebook, model or domain naming a role the account does not
list is UNKNOWN.

## Why it matters
Every notebook user, training script and inference container runs with the execution
role's credentials, reachable from the instance metadata service. Code in a notebook, a
poisoned dependency or a crafted model artefact that runs in the container inherits the
role, so a privileged execution role turns any of them into an account takeover.

## Remediation
Give each workload its own role with the data and service access it needs; move
administration to separate, human-assumed roles.

### CloudFormation
```yaml
ExecutionRole:
  Type: AWS::IAM::Role
  Properties:
    AssumeRolePolicyDocument: {...}
    Policies:
      - PolicyName: training
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: [s3:GetObject, s3:PutObject]
              Resource: !Sub "${DataBucket.Arn}/*"
```

### Terraform
```hcl
resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = aws_iam_policy.training_scoped.arn  # not AdministratorAccess
}
```

### AWS CLI
```sh
aws iam detach-role-policy --role-name ROLE \
  --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
```

## References
- SageMaker AI developer guide: "How to use SageMaker AI execution roles"
- Rhino Security Labs: "AWS IAM Privilege Escalation - Methods and Mitigation"
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import privilege
from mlsec.iam.trust import execution_role_of, is_execution_role
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import Role
from mlsec.model.kinds.sagemaker import Domain, Model, NotebookInstance
from mlsec.model.verdict import failed, not_applicable, passed, unknown


@rule(id="MLS402", name="sagemaker-role-privileged", control="iam-admin", severity="critical")
def check(subject: Role | NotebookInstance | Model | Domain, graph: Graph):
    if not isinstance(subject, Role):
        return _outside_scope(subject, graph)
    execution = is_execution_role(subject, graph)
    if execution is False:
        return not_applicable("not a SageMaker execution role: its trust policy does not allow "
                              "sagemaker.amazonaws.com and no SageMaker resource names it")
    found = privilege(subject, graph)
    evidence = {"privileged_by": found.reasons, "undecided": found.doubts[:10]}
    if found.status == "yes":
        if execution is None:
            return unknown("the role is privileged (" + "; ".join(found.reasons[:3]) + "), but its trust policy "
                           "cannot be read to tell whether SageMaker uses it", evidence=evidence)
        return failed("the SageMaker execution role is privileged: " + "; ".join(found.reasons[:5]),
                      evidence=evidence)
    if found.status == "unknown":
        return unknown("whether the role is privileged cannot be told: " + "; ".join(found.doubts[:3]),
                       evidence=evidence)
    return passed("no administrator policy, broad permissions management or escalation method")


def _outside_scope(resource, graph: Graph):
    """A SageMaker resource's role that the scan cannot see: UNKNOWN, never FAIL or PASS."""
    out = []
    where = "among the account's IAM roles" if resource.source == "aws" else "in the scanned files"
    for value, found in execution_role_of(resource, graph):
        if found.status in ("outside", "unknown"):
            out.append(unknown(f"the execution role {value.describe()} is not {where}, so its permissions cannot "
                               f"be checked ({found.reason})", line=value.line, subject=value.path))
    return out
