r"""
## What it does
Flags API Gateway stages without logging:

- every stage needs an access-log destination (`AccessLogSetting.DestinationArn`,
  `AccessLogSettings.DestinationArn`, `access_log_settings.destination_arn`);
- REST stages also need execution logging for all methods (`*/*`) at `ERROR` or `INFO`:
  CloudFormation's `MethodSettings` entry with `ResourcePath: /*` and `HttpMethod: *`, or
  Terraform's `aws_api_gateway_method_settings` with `method_path = "*/*"` for the stage;
- WebSocket stages need `DefaultRouteSettings.LoggingLevel` at `ERROR` or `INFO`; HTTP APIs
  support access logs only.

Execution logging defaults to `OFF`. A finding notes `DataTraceEnabled: true`, which
writes full request and response bodies (inference inputs and outputs) to the logs.

## Why it matters
The API in front of a model is where abuse shows first: credential stuffing, scraping of
predictions for model extraction, floods of invocations. Access logs record who called
what and when; execution logs record why calls failed. Without either there is nothing to
investigate or alert on.

## Remediation
Send access logs to a log group and turn on execution logging at `ERROR` (or `INFO`).

### CloudFormation
```yaml
ProdStage:
  Type: AWS::ApiGateway::Stage
  Properties:
    RestApiId: !Ref ScoringApi
    DeploymentId: !Ref Deployment
    StageName: prod
    AccessLogSetting:
      DestinationArn: !GetAtt ApiAccessLogs.Arn
      Format: '$context.requestId $context.identity.sourceIp $context.httpMethod $context.path $context.status'
    MethodSettings:
      - ResourcePath: "/*"
        HttpMethod: "*"
        LoggingLevel: ERROR
```

### Terraform
```hcl
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.scoring.id
  deployment_id = aws_api_gateway_deployment.scoring.id
  stage_name    = "prod"
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format          = "$context.requestId $context.identity.sourceIp $context.status"
  }
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.scoring.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    logging_level = "ERROR"
  }
}
```

### AWS CLI
```sh
aws apigateway update-stage --rest-api-id API_ID --stage-name prod --patch-operations \
  op=replace,path=/accessLogSettings/destinationArn,value=LOG_GROUP_ARN \
  op=replace,path=/*/*/logging/loglevel,value=ERROR
```

## References
- Amazon API Gateway developer guide: "Set up CloudWatch logging for REST APIs in API Gateway"
- AWS Security Hub: APIGateway.1, APIGateway.9
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.apigateway import HttpApi, MethodSettings, RestApi, Stage, StageV2
from mlsec.model.settled import settle
from mlsec.model.verdict import failed, passed, unknown

LOGGING = ("ERROR", "INFO")


@rule(id="MLS703", name="apigw-stage-logging-disabled", control="apigw-logging", severity="medium")
def check(stage: Stage | StageV2, graph: Graph):
    problems, undecided, notes = [], [], []
    destination, why = settle(stage.access_log_destination)
    if why:
        undecided.append(why)
    elif destination is None:
        problems.append(f"{stage.access_log_destination.path} is not set: no access log")
    if isinstance(stage, Stage):
        level, trace, where, why = _rest_execution_logging(graph, stage)
    else:
        level, trace, where, why = _websocket_execution_logging(graph, stage)  # type: ignore[arg-type]
    if why:
        undecided.append(why)
    elif level is not None and str(level).upper() not in LOGGING:
        problems.append(f"execution logging is {level} ({where})")
    if trace is True:
        notes.append(f"data tracing is on ({where}): request and response bodies, inference payloads included, "
                     "are written to the logs")
    evidence = {"notes": notes} if notes else {}
    note = f" Note: {'; '.join(notes)}" if notes else ""
    if problems:
        return failed("; ".join(problems) + "." + note, reason="logging-off", evidence=evidence)
    if undecided:
        return unknown("cannot tell whether the stage logs: " + "; ".join(undecided) + "." + note,
                       reason="logging-unresolved", evidence=evidence)
    kept = "access and execution logs" if level is not None else "access logs (all an HTTP API supports)"
    return passed(f"the stage keeps {kept}." + note, evidence=evidence)


def _rest_execution_logging(graph: Graph, stage: Stage):
    """(level, data trace, where it is set, why unknown) of the stage's */* settings."""
    settings, why = settle(stage.method_settings)
    if why:
        return None, None, "", why
    for item in settings or []:
        path, why_path = settle(item.resource_path)
        method, why_method = settle(item.http_method)
        if why_path or why_method:
            return None, None, "", why_path or why_method
        if path == "/*" and method == "*":
            level, why = settle(item.logging_level)
            trace, _ = settle(item.data_trace_enabled)
            return level, trace, f"{stage.method_settings.path} /* *", why
    api = graph.follow(stage, stage.rest_api_id, RestApi).resource
    for ms in graph.of(MethodSettings, stage.unit):
        if not _same_stage(graph, ms, stage, api):
            continue
        path, why = settle(ms.method_path)
        if why:
            return None, None, "", f"{ms.id}: {why}"
        if path == "*/*":
            level, why = settle(ms.logging_level)
            trace, _ = settle(ms.data_trace_enabled)
            return level, trace, ms.id, why
    return "OFF", None, "not set for */*; the default", None


def _same_stage(graph: Graph, ms: MethodSettings, stage: Stage, api) -> bool:
    if graph.follow(ms, ms.stage_name, Stage).resource is stage:
        return True
    ms_api = graph.follow(ms, ms.rest_api_id, RestApi).resource
    name, _ = settle(ms.stage_name)
    own, _ = settle(stage.stage_name)
    return ms_api is not None and ms_api is api and name is not None and name == own


def _websocket_execution_logging(graph: Graph, stage: StageV2):
    found = graph.follow(stage, stage.api_id, HttpApi)
    protocol = None
    if found.found:
        protocol, why = settle(found.resource.protocol_type)  # type: ignore[union-attr]
        if why:
            return None, None, "", f"the API's protocol is unresolved ({why})"
    level, why = settle(stage.logging_level)
    trace, _ = settle(stage.data_trace_enabled)
    where = stage.logging_level.path
    if protocol == "HTTP":
        return None, trace, where, None
    if protocol is None and (why or str(level).upper() not in LOGGING):
        return None, None, "", (f"execution logging is {level} ({where}), which a WebSocket API needs, and the "
                                f"API is outside the scanned files ({found.reason})")
    return level, trace, where, why
