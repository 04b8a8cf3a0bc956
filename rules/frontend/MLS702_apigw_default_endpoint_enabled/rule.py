r"""
## What it does
Flags REST and HTTP/WebSocket APIs that are served under a custom domain (a
`BasePathMapping`/`ApiMapping`, or Terraform's `aws_api_gateway_base_path_mapping` /
`aws_apigatewayv2_api_mapping`) while their default `execute-api` endpoint stays on
(`DisableExecuteApiEndpoint` absent or false). APIs with no custom domain and private REST
APIs (endpoint type `PRIVATE`, whose default endpoint already requires TLS 1.2 and a VPC
endpoint) are not applicable.

## Why it matters
A custom domain is where TLS policy, WAF, mutual TLS and monitoring are usually set up.
The default `https://{api-id}.execute-api.{region}.amazonaws.com` endpoint bypasses all of
it, and for edge and Regional REST APIs without a security policy of their own it still
accepts TLS 1.0, whatever the custom domain's policy says.

## Remediation
Disable the default endpoint once clients use the custom domain.

### CloudFormation
```yaml
ScoringApi:
  Type: AWS::ApiGateway::RestApi
  Properties:
    Name: scoring
    DisableExecuteApiEndpoint: true
```

### Terraform
```hcl
resource "aws_api_gateway_rest_api" "scoring" {
  name                         = "scoring"
  disable_execute_api_endpoint = true
}
```

### AWS CLI
```sh
aws apigateway update-rest-api --rest-api-id API_ID \
  --patch-operations op=replace,path=/disableExecuteApiEndpoint,value='True'
aws apigatewayv2 update-api --api-id API_ID --disable-execute-api-endpoint
```

## References
- Amazon API Gateway developer guide: "Disable the default endpoint for REST APIs"
- Amazon API Gateway developer guide: "Choose a security policy for your custom domain in API Gateway"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.apigateway import Api, DomainMapping, HttpApi, RestApi
from mlsec.model.settled import settle
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed, not_applicable, passed, unknown


@rule(id="MLS702", name="apigw-default-endpoint-enabled", control="apigw-tls", severity="medium")
def check(api: RestApi | HttpApi, graph: Graph):
    if isinstance(api, RestApi):
        types, why = settle(api.endpoint_types)
        if why:
            return unknown(f"cannot tell whether the API is private: {why}")
        if "PRIVATE" in [str(t).upper() for t in types or []]:
            return not_applicable("a private API: its default endpoint is reached only through VPC endpoints")
    mapped, undecided = [], []
    for mapping in graph.of(DomainMapping, api.unit):
        found = graph.follow(mapping, mapping.api, Api)
        if found.resource is api:
            mapped.append(mapping.id)
        elif found.status == "unknown":
            undecided.append(f"{mapping.id} may map it, but {found.reason}")

    def decide(flag: Value) -> Verdict:
        said = f"{flag.path} is {flag.describe()}"
        if flag.value is True:
            return passed(f"{said}: only the custom domain serves the API", line=flag.line)
        if mapped:
            return failed(f"the API is mapped to a custom domain ({', '.join(mapped)}) but {said}: the "
                          "execute-api endpoint bypasses the domain's TLS policy", reason="default-endpoint-on",
                          line=flag.line)
        if undecided:
            return unknown(f"{said}, and {undecided[0]}", reason="mapping-unresolved", line=flag.line)
        return not_applicable("no custom domain in the scanned files maps this API")

    return api.disable_execute_api_endpoint.judge(decide)
