r"""
## What it does
Flags notebook instances that still accept IMDSv1 requests: the minimum instance metadata
service version is absent (AWS then allows version 1 and 2) or set to `1`.

## Why it matters
IMDSv1 answers plain GET requests, so a server-side request forgery in anything running
on the notebook (a Jupyter extension, a web app started for a demo, a vulnerable
library) can read the notebook role's temporary credentials. IMDSv2 needs a session token
obtained with a PUT request, which such forgeries cannot send.

## Remediation
Set the minimum metadata service version to `2`. It can be changed on a stopped
instance without recreating it.

### CloudFormation
```yaml
Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn
    InstanceMetadataServiceConfiguration:
      MinimumInstanceMetadataServiceVersion: "2"
```

### Terraform
```hcl
resource "aws_sagemaker_notebook_instance" "notebook" {
  name          = "analysis"
  instance_type = "ml.t3.medium"
  role_arn      = aws_iam_role.notebook.arn
  instance_metadata_service_configuration {
    minimum_instance_metadata_service_version = "2"
  }
}
```

### AWS CLI
```sh
aws sagemaker stop-notebook-instance --notebook-instance-name analysis
aws sagemaker update-notebook-instance --notebook-instance-name analysis \
  --instance-metadata-service-configuration MinimumInstanceMetadataServiceVersion=2
```

## References
- Amazon SageMaker AI developer guide: "Update a notebook instance to use IMDSv2"
- Checkov: CKV_AWS_371
"""

from mlsec.engine.rule import rule
from mlsec.model.kinds.sagemaker import NotebookInstance


@rule(id="MLS005", name="notebook-imdsv1-allowed", control="notebook-imds-v1", severity="medium")
def check(notebook: NotebookInstance):
    return notebook.minimum_imds_version.fail_if(
        lambda v: str(v).strip() != "2",
        "{path} is {value}: the instance metadata service still answers IMDSv1 requests",
        "{path} is {value}: only IMDSv2 session requests are answered",
    )
