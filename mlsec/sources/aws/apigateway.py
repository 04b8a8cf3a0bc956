"""API Gateway in front of SageMaker: REST (v1) and HTTP (v2) APIs whose integrations
reach a SageMaker endpoint, directly or through a Lambda function whose environment names
one, with their stages, methods/routes and the custom domains mapped to them. Methods and
routes have no tags of their own: they carry their API's (the ``mlsec:ignore`` tag of an
API covers its methods)."""

from __future__ import annotations

import json
import re

from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import NEIGHBOURS, Collector, Region

_LAMBDA_IN_URI = re.compile(r"functions/(arn:[^/]+)/invocations")


def method_settings(settings: dict | None) -> list:
    """GetStages ``methodSettings`` ({"*/*": {...}}) -> CloudFormation MethodSettings."""
    out = []
    for key, value in (settings or {}).items():
        path, _, method = key.rpartition("/")
        item = {"ResourcePath": "/" + path.lstrip("/") if path != "*" else "/*", "HttpMethod": method}
        item.update({k[0].upper() + k[1:]: v for k, v in (value or {}).items()})
        out.append(item)
    return out


def rest_stage_props(api_id: str, stage: dict) -> dict:
    props = {"RestApiId": api_id, "StageName": stage.get("stageName"), "DeploymentId": stage.get("deploymentId"),
             "TracingEnabled": stage.get("tracingEnabled", False),
             "MethodSettings": method_settings(stage.get("methodSettings"))}
    log = stage.get("accessLogSettings")
    if log:
        props["AccessLogSetting"] = {"DestinationArn": log.get("destinationArn"), "Format": log.get("format")}
    return {k: v for k, v in props.items() if v is not None}


def rest_api_props(api: dict) -> dict:
    props = {"Name": api.get("name"), "RestApiId": api.get("id"),
             "DisableExecuteApiEndpoint": api.get("disableExecuteApiEndpoint", False),
             "Policy": rest_api_policy(api.get("policy")), "SecurityPolicy": api.get("securityPolicy")}
    if api.get("endpointConfiguration"):
        props["EndpointConfiguration"] = {"Types": api["endpointConfiguration"].get("types")}
    return {k: v for k, v in props.items() if v is not None}


def rest_api_policy(text: str | None) -> str | None:
    """A REST API's resource policy as JSON text. GetRestApis answers it escaped once more
    (``{\\"Version\\":…,\\"Resource\\":\\"arn:…\\/*\\"}``), as if it were the inside of a JSON string."""
    if not text or not text.lstrip().startswith('{\\"'):
        return text
    try:
        return json.loads(f'"{text}"')
    except ValueError:
        return text


def domain_props(domain: dict) -> dict:
    """GetDomainNames item -> AWS::ApiGateway::DomainName properties. A domain whose
    certificate has a name but no ARN had its certificate uploaded (certificateBody),
    not issued by ACM: that is kept as ``UploadedCertificateName``."""
    props = {"DomainName": domain.get("domainName"), "SecurityPolicy": domain.get("securityPolicy"),
             "CertificateArn": domain.get("certificateArn"), "RegionalCertificateArn": domain.get("regionalCertificateArn")}
    if domain.get("endpointConfiguration"):
        props["EndpointConfiguration"] = {"Types": domain["endpointConfiguration"].get("types")}
    if not (props["CertificateArn"] or props["RegionalCertificateArn"]):
        props["UploadedCertificateName"] = domain.get("certificateName") or domain.get("regionalCertificateName")
    return {k: v for k, v in props.items() if v is not None}


class Reach:
    """Does an integration URI lead to SageMaker? Lambda functions are read once each."""

    def __init__(self, region: Region):
        self.region = region
        self.functions: dict[str, bool] = {}

    def __call__(self, uri: str | None) -> bool:
        if not uri:
            return False
        if "sagemaker" in uri:
            return True
        match = _LAMBDA_IN_URI.search(uri)
        function = match.group(1) if match else (uri if ":lambda:" in uri and ":function:" in uri else None)
        if function is None:
            return False
        if function not in self.functions:
            self.functions[function] = self._function_reaches(function)
        return self.functions[function]

    def _function_reaches(self, function: str) -> bool:
        config = self.region.ask("lambda", "GetFunctionConfiguration", subject=function, FunctionName=function,
                                 missing=("ResourceNotFoundException",))
        if not isinstance(config, dict):
            return isinstance(config, ApiFailure)  # unreadable: keep the API rather than drop it unseen
        names = self.region.scope.endpoints.get(self.region.region, set())
        values = ((config.get("Environment") or {}).get("Variables") or {}).values()
        return any(v in names or "sagemaker" in str(v).lower() for v in values)


