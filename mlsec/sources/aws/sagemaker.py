"""SageMaker: notebooks and their lifecycle configurations, models, endpoint
configurations, endpoints, recent jobs, Studio domains, feature groups, Model Monitor
schedules and job definitions, and model package groups with their resource policies.

Each kind is listed, then described once. Describe responses already use the
CloudFormation property names for almost everything; ``to_props`` functions rename the
few that differ and keep live-only fields (status, current instance counts) beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from mlsec.model.props import Unknown
from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import ML, Collector, Region, unknown_props

# Response fields that say when or how a resource was last touched: not configuration.
_NOISE = ("CreationTime", "LastModifiedTime", "ResponseMetadata", "FailureReason", "Url",
          "SecondaryStatusTransitions", "FinalMetricDataList", "ProfilerRuleEvaluationStatuses",
          "DebugRuleEvaluationStatuses", "WarmPoolStatus")


def notebook_props(d: dict) -> dict:
    """DescribeNotebookInstance -> AWS::SageMaker::NotebookInstance properties. An absent
    RootAccess or DirectInternetAccess means Enabled: the model's defaults say so."""
    props = _strip(d, "NotebookInstanceArn")
    if "SecurityGroups" in props:
        props["SecurityGroupIds"] = props.pop("SecurityGroups")
    if "NotebookInstanceLifecycleConfigName" in props:
        props["LifecycleConfigName"] = props.pop("NotebookInstanceLifecycleConfigName")
    return props


def endpoint_props(d: dict) -> dict:
    """DescribeEndpoint -> AWS::SageMaker::Endpoint properties. Deployment guardrails are
    passed per UpdateEndpoint call; AWS shows the last one that carried a config, and none
    before such an update, so the deployment policy is then unknown (CATALOGUE MLS111)."""
    props = _strip(d, "EndpointArn")
    last = props.pop("LastDeploymentConfig", None)
    props["DeploymentConfig"] = last if last else Unknown("no update has carried a deployment config yet")
    return props


def job_props(d: dict) -> dict:
    return _strip(d, "TrainingJobArn", "ProcessingJobArn", "TransformJobArn", "TrainingJobStatus",
                  "ProcessingJobStatus", "TransformJobStatus", "SecondaryStatus", "TrainingStartTime",
                  "TrainingEndTime", "ProcessingStartTime", "ProcessingEndTime", "TransformStartTime",
                  "TransformEndTime", "ModelArtifacts", "BillableTimeInSeconds", "TrainingTimeInSeconds")


def plain_props(d: dict) -> dict:
    return _strip(d)


def model_package_group_props(d: dict) -> dict:
    return _strip(d, "ModelPackageGroupArn", "CreatedBy", "ModelPackageGroupStatus")


def no_resource_policy(failure: ApiFailure) -> bool:
    """SageMaker answers a group without a policy with a ValidationException "Cannot find
    resource policy ..." (the Terraform provider reads it the same way)."""
    return failure.code == "ValidationException" and "cannot find resource policy" in failure.detail.lower()


def model_package_group_policy(region: Region, name: str, props: dict) -> None:
    """GetModelPackageGroupPolicy: the group's policy as ``ModelPackageGroupPolicy`` (JSON
    text); absent when the group has none; unknown when the call fails otherwise."""
    try:
        response = region.api.call("sagemaker", "GetModelPackageGroupPolicy", ModelPackageGroupName=name)
    except ApiFailure as failure:
        if failure.kind == "absent" or no_resource_policy(failure):
            return
        region.report(failure, name)
        props["ModelPackageGroupPolicy"] = failure.unknown()
        return
    if response.get("ResourcePolicy"):
        props["ModelPackageGroupPolicy"] = response["ResourcePolicy"]


def _strip(d: dict, *extra: str) -> dict:
    drop = set(_NOISE) | set(extra)
    return {k: v for k, v in d.items() if k not in drop}


@dataclass(frozen=True)
class Kind:
    """One SageMaker resource kind: how to list it, describe it and name its ARN."""

    type: str
    list_op: str
    list_key: str
    item_name: str  # the name field in a list item
    describe_op: str
    describe_param: str
    arn_field: str
    to_props: Callable[[dict], dict] = plain_props
    job: bool = False  # limited to --job-lookback days
    extra: tuple[str, ...] = ()  # further operations ``more`` calls
    more: Callable[[Region, str, dict], None] | None = None  # adds what the describe lacks to props

    def arn_of(self, response: dict, region: Region, name: str) -> str:
        return response.get(self.arn_field) or region.arn("sagemaker", f"{_arn_slug(self)}/{name.lower()}")


