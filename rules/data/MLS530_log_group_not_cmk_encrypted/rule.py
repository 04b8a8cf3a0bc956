r"""
## What it does
Flags CloudWatch Logs log groups without a KMS key (`KmsKeyId` absent: CloudWatch Logs
then encrypts with a key it manages). In templates and modules every log group is
checked; SageMaker creates its own groups (`/aws/sagemaker/...`) without a key, so to
control them, declare them under those exact names.

## Why it matters
Training, processing and endpoint logs carry what containers print: stack traces with
data samples, hyperparameters, feature values and sometimes credentials. API Gateway
access logs and CloudTrail log groups record who called what. With a customer-managed
key, reading those events takes a KMS permission you control, and disabling the key
makes them unreadable.

## Remediation
Associate a customer-managed key; its key policy must let `logs.<region>.amazonaws.com`
use it for this log group.

### CloudFormation
```yaml
EndpointLogs:
  Type: AWS::Logs::LogGroup
  Properties:
    LogGroupName: /aws/sagemaker/Endpoints/fraud-scoring
    KmsKeyId: !GetAtt LogsKey.Arn
    RetentionInDays: 365
```

### Terraform
```hcl
resource "aws_cloudwatch_log_group" "endpoint" {
  name              = "/aws/sagemaker/Endpoints/fraud-scoring"
  kms_key_id        = aws_kms_key.logs.arn
  retention_in_days = 365
}
```

### AWS CLI
```sh
aws logs associate-kms-key --log-group-name LOG_GROUP --kms-key-id KEY_ARN
```

## References
- Amazon CloudWatch Logs user guide: "Encrypt log data in CloudWatch Logs using AWS Key Management Service"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.logs import LogGroup
from mlsec.model.kms import cmk_verdict


@rule(id="MLS530", name="log-group-not-cmk-encrypted", control="logs-kms", severity="low")
def check(group: LogGroup, graph: Graph):
    return cmk_verdict(group, group.kms_key_id, graph, "the log group",
                       absent_means="a key that CloudWatch Logs manages")
