r"""
## What it does
Flags security groups that SageMaker resources use and that accept inbound traffic from
anywhere (`0.0.0.0/0` or `::/0`) on any port. The groups are followed from notebook
instances (`SecurityGroupIds`), models, training and processing jobs, monitoring
definitions and schedules (`VpcConfig`/`NetworkConfig.VpcConfig.SecurityGroupIds`), Studio
domains (`DefaultUserSettings.SecurityGroups`, `DefaultSpaceSettings.SecurityGroups`,
`DomainSettings.SecurityGroupIds`) and the SageMaker interface VPC endpoints. Inbound rules
are the group's inline entries and the standalone ingress rules that name it. Groups no
SageMaker resource uses are not applicable; a reference that cannot be resolved makes an
open group UNKNOWN.

## Why it matters
SageMaker's network interfaces need no inbound connections from the internet: notebooks
are reached through presigned URLs, endpoints through the runtime API. An open inbound
rule only widens what can reach Jupyter servers, training containers and the endpoint
ENIs, for example from a misrouted subnet or a public IP attached later.

## Remediation
Limit inbound rules to the VPC's CIDR or to the security groups of the clients that need
access.

### CloudFormation
```yaml
NotebookSecurityGroup:
  Type: AWS::EC2::SecurityGroup
  Properties:
    GroupDescription: SageMaker notebook
    VpcId: !Ref Vpc
    SecurityGroupIngress:
      - IpProtocol: tcp
        FromPort: 443
        ToPort: 443
        SourceSecurityGroupId: !Ref ClientSecurityGroup
```

### Terraform
```hcl
resource "aws_vpc_security_group_ingress_rule" "notebook_https" {
  security_group_id            = aws_security_group.notebook.id
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.clients.id
}
```

### AWS CLI
```sh
aws ec2 revoke-security-group-ingress --group-id SG_ID --protocol tcp --port 443 --cidr 0.0.0.0/0
```

## References
- Amazon SageMaker AI developer guide: "Infrastructure Security in Amazon SageMaker AI"
- AWS Security Hub: EC2.18 (related: it allows authorised ports)
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.network import SecurityGroup
from mlsec.model.security_groups import attachments, inbound
from mlsec.model.verdict import failed, not_applicable, passed, unknown


@rule(id="MLS311", name="ml-security-group-open-ingress", control="security-group-open-ingress", severity="high")
def check(group: SecurityGroup, graph: Graph):
    users = attachments(graph, group)
    permissions, undecided_rules = inbound(graph, group)
    open_ = [p for p in permissions if not p.unknown and p.from_anywhere]
    unread = [p for p in permissions if p.unknown]
    used_by = ", ".join(users.users)
    if not users.users:
        if users.undecided and (open_ or unread or undecided_rules):
            return unknown(f"no SageMaker resource is known to use the group, but a reference may lead to it "
                           f"({users.undecided[0]}) and it may accept traffic from anywhere",
                           reason="attachment-unresolved")
        return not_applicable("no SageMaker resource in the scanned files uses this group")
    evidence = {"used_by": users.users, "open": [p.describe() for p in open_]}
    if open_:
        return failed(f"used by {used_by}, it accepts " + "; ".join(p.describe() for p in open_),
                      reason="open-ingress", evidence=evidence)
    if unread or undecided_rules:
        why = unread[0].unknown if unread else undecided_rules[0]
        return unknown(f"used by {used_by}; cannot tell whether it accepts traffic from anywhere: {why}",
                       reason="ingress-unresolved", evidence=evidence)
    return passed(f"used by {used_by}, it accepts no inbound traffic from anywhere", evidence=evidence)