def collect_rest(region: Region) -> None:
    reach = Reach(region)
    ml_apis: set[str] = set()
    for api in region.listing("apigateway", "GetRestApis", "items"):
        api_id = api.get("id")
        resources = region.listing("apigateway", "GetResources", "items", restApiId=api_id, embed=["methods"])
        methods = [(res, verb, m) for res in resources for verb, m in (res.get("resourceMethods") or {}).items()]
        if not (region.scope.everything or any(reach((m.get("methodIntegration") or {}).get("uri"))
                                               for _, _, m in methods)):
            continue
        ml_apis.add(api_id)
        api_arn = region.arn("apigateway", f"/restapis/{api_id}", )
        region.emit("AWS::ApiGateway::RestApi", api_arn, rest_api_props(api), tags=api.get("tags"))
        for stage in region.listing("apigateway", "GetStages", "item", restApiId=api_id):
            region.emit("AWS::ApiGateway::Stage", f"{api_arn}/stages/{stage.get('stageName')}",
                        rest_stage_props(api_id, stage), tags=stage.get("tags"))
            region.scope.note({"DestinationArn": (stage.get("accessLogSettings") or {}).get("destinationArn")},
                              region.region)
        for res, verb, m in methods:
            props = {"RestApiId": api_id, "ResourceId": res.get("id"), "HttpMethod": verb,
                     "AuthorizationType": m.get("authorizationType", "NONE"),
                     "ApiKeyRequired": m.get("apiKeyRequired", False), "AuthorizerId": m.get("authorizerId")}
            region.emit("AWS::ApiGateway::Method", f"{api_arn}/resources/{res.get('id')}/methods/{verb}",
                        {k: v for k, v in props.items() if v is not None}, tags=api.get("tags"))
    for domain in region.listing("apigateway", "GetDomainNames", "items"):
        name = domain.get("domainName")
        mappings = region.listing("apigateway", "GetBasePathMappings", "items", domainName=name)
        if not (region.scope.everything or any(m.get("restApiId") in ml_apis for m in mappings)):
            continue
        domain_arn = region.arn("apigateway", f"/domainnames/{name}")
        region.emit("AWS::ApiGateway::DomainName", domain_arn, domain_props(domain), tags=domain.get("tags"))
        for m in mappings:
            region.emit("AWS::ApiGateway::BasePathMapping", f"{domain_arn}/basepathmappings/{m.get('basePath')}",
                        {"DomainName": name, "RestApiId": m.get("restApiId"), "BasePath": m.get("basePath"),
                         "Stage": m.get("stage")})


def collect_http(region: Region) -> None:
    reach = Reach(region)
    ml_apis: set[str] = set()
    for api in region.listing("apigatewayv2", "GetApis", "Items"):
        api_id = api.get("ApiId")
        integrations = region.listing("apigatewayv2", "GetIntegrations", "Items", ApiId=api_id)
        if not (region.scope.everything or any(reach(i.get("IntegrationUri")) for i in integrations)):
            continue
        ml_apis.add(api_id)
        api_arn = region.arn("apigateway", f"/apis/{api_id}")
        region.emit("AWS::ApiGatewayV2::Api", api_arn,
                    {k: api[k] for k in ("Name", "ApiId", "ProtocolType", "DisableExecuteApiEndpoint") if k in api},
                    tags=api.get("Tags"))
        for stage in region.listing("apigatewayv2", "GetStages", "Items", ApiId=api_id):
            props = {"ApiId": api_id, **{k: stage[k] for k in ("StageName", "AccessLogSettings", "DefaultRouteSettings",
                                                               "RouteSettings", "AutoDeploy") if k in stage}}
            region.scope.note({"DestinationArn": (stage.get("AccessLogSettings") or {}).get("DestinationArn")},
                              region.region)
            region.emit("AWS::ApiGatewayV2::Stage", f"{api_arn}/stages/{stage.get('StageName')}", props,
                        tags=stage.get("Tags"))
        for route in region.listing("apigatewayv2", "GetRoutes", "Items", ApiId=api_id):
            props = {"ApiId": api_id, **{k: route[k] for k in ("RouteKey", "AuthorizationType", "ApiKeyRequired",
                                                               "AuthorizerId", "Target") if k in route}}
            region.emit("AWS::ApiGatewayV2::Route", f"{api_arn}/routes/{route.get('RouteId')}", props,
                        tags=api.get("Tags"))
    for domain in region.listing("apigatewayv2", "GetDomainNames", "Items"):
        name = domain.get("DomainName")
        mappings = region.listing("apigatewayv2", "GetApiMappings", "Items", DomainName=name)
        if not (region.scope.everything or any(m.get("ApiId") in ml_apis for m in mappings)):
            continue
        domain_arn = region.arn("apigateway", f"/domainnames/{name}")
        region.emit("AWS::ApiGatewayV2::DomainName", domain_arn,
                    {"DomainName": name, "DomainNameConfigurations": domain.get("DomainNameConfigurations") or []},
                    tags=domain.get("Tags"))
        for m in mappings:
            region.emit("AWS::ApiGatewayV2::ApiMapping", f"{domain_arn}/apimappings/{m.get('ApiMappingId')}",
                        {"DomainName": name, **{k: m[k] for k in ("ApiId", "Stage", "ApiMappingKey") if k in m}})


COLLECTORS = (
    Collector("apigateway.rest", "apigateway", ("GetRestApis", "GetResources", "GetStages", "GetDomainNames",
                                                "GetBasePathMappings", "lambda:GetFunctionConfiguration"),
              collect_rest, stage=NEIGHBOURS),
    Collector("apigatewayv2.http", "apigatewayv2", ("GetApis", "GetIntegrations", "GetStages", "GetRoutes",
                                                    "GetDomainNames", "GetApiMappings",
                                                    "lambda:GetFunctionConfiguration"), collect_http, stage=NEIGHBOURS),
)
