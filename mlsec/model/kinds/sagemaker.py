"""SageMaker resources: notebooks, models, endpoint configurations, endpoints, Studio domains,
pipelines."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Component, Resource
from mlsec.model.fields import Attr, Nested
from mlsec.model.values import Value


class NotebookInstance(Resource):
    kind = "AWS::SageMaker::NotebookInstance"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_notebook_instance",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="NotebookInstanceName", tf="name", kind="str")]
    instance_type: Annotated[Value, Attr(cfn="InstanceType", tf="instance_type", kind="str")]
    direct_internet_access: Annotated[Value, Attr(
        cfn="DirectInternetAccess", tf="direct_internet_access", default="Enabled", kind="str",
        doc="AWS and the Terraform provider both default to Enabled.")]
    root_access: Annotated[Value, Attr(cfn="RootAccess", tf="root_access", default="Enabled", kind="str")]
    subnet_id: Annotated[Value, Attr(cfn="SubnetId", tf="subnet_id", kind="str",
                                     doc="Absent means the instance runs in the SageMaker service VPC.")]
    security_group_ids: Annotated[Value, Attr(cfn="SecurityGroupIds", tf="security_groups", kind="list")]
    kms_key_id: Annotated[Value, Attr(cfn="KmsKeyId", tf="kms_key_id", kind="str",
                                      doc="Absent means the volume is encrypted with an AWS-managed key.")]
    role_arn: Annotated[Value, Attr(cfn="RoleArn", tf="role_arn", kind="str")]
    lifecycle_config_name: Annotated[Value, Attr(cfn="LifecycleConfigName", tf="lifecycle_config_name", kind="str")]
    minimum_imds_version: Annotated[Value, Attr(
        cfn="InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion",
        tf="instance_metadata_service_configuration.minimum_instance_metadata_service_version",
        default="1", kind="str")]
    platform_identifier: Annotated[Value, Attr(cfn="PlatformIdentifier", tf="platform_identifier", kind="str")]


class VpcConfig(Component):
    subnets: Annotated[Value, Attr(cfn="Subnets", tf="subnets", kind="list")]
    security_group_ids: Annotated[Value, Attr(cfn="SecurityGroupIds", tf="security_group_ids", kind="list")]


class ContainerDefinition(Component):
    image: Annotated[Value, Attr(cfn="Image", tf="image", kind="str")]
    model_package_name: Annotated[Value, Attr(cfn="ModelPackageName", tf="model_package_name", kind="str")]


class Model(Resource):
    kind = "AWS::SageMaker::Model"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_model",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="ModelName", tf="name", kind="str")]
    execution_role_arn: Annotated[Value, Attr(cfn="ExecutionRoleArn", tf="execution_role_arn", kind="str")]
    vpc_config: Annotated[Value, Nested(model=VpcConfig, cfn="VpcConfig", tf="vpc_config",
                                        doc="Absent: containers use the SageMaker-managed network.")]
    enable_network_isolation: Annotated[Value, Attr(cfn="EnableNetworkIsolation", tf="enable_network_isolation",
                                                    default=False, kind="bool")]
    primary_container: Annotated[Value, Nested(model=ContainerDefinition, cfn="PrimaryContainer",
                                               tf="primary_container")]
    containers: Annotated[Value, Nested(model=ContainerDefinition, cfn="Containers", tf="container")]


class ProductionVariant(Component):
    variant_name: Annotated[Value, Attr(cfn="VariantName", tf="variant_name", kind="str")]
    model_name: Annotated[Value, Attr(cfn="ModelName", tf="model_name", kind="str")]
    instance_type: Annotated[Value, Attr(cfn="InstanceType", tf="instance_type", kind="str")]
    initial_instance_count: Annotated[Value, Attr(cfn="InitialInstanceCount", tf="initial_instance_count",
                                                  kind="int")]
    serverless_config: Annotated[Value, Attr(cfn="ServerlessConfig", tf="serverless_config", kind="any")]
    managed_instance_scaling: Annotated[Value, Attr(cfn="ManagedInstanceScaling", tf="managed_instance_scaling")]

    @property
    def is_serverless(self) -> bool | None:
        """True/False when known; None when the serverless block itself is unresolved."""
        if self.serverless_config.is_known:
            return self.serverless_config.is_set
        return None


class EndpointConfig(Resource):
    kind = "AWS::SageMaker::EndpointConfig"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_endpoint_configuration",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="EndpointConfigName", tf="name", kind="str")]
    kms_key_id: Annotated[Value, Attr(cfn="KmsKeyId", tf="kms_key_arn", kind="str",
                                      doc="Absent: the ML storage volume uses an AWS-managed key.")]
    production_variants: Annotated[Value, Nested(model=ProductionVariant, cfn="ProductionVariants",
                                                 tf="production_variants")]
    shadow_production_variants: Annotated[Value, Nested(model=ProductionVariant, cfn="ShadowProductionVariants",
                                                        tf="shadow_production_variants")]
    data_capture: Annotated[Value, Attr(cfn="DataCaptureConfig", tf="data_capture_config")]
    data_capture_enabled: Annotated[Value, Attr(
        cfn="DataCaptureConfig.EnableCapture", tf="data_capture_config.enable_capture",
        default=True, tf_default=False, kind="bool",
        doc="Inside a capture block the API defaults to true, the Terraform provider to false.")]
    data_capture_destination: Annotated[Value, Attr(cfn="DataCaptureConfig.DestinationS3Uri",
                                                    tf="data_capture_config.destination_s3_uri", kind="str")]
    data_capture_kms_key_id: Annotated[Value, Attr(cfn="DataCaptureConfig.KmsKeyId",
                                                   tf="data_capture_config.kms_key_id", kind="str")]
    async_inference: Annotated[Value, Attr(cfn="AsyncInferenceConfig", tf="async_inference_config")]
    async_output_kms_key_id: Annotated[Value, Attr(cfn="AsyncInferenceConfig.OutputConfig.KmsKeyId",
                                                   tf="async_inference_config.output_config.kms_key_id",
                                                   kind="str")]

    def variants(self) -> list[ProductionVariant]:
        """Production and shadow variants that are known."""
        out: list[ProductionVariant] = []
        for value in (self.production_variants, self.shadow_production_variants):
            if value.is_set:
                out.extend(value.value)
        return out


class Endpoint(Resource):
    kind = "AWS::SageMaker::Endpoint"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_endpoint",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="EndpointName", tf="name", kind="str")]
    endpoint_config_name: Annotated[Value, Attr(cfn="EndpointConfigName", tf="endpoint_config_name", kind="str")]
    deployment_config: Annotated[Value, Attr(cfn="DeploymentConfig", tf="deployment_config")]
    rollback_alarms: Annotated[Value, Attr(
        cfn="DeploymentConfig.AutoRollbackConfiguration.Alarms",
        tf="deployment_config.auto_rollback_configuration.alarms", kind="list")]
    traffic_routing_type: Annotated[Value, Attr(
        cfn="DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type",
        tf="deployment_config.blue_green_update_policy.traffic_routing_configuration.type",
        default="ALL_AT_ONCE", kind="str")]
    rolling_update_policy: Annotated[Value, Attr(
        cfn="DeploymentConfig.RollingUpdatePolicy", tf="deployment_config.rolling_update_policy")]
    capture_status: Annotated[Value, Attr(
        api="DataCaptureConfig.CaptureStatus", kind="str",
        doc="Live only (DescribeEndpoint): Started or Stopped, whether capture currently works.")]


class Domain(Resource):
    kind = "AWS::SageMaker::Domain"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_domain",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="DomainName", tf="domain_name", kind="str")]
    app_network_access_type: Annotated[Value, Attr(cfn="AppNetworkAccessType", tf="app_network_access_type",
                                                   default="PublicInternetOnly", kind="str")]
    kms_key_id: Annotated[Value, Attr(cfn="KmsKeyId", tf="kms_key_id", kind="str")]
    vpc_id: Annotated[Value, Attr(cfn="VpcId", tf="vpc_id", kind="str")]
    subnet_ids: Annotated[Value, Attr(cfn="SubnetIds", tf="subnet_ids", kind="list")]
    default_execution_role: Annotated[Value, Attr(
        cfn="DefaultUserSettings.ExecutionRole", tf="default_user_settings.execution_role", kind="str",
        doc="The role Studio users run as: a SageMaker execution role whatever its trust policy says.")]


class Pipeline(Resource):
    """A SageMaker pipeline: its training, processing, transform and tuning steps become job
    documents of their own (``mlsec.model.jobs``). A definition kept in S3 is not read."""

    kind = "AWS::SageMaker::Pipeline"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_pipeline",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="PipelineName", tf="pipeline_name", kind="str")]
    definition: Annotated[Value, Attr(cfn="PipelineDefinition.PipelineDefinitionBody", tf="pipeline_definition",
                                      doc="The pipeline definition JSON.")]

    def carried(self) -> list[Resource]:
        from mlsec.model.jobs import pipeline_jobs

        return pipeline_jobs(self)
