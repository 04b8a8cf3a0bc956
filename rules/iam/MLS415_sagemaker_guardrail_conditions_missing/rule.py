r"""
## What it does
Flags identity policy statements that allow creating SageMaker notebooks, jobs or
domains without the condition keys that enforce the platform's guardrails at creation
time. The required keys come from a profile (`mlsec/iam/data/sagemaker_guardrails.json`):

- notebooks (`CreateNotebookInstance`): `sagemaker:DirectInternetAccess` = `Disabled`,
  `sagemaker:RootAccess` = `Disabled`, `sagemaker:VpcSubnets`,
  `sagemaker:VolumeKmsKey`, `sagemaker:MinimumInstanceMetadataServiceVersion` = `2`;
- jobs (training, processing, tuning, transform, AutoML, labeling, monitoring):
  `sagemaker:NetworkIsolation` = `true`, `sagemaker:InterContainerTrafficEncryption` =
  `true`, `sagemaker:OutputKmsKey`;
- domains (`CreateDomain`): `sagemaker:AppNetworkAccessType` = `VpcOnly`.

Only keys the action supports are required. A key counts when a positive condition pins
it (with the value above, where one is given); `…IfExists` and `ForAllValues:` count only
with `Null {key: "false"}`, since a request that omits the key passes them. A Deny in the
same policy that refuses the action unless the key has that value (a `StringNotEquals`
or `Null: true` test) also counts. One finding per statement lists what is missing; it
is low when a single key is missing. A statement
that allows `*` on `*` with no condition is left to MLS401.

## Why it matters
Templates and console defaults are not enforced: anyone allowed to call
`CreateNotebookInstance` can create one with direct internet access and root, outside the
VPC and without a customer managed key, whatever the platform's templates do. Condition
keys make the guardrails hold for every caller.

## Remediation
Add the conditions to the Allow statement (or an equivalent Deny).

### CloudFormation
```yaml
- Effect: Allow
  Action: sagemaker:CreateNotebookInstance
  Resource: "*"
  Condition:
    StringEquals:
      sagemaker:DirectInternetAccess: Disabled
      sagemaker:RootAccess: Disabled
      sagemaker:MinimumInstanceMetadataServiceVersion: "2"
    ArnEquals: {sagemaker:VolumeKmsKey: !GetAtt NotebookKey.Arn}
    ForAllValues:StringEquals: {sagemaker:VpcSubnets: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]}
    "Null": {sagemaker:VpcSubnets: "false"}
```

### Terraform
```hcl
statement {
  actions   = ["sagemaker:CreateTrainingJob"]
  resources = ["*"]
  condition {
    test     = "Bool"
    variable = "sagemaker:NetworkIsolation"
    values   = ["true"]
  }
  condition {
    test     = "Bool"
    variable = "sagemaker:InterContainerTrafficEncryption"
    values   = ["true"]
  }
  condition {
    test     = "ArnEquals"
    variable = "sagemaker:OutputKmsKey"
    values   = [aws_kms_key.ml.arn]
  }
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://guardrailed-create.json --set-as-default
```

## References
- SageMaker AI developer guide: "Control creation of SageMaker AI resources with condition keys"
- Service Authorization Reference: "Condition keys for Amazon SageMaker AI"
"""

from functools import lru_cache

from mlsec.engine.rule import rule
from mlsec.iam.actions import condition_keys
from mlsec.iam.checks import data, full_admin, judge_statements
from mlsec.iam.conditions import Clause, clauses, key_matches, positive_on, requires_value
from mlsec.iam.documents import statement_label
from mlsec.iam.principals import declared_documents, matcher, unreadable_actions
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder
from mlsec.model.verdict import Severity, failed, unknown


@rule(id="MLS415", name="sagemaker-guardrail-conditions-missing", control="iam-guardrail-conditions",
      severity="medium")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="medium",
                            passed_message="SageMaker create actions carry their guardrail conditions")


@lru_cache(maxsize=256)
def required_keys(actions: tuple[str, ...]) -> dict[str, str | None]:
    """Guardrail keys (with required values) that apply to the given SageMaker actions."""
    out: dict[str, str | None] = {}
    for group in data("sagemaker_guardrails")["groups"].values():
        for action in group["actions"]:
            if f"sagemaker:{action}" not in actions:
                continue
            supported = condition_keys(f"sagemaker:{action}")
            for key, value in group["keys"].items():
                if supported is None or any(key_matches(s, key) for s in supported):
                    out[key] = value
    return out


@lru_cache(maxsize=1)
def _creates() -> tuple[str, ...]:
    return tuple(f"sagemaker:{a}" for g in data("sagemaker_guardrails")["groups"].values() for a in g["actions"])


def _judge(doc, st):
    if not st.is_allow or full_admin(st):
        return None  # an unconditioned administrator statement is MLS401's
    m = matcher(st)
    granted = tuple(a for a in _creates() if m.grants(a))
    label = statement_label(doc, st)
    if not granted:
        if unreadable_actions(st):
            return unknown(f"{label}: some actions cannot be resolved", line=st.line, subject=label)
        return None
    required = required_keys(granted)
    denies = [other for other in doc.statements if other.is_deny]
    missing = [key for key, value in required.items()
               if not _pinned(st, key, value) and not (denies and _denied_unless(denies, granted, key, value))]
    if not missing:
        return None
    shown = ", ".join(a.split(":", 1)[1] for a in granted[:4]) + (" and more" if len(granted) > 4 else "")
    wanted = ", ".join(f"{k}={required[k]}" if required[k] else k for k in missing)
    return failed(f"{label} allows {shown} without conditions on {wanted}", line=st.line, subject=label,
                  severity=Severity.LOW if len(missing) == 1 else None,
                  evidence={"actions": granted, "missing_keys": missing})


def _pinned(st, key: str, value: str | None) -> bool:
    return any(value is None or requires_value(c, value) for c in positive_on(st, [key]))


def _denied_unless(denies, actions: tuple[str, ...], key: str, value: str | None) -> bool:
    """A Deny of the actions whenever the key is absent or differs from ``value``."""
    for other in denies:
        if not all(matcher(other).grants(a) for a in actions):
            continue
        for c in clauses(other):
            if c.key.lower() != key.lower():
                continue
            if _refuses_other_values(c, value) or (value is None and _refuses_absent(c)):
                return True
    return False


def _refuses_other_values(c: Clause, value: str | None) -> bool:
    base = c.base.lower()
    negated = base.startswith("not") or "notequals" in base or "notlike" in base
    if not negated or c.if_exists or c.set_prefix:
        return False
    return value is None or any(str(v).lower() == value.lower() for v in c.values)


def _refuses_absent(c: Clause) -> bool:
    return c.base.lower() == "null" and all(str(v).lower() == "true" for v in c.values)
