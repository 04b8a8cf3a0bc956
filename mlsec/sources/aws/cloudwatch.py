"""CloudWatch metric alarms about SageMaker, and CloudWatch Logs groups in the ML scope
(``/aws/sagemaker/*``, the CloudTrail group, API Gateway access-log groups)."""

from __future__ import annotations

from mlsec.sources.aws.collect import LOGS, NEIGHBOURS, Collector, Region

_ALARM_FIELDS = ("AlarmName", "AlarmDescription", "Namespace", "MetricName", "Dimensions", "Metrics", "Statistic",
                 "ExtendedStatistic", "Threshold", "ComparisonOperator", "EvaluationPeriods", "DatapointsToAlarm",
                 "Period", "TreatMissingData", "ActionsEnabled", "AlarmActions", "OKActions",
                 "InsufficientDataActions")


def alarm_props(alarm: dict) -> dict:
    return {k: alarm[k] for k in _ALARM_FIELDS if k in alarm}


def is_ml_alarm(alarm: dict) -> bool:
    spaces = [alarm.get("Namespace") or ""]
    spaces += [((m.get("MetricStat") or {}).get("Metric") or {}).get("Namespace") or "" for m in alarm.get("Metrics")
               or []]
    return any("sagemaker" in s.lower() for s in spaces)


def log_group_props(group: dict) -> dict:
    props = {"LogGroupName": group.get("logGroupName")}
    if group.get("kmsKeyId"):
        props["KmsKeyId"] = group["kmsKeyId"]
    if group.get("retentionInDays") is not None:
        props["RetentionInDays"] = group["retentionInDays"]
    if group.get("logGroupClass"):
        props["LogGroupClass"] = group["logGroupClass"]
    return props


def collect_alarms(region: Region) -> None:
    """Metric alarms about SageMaker and the rollback alarms endpoints name. When they
    cannot be listed, a stand-in alarm whose every property is unknown is emitted, so that
    "no alarm watches the endpoint" (MLS610) and "the rollback alarm does not exist"
    (MLS111) become UNKNOWN rather than FAIL."""
    for alarm in region.listing("cloudwatch", "DescribeAlarms", "MetricAlarms",
                                placeholder=("AWS::CloudWatch::Alarm", region.arn("cloudwatch", "alarm:*"))):
        if region.scope.everything or is_ml_alarm(alarm) or alarm.get("AlarmName") in region.scope.alarms:
            arn = alarm.get("AlarmArn") or region.arn("cloudwatch", f"alarm:{alarm.get('AlarmName')}")
            region.emit("AWS::CloudWatch::Alarm", arn, alarm_props(alarm))


def collect_log_groups(region: Region) -> None:
    scope = region.scope
    if scope.everything:
        groups = region.listing("logs", "DescribeLogGroups", "logGroups")
    else:
        groups = region.listing("logs", "DescribeLogGroups", "logGroups", logGroupNamePrefix="/aws/sagemaker/")
        for name in sorted(scope.log_groups):
            groups += [g for g in region.listing("logs", "DescribeLogGroups", "logGroups", logGroupNamePrefix=name)
                       if g.get("logGroupName") == name]
    seen: set[str] = set()
    for group in groups:
        name = group.get("logGroupName")
        if not name or name in seen:
            continue
        seen.add(name)
        arn = (group.get("logGroupArn") or group.get("arn") or region.arn("logs", f"log-group:{name}")).removesuffix(":*")
        props = log_group_props(group)
        region.scope.note(props, region.region, keys_only=True)
        region.emit("AWS::Logs::LogGroup", arn, props)


COLLECTORS = (
    Collector("cloudwatch.alarms", "cloudwatch", ("DescribeAlarms",), collect_alarms, stage=NEIGHBOURS),
    Collector("logs.groups", "logs", ("DescribeLogGroups",), collect_log_groups, stage=LOGS),
)
