r"""
## What it does
Flags log groups that keep events for fewer days than `min_log_retention_days` (default
365). A group without retention keeps events forever and passes (Terraform's
`retention_in_days = 0` means the same); with `require_explicit_retention` on, such a
group fails too, as Checkov's CKV_AWS_66 does.

## Why it matters
Investigating a leaked model or a poisoned training run means going back to the
training, endpoint and API logs of the weeks or months before it was noticed. A group
that expires its events after a few days leaves nothing to investigate, and standards
such as NIST 800-53 expect a year.

## Remediation
Set a retention of at least a year (or the period your policy requires).

### CloudFormation
```yaml
EndpointLogs:
  Type: AWS::Logs::LogGroup
  Properties:
    LogGroupName: /aws/sagemaker/Endpoints/fraud-scoring
    RetentionInDays: 365
```

### Terraform
```hcl
resource "aws_cloudwatch_log_group" "endpoint" {
  name              = "/aws/sagemaker/Endpoints/fraud-scoring"
  retention_in_days = 365
}
```

### AWS CLI
```sh
aws logs put-retention-policy --log-group-name LOG_GROUP --retention-in-days 365
```

## References
- Amazon CloudWatch Logs user guide: "Change log data retention in CloudWatch Logs"
- AWS Security Hub: CloudWatch.16 (NIST 800-53; minimum 365 days by default)
"""

from mlsec.engine.rule import rule
from mlsec.engine.settings import Settings
from mlsec.model.kinds.logs import LogGroup
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed, passed


@rule(id="MLS531", name="log-group-retention-too-short", control="logs-retention", severity="low")
def check(group: LogGroup, settings: Settings):
    minimum = settings.min_log_retention_days

    def decide(days: Value) -> Verdict:
        if days.value in (None, 0):
            said = f"{days.path} is {'0' if days.value == 0 else 'not set'}: events never expire"
            if settings.require_explicit_retention:
                return failed(f"{said}, and require_explicit_retention asks for a retention to be set",
                              reason="retention-not-set", evidence=days.evidence(), line=days.line)
            return passed(said, evidence=days.evidence(), line=days.line)
        if days.value < minimum:
            return failed(f"{days.path} is {days.describe()}, below the minimum of {minimum} days",
                          reason="retention-too-short", evidence=days.evidence(), line=days.line)
        return passed(f"{days.path} is {days.describe()} (minimum {minimum})", evidence=days.evidence(),
                      line=days.line)

    return group.retention_in_days.judge(decide)
