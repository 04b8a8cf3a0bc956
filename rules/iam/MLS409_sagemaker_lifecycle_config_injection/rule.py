r"""
## What it does
Flags roles, users and groups whose effective permissions, on broad resources, let them
attach a lifecycle configuration of their own to someone else's environment:

- `CreateNotebookInstanceLifecycleConfig` with `UpdateNotebookInstance`; or
- `CreateStudioLifecycleConfig` with `UpdateDomain`, `UpdateUserProfile` or `UpdateSpace`
  not bounded by a positive `sagemaker:StudioLifecycleConfigArns` condition.

`sagemaker:LifecycleConfigName` is not a key the Service Authorization Reference lists,
so a condition on it guards nothing. Effective permissions are computed as in MLS402.
Live, users and groups are read with `--scope account`, as for MLS407.

## Why it matters
Lifecycle scripts run as root on the notebook instance or Studio app with the execution
role's credentials, even when `RootAccess` is Disabled. A principal that can write a
script and attach it to an existing notebook, domain, profile or space runs its code as
that environment's role the next time it starts: a quiet privilege escalation and a
persistence mechanism.

## Remediation
Keep lifecycle configurations with the platform team, scope the update actions to the
caller's own resources, and pin Studio updates to approved configurations.

### CloudFormation
```yaml
- Effect: Allow
  Action: [sagemaker:UpdateUserProfile]
  Resource: !Sub "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:user-profile/${StudioDomain}/*"
  Condition:
    ForAllValues:StringEquals:
      sagemaker:StudioLifecycleConfigArns: [!GetAtt ApprovedLifecycleConfig.StudioLifecycleConfigArn]
    "Null":
      sagemaker:StudioLifecycleConfigArns: "false"
```

### Terraform
```hcl
statement {
  actions   = ["sagemaker:UpdateUserProfile"]
  resources = ["arn:aws:sagemaker:${var.region}:${var.account_id}:user-profile/${aws_sagemaker_domain.studio.id}/*"]
  condition {
    test     = "ForAnyValue:StringEquals"
    variable = "sagemaker:StudioLifecycleConfigArns"
    values   = [aws_sagemaker_studio_lifecycle_config.approved.arn]
  }
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://no-lifecycle-injection.json --set-as-default
```

## References
- SageMaker AI developer guide: "Customize a Notebook Instance Using a Lifecycle Configuration Script"
- SageMaker AI developer guide: "Lifecycle configurations in Amazon SageMaker Studio"
"""

from mlsec.engine.rule import rule
from mlsec.iam.checks import broad
from mlsec.iam.conditions import positive_on
from mlsec.iam.principals import Effective
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import Group, Role, User
from mlsec.model.verdict import failed, passed, unknown

NOTEBOOK = ("sagemaker:CreateNotebookInstanceLifecycleConfig", ("sagemaker:UpdateNotebookInstance",))
STUDIO = ("sagemaker:CreateStudioLifecycleConfig",
          ("sagemaker:UpdateDomain", "sagemaker:UpdateUserProfile", "sagemaker:UpdateSpace"))


def _unpinned(st):
    scope = broad(st)
    if scope is None or not scope:
        return scope
    return not positive_on(st, ["sagemaker:StudioLifecycleConfigArns"])


@rule(id="MLS409", name="sagemaker-lifecycle-config-injection", control="iam-privilege-escalation",
      severity="high")
def check(principal: Role | User | Group, graph: Graph):
    eff = Effective.of(principal, graph)
    doubts: list[str] = []
    for (create, updates), where in ((NOTEBOOK, broad), (STUDIO, _unpinned)):
        first = eff.reach(create, where=broad)
        seconds = {u: eff.reach(u, where=where) for u in updates}
        granted = [u for u, r in seconds.items() if r.status == "yes"]
        if first.status == "yes" and granted:
            names = ", ".join(a.split(":", 1)[1] for a in [create, *granted])
            via = "; ".join(g.describe() for r in [first, *(seconds[u] for u in granted)] for g in r.grants[:1])
            return failed(f"the principal can write a lifecycle script and attach it on broad resources ({names}) "
                          f"via {via}", evidence={"actions": [create, *granted]})
        if first.status != "no" and any(r.status != "no" for r in seconds.values()):
            doubts.extend(d for r in [first, *seconds.values()] for d in (r.doubts[:1] or [r.capped or ""]) if d)
    if doubts:
        return unknown("whether the principal can inject lifecycle scripts cannot be told: " +
                       "; ".join(dict.fromkeys(doubts))[:400])
    return passed("the principal cannot both write and attach lifecycle configurations on broad resources")
