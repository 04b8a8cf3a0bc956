r"""
## What it does
Flags security groups that accept SSH (22) or RDP (3389) from anywhere (`0.0.0.0/0` or
`::/0`) over TCP, UDP or all protocols (`-1`), whether the port is named or falls inside a
range. Every group in the scanned files is checked: the hosts around an ML deployment (ECS
or EC2 model servers, bastions, build agents) matter as much as SageMaker's own. Inline
entries and standalone ingress rules that name the group are both read.

## Why it matters
Administration ports open to the internet are scanned within minutes and brute-forced
continuously. A host that serves or trains models usually holds model weights, data and
an instance role; a shell on it is a direct path to all three.

## Remediation
Remove the rule and reach hosts through SSM Session Manager, or allow the port only from
a known range.

### CloudFormation
```yaml
ModelServerSecurityGroup:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: model servers
    VpcId: !Ref Vpc
    SecurityGroupIngress:
      - IpProtocol: tcp
        FromPort: 8080
        ToPort: 8080
        SourceSecurityGroupId: !Ref LoadBalancerSecurityGroup
```

### Terraform
```hcl
resource "aws_vpc_security_group_ingress_rule" "ssh_from_office" {
  security_group_id = aws_security_group.model_servers.id
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "203.0.113.0/24"
}
```

### AWS CLI
```sh
aws ec2 revoke-security-group-ingress --group-id SG_ID --protocol tcp --port 22 --cidr 0.0.0.0/0
aws ec2 revoke-security-group-ingress --group-id SG_ID \
  --ip-permissions 'IpProtocol=tcp,FromPort=3389,ToPort=3389,Ipv6Ranges=[{CidrIpv6=::/0}]'
```

## References
- Amazon EC2 user guide: "Security group rules"
- AWS Security Hub: EC2.53, EC2.54 (CIS v3.0), EC2.19 (related); CIS AWS Foundations Benchmark v3.0: 5.2, 5.3
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.network import SecurityGroup
from mlsec.model.security_groups import inbound
from mlsec.model.verdict import failed, passed, unknown

ADMIN_PORTS = {22: "SSH", 3389: "RDP"}
PROTOCOLS = ("tcp", "udp", "all")


@rule(id="MLS312", name="security-group-admin-ports-open", control="security-group-open-ingress", severity="high")
def check(group: SecurityGroup, graph: Graph):
    permissions, undecided = inbound(graph, group)
    exposed, unsure = [], list(undecided)
    for permission in permissions:
        if permission.unknown:
            unsure.append(f"{permission.where} is unresolved ({permission.unknown})")
            continue
        if not permission.from_anywhere or permission.protocol not in PROTOCOLS:
            continue
        for port, name in ADMIN_PORTS.items():
            covered = permission.covers_port(port)
            if covered is None:
                unsure.append(f"{permission.where} allows {permission.protocol} from anywhere without a port range")
            elif covered:
                exposed.append(f"{name} ({port}) through {permission.describe()}")
    if exposed:
        return failed("the group accepts " + "; ".join(exposed), reason="admin-port-open", evidence={"open": exposed})
    if unsure:
        return unknown("cannot tell whether SSH or RDP is open to anywhere: " + "; ".join(unsure),
                       reason="ingress-unresolved")
    return passed("no inbound rule opens SSH (22) or RDP (3389) to anywhere")
