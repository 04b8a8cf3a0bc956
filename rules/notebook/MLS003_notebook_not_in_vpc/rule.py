r"""
## What it does
Flags notebook instances created without a subnet. Such an instance runs in the
SageMaker service VPC instead of yours.

## Why it matters
Outside your VPC the notebook escapes your security groups, network ACLs, flow logs and
VPC endpoint policies: you cannot see or limit where its traffic goes, and it cannot
reach private data sources through your network controls. The subnet cannot be changed
after creation.

## Remediation
Create the notebook in a private subnet of your VPC, with security groups, and reach AWS
services through VPC endpoints.

### CloudFormation
```yaml
Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn
    SubnetId: !Ref PrivateSubnet
    SecurityGroupIds: [!Ref NotebookSecurityGroup]
    DirectInternetAccess: Disabled
```

### Terraform
```hcl
resource "aws_sagemaker_notebook_instance" "notebook" {
  name            = "analysis"
  instance_type   = "ml.t3.medium"
  role_arn        = aws_iam_role.notebook.arn
  subnet_id       = aws_subnet.private.id
  security_groups = [aws_security_group.notebook.id]
}
```

### AWS CLI
```sh
# the subnet is fixed at creation: recreate the instance
aws sagemaker create-notebook-instance --notebook-instance-name analysis \
  --instance-type ml.t3.medium --role-arn ROLE_ARN --subnet-id SUBNET_ID --security-group-ids SG_ID
```

## References
- Amazon SageMaker AI developer guide: "Connect a Notebook Instance in a VPC to External Resources"
- AWS Security Hub: SageMaker.2
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.sagemaker import NotebookInstance


@rule(id="MLS003", name="notebook-not-in-vpc", control="notebook-no-vpc", severity="high")
def check(notebook: NotebookInstance):
    return notebook.subnet_id.fail_if(
        lambda v: not v,
        "{path} is not set: the notebook runs in the SageMaker service VPC, outside your network controls",
        "the notebook runs in subnet {value}",
    )
