"""API Gateway front ends: REST APIs (v1) and HTTP/WebSocket APIs (v2), their custom
domains and mappings, stages, methods and routes.

Each v1/v2 pair shares a base class (``Api``, ``ApiStage``, ``ApiOperation``,
``CustomDomain``, ``DomainMapping``) so one rule covers both; the base classes have no
kind of their own.
"""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Component, Resource
from mlsec.model.fields import Attr, Nested
from mlsec.model.values import Value


# -- APIs ------------------------------------------------------------------------------------

class Api(Resource):
    """An API with a default ``execute-api`` endpoint."""

    disable_execute_api_endpoint: Annotated[Value, Attr(cfn="DisableExecuteApiEndpoint",
                                                        tf="disable_execute_api_endpoint", default=False,
                                                        kind="bool")]


class RestApi(Api):
    kind = "AWS::ApiGateway::RestApi"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_api_gateway_rest_api",)}
    identifiers = ("name", "api_id")

    name: Annotated[Value, Attr(cfn="Name", tf="name", kind="str")]
    api_id: Annotated[Value, Attr(api="RestApiId", kind="str")]
    endpoint_types: Annotated[Value, Attr(cfn="EndpointConfiguration.Types", tf="endpoint_configuration.types",
                                          default=["EDGE"], kind="list")]
    security_policy: Annotated[Value, Attr(cfn="SecurityPolicy", tf="security_policy", kind="str",
                                           doc="The default endpoint's TLS policy (newer APIs only).")]
    policy: Annotated[Value, Attr(cfn="Policy", tf="policy", kind="policy",
                                  doc="Terraform may also use aws_api_gateway_rest_api_policy.")]


class RestApiPolicy(Resource):
    """Terraform's separate REST API resource policy."""

    kind = "aws_api_gateway_rest_api_policy"  # no CloudFormation type of its own
    native_types = {"terraform": (kind,)}

    rest_api_id: Annotated[Value, Attr(tf="rest_api_id", kind="str")]
    policy: Annotated[Value, Attr(tf="policy", kind="policy")]


class HttpApi(Api):
    """An API Gateway v2 API: ``HTTP`` or ``WEBSOCKET``."""

    kind = "AWS::ApiGatewayV2::Api"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_apigatewayv2_api",)}
    identifiers = ("name", "api_id")

    name: Annotated[Value, Attr(cfn="Name", tf="name", kind="str")]
    api_id: Annotated[Value, Attr(api="ApiId", kind="str")]
    protocol_type: Annotated[Value, Attr(cfn="ProtocolType", tf="protocol_type", kind="str")]


# -- custom domains and their mappings -------------------------------------------------------

class CustomDomain(Resource):
    domain_name: Annotated[Value, Attr(cfn="DomainName", tf="domain_name", kind="str")]


class DomainName(CustomDomain):
    """A REST custom domain. Without ``SecurityPolicy`` the API, CloudFormation, SAM and
    CDK create it with ``TLS_1_0``."""

    kind = "AWS::ApiGateway::DomainName"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_api_gateway_domain_name",)}
    identifiers = ("domain_name",)

    security_policy: Annotated[Value, Attr(cfn="SecurityPolicy", tf="security_policy", default="TLS_1_0",
                                           kind="str")]
    certificate_arn: Annotated[Value, Attr(cfn="CertificateArn", tf="certificate_arn", kind="str")]
    regional_certificate_arn: Annotated[Value, Attr(cfn="RegionalCertificateArn", tf="regional_certificate_arn",
                                                    kind="str")]
    uploaded_certificate: Annotated[Value, Attr(tf=("certificate_body", "certificate_name",
                                                    "regional_certificate_name"), api="UploadedCertificateName",
                                                kind="str",
                                                doc="A certificate uploaded to IAM instead of one from ACM (live: "
                                                    "a certificate name without an ARN).")]


class DomainNameConfiguration(Component):
    security_policy: Annotated[Value, Attr(cfn="SecurityPolicy", tf="security_policy", default="TLS_1_2",
                                           kind="str", doc="v2 domains accept TLS_1_2 only.")]
    certificate_arn: Annotated[Value, Attr(cfn="CertificateArn", tf="certificate_arn", kind="str")]


class DomainNameV2(CustomDomain):
    kind = "AWS::ApiGatewayV2::DomainName"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_apigatewayv2_domain_name",)}
    identifiers = ("domain_name",)

    configurations: Annotated[Value, Nested(model=DomainNameConfiguration, cfn="DomainNameConfigurations",
                                            tf="domain_name_configuration")]


