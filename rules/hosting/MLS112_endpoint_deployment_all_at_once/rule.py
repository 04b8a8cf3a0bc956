r"""
## What it does
Flags endpoints whose updates shift all traffic to the new fleet at once: no
`DeploymentConfig`, or a blue/green policy whose traffic routing is `ALL_AT_ONCE`. A
`CANARY` or `LINEAR` traffic routing, or a rolling update policy, passes. Rolling
updates are not supported on serverless or multi-variant endpoints, so there only canary
or linear routing counts. Endpoints on `ml.inf1` instances are not applicable: SageMaker
does not offer deployment guardrails for them. A live scan reads the configuration of
the endpoint's last update that carried one (`DescribeEndpoint` `LastDeploymentConfig`);
guardrails are passed per `UpdateEndpoint` call, so an endpoint never updated with one is
unknown.

## Why it matters
With an all-at-once switch a broken model, container or configuration takes every
request the moment the update completes. A canary or linear shift sends a small share of
traffic first and, with rollback alarms (MLS111), returns to the old fleet on its own
before most callers notice.

## Remediation
Give the endpoint a blue/green deployment with canary or linear traffic shifting (or a
rolling update policy for single-variant instance endpoints), together with rollback
alarms.

### CloudFormation
```yaml
Endpoint:
  Type: AWS::SageMaker::Endpoint
  Properties:
    EndpointConfigName: !GetAtt EndpointConfig.EndpointConfigName
    DeploymentConfig:
      BlueGreenUpdatePolicy:
        TrafficRoutingConfiguration:
          Type: CANARY
          CanarySize: {Type: CAPACITY_PERCENT, Value: 10}
          WaitIntervalInSeconds: 600
      AutoRollbackConfiguration:
        Alarms:
          - AlarmName: !Ref Errors5xxAlarm
```

### Terraform
```hcl
resource "aws_sagemaker_endpoint" "scoring" {
  endpoint_config_name = aws_sagemaker_endpoint_configuration.scoring.name
  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "CANARY"
        wait_interval_in_seconds = 600
        canary_size {
          type  = "CAPACITY_PERCENT"
          value = 10
        }
      }
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = aws_cloudwatch_metric_alarm.errors_5xx.alarm_name
      }
    }
  }
}
```

### AWS CLI
```sh
# dc.json: {"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY",
#   "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 600}},
#   "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "scoring-5xx"}]}}
aws sagemaker update-endpoint --endpoint-name scoring --endpoint-config-name scoring-v6 \
  --deployment-config file://dc.json
```

## References
- Amazon SageMaker AI developer guide: "Blue/Green Deployments", "Deployment guardrails"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.hosting import guardrails_unsupported, rolling_unsupported
from mlsec.model.kinds.sagemaker import Endpoint
from mlsec.model.values import Value
from mlsec.model.verdict import Status, Verdict, failed, not_applicable, passed


@rule(id="MLS112", name="endpoint-deployment-all-at-once", control="endpoint-phased-rollout", severity="low")
def check(endpoint: Endpoint, graph: Graph):
    excluded = guardrails_unsupported(endpoint, graph)
    if excluded:
        return not_applicable(excluded)

    def routing(v: Value) -> Verdict:
        if v.value in ("CANARY", "LINEAR"):
            return passed(f"{v.path} is {v.describe()}: traffic shifts in phases", line=v.line)
        return failed(f"{v.path} is {v.describe()}: every request moves to the new fleet at once", line=v.line)

    def decide(rolling: Value) -> Verdict:
        if not rolling.is_set:
            return endpoint.traffic_routing_type.judge(routing)
        blocked = rolling_unsupported(endpoint, graph)
        if blocked:
            verdict = endpoint.traffic_routing_type.judge(routing)
            if verdict.status is Status.FAIL:
                verdict.message = (f"{rolling.path} is set but {blocked}, so it does not apply; "
                                   f"{verdict.message}")
            return verdict
        return passed(f"{rolling.path} is set: instances are replaced in batches", line=rolling.line)

    return endpoint.rolling_update_policy.judge(decide)
