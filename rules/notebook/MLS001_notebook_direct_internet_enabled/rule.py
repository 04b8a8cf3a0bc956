r"""
## What it does
Flags SageMaker notebook instances that keep direct internet access, including those
that leave `DirectInternetAccess` unset: AWS and the Terraform provider then enable it.

## Why it matters
With direct internet access the notebook gets a route to the internet through a
SageMaker-managed network, outside your VPC's security groups, NACLs, firewalls and flow
logs. Code and data in the notebook can leave without any control you operate, and
anything on the internet reachable from a compromised notebook can be used to pull in
tooling. The setting cannot be changed after creation.

## Remediation
Create the notebook in a private subnet with direct internet access disabled; reach AWS
services through VPC endpoints (MLS301) or a NAT gateway you control.

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
  name                   = "analysis"
  instance_type          = "ml.t3.medium"
  role_arn               = aws_iam_role.notebook.arn
  subnet_id              = aws_subnet.private.id
  security_groups        = [aws_security_group.notebook.id]
  direct_internet_access = "Disabled"
}
```

### AWS CLI
```sh
# the setting is fixed at creation: recreate the instance
aws sagemaker create-notebook-instance --notebook-instance-name analysis \
  --instance-type ml.t3.medium --role-arn ROLE_ARN \
  --subnet-id SUBNET_ID --security-group-ids SG_ID --direct-internet-access Disabled
```

## References
- Amazon SageMaker AI developer guide: "Connect a Notebook Instance in a VPC to External Resources"
- AWS Security Hub: SageMaker.1
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.sagemaker import NotebookInstance


@rule(id="MLS001", name="notebook-direct-internet-enabled", control="notebook-direct-internet", severity="high")
def check(notebook: NotebookInstance):
    return notebook.direct_internet_access.fail_if(
        lambda v: v != "Disabled",
        "{path} is {value}: the notebook has a direct route to the internet",
        "{path} is {value}",
    )