class DomainMapping(Resource):
    """Maps an API (stage) under a custom domain."""

    api: Annotated[Value, Attr(cfn=("RestApiId", "ApiId"), tf="api_id", kind="str")]
    domain: Annotated[Value, Attr(cfn="DomainName", tf="domain_name", kind="str")]


class BasePathMapping(DomainMapping):
    kind = "AWS::ApiGateway::BasePathMapping"
    native_types = {"cloudformation": (kind, "AWS::ApiGateway::BasePathMappingV2"),
                    "terraform": ("aws_api_gateway_base_path_mapping",)}


class ApiMapping(DomainMapping):
    kind = "AWS::ApiGatewayV2::ApiMapping"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_apigatewayv2_api_mapping",)}


# -- stages --------------------------------------------------------------------------------

class ApiStage(Resource):
    """A deployed stage; ``access_log_destination`` is where access logs go."""

    stage_name: Annotated[Value, Attr(cfn="StageName", tf=("stage_name", "name"), kind="str")]


class MethodSetting(Component):
    resource_path: Annotated[Value, Attr(cfn="ResourcePath", kind="str")]
    http_method: Annotated[Value, Attr(cfn="HttpMethod", kind="str")]
    logging_level: Annotated[Value, Attr(cfn="LoggingLevel", default="OFF", kind="str")]
    data_trace_enabled: Annotated[Value, Attr(cfn="DataTraceEnabled", default=False, kind="bool")]


class Stage(ApiStage):
    """A REST stage. Terraform sets execution logging in aws_api_gateway_method_settings."""

    kind = "AWS::ApiGateway::Stage"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_api_gateway_stage",)}

    rest_api_id: Annotated[Value, Attr(cfn="RestApiId", tf="rest_api_id", kind="str")]
    access_log_destination: Annotated[Value, Attr(cfn="AccessLogSetting.DestinationArn",
                                                  tf="access_log_settings.destination_arn", kind="str")]
    method_settings: Annotated[Value, Nested(model=MethodSetting, cfn="MethodSettings")]


class MethodSettings(Resource):
    """Terraform's per-stage method settings (``method_path`` ``*/*`` covers every method)."""

    kind = "aws_api_gateway_method_settings"  # CloudFormation keeps them on the stage
    native_types = {"terraform": (kind,)}

    rest_api_id: Annotated[Value, Attr(tf="rest_api_id", kind="str")]
    stage_name: Annotated[Value, Attr(tf="stage_name", kind="str")]
    method_path: Annotated[Value, Attr(tf="method_path", kind="str")]
    logging_level: Annotated[Value, Attr(tf="settings.logging_level", default="OFF", kind="str")]
    data_trace_enabled: Annotated[Value, Attr(tf="settings.data_trace_enabled", default=False, kind="bool")]


class StageV2(ApiStage):
    kind = "AWS::ApiGatewayV2::Stage"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_apigatewayv2_stage",)}

    api_id: Annotated[Value, Attr(cfn="ApiId", tf="api_id", kind="str")]
    access_log_destination: Annotated[Value, Attr(cfn="AccessLogSettings.DestinationArn",
                                                  tf="access_log_settings.destination_arn", kind="str")]
    logging_level: Annotated[Value, Attr(cfn="DefaultRouteSettings.LoggingLevel",
                                         tf="default_route_settings.logging_level", default="OFF", kind="str")]
    data_trace_enabled: Annotated[Value, Attr(cfn="DefaultRouteSettings.DataTraceEnabled",
                                              tf="default_route_settings.data_trace_enabled", default=False,
                                              kind="bool")]


# -- methods and routes --------------------------------------------------------------------

class ApiOperation(Resource):
    """A REST method or a v2 route: who may call it (``authorization_type``)."""

    api_key_required: Annotated[Value, Attr(cfn="ApiKeyRequired", tf="api_key_required", default=False,
                                            kind="bool")]


class Method(ApiOperation):
    kind = "AWS::ApiGateway::Method"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_api_gateway_method",)}

    authorization_type: Annotated[Value, Attr(cfn="AuthorizationType", tf="authorization", default="NONE",
                                              kind="str")]
    rest_api_id: Annotated[Value, Attr(cfn="RestApiId", tf="rest_api_id", kind="str")]
    http_method: Annotated[Value, Attr(cfn="HttpMethod", tf="http_method", kind="str")]


class Route(ApiOperation):
    kind = "AWS::ApiGatewayV2::Route"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_apigatewayv2_route",)}

    authorization_type: Annotated[Value, Attr(cfn="AuthorizationType", tf="authorization_type", default="NONE",
                                              kind="str")]
    api_id: Annotated[Value, Attr(cfn="ApiId", tf="api_id", kind="str")]
    route_key: Annotated[Value, Attr(cfn="RouteKey", tf="route_key", kind="str")]
