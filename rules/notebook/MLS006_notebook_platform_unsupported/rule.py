r"""
## What it does
Flags notebook instances whose `PlatformIdentifier` is not on the allowed list of
notebook platforms (setting `notebook_platforms`, by default only `notebook-al2023-v1`).
Every Amazon Linux 1 and Amazon Linux 2 platform (`notebook-al1-v1`, `notebook-al2-v1`,
`-v2`, `-v3`) fails: AL2 notebook support ended on 30 June 2026. An absent identifier
passes, because SageMaker has created new instances on `notebook-al2023-v1` since
15 May 2026; instances created before that keep the platform they were created with,
which only a live scan can show. Live, `DescribeNotebookInstance` always states the
platform, so an answer without it is UNKNOWN rather than a pass.

## Why it matters
A platform out of support receives no security fixes for its operating system, Jupyter
or kernels, and from 1 July 2026 AL2 instances can no longer be created or restarted,
which leaves teams on unpatched images or without notebooks.

## Remediation
Set the platform to `notebook-al2023-v1`. CloudFormation and Terraform replace the
instance; through the API, stop it and update the platform in place.

### CloudFormation
```yaml
Notebook:
  Type: AWS::SageMaker::NotebookInstance
  Properties:
    InstanceType: ml.t3.medium
    RoleArn: !GetAtt NotebookRole.Arn
    PlatformIdentifier: notebook-al2023-v1
```

### Terraform
```hcl
resource "aws_sagemaker_notebook_instance" "notebook" {
  name                = "analysis"
  instance_type       = "ml.t3.medium"
  role_arn            = aws_iam_role.notebook.arn
  platform_identifier = "notebook-al2023-v1"
}
```

### AWS CLI
```sh
aws sagemaker stop-notebook-instance --notebook-instance-name analysis
aws sagemaker update-notebook-instance --notebook-instance-name analysis \
  --platform-identifier notebook-al2023-v1
```

## References
- Amazon SageMaker AI developer guide: "Amazon Linux 2 notebook instances", "AL2023 notebook instances"
- AWS Security Hub: SageMaker.8
"""

from mlsec.engine.rule import rule
from mlsec.engine.settings import Settings
from mlsec.model.kinds.sagemaker import NotebookInstance
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed, passed, unknown


@rule(id="MLS006", name="notebook-platform-unsupported", control="notebook-platform", severity="medium")
def check(notebook: NotebookInstance, settings: Settings):
    allowed = tuple(settings.notebook_platforms)

    def decide(v: Value) -> Verdict:
        if not v.is_set and notebook.source == "aws":
            return unknown(f"DescribeNotebookInstance returned no {v.path}, so the platform the instance runs on "
                           "is not known", reason="platform-not-returned")
        if not v.is_set:
            return passed(f"{v.path} is not set: new instances are created on notebook-al2023-v1 (instances "
                          "created before 15 May 2026 keep their original platform)", line=v.line)
        if v.value in allowed:
            return passed(f"{v.path} is {v.describe()}, an allowed platform", line=v.line)
        return failed(f"{v.path} is {v.describe()}, which is not an allowed notebook platform "
                      f"({', '.join(allowed)})", evidence={**v.evidence(), "allowed": list(allowed)},
                      line=v.line)

    return notebook.platform_identifier.judge(decide)
