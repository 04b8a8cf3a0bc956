r"""
## What it does
Flags SageMaker Studio domains whose apps reach the internet through the SageMaker
service network: `AppNetworkAccessType` is `PublicInternetOnly`, which is also what AWS
uses when the property is absent.

## Why it matters
In `PublicInternetOnly` mode Studio apps get internet access that bypasses your VPC: no
security group, NACL, firewall or flow log sees what notebooks download or upload, so
data can be copied out and tooling pulled in without any control you operate. In
`VpcOnly` mode all traffic goes through the domain's VPC subnets, where the SageMaker,
S3 and Studio VPC endpoints (MLS301) or a NAT path you control decide what is reachable.

## Remediation
Set `AppNetworkAccessType` to `VpcOnly` and give the VPC the endpoints Studio needs
(`sagemaker.api`, `sagemaker.runtime`, S3 and `aws.sagemaker.<region>.studio`) or a NAT
gateway you control. Existing apps must be deleted before the domain can be updated.

### CloudFormation
```yaml
StudioDomain:
  Type: AWS::SageMaker::Domain
  Properties:
    DomainName: research
    AuthMode: IAM
    AppNetworkAccessType: VpcOnly
    VpcId: !Ref Vpc
    SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
    DefaultUserSettings:
      ExecutionRole: !GetAtt StudioRole.Arn
      SecurityGroups: [!Ref StudioSecurityGroup]
```

### Terraform
```hcl
resource "aws_sagemaker_domain" "studio" {
  domain_name             = "research"
  auth_mode               = "IAM"
  app_network_access_type = "VpcOnly"
  vpc_id                  = aws_vpc.main.id
  subnet_ids              = aws_subnet.private[*].id
  default_user_settings {
    execution_role  = aws_iam_role.studio.arn
    security_groups = [aws_security_group.studio.id]
  }
}
```

### AWS CLI
```sh
# delete the domain's apps first, then:
aws sagemaker update-domain --domain-id d-xxxxxxxxxxxx --app-network-access-type VpcOnly
```

## References
- Amazon SageMaker AI developer guide: "Connect Studio notebooks in a VPC to external resources"
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.sagemaker import Domain


@rule(id="MLS010", name="studio-domain-public-internet", control="studio-public-internet", severity="high")
def check(domain: Domain):
    return domain.app_network_access_type.fail_if(
        lambda v: v != "VpcOnly",
        "{path} is {value}: Studio apps reach the internet outside the domain's VPC",
        "{path} is {value}: Studio traffic stays in the domain's VPC",
    )
