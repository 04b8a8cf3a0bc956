r"""
## What it does
Flags HTTPS and TLS listeners of Application and Network Load Balancers whose security
policy accepts TLS 1.0 or 1.1. Without `SslPolicy` the API, CLI, CloudFormation, CDK and
Terraform all use `ELBSecurityPolicy-2016-08`, which does; only the console picks a TLS
1.3 policy. Policies are classified from a shipped list: `ELBSecurityPolicy-2016-08`,
`-2015-05`, `-TLS-1-0-*`, `-TLS-1-1-*`, `-TLS13-1-0-*`, `-TLS13-1-1-*`, `-FS-2018-06` and
`-FS-1-1-*` are weak; `-TLS13-1-2-*`, `-TLS13-1-3-*`, `-TLS-1-2-*` and `-FS-1-2-*` pass. A
name in neither list is UNKNOWN. Listeners that do not terminate TLS are not applicable.

In a live account (`elbv2:DescribeListeners`) nothing ties a load balancer to the model
behind it, so the ML scope holds only load balancers with a Lambda target whose
environment names a SageMaker endpoint; `--scope account` reads every load balancer.

## Why it matters
TLS 1.0 and 1.1 allow downgrade attacks and weak cipher suites; PCI DSS and most
corporate policies have banned them for years. A model endpoint behind such a listener
offers them to every client, and an attacker on the path can pick the weakest.

## Remediation
Set a TLS 1.2 or TLS 1.3 policy.

### CloudFormation
```yaml
HttpsListener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    LoadBalancerArn: !Ref ModelLoadBalancer
    Port: 443
    Protocol: HTTPS
    Certificates: [{CertificateArn: !Ref Certificate}]
    SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
    DefaultActions: [{Type: forward, TargetGroupArn: !Ref ModelTargets}]
```

### Terraform
```hcl
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.models.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.models.arn
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.models.arn
  }
}
```

### AWS CLI
```sh
aws elbv2 modify-listener --listener-arn LISTENER_ARN --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06
```

## References
- Elastic Load Balancing user guide: "Security policies for your Application Load Balancer"
- AWS Security Hub: ELB.17 (related, stricter: it asks for the recommended policies)
"""

from mlsec.engine.rule import rule
from mlsec.model.elb import policy_strength
from mlsec.model.kinds.elb import Listener
from mlsec.model.settled import settle
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed, not_applicable, passed, unknown

TLS_PROTOCOLS = ("HTTPS", "TLS")


@rule(id="MLS711", name="lb-listener-weak-tls-policy", control="lb-https-only", severity="medium")
def check(listener: Listener):
    protocol, why = settle(listener.protocol)
    if why:
        return unknown(f"the listener's protocol cannot be resolved: {why}")
    if str(protocol).upper() not in TLS_PROTOCOLS:
        return not_applicable(f"the listener does not terminate TLS (protocol {protocol or 'not set'})")

    def decide(policy: Value) -> Verdict:
        said = f"{policy.path} is {policy.describe()}"
        strength = policy_strength(str(policy.value))
        if strength == "weak":
            return failed(f"{said}, which accepts TLS 1.0 or 1.1", reason="weak-tls", line=policy.line)
        if strength == "strong":
            return passed(f"{said} (TLS 1.2 or newer only)", line=policy.line)
        return unknown(f"{said}, a policy mlsec cannot classify", reason="unknown-policy", line=policy.line)

    return listener.ssl_policy.judge(decide)
