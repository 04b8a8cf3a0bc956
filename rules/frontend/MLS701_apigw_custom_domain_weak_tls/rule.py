r"""
## What it does
Flags API Gateway custom domains that accept TLS below 1.2 or serve a certificate that
is not from ACM:

- REST domains (`AWS::ApiGateway::DomainName`) default to `TLS_1_0` when
  `SecurityPolicy` is absent (API, CloudFormation, SAM and CDK; only the console picks
  TLS 1.2);
- enhanced policies are read from their names: `SecurityPolicy_TLS13_1_3_…` has minimum
  1.3, `SecurityPolicy_TLS13_1_2_…` and `SecurityPolicy_TLS12_…` minimum 1.2,
  `SecurityPolicy_TLS13_<year>_EDGE` minimum 1.3; a name that cannot be read is UNKNOWN;
- v2 domains (`AWS::ApiGatewayV2::DomainName`) are checked per configuration;
- a certificate uploaded to IAM (`certificate_body`, `certificate_name`, an
  `:server-certificate/` ARN; live, a domain whose `GetDomainNames` answer names a
  certificate but gives no ACM ARN) fails with reason `non-acm-cert`.

## Why it matters
The custom domain is where clients send inference requests, often with personal data
in the payload. TLS 1.0 and 1.1 have known weaknesses and are refused by current
compliance regimes; certificates uploaded to IAM are not renewed automatically and their
private keys have passed through build systems.

## Remediation
Set `SecurityPolicy` to `TLS_1_2` (or an enhanced TLS 1.3 policy) and use an ACM
certificate.

### CloudFormation
```yaml
ApiDomain:
  Type: AWS::ApiGateway::DomainName
  Properties:
    DomainName: api.example.com
    RegionalCertificateArn: !Ref AcmCertificate
    EndpointConfiguration: {Types: [REGIONAL]}
    SecurityPolicy: TLS_1_2
```

### Terraform
```hcl
resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "api.example.com"
  regional_certificate_arn = aws_acm_certificate.api.arn
  security_policy          = "TLS_1_2"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
```

### AWS CLI
```sh
aws apigateway update-domain-name --domain-name api.example.com \
  --patch-operations op=replace,path=/securityPolicy,value=TLS_1_2
```

## References
- Amazon API Gateway developer guide: "Choose a security policy for your custom domain in API Gateway"
"""

import re

from mlsec.engine.rule import rule
from mlsec.model.kinds.apigateway import DomainName, DomainNameV2
from mlsec.model.settled import settle
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed, passed, unknown

_ENHANCED = re.compile(r"^SecurityPolicy_TLS1(?P<family>[23])_(?:(?P<major>1)_(?P<minor>\d)_|(?P<year>\d{4})_EDGE)",
                       re.IGNORECASE)


def minimum_tls(policy: str) -> tuple[int, int] | None:
    """The lowest TLS version a security policy accepts, or None for a name not understood."""
    if policy.upper() == "TLS_1_0":
        return (1, 0)
    if policy.upper() == "TLS_1_2":
        return (1, 2)
    match = _ENHANCED.match(policy)
    if match is None:
        return None
    if match.group("year"):
        return (1, 3)
    if match.group("family") == "2":
        return (1, 2)
    return (1, int(match.group("minor")))


@rule(id="MLS701", name="apigw-custom-domain-weak-tls", control="apigw-tls", severity="high")
def check(domain: DomainName | DomainNameV2):
    if isinstance(domain, DomainName):
        verdicts = [_certificate(domain), domain.security_policy.judge(_policy)]
    else:
        configurations, why = settle(domain.configurations)
        if why:
            return unknown(f"the domain's configurations cannot be resolved: {why}")
        if not configurations:
            return unknown(f"{domain.configurations.path} is not set")
        verdicts = []
        for item in configurations:
            verdicts.append(item.certificate_arn.judge(lambda arn: _acm(arn.value, arn.path)))
            verdicts.append(item.security_policy.judge(_policy))
    for status in ("fail", "unknown"):
        picked = [v for v in verdicts if v.status.value == status]
        if picked:
            return Verdict(picked[0].status, "; ".join(v.message for v in picked), reason=picked[0].reason,
                           line=picked[0].line)
    return passed("; ".join(v.message for v in verdicts))


def _policy(policy: Value) -> Verdict:
    said = f"{policy.path} is {policy.describe()}"
    version = minimum_tls(str(policy.value))
    if version is None:
        return unknown(f"{said}, a security policy whose minimum TLS version mlsec cannot read",
                       reason="unknown-policy", line=policy.line)
    if version < (1, 2):
        return failed(f"{said}: clients may connect with TLS {version[0]}.{version[1]}", reason="weak-tls",
                      line=policy.line)
    return passed(f"{said} (TLS {version[0]}.{version[1]} or newer)", line=policy.line)


def _certificate(domain: DomainName) -> Verdict:
    uploaded, why = settle(domain.uploaded_certificate)
    if why:
        return unknown(why)
    if uploaded:
        return failed(f"{domain.uploaded_certificate.path} is set: the certificate is uploaded to IAM, not issued "
                      "by ACM", reason="non-acm-cert", line=domain.uploaded_certificate.line)
    for value in (domain.certificate_arn, domain.regional_certificate_arn):
        if not value.is_absent:
            return value.judge(lambda arn: _acm(arn.value, arn.path))
    return passed("no certificate outside ACM")


def _acm(arn: object, path: str) -> Verdict:
    if ":server-certificate/" in str(arn):
        return failed(f"{path} is {arn}: the certificate is uploaded to IAM, not issued by ACM",
                      reason="non-acm-cert")
    return passed(f"{path} is not an IAM server certificate")
