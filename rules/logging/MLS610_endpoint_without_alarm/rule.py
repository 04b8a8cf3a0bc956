r"""
## What it does
Flags SageMaker endpoints that no CloudWatch alarm watches. An alarm watches an endpoint
when one of its metrics (its own, or a metric of a metric-math alarm) is in a SageMaker
endpoint namespace (`AWS/SageMaker`, `/aws/sagemaker/Endpoints`, or a Model Monitor
namespace such as `aws/sagemaker/Endpoints/data-metrics`) with an `EndpointName` (or
`Endpoint`) dimension equal to the endpoint's name. A dimension written as
`!Ref Endpoint` or `aws_sagemaker_endpoint.e.arn` holds the endpoint's ARN, which never
matches the published metrics: such an alarm fails with reason `dimension-is-arn`. An
endpoint whose name cannot be resolved is unknown unless an alarm refers to it directly.
A live scan reads the region's metric alarms (`cloudwatch:DescribeAlarms`); when they
cannot be listed the result is unknown.

## Why it matters
Without an alarm, 5xx errors, latency spikes, saturated instances or drift found by
Model Monitor go unnoticed until callers complain; deployment guardrails (MLS111) also
need an alarm to roll back on.

## Remediation
Create alarms on the endpoint's `Invocation5XXErrors`, `ModelLatency` and
`CPUUtilization` (or GPU) metrics, with the endpoint name as the `EndpointName`
dimension (`!GetAtt Endpoint.EndpointName`, not `!Ref Endpoint`) and an action that
reaches someone.

### CloudFormation
```yaml
Errors5xxAlarm:
  Type: AWS::CloudWatch::Alarm
  Properties:
    Namespace: AWS/SageMaker
    MetricName: Invocation5XXErrors
    Dimensions:
      - Name: EndpointName
        Value: !GetAtt Endpoint.EndpointName
      - Name: VariantName
        Value: AllTraffic
    Statistic: Sum
    Period: 60
    EvaluationPeriods: 5
    Threshold: 1
    ComparisonOperator: GreaterThanOrEqualToThreshold
    AlarmActions: [!Ref OnCallTopic]
```

### Terraform
```hcl
resource "aws_cloudwatch_metric_alarm" "errors_5xx" {
  alarm_name          = "scoring-5xx"
  namespace           = "AWS/SageMaker"
  metric_name         = "Invocation5XXErrors"
  dimensions          = { EndpointName = aws_sagemaker_endpoint.scoring.name, VariantName = "AllTraffic" }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 5
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [aws_sns_topic.on_call.arn]
}
```

### AWS CLI
```sh
aws cloudwatch put-metric-alarm --alarm-name scoring-5xx --namespace AWS/SageMaker \
  --metric-name Invocation5XXErrors --dimensions Name=EndpointName,Value=scoring Name=VariantName,Value=AllTraffic \
  --statistic Sum --period 60 --evaluation-periods 5 --threshold 1 \
  --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions SNS_TOPIC_ARN
```

## References
- Amazon SageMaker AI developer guide: "Amazon SageMaker AI metrics in Amazon CloudWatch"
- AWS CloudFormation template reference: "AWS::SageMaker::Endpoint" (return values: Ref gives the ARN)
"""

from mlsec.engine.rule import rule
from mlsec.model.alarms import endpoint_watch, rollback_alarms
from mlsec.model.graph import Graph
from mlsec.model.kinds.sagemaker import Endpoint
from mlsec.model.verdict import failed, passed, unknown

SUGGESTED = "Invocation5XXErrors, ModelLatency and CPUUtilization"


@rule(id="MLS610", name="endpoint-without-alarm", control="endpoint-no-alarm", severity="medium")
def check(endpoint: Endpoint, graph: Graph):
    watch = endpoint_watch(endpoint, graph)
    if watch.watching:
        names = ", ".join(a.id for a in watch.watching)
        rollback = {id(alarm) for _, alarm, _ in rollback_alarms(endpoint, graph) if alarm is not None}
        silent = [a.id for a in watch.watching if not a.alarm_actions.is_set and id(a) not in rollback]
        note = (f"; note: {', '.join(silent)} has no AlarmActions and is not a rollback alarm, so nobody is told"
                if silent else "")
        return passed(f"the endpoint is watched by {names}{note}",
                      evidence={"alarms": [a.id for a in watch.watching], "without_actions": silent})
    if watch.unresolved or endpoint.name.is_unknown:
        details = [f"{alarm.id}: {why}" for alarm, why in watch.unresolved]
        if endpoint.name.is_unknown:
            details.append(f"the endpoint's name cannot be resolved: {endpoint.name.reason}")
        return unknown(f"cannot tell whether an alarm watches the endpoint: {'; '.join(details)}",
                       reason="alarm-match-unresolved")
    if watch.by_arn:
        names = ", ".join(a.id for a in watch.by_arn)
        verb = "uses" if len(watch.by_arn) == 1 else "use"
        hint = "" if endpoint.source == "aws" else " (Ref returns the ARN)"
        return failed(f"{names} {verb} the endpoint's ARN as the EndpointName dimension{hint}; "
                      f"CloudWatch publishes the metrics under the name, so no alarm watches the endpoint",
                      reason="dimension-is-arn", evidence={"alarms_with_arn": [a.id for a in watch.by_arn]})
    return failed(f"no CloudWatch alarm watches the endpoint's metrics; alarm at least on {SUGGESTED}",
                  reason="no-alarm")
