r"""
## What it does
Flags identity policy statements with a service condition key that no action of that
service in the statement supports, according to the dated action snapshot (templates
such as `${TagKey}`, `<key>` or `tag-key` match any value in their place). Example:
`sagemaker:RootAccess` on `CreateTrainingJob`: only notebook actions carry it. Global
`aws:` keys and keys of services the statement does not grant are not judged. When the
snapshot does not list the keys of an action (actions newer than its key data), the
result is UNKNOWN rather than a guess, as it is for a key the snapshot does not know at all
(a typo, or a key newer than the snapshot). `<service>:ResourceTag/…` keys, which the
reference lists per resource type, are accepted.

## Why it matters
A key the request never carries makes a positive condition false and a negated one true:
an Allow with it silently grants nothing, and a Deny guardrail that relies on it never
fires. Both look like protection in review.

## Remediation
Use a key the action supports, or move the condition to the statement of the action that
carries it.

### CloudFormation
```yaml
- Effect: Deny
  Action: sagemaker:CreateTrainingJob
  Resource: "*"
  Condition:
    Bool: {sagemaker:NetworkIsolation: "false"}   # not sagemaker:RootAccess
```

### Terraform
```hcl
statement {
  effect    = "Deny"
  actions   = ["sagemaker:CreateTrainingJob"]
  resources = ["*"]
  condition {
    test     = "Bool"
    variable = "sagemaker:NetworkIsolation"
    values   = ["false"]
  }
}
```

### AWS CLI
```sh
aws iam create-policy-version --policy-arn POLICY_ARN \
  --policy-document file://valid-keys.json --set-as-default
```

## References
- IAM user guide: "IAM Access Analyzer policy check reference"
- Service Authorization Reference: "Actions, resources, and condition keys for AWS services"
"""

from mlsec.engine.rule import rule
import re

from mlsec.iam.actions import condition_keys, matching, service_keys, split
from mlsec.iam.checks import judge_statements
from mlsec.iam.conditions import clauses, is_global, key_matches
from mlsec.iam.documents import statement_label
from mlsec.iam.principals import declared_documents, matcher
from mlsec.model.graph import Graph
from mlsec.model.kinds.iam import PolicyHolder
from mlsec.model.verdict import failed, unknown

_RESOURCE_TAG = re.compile(r"^[a-z0-9-]+:ResourceTag/.+", re.I)


@rule(id="MLS416", name="iam-condition-key-not-valid-for-action", control="iam-guardrail-conditions",
      severity="medium")
def check(holder: PolicyHolder, graph: Graph):
    return judge_statements(holder, graph, declared_documents(holder), _judge, severity="medium",
                            passed_message="every service condition key applies to an action of its statement")


def _actions_of(st, prefix: str) -> list[str]:
    if st.not_actions:
        return matcher(st).actions_of(prefix)
    return [a for p in st.actions if isinstance(p, str) for a in matching(p) if split(a)[0] == prefix]


def _judge(doc, st):
    label = statement_label(doc, st)
    invalid, undecided = [], []
    for clause in clauses(st):
        key = clause.key
        if is_global(key) or ":" not in key:
            continue
        prefix = key.split(":", 1)[0].lower()
        actions = _actions_of(st, prefix)
        if not actions:
            continue  # a key of a service the statement does not grant (e.g. kms:ViaService on s3)
        keyed = [(a, condition_keys(a)) for a in actions]
        if any(ks is not None and any(key_matches(k, key) for k in ks) for _, ks in keyed):
            continue
        if _RESOURCE_TAG.match(key):
            continue  # resource-type keys: the snapshot lists them per resource, not per action
        if not any(key_matches(k, key) for k in service_keys(prefix)):
            undecided.append((key, actions, []))  # unknown to the snapshot: a typo, or newer than it
            continue
        unlisted = [a for a, ks in keyed if ks is None]
        (undecided if unlisted else invalid).append((key, actions, unlisted))
    if invalid:
        key, actions, _ = invalid[0]
        shown = ", ".join(a.split(":", 1)[1] for a in actions[:4]) + (" ..." if len(actions) > 4 else "")
        effect = "a Deny that never fires" if st.is_deny else "an Allow that grants nothing when the key is " \
                                                               "required"
        keys = ", ".join(dict.fromkeys(k for k, _, _ in invalid))
        return failed(f"{label} conditions on {keys}, which {shown} do not support: {effect}", line=st.line,
                      subject=label, evidence={"keys": [k for k, _, _ in invalid]})
    if undecided:
        key, _, unlisted = undecided[0]
        why = f"the snapshot does not list the keys of {', '.join(unlisted[:3])}" if unlisted else \
            "the snapshot does not know this key for any action of the service"
        return unknown(f"{label} conditions on {key}; {why}", line=st.line, subject=label)
    return None
