r"""
## What it does
Flags network ACLs in front of subnets on which the first matching inbound entry for
SSH (22) or RDP (3389) from anywhere (`0.0.0.0/0` or `::/0`) is an `allow`. Inbound
entries (`Egress` absent or false) are taken in `RuleNumber` order and the first one whose
CIDR, protocol (`-1` or TCP/UDP) and port range match decides; when none matches, the
implicit final rule denies. Entries come from `AWS::EC2::NetworkAclEntry`,
`aws_network_acl_rule` and the inline `ingress` blocks of `aws_network_acl` /
`aws_default_network_acl`. ACLs associated with no subnet (`SubnetNetworkAclAssociation`,
`aws_network_acl_association`, `subnet_ids`) are not applicable.

## Why it matters
A network ACL is the subnet-wide backstop behind security groups: when a group on a
notebook, training host or model server is opened by mistake, a deny in the ACL still
keeps administration ports closed to the internet. An ACL that allows them first gives no
such protection.

## Remediation
Add a lower-numbered `deny` entry for ports 22 and 3389 from anywhere, or narrow the
allowing entry's CIDR.

### CloudFormation
```yaml
DenySshFromAnywhere:
  Type: AWS::EC2::NetworkAclEntry
  Properties:
    NetworkAclId: !Ref PrivateNetworkAcl
    RuleNumber: 50
    Protocol: 6
    RuleAction: deny
    CidrBlock: 0.0.0.0/0
    PortRange: {From: 22, To: 22}
```

### Terraform
```hcl
resource "aws_network_acl_rule" "deny_ssh" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 50
  egress         = false
  protocol       = "tcp"
  rule_action    = "deny"
  cidr_block     = "0.0.0.0/0"
  from_port      = 22
  to_port        = 22
}
```

### AWS CLI
```sh
aws ec2 create-network-acl-entry --network-acl-id ACL_ID --ingress --rule-number 50 \
  --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny
```

## References
- Amazon VPC user guide: "Control subnet traffic with network access control lists"
- AWS Security Hub: EC2.21; CIS AWS Foundations Benchmark v3.0: 5.1
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.network import NetworkAcl
from mlsec.model.network_acls import entries, first_match, guarded_subnets
from mlsec.model.verdict import failed, not_applicable, passed, unknown

PROBES = [(family, protocol, port) for family in ("ipv4", "ipv6") for port in (22, 3389) for protocol in ("tcp", "udp")]
PORT_NAMES = {22: "SSH", 3389: "RDP"}


@rule(id="MLS313", name="nacl-admin-ports-open", control="nacl-open-admin-ports", severity="medium")
def check(acl: NetworkAcl, graph: Graph):
    subnets, maybe = guarded_subnets(graph, acl)
    if not subnets and not maybe:
        return not_applicable("the ACL is associated with no subnet in the scanned files")
    found, pending = entries(graph, acl)
    inbound = [e for e in found if e.unknown or not e.egress]
    allowed: dict[tuple, tuple[set, set]] = {}  # (rule number, entry, source) -> (services, protocols)
    for family, protocol, port in PROBES:
        entry, why = first_match(inbound, family, protocol, port)
        source = "0.0.0.0/0" if family == "ipv4" else "::/0"
        if why:
            pending.append(why)
        elif entry is not None and entry.action == "allow":
            services, protocols = allowed.setdefault((entry.number, entry.where, source), (set(), set()))
            services.add(f"{PORT_NAMES[port]} ({port})")
            protocols.add(protocol)
    lets_in = [f"rule {number} ({where}) lets {' and '.join(sorted(services))} in over "
               f"{'/'.join(sorted(protocols))} from {source}"
               for (number, where, source), (services, protocols) in sorted(allowed.items())]
    pending = list(dict.fromkeys(pending))
    guards = f"guarding {', '.join(subnets)}" if subnets else "possibly associated with a subnet"
    evidence = {"subnets": subnets, "allowed": lets_in, "undecided": pending}
    if lets_in:
        return failed(f"the ACL, {guards}, decides first with an allow: " + "; ".join(lets_in),
                      reason="admin-port-allowed", evidence=evidence)
    if pending:
        return unknown(f"the ACL, {guards}, cannot be evaluated: " + "; ".join(pending), reason="entries-unresolved",
                       evidence=evidence)
    return passed(f"the ACL, {guards}, denies SSH and RDP from anywhere before any allow", evidence=evidence)
