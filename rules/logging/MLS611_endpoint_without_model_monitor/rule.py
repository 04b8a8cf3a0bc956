r"""
## What it does
Flags endpoints that capture their traffic but that no Model Monitor schedule watches. A
schedule watches an endpoint through its embedded job definition's
`MonitoringInputs[].EndpointInput.EndpointName`, the schedule's `EndpointName`, or the
`<Type>JobInput.EndpointInput.EndpointName` of the job definition it names (Terraform:
`aws_sagemaker_monitoring_schedule` naming an `aws_sagemaker_data_quality_job_definition`).
Endpoints without data capture (see MLS107) and serverless endpoints are not applicable:
Model Monitor needs captured data. A schedule whose target cannot be resolved makes the
result unknown. A schedule's status is only known to a live scan: a `Stopped` schedule
runs no monitoring jobs and does not count.

## Why it matters
Captured traffic that nobody analyses does not reveal data drift, quality decay or bias
in production: a model can degrade for weeks, or be steered by manipulated inputs,
without any signal. Model Monitor compares the captured traffic with a baseline and
publishes the violations as CloudWatch metrics that alarms (MLS610) can act on. (Model
Monitor is closed to new customers; accounts that cannot use it should document the
replacement and suppress this rule with a reason.)

## Remediation
Create a monitoring schedule, with a data quality (or model quality, bias,
explainability) job definition whose input is the endpoint.

### CloudFormation
```yaml
DataQualitySchedule:
  Type: AWS::SageMaker::MonitoringSchedule
  Properties:
    MonitoringScheduleName: scoring-data-quality
    MonitoringScheduleConfig:
      MonitoringJobDefinitionName: !GetAtt DataQualityDefinition.JobDefinitionName
      MonitoringType: DataQuality
      ScheduleConfig:
        ScheduleExpression: cron(0 * ? * * *)
```

### Terraform
```hcl
resource "aws_sagemaker_monitoring_schedule" "data_quality" {
  name = "scoring-data-quality"
  monitoring_schedule_config {
    monitoring_job_definition_name = aws_sagemaker_data_quality_job_definition.scoring.name
    monitoring_type                = "DataQuality"
    schedule_config {
      schedule_expression = "cron(0 * ? * * *)"
    }
  }
}
```

### AWS CLI
```sh
aws sagemaker create-monitoring-schedule --monitoring-schedule-name scoring-data-quality \
  --monitoring-schedule-config file://cfg.json
```

## References
- Amazon SageMaker AI developer guide: "Data and model quality monitoring with Amazon SageMaker Model Monitor"
- Amazon SageMaker AI developer guide: "Model Monitor availability change"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.hosting import capture_gate, config_of
from mlsec.model.kinds.sagemaker import Endpoint, EndpointConfig
from mlsec.model.model_monitor import endpoint_monitors
from mlsec.model.verdict import failed, passed, unknown


@rule(id="MLS611", name="endpoint-without-model-monitor", control="endpoint-model-monitor", severity="low")
def check(endpoint: Endpoint, graph: Graph):
    found = config_of(endpoint, graph)
    if not found.found:
        return unknown(f"cannot tell whether the endpoint captures data: its configuration "
                       f"{endpoint.endpoint_config_name.describe()} cannot be evaluated ({found.reason or found.status})",
                       reason="config-not-scanned")
    config: EndpointConfig = found.resource  # type: ignore[assignment]
    gate = capture_gate(config)
    if gate is not None:
        gate.message = f"{config.id}: {gate.message}"
        return gate
    monitors = endpoint_monitors(endpoint, graph)
    if monitors.watching:
        return passed(f"monitoring schedule {', '.join(s.id for s in monitors.watching)} watches the endpoint",
                      evidence={"schedules": [s.id for s in monitors.watching]})
    if monitors.unresolved or endpoint.name.is_unknown:
        details = list(monitors.unresolved)
        if endpoint.name.is_unknown:
            details.append(f"the endpoint's name cannot be resolved: {endpoint.name.reason}")
        return unknown(f"cannot tell whether a monitoring schedule watches the endpoint: {'; '.join(details)}",
                       reason="schedule-target-unresolved")
    stopped = [s.id for s in monitors.stopped]
    if stopped:
        return failed(f"the endpoint captures its traffic but its monitoring schedule {', '.join(stopped)} is Stopped, "
                      "so no monitoring job analyses it", reason="schedule-stopped", evidence={"stopped": stopped})
    return failed("the endpoint captures its traffic but no Model Monitor schedule analyses it", reason="no-schedule")
