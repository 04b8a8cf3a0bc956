r"""
## What it does
Flags Gateway and Interface VPC endpoints for the services an ML VPC relies on (S3,
`sagemaker.api`, `sagemaker.runtime`, `ecr.api`, `ecr.dkr`, STS, CloudWatch Logs) whose
endpoint policy allows full access: no policy at all (the default policy allows every
action on every resource to every principal), or an Allow for everyone of `*` or
`<service>:*` on resource `*` that no account or organisation condition pins
(`aws:PrincipalAccount`, `aws:ResourceAccount`, `aws:PrincipalOrgID` and their `…OrgPaths`
/ `aws:ResourceOrgID` forms). A Deny for everyone with a negated condition on one of those
keys narrows such an Allow. Terraform's `aws_vpc_endpoint_policy` replaces the endpoint's
own `policy`. Endpoints of other services and of other types are not applicable.

## Why it matters
An endpoint policy is the one place that decides which buckets, registries and accounts
traffic leaving the VPC may reach. With full access a compromised notebook or training
container can copy data to an S3 bucket in any account, or pull images from any
registry, through the private endpoint and without touching a NAT gateway or proxy.

## Remediation
Narrow the policy to the resources the workloads use (for S3, the ML buckets) or pin it
to your account or organisation.

### CloudFormation
```yaml
S3Endpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
    RouteTableIds: [!Ref PrivateRouteTable]
    PolicyDocument:
      Statement:
        - Effect: Allow
          Principal: "*"
          Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
          Resource: [!GetAtt DataBucket.Arn, !Sub "${DataBucket.Arn}/*"]
```

### Terraform
```hcl
resource "aws_vpc_endpoint_policy" "s3" {
  vpc_endpoint_id = aws_vpc_endpoint.s3.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "*"
      Condition = { StringEquals = { "aws:ResourceAccount" = data.aws_caller_identity.current.account_id } }
    }]
  })
}
```

### AWS CLI
```sh
aws ec2 modify-vpc-endpoint --vpc-endpoint-id VPCE_ID --policy-document file://endpoint-policy.json
```

## References
- Amazon VPC (AWS PrivateLink) guide: "Control access to VPC endpoints using endpoint policies"
"""

import re

from mlsec.engine.rule import rule
from mlsec.iam.statements import Statement
from mlsec.model.graph import Graph
from mlsec.model.kinds.network import VpcEndpoint
from mlsec.model.policies import read_policy
from mlsec.model.props import Unknown
from mlsec.model.settled import settle
from mlsec.model.verdict import failed, not_applicable, passed, unknown
from mlsec.model.vpc_endpoints import endpoint_policy, policy_services, service_of

PIN_KEYS = ("aws:principalaccount", "aws:resourceaccount", "aws:principalorgid", "aws:principalorgpaths",
            "aws:resourceorgid", "aws:resourceorgpaths")
_POSITIVE = re.compile(r"^(ForAnyValue:)?String(Equals|Like)(IgnoreCase)?$", re.IGNORECASE)
_NEGATED = re.compile(r"^(ForAllValues:)?StringNot(Equals|Like)(IgnoreCase)?(IfExists)?$", re.IGNORECASE)
POLICY_TYPES = ("Gateway", "Interface")


@rule(id="MLS302", name="vpc-endpoint-policy-full-access", control="vpc-endpoint-policy-open", severity="medium")
def check(endpoint: VpcEndpoint, graph: Graph):
    name, why = settle(endpoint.service_name)
    if why:
        return unknown(f"the endpoint's service cannot be resolved: {why}")
    service = service_of(str(name))
    prefix = policy_services().get(service or "")
    if prefix is None:
        return not_applicable(f"{name} is not one of the services whose endpoint policies mlsec checks")
    etype, why = settle(endpoint.endpoint_type)
    if why:
        return unknown(f"the endpoint's type cannot be resolved: {why}")
    if etype not in POLICY_TYPES:
        return not_applicable(f"{etype} endpoints take no endpoint policy")
    owner, policy = endpoint_policy(graph, endpoint)
    where = "" if owner is endpoint else f" (set by {owner.id})"
    statements, why = read_policy(policy)
    if why:
        return unknown(f"the endpoint policy{where} is unresolved: {why}", line=policy.line)
    if statements is None:
        return failed(f"{policy.path} is not set: the default endpoint policy allows every action on every resource "
                      f"to every principal", reason="default-policy", line=policy.line)
    unresolved = [st for st in statements if _unresolved(st)]
    if unresolved:
        return unknown(f"statement {unresolved[0].sid or unresolved[0].index} of the endpoint policy{where} has "
                       "unresolved principals, actions or resources", line=policy.line)
    wide = [st for st in statements if st.is_allow and _everything(st, prefix) and not _pinned(st, _POSITIVE)]
    fences = [st for st in statements if st.is_deny and _everything(st, prefix) and _pinned(st, _NEGATED)]
    if wide and not fences:
        st = wide[0]
        granted = (", ".join(map(str, st.actions)) if st.actions
                   else "everything but " + ", ".join(map(str, st.not_actions)))
        return failed(f"statement {st.sid or st.index} of the endpoint policy{where} allows {granted} on every "
                      "resource to every principal, with no account or organisation condition",
                      reason="full-access", line=st.line or policy.line)
    if wide:
        st = fences[0]
        return passed(f"the endpoint policy{where} allows full access but statement {st.sid or st.index} denies "
                      "everything outside an account or organisation", line=policy.line)
    return passed(f"the endpoint policy{where} narrows resources, actions, principals or accounts", line=policy.line)


def _everything(st: Statement, prefix: str) -> bool:
    """Everyone, every action of the service, every resource."""
    everyone = st.principals is None or st.principal_is_everyone() or st.not_principals is not None
    actions = bool(st.not_actions) or any(str(a).lower() in ("*", f"{prefix}:*") for a in st.actions)
    resources = bool(st.not_resources) or any(str(r) == "*" for r in st.resources)
    return everyone and actions and resources


def _pinned(st: Statement, operators: re.Pattern) -> bool:
    for operator, block in st.conditions.items():
        if operators.match(operator) and any(k.lower() in PIN_KEYS for k in block):
            return True
    return False


def _unresolved(st: Statement) -> bool:
    values = [*st.actions, *st.not_actions, *st.resources, *st.not_resources,
              *(v for vs in (st.principals or {}).values() for v in vs)]
    return any(isinstance(v, Unknown) for v in values)