KINDS = (
    Kind("AWS::SageMaker::NotebookInstance", "ListNotebookInstances", "NotebookInstances", "NotebookInstanceName",
         "DescribeNotebookInstance", "NotebookInstanceName", "NotebookInstanceArn", notebook_props),
    Kind("AWS::SageMaker::NotebookInstanceLifecycleConfig", "ListNotebookInstanceLifecycleConfigs",
         "NotebookInstanceLifecycleConfigs", "NotebookInstanceLifecycleConfigName",
         "DescribeNotebookInstanceLifecycleConfig", "NotebookInstanceLifecycleConfigName",
         "NotebookInstanceLifecycleConfigArn"),
    Kind("AWS::SageMaker::Model", "ListModels", "Models", "ModelName", "DescribeModel", "ModelName", "ModelArn"),
    Kind("AWS::SageMaker::EndpointConfig", "ListEndpointConfigs", "EndpointConfigs", "EndpointConfigName",
         "DescribeEndpointConfig", "EndpointConfigName", "EndpointConfigArn"),
    Kind("AWS::SageMaker::Endpoint", "ListEndpoints", "Endpoints", "EndpointName", "DescribeEndpoint",
         "EndpointName", "EndpointArn", endpoint_props),
    Kind("AWS::SageMaker::TrainingJob", "ListTrainingJobs", "TrainingJobSummaries", "TrainingJobName",
         "DescribeTrainingJob", "TrainingJobName", "TrainingJobArn", job_props, job=True),
    Kind("AWS::SageMaker::ProcessingJob", "ListProcessingJobs", "ProcessingJobSummaries", "ProcessingJobName",
         "DescribeProcessingJob", "ProcessingJobName", "ProcessingJobArn", job_props, job=True),
    Kind("AWS::SageMaker::TransformJob", "ListTransformJobs", "TransformJobSummaries", "TransformJobName",
         "DescribeTransformJob", "TransformJobName", "TransformJobArn", job_props, job=True),
    Kind("AWS::SageMaker::Domain", "ListDomains", "Domains", "DomainId", "DescribeDomain", "DomainId", "DomainArn"),
    Kind("AWS::SageMaker::FeatureGroup", "ListFeatureGroups", "FeatureGroupSummaries", "FeatureGroupName",
         "DescribeFeatureGroup", "FeatureGroupName", "FeatureGroupArn"),
    Kind("AWS::SageMaker::MonitoringSchedule", "ListMonitoringSchedules", "MonitoringScheduleSummaries",
         "MonitoringScheduleName", "DescribeMonitoringSchedule", "MonitoringScheduleName", "MonitoringScheduleArn"),
    *(Kind(f"AWS::SageMaker::{t}JobDefinition", f"List{t}JobDefinitions", "JobDefinitionSummaries",
           "MonitoringJobDefinitionName", f"Describe{t}JobDefinition", "JobDefinitionName", "JobDefinitionArn")
      for t in ("DataQuality", "ModelQuality", "ModelBias", "ModelExplainability")),
    Kind("AWS::SageMaker::ModelPackageGroup", "ListModelPackageGroups", "ModelPackageGroupSummaryList",
         "ModelPackageGroupName", "DescribeModelPackageGroup", "ModelPackageGroupName", "ModelPackageGroupArn",
         model_package_group_props, extra=("GetModelPackageGroupPolicy",), more=model_package_group_policy),
)


def collect_kind(region: Region, kind: Kind) -> None:
    params = {}
    if kind.job:
        since = datetime.now(timezone.utc) - timedelta(days=region.options.job_lookback_days)
        params["CreationTimeAfter"] = since
    pattern = region.arn("sagemaker", _arn_slug(kind) + "/*")
    items = region.listing("sagemaker", kind.list_op, kind.list_key, placeholder=(kind.type, pattern), **params)
    for item in items:
        name = item.get(kind.item_name)
        if not name:
            continue
        response = region.ask("sagemaker", kind.describe_op, subject=name, **{kind.describe_param: name})
        if response is None:
            continue  # deleted between the list and the describe
        arn = item.get(kind.arn_field) or (response.get(kind.arn_field) if isinstance(response, dict) else None)
        if isinstance(response, ApiFailure):
            emit_sagemaker(region, kind.type, arn or kind.arn_of({}, region, name),
                           unknown_props(kind.type, response.unknown()))
            continue
        props = kind.to_props(response)
        if kind.more is not None:
            kind.more(region, name, props)
        emit_sagemaker(region, kind.type, arn or kind.arn_of(response, region, name), props)


def emit_sagemaker(region: Region, type_name: str, arn: str, props: dict) -> None:
    region.scope.note(props, region.region, owner=arn)
    if type_name == "AWS::SageMaker::Endpoint" and isinstance(props.get("EndpointName"), str):
        region.scope.add_endpoint(region.region, props["EndpointName"])
    region.emit(type_name, arn, props)


def _arn_slug(kind: Kind) -> str:
    base = kind.arn_field[:-3]
    return "".join("-" + c.lower() if c.isupper() else c for c in base).lstrip("-")


def _collector(kind: Kind) -> Collector:
    short = kind.type.split("::")[-1]
    return Collector(f"sagemaker.{short}", "sagemaker", (kind.list_op, kind.describe_op, *kind.extra),
                     lambda region, k=kind: collect_kind(region, k), stage=ML)


COLLECTORS = tuple(_collector(kind) for kind in KINDS)
