r"""
## What it does
Reads the key policy of each KMS key (Terraform's `aws_kms_key_policy` replaces the key's
own `policy`) and flags an Allow statement that

- grants to everyone (`Principal: "*"`, or any `NotPrincipal`) without a positive
  `kms:CallerAccount`, `aws:PrincipalAccount`, `aws:PrincipalOrgID` or
  `aws:PrincipalOrgPaths` condition;
- gives `kms:PutKeyPolicy` or `kms:ScheduleKeyDeletion` to a principal other than the
  account root;
- gives `kms:CreateGrant` to a principal other than the account root without requiring
  `kms:GrantIsForAWSResource` to be true.

Wildcards and `NotAction` are expanded against those actions. A key with no policy gets
the default policy, which gives `kms:*` to the account root only, and passes. Principals,
actions or conditions that cannot be resolved give UNKNOWN. In a live account the policy
comes from `kms:GetKeyPolicy`; AWS-managed keys (`KeyManager` `AWS`, from
`kms:DescribeKey`) are not applicable: AWS writes and keeps their policies.

## Why it matters
The key policy is the only thing that decides who can use a KMS key: IAM policies work
only where it delegates to the account. A key that anyone may use, whose policy a role can
rewrite, or for which a role can mint grants to any principal no longer protects the
training data, model artefacts or captured inference payloads encrypted under it, and a
role that may schedule its deletion can make that data unrecoverable.

## Remediation
Keep administration (`kms:Put*`, `kms:ScheduleKeyDeletion`) with the account root and let
IAM policies delegate it; name the principals that use the key; pin `Principal: "*"`
statements to your account or organisation; require `kms:GrantIsForAWSResource` on
`kms:CreateGrant`.

### CloudFormation
```yaml
DataKey:
  Type: AWS::KMS::Key
  Properties:
    EnableKeyRotation: true
    KeyPolicy:
      Version: "2012-10-17"
      Statement:
        - Sid: AccountRoot
          Effect: Allow
          Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
          Action: kms:*
          Resource: "*"
        - Sid: SageMakerUse
          Effect: Allow
          Principal: {AWS: !GetAtt SageMakerRole.Arn}
          Action: [kms:Encrypt, kms:Decrypt, kms:GenerateDataKey*, kms:DescribeKey]
          Resource: "*"
        - Sid: AttachToAwsResources
          Effect: Allow
          Principal: {AWS: !GetAtt SageMakerRole.Arn}
          Action: kms:CreateGrant
          Resource: "*"
          Condition:
            Bool: {"kms:GrantIsForAWSResource": "true"}
```

### Terraform
```hcl
resource "aws_kms_key_policy" "data" {
  key_id = aws_kms_key.data.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "AccountRoot", Effect = "Allow", Action = "kms:*", Resource = "*",
        Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" } },
      { Sid = "SageMakerUse", Effect = "Allow", Resource = "*",
        Principal = { AWS = aws_iam_role.sagemaker.arn },
        Action = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"] },
    ]
  })
}
```

### AWS CLI
```sh
aws kms put-key-policy --key-id KEY_ID --policy-name default --policy file://key-policy.json
```

## References
- AWS KMS developer guide: "Key policies in AWS KMS", "Default key policy"
- AWS KMS developer guide: "Grants in AWS KMS" (kms:GrantIsForAWSResource)
"""

import re

from mlsec.engine.rule import rule
from mlsec.iam.statements import Statement
from mlsec.model.graph import Graph
from mlsec.model.kinds.storage import Key
from mlsec.model.kms import key_policy
from mlsec.model.policies import grants_action, read_policy
from mlsec.model.props import Unknown
from mlsec.model.settled import settle
from mlsec.model.verdict import failed, not_applicable, passed, unknown

CALLER_PINS = ("kms:calleraccount", "aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths")
ADMIN_ACTIONS = ("kms:PutKeyPolicy", "kms:ScheduleKeyDeletion")
_POSITIVE = re.compile(r"^(ForAnyValue:)?String(Equals|Like)(IgnoreCase)?$", re.IGNORECASE)
_ROOT = re.compile(r"^(arn:.+:root|\d{12})$")  # the account root, also with ${AWS::AccountId} placeholders


