r"""
## What it does
Flags REST methods and v2 routes that anyone can call: `AuthorizationType` (Terraform
`authorization` / `authorization_type`) is `NONE` (the default) and no API key is required.
`AWS_IAM`, `CUSTOM`, `COGNITO_USER_POOLS`, `JWT` or a required API key pass, as do REST
methods of an API whose resource policy admits only traffic through VPC endpoints (a
condition on `aws:SourceVpce`). CORS preflight methods (`OPTIONS`) are not applicable, and
neither are WebSocket routes other than `$connect`, the only one that takes an authorizer.

## Why it matters
An unauthenticated method in front of a model lets anyone run inferences on your bill,
extract the model through its predictions, or probe it with adversarial inputs. Selling
model access needs at least API keys and usage plans; internal APIs need IAM or an
authorizer.

## Remediation
Require IAM, an authorizer or an API key on the method.

### CloudFormation
```yaml
ScoreMethod:
  Type: AWS::ApiGateway::Method
  Properties:
    RestApiId: !Ref ScoringApi
    ResourceId: !Ref ScoreResource
    HttpMethod: POST
    AuthorizationType: AWS_IAM
```

### Terraform
```hcl
resource "aws_api_gateway_method" "score" {
  rest_api_id   = aws_api_gateway_rest_api.scoring.id
  resource_id   = aws_api_gateway_resource.score.id
  http_method   = "POST"
  authorization = "AWS_IAM"
}
```

### AWS CLI
```sh
aws apigateway update-method --rest-api-id API_ID --resource-id RESOURCE_ID --http-method POST \
  --patch-operations op=replace,path=/authorizationType,value=AWS_IAM
```

## References
- Amazon API Gateway developer guide: "Control and manage access to REST APIs in API Gateway"
- AWS Security Hub: APIGateway.8 (v2 routes)
"""

import re

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.kinds.apigateway import HttpApi, Method, RestApi, RestApiPolicy, Route
from mlsec.model.policies import read_policy
from mlsec.model.settled import settle
from mlsec.model.verdict import failed, not_applicable, passed, unknown

_POSITIVE = re.compile(r"^(ForAnyValue:)?String(Equals|Like)(IgnoreCase)?$", re.IGNORECASE)
_NEGATED = re.compile(r"^(ForAllValues:)?StringNot(Equals|Like)(IgnoreCase)?$", re.IGNORECASE)


@rule(id="MLS704", name="apigw-method-unauthenticated", control="apigw-no-auth", severity="medium")
def check(operation: Method | Route, graph: Graph):
    skip = _not_applicable(operation, graph)
    if skip:
        return not_applicable(skip)
    auth, why = settle(operation.authorization_type)
    key, why_key = settle(operation.api_key_required)
    if why or why_key:
        return unknown(f"cannot tell who may call it: {why or why_key}")
    auth_path = operation.authorization_type.path
    if str(auth).upper() != "NONE":
        return passed(f"{auth_path} is {auth}")
    if key is True:
        return passed(f"{auth_path} is NONE, but an API key is required ({operation.api_key_required.path})")
    if isinstance(operation, Method):
        fenced, why = _vpce_only(graph, operation)
        if fenced:
            return passed(f"{auth_path} is NONE, but the API's resource policy admits only calls through VPC "
                          f"endpoints ({fenced})")
        if why:
            return unknown(f"{auth_path} is NONE without an API key, and the API's resource policy cannot be read "
                           f"({why})")
    said = operation.authorization_type.describe()
    return failed(f"{auth_path} is {said} and no API key is required: anyone can call it", reason="no-auth")


def _not_applicable(operation: Method | Route, graph: Graph) -> str | None:
    if isinstance(operation, Method):
        verb, _ = settle(operation.http_method)
        return "a CORS preflight (OPTIONS) method" if str(verb).upper() == "OPTIONS" else None
    if isinstance(operation, Route):
        key, _ = settle(operation.route_key)
        if str(key).upper().startswith("OPTIONS "):
            return "a CORS preflight (OPTIONS) route"
        api = graph.follow(operation, operation.api_id, HttpApi)
        protocol = settle(api.resource.protocol_type)[0] if api.found else None  # type: ignore[union-attr]
        if protocol == "WEBSOCKET" and key != "$connect":
            return f"WebSocket route {key}: only $connect takes an authorizer"
    return None


def _vpce_only(graph: Graph, method: Method) -> tuple[str | None, str | None]:
    """(the statement that limits the API to VPC endpoints, None) or (None, why unreadable)."""
    found = graph.follow(method, method.rest_api_id, RestApi)
    if not found.found:
        return None, None
    api = found.resource
    policy = api.policy  # type: ignore[union-attr]
    for separate in graph.of(RestApiPolicy, method.unit):
        if graph.follow(separate, separate.rest_api_id, RestApi).resource is api:
            policy = separate.policy
    statements, why = read_policy(policy)
    if why:
        return None, why
    for st in statements or []:
        pattern = _POSITIVE if st.is_allow else _NEGATED if st.is_deny else None
        if pattern is None:
            continue
        for operator, block in st.conditions.items():
            if pattern.match(operator) and any(k.lower() == "aws:sourcevpce" for k in block):
                return f"statement {st.sid or st.index}: {st.effect} with {operator} aws:SourceVpce", None
    return None, None
