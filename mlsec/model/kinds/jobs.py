"""SageMaker job documents: training, processing (including Model Monitor definitions and
schedules) and transform jobs.

A job document has the shape of its Create*Job request (CATALOGUE §4). Some are resources
of their own (``AWS::SageMaker::ProcessingJob``, the monitoring job definitions and
schedules, ``AWS::SageMaker::TrainingJob`` and Terraform ``aws_sagemaker_training_job`` of
provider 6.x); most are carried inside a state machine or a SageMaker pipeline and are
extracted by ``mlsec.model.jobs``: those are read with the API (CloudFormation-shaped)
paths whatever the source, and have ids like ``Workflow/States/Train``.

Defaults: an absent volume key means an AWS-managed key, an absent output key the
account's default S3 key or the bucket default, network isolation and inter-container
traffic encryption are off, and no ``VpcConfig`` means no VPC.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from mlsec.model.base import Resource
from mlsec.model.fields import Attr, Nested
from mlsec.model.kinds.sagemaker import VpcConfig
from mlsec.model.values import Value


class TrainingJob(Resource):
    """A CreateTrainingJob document, or the training-job definition of a tuning job
    (``HyperParameterTuningResourceConfig`` takes the place of ``ResourceConfig`` there)."""

    kind = "AWS::SageMaker::TrainingJob"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_training_job",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="TrainingJobName", tf="training_job_name", kind="str")]
    volume_kms_key_id: Annotated[Value, Attr(
        cfn=("ResourceConfig.VolumeKmsKeyId", "HyperParameterTuningResourceConfig.VolumeKmsKeyId"),
        tf="resource_config.volume_kms_key_id", kind="str")]
    output_kms_key_id: Annotated[Value, Attr(cfn="OutputDataConfig.KmsKeyId", tf="output_data_config.kms_key_id",
                                             kind="str")]
    instance_type: Annotated[Value, Attr(
        cfn=("ResourceConfig.InstanceType", "HyperParameterTuningResourceConfig.InstanceType"),
        tf="resource_config.instance_type", kind="str")]
    instance_count: Annotated[Value, Attr(
        cfn=("ResourceConfig.InstanceCount", "HyperParameterTuningResourceConfig.InstanceCount"),
        tf="resource_config.instance_count", kind="int")]
    instance_groups: Annotated[Value, Attr(
        cfn=("ResourceConfig.InstanceGroups", "HyperParameterTuningResourceConfig.InstanceConfigs"),
        tf="resource_config.instance_groups", kind="list",
        doc="Heterogeneous clusters: each group has its own type and count.")]
    vpc_config: Annotated[Value, Nested(model=VpcConfig, cfn="VpcConfig", tf="vpc_config")]
    network_isolation: Annotated[Value, Attr(cfn="EnableNetworkIsolation", tf="enable_network_isolation",
                                             default=False, kind="bool")]
    inter_container_encryption: Annotated[Value, Attr(
        cfn="EnableInterContainerTrafficEncryption", tf="enable_inter_container_traffic_encryption",
        default=False, kind="bool")]


class ProcessingWork(Resource):
    """What processing jobs, monitoring job definitions and monitoring schedules share: a
    cluster (type, count, volume key), an output key and a network configuration. Rules
    that cover all of them take this class."""

    def definition_name(self) -> Value | None:
        """The monitoring job definition this document runs, for schedules that name one."""
        return None


class ProcessingJob(ProcessingWork):
    kind = "AWS::SageMaker::ProcessingJob"
    native_types = {"cloudformation": (kind,)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="ProcessingJobName", kind="str")]
    volume_kms_key_id: Annotated[Value, Attr(cfn="ProcessingResources.ClusterConfig.VolumeKmsKeyId", kind="str")]
    output_kms_key_id: Annotated[Value, Attr(cfn="ProcessingOutputConfig.KmsKeyId", kind="str")]
    instance_type: Annotated[Value, Attr(cfn="ProcessingResources.ClusterConfig.InstanceType", kind="str")]
    instance_count: Annotated[Value, Attr(cfn="ProcessingResources.ClusterConfig.InstanceCount", kind="int")]
    network_isolation: Annotated[Value, Attr(cfn="NetworkConfig.EnableNetworkIsolation", default=False, kind="bool")]
    inter_container_encryption: Annotated[Value, Attr(cfn="NetworkConfig.EnableInterContainerTrafficEncryption",
                                                      default=False, kind="bool")]


class MonitoringJobDefinition(ProcessingWork):
    """The four Model Monitor job definition types; they differ in the name of their input
    and output blocks. Only data quality has a Terraform resource (provider 5.x)."""

    identifiers = ("name",)
    bias_rules: ClassVar[bool] = False  # model bias follows SageMaker.15: inter-container checks only from 2 instances

    name: Annotated[Value, Attr(cfn="JobDefinitionName", tf="name", kind="str")]
    volume_kms_key_id: Annotated[Value, Attr(cfn="JobResources.ClusterConfig.VolumeKmsKeyId",
                                             tf="job_resources.cluster_config.volume_kms_key_id", kind="str")]
    instance_type: Annotated[Value, Attr(cfn="JobResources.ClusterConfig.InstanceType",
                                         tf="job_resources.cluster_config.instance_type", kind="str")]
    instance_count: Annotated[Value, Attr(cfn="JobResources.ClusterConfig.InstanceCount",
                                          tf="job_resources.cluster_config.instance_count", kind="int")]
    network_isolation: Annotated[Value, Attr(cfn="NetworkConfig.EnableNetworkIsolation",
                                             tf="network_config.enable_network_isolation", default=False,
                                             kind="bool")]
    inter_container_encryption: Annotated[Value, Attr(
        cfn="NetworkConfig.EnableInterContainerTrafficEncryption",
        tf="network_config.enable_inter_container_traffic_encryption", default=False, kind="bool")]


class DataQualityJobDefinition(MonitoringJobDefinition):
    kind = "AWS::SageMaker::DataQualityJobDefinition"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_data_quality_job_definition",)}

    output_kms_key_id: Annotated[Value, Attr(cfn="DataQualityJobOutputConfig.KmsKeyId",
                                             tf="data_quality_job_output_config.kms_key_id", kind="str")]
    endpoint_name: Annotated[Value, Attr(cfn="DataQualityJobInput.EndpointInput.EndpointName",
                                         tf="data_quality_job_input.endpoint_input.endpoint_name", kind="str")]


class ModelQualityJobDefinition(MonitoringJobDefinition):
    kind = "AWS::SageMaker::ModelQualityJobDefinition"
    native_types = {"cloudformation": (kind,)}

    output_kms_key_id: Annotated[Value, Attr(cfn="ModelQualityJobOutputConfig.KmsKeyId", kind="str")]
    endpoint_name: Annotated[Value, Attr(cfn="ModelQualityJobInput.EndpointInput.EndpointName", kind="str")]


class ModelBiasJobDefinition(MonitoringJobDefinition):
    kind = "AWS::SageMaker::ModelBiasJobDefinition"
    native_types = {"cloudformation": (kind,)}
    bias_rules = True

    output_kms_key_id: Annotated[Value, Attr(cfn="ModelBiasJobOutputConfig.KmsKeyId", kind="str")]
    endpoint_name: Annotated[Value, Attr(cfn="ModelBiasJobInput.EndpointInput.EndpointName", kind="str")]


class ModelExplainabilityJobDefinition(MonitoringJobDefinition):
    kind = "AWS::SageMaker::ModelExplainabilityJobDefinition"
    native_types = {"cloudformation": (kind,)}

    output_kms_key_id: Annotated[Value, Attr(cfn="ModelExplainabilityJobOutputConfig.KmsKeyId", kind="str")]
    endpoint_name: Annotated[Value, Attr(cfn="ModelExplainabilityJobInput.EndpointInput.EndpointName", kind="str")]


_INLINE = "MonitoringScheduleConfig.MonitoringJobDefinition."


class MonitoringSchedule(ProcessingWork):
    """A schedule either embeds a job definition (CloudFormation ``MonitoringJobDefinition``)
    or names one (``MonitoringJobDefinitionName``; always so in Terraform)."""

    kind = "AWS::SageMaker::MonitoringSchedule"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_monitoring_schedule",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="MonitoringScheduleName", tf="name", kind="str")]
    job_definition_name: Annotated[Value, Attr(cfn="MonitoringScheduleConfig.MonitoringJobDefinitionName",
                                               tf="monitoring_schedule_config.monitoring_job_definition_name",
                                               kind="str")]
    monitoring_type: Annotated[Value, Attr(cfn="MonitoringScheduleConfig.MonitoringType",
                                           tf="monitoring_schedule_config.monitoring_type", kind="str")]
    endpoint_name: Annotated[Value, Attr(cfn="EndpointName", kind="str")]
    status: Annotated[Value, Attr(api="MonitoringScheduleStatus", kind="str",
                                  doc="Live only: Pending, Scheduled, Failed or Stopped.")]
    monitoring_inputs: Annotated[Value, Attr(cfn=_INLINE + "MonitoringInputs", kind="list")]
    volume_kms_key_id: Annotated[Value, Attr(cfn=_INLINE + "MonitoringResources.ClusterConfig.VolumeKmsKeyId",
                                             kind="str")]
    output_kms_key_id: Annotated[Value, Attr(cfn=_INLINE + "MonitoringOutputConfig.KmsKeyId", kind="str")]
    instance_type: Annotated[Value, Attr(cfn=_INLINE + "MonitoringResources.ClusterConfig.InstanceType", kind="str")]
    instance_count: Annotated[Value, Attr(cfn=_INLINE + "MonitoringResources.ClusterConfig.InstanceCount",
                                          kind="int")]
    network_isolation: Annotated[Value, Attr(cfn=_INLINE + "NetworkConfig.EnableNetworkIsolation", default=False,
                                             kind="bool")]
    inter_container_encryption: Annotated[Value, Attr(
        cfn=_INLINE + "NetworkConfig.EnableInterContainerTrafficEncryption", default=False, kind="bool")]

    def definition_name(self) -> Value | None:
        value = self.job_definition_name
        return None if value.is_absent else value


class TransformJob(Resource):
    """A CreateTransformJob document. CloudFormation and Terraform have no transform-job
    resource: these come from state machines and pipelines only. Network isolation and VPC
    placement are the model's (MLS101, MLS102)."""

    kind = "AWS::SageMaker::TransformJob"
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="TransformJobName", kind="str")]
    volume_kms_key_id: Annotated[Value, Attr(cfn="TransformResources.VolumeKmsKeyId", kind="str")]
    output_kms_key_id: Annotated[Value, Attr(cfn="TransformOutput.KmsKeyId", kind="str")]
    instance_type: Annotated[Value, Attr(cfn="TransformResources.InstanceType", kind="str")]
    instance_count: Annotated[Value, Attr(cfn="TransformResources.InstanceCount", kind="int")]
    data_capture: Annotated[Value, Attr(cfn="DataCaptureConfig")]
    data_capture_kms_key_id: Annotated[Value, Attr(cfn="DataCaptureConfig.KmsKeyId", kind="str")]