@rule(id="MLS511", name="kms-key-policy-overbroad", control="kms-policy-open", severity="high")
def check(key: Key, graph: Graph):
    manager, why = settle(key.key_manager)
    if why is None and manager not in (None, "CUSTOMER"):
        return not_applicable(f"the key is managed by {manager}, which writes its key policy")
    owner, value = key_policy(graph, key)
    where = "the key policy" if owner is key else f"the key policy in {owner.id}"
    statements, why = read_policy(value)
    if why:
        return unknown(f"{where} is unresolved: {why}", line=value.line)
    if statements is None:
        return passed(f"{value.path} is not set: the default key policy gives kms:* to the account root only")
    problems: list[str] = []
    undecided: list[str] = []
    for st in statements:
        if st.is_allow:
            _judge(st, problems, undecided)
    evidence = {"problems": problems, "undecided": undecided}
    if problems:
        return failed(f"{where}: " + "; ".join(problems), reason="overbroad", evidence=evidence, line=value.line)
    if undecided:
        return unknown(f"{where}: " + "; ".join(undecided), evidence=evidence, line=value.line)
    return passed(f"{where} names its principals, keeps administration with the account root and limits grants",
                  evidence=evidence, line=value.line)


def _judge(st: Statement, problems: list[str], undecided: list[str]) -> None:
    label = f"statement {st.sid or st.index}"
    everyone, others, unresolved = _principals(st)
    if unresolved:
        undecided.append(f"{label} has an unresolved principal")
        return
    if everyone:
        pinned = _condition(st, CALLER_PINS, _POSITIVE)
        if pinned is None:
            undecided.append(f"{label} grants to everyone and a caller condition is unresolved")
        elif not pinned:
            problems.append(f"{label} grants to everyone ({everyone}) without a kms:CallerAccount, "
                            "aws:PrincipalAccount or aws:PrincipalOrgID condition")
    if not (everyone or others):
        return  # the account root only
    who = everyone or ", ".join(others)
    for action in ADMIN_ACTIONS:
        granted = grants_action(st, action)
        if granted is None:
            undecided.append(f"{label} has an unresolved action")
            return
        if granted:
            problems.append(f"{label} gives {action} to {who}, not only the account root")
    granted = grants_action(st, "kms:CreateGrant")
    if granted is None:
        undecided.append(f"{label} has an unresolved action")
    elif granted:
        for_aws = _condition(st, ("kms:grantisforawsresource",), re.compile(r"^Bool$", re.I), want="true")
        if for_aws is None:
            undecided.append(f"{label} has an unresolved kms:GrantIsForAWSResource condition")
        elif not for_aws:
            problems.append(f"{label} gives kms:CreateGrant to {who} without kms:GrantIsForAWSResource true")


def _principals(st: Statement) -> tuple[str | None, list[str], bool]:
    """(why the statement grants to everyone, or None; non-root principals; unresolved?)"""
    if st.not_principals is not None:
        return "NotPrincipal", [], False
    everyone, others = None, []
    for kind, values in (st.principals or {}).items():
        for v in values:
            if isinstance(v, Unknown):
                return None, [], True
            text = str(v)
            if text == "*":
                everyone = "Principal *"
            elif not (kind == "AWS" and (_ROOT.match(text) or text.endswith(":root"))):
                others.append(text)
    return everyone, others, False


def _condition(st: Statement, keys: tuple[str, ...], operators: re.Pattern, want: str | None = None) -> bool | None:
    """Whether a condition with ``operators`` on one of ``keys`` holds a usable value
    (``want`` when given; otherwise any value without a wildcard); None if unresolved."""
    for operator, block in st.conditions.items():
        if not operators.match(operator):
            continue
        for k, values in block.items():
            if k.lower() not in keys:
                continue
            for v in values:
                if isinstance(v, Unknown):
                    return None
                text = str(v).lower()
                if (want is not None and text == want) or (want is None and "*" not in text):
                    return True
    return False
