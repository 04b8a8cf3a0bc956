r"""
## What it does
Flags notebook instances on which notebook users get root, including those that leave
`RootAccess` unset (AWS enables root access by default).

## Why it matters
Root lets every notebook user replace system packages, read any file on the instance and
tamper with the agent that talks to SageMaker. Lifecycle configurations still run as root
when user root access is disabled, so platform setup keeps working without it.

## Remediation
Set `RootAccess` to `Disabled` and move package installation into a lifecycle
configuration. The instance must be stopped to change the setting.

### CloudFormation
```yaml
Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn
    RootAccess: Disabled
```

### Terraform
```hcl
resource "aws_sagemaker_notebook_instance" "notebook" {
  name          = "analysis"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.notebook.arn
  root_access   = "Disabled"
}
```

### AWS CLI
```sh
aws sagemaker stop-notebook-instance --notebook-instance-name analysis
aws sagemaker update-notebook-instance --notebook-instance-name analysis --root-access Disabled
```

## References
- Amazon SageMaker AI developer guide: "Control root access to a SageMaker notebook instance"
- AWS Security Hub: SageMaker.3
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.sagemaker import NotebookInstance


@rule(id="MLS002", name="notebook-root-access-enabled", control="notebook-root-access", severity="high")
def check(notebook: NotebookInstance):
    return notebook.root_access.fail_if(
        lambda v: v != "Disabled",
        "{path} is {value}: notebook users can become root",
        "{path} is {value}",
    )
