"""CloudWatch alarms."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr
from mlsec.model.values import Value


class Alarm(Resource):
    kind = "AWS::CloudWatch::Alarm"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_cloudwatch_metric_alarm",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="AlarmName", tf="alarm_name", kind="str")]
    namespace: Annotated[Value, Attr(cfn="Namespace", tf="namespace", kind="str")]
    metric_name: Annotated[Value, Attr(cfn="MetricName", tf="metric_name", kind="str")]
    dimensions: Annotated[Value, Attr(cfn="Dimensions", tf="dimensions", kind="any")]
    metrics: Annotated[Value, Attr(cfn="Metrics", tf="metric_query", kind="list")]
    alarm_actions: Annotated[Value, Attr(cfn="AlarmActions", tf="alarm_actions", kind="list")]
