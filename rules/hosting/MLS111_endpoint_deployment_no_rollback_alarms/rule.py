r"""
## What it does
Flags endpoints whose deployments cannot roll back on their own: the deployment
configuration names no auto-rollback alarm, or none of the alarms it names exists and
watches this endpoint (an alarm in a SageMaker endpoint namespace with the endpoint's
name as `EndpointName` dimension, as in MLS610). An alarm name written as a literal that
matches no alarm in the scanned template or module is unknown: the alarm may live
elsewhere. Endpoints on `ml.inf1` instances are not applicable, since SageMaker offers no
deployment guardrails there.

A live scan reads the configuration of the endpoint's last update that carried one
(`DescribeEndpoint` `LastDeploymentConfig`); guardrails are passed per `UpdateEndpoint`
call, so an endpoint never updated with one is unknown. Its alarm names are looked up
with `cloudwatch:DescribeAlarms` in the endpoint's region, and a name no metric alarm
there carries fails (unknown when the alarms could not be listed).

## Why it matters
Blue/green, canary and rolling deployments roll back only when one of the named alarms
goes off while traffic shifts. Without such an alarm a bad model or container is rolled
out to every caller even when errors climb, and the old fleet is torn down.

## Remediation
Name at least one alarm on the endpoint's error or latency metrics in
`AutoRollbackConfiguration`, together with a canary or linear traffic shift (MLS112).

### CloudFormation
```yaml
Endpoint:
  Type: AWS::SageMaker::Endpoint
  Properties:
    EndpointConfigName: !GetAtt EndpointConfig.EndpointConfigName
    DeploymentConfig:
      AutoRollbackConfiguration:
        Alarms:
          - AlarmName: !Ref Errors5xxAlarm
      BlueGreenUpdatePolicy:
        TrafficRoutingConfiguration:
          Type: CANARY
          CanarySize: {Type: CAPACITY_PERCENT, Value: 10}
          WaitIntervalInSeconds: 600
```

### Terraform
```hcl
resource "aws_sagemaker_endpoint" "scoring" {
  endpoint_config_name = aws_sagemaker_endpoint_configuration.scoring.name
  deployment_config {
    auto_rollback_configuration {
      alarms {
        alarm_name = aws_cloudwatch_metric_alarm.errors_5xx.alarm_name
      }
    }
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
  }
}
```

### AWS CLI
```sh
# dc.json: {"AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "scoring-5xx"}]},
#   "BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "CANARY",
#   "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10}, "WaitIntervalInSeconds": 600}}}
aws sagemaker update-endpoint --endpoint-name scoring --endpoint-config-name scoring-v7 \
  --deployment-config file://dc.json
```

## References
- Amazon SageMaker AI developer guide: "Deployment guardrails", "Auto-Rollback Configuration and Monitoring"
"""

from mlsec.engine.rule import rule
from mlsec.model.alarms import rollback_alarms, watches
from mlsec.model.graph import Graph
from mlsec.model.hosting import guardrails_unsupported
from mlsec.model.kinds.cloudwatch import Alarm
from mlsec.model.kinds.sagemaker import Endpoint
from mlsec.model.values import State
from mlsec.model.verdict import failed, not_applicable, passed, unknown


@rule(id="MLS111", name="endpoint-deployment-no-rollback-alarms", control="endpoint-no-rollback-alarm",
      severity="medium")
def check(endpoint: Endpoint, graph: Graph):
    excluded = guardrails_unsupported(endpoint, graph)
    if excluded:
        return not_applicable(excluded)
    listed = endpoint.rollback_alarms
    if listed.is_unknown:
        return listed.unknown_verdict()
    if listed.state is State.BRANCHED:
        return unknown("the rollback alarms depend on an undecided condition", reason="depends-on-condition",
                       line=listed.line)
    entries = rollback_alarms(endpoint, graph)
    if not entries:
        return failed(f"{listed.path} is not set: a deployment cannot roll back on its own", reason="no-alarms",
                      line=listed.line)
    good, open_, bad = [], [], []
    for written, alarm, why in entries:
        if alarm is None:
            if endpoint.source == "aws" and not _alarms_unread(endpoint, graph):
                bad.append(f"{written} (no metric alarm of that name exists in {endpoint.region or 'the region'})")
            else:
                open_.append(f"{written} ({why})")
            continue
        outcome, detail = watches(alarm, endpoint, graph)
        if outcome == "yes":
            good.append(alarm.id)
        elif outcome == "unknown":
            open_.append(f"{alarm.id} ({detail})")
        else:
            bad.append(f"{alarm.id} ({detail})" if outcome == "arn" else f"{alarm.id} (it does not watch this endpoint)")
    evidence = {"watching": good, "unresolved": open_, "not_watching": bad}
    if good:
        return passed(f"rollback alarm {', '.join(good)} watches the endpoint", evidence=evidence, line=listed.line)
    if open_:
        return unknown(f"cannot tell whether a rollback alarm watches the endpoint: {'; '.join(open_)}",
                       reason="rollback-alarm-unresolved", evidence=evidence, line=listed.line)
    return failed(f"no rollback alarm watches the endpoint: {'; '.join(bad)}", reason="alarms-not-watching",
                  evidence=evidence, line=listed.line)


def _alarms_unread(endpoint: Endpoint, graph: Graph) -> bool:
    """Live: the region's alarms could not be listed (a stand-in alarm without a name)."""
    return any(alarm.name.is_unknown for alarm in graph.of(Alarm, endpoint.unit))
