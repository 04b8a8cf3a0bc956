r"""
## What it does
Flags SageMaker Studio domains whose storage (the home EFS volume and the apps' EBS
volumes) is not encrypted with a customer-managed KMS key: `KmsKeyId` is absent, which
means an AWS-managed key, or names an `alias/aws/...` key.

## Why it matters
Studio home directories hold notebooks, datasets copied for analysis and credentials
users leave behind. With an AWS-managed key you cannot limit who may decrypt through the
key policy, disable the key in an incident, or audit its use apart from every other
workload. The key cannot be changed after the domain is created.

## Remediation
Create the domain with `KmsKeyId` set to a customer-managed key. An existing domain has
to be recreated and its users' files copied over.

### CloudFormation
```yaml
StudioDomain:
  Type: AWS::SageMaker::Domain
  Properties:
    DomainName: research
    AuthMode: IAM
    KmsKeyId: !Ref StudioKey
    AppNetworkAccessType: VpcOnly
    VpcId: !Ref Vpc
    SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
    DefaultUserSettings:
      ExecutionRole: !GetAtt StudioRole.Arn
```

### Terraform
```hcl
resource "aws_sagemaker_domain" "studio" {
  domain_name = "research"
  auth_mode   = "IAM"
  kms_key_id  = aws_kms_key.studio.arn
  vpc_id      = aws_vpc.main.id
  subnet_ids  = aws_subnet.private[*].id
  default_user_settings {
    execution_role = aws_iam_role.studio.arn
  }
}
```

### AWS CLI
```sh
# the key is fixed at creation: create a new domain with it
aws sagemaker create-domain --domain-name research --auth-mode IAM \
  --kms-key-id KEY_ARN --vpc-id VPC_ID --subnet-ids SUBNET_A SUBNET_B \
  --default-user-settings ExecutionRole=ROLE_ARN --app-network-access-type VpcOnly
```

## References
- Amazon SageMaker AI developer guide: "Protect Data at Rest Using Encryption"
- Checkov: CKV_AWS_187
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.sagemaker import Domain
from mlsec.model.kms import cmk_verdict


@rule(id="MLS011", name="studio-domain-not-cmk-encrypted", control="studio-kms", severity="medium")
def check(domain: Domain, graph: Graph):
    return cmk_verdict(domain, domain.kms_key_id, graph, "the Studio domain's storage")
