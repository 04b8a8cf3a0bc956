r"""
## What it does
Flags load balancer listeners that serve plain text to clients:

- an Application Load Balancer `HTTP` listener whose default action is not a redirect
  to `HTTPS` (a redirect without `Protocol` keeps the request's own protocol);
- a Classic Load Balancer listener whose front-end protocol is `HTTP` or `TCP`.

`HTTPS`/`TLS` listeners pass, and so do HTTP listeners that redirect to HTTPS. TCP, UDP
and Gateway Load Balancer listeners of the v2 load balancers are not applicable. Without
a `Protocol`, a listener on an Application Load Balancer is HTTP (the Terraform provider's
default).

In a live account (`elbv2:DescribeLoadBalancers`/`DescribeListeners`,
`elb:DescribeLoadBalancers`) nothing ties a load balancer to the model behind it, so the
ML scope holds only load balancers with a Lambda target whose environment names a
SageMaker endpoint; `--scope account` reads every load balancer, classic ones included.

## Why it matters
Model servers behind ECS, EC2 or EKS usually sit behind a load balancer; when its
listener speaks plain HTTP, inference inputs, results and bearer tokens cross the network
readable and modifiable by anyone on the path.

## Remediation
Serve HTTPS and turn the HTTP listener into a redirect.

### CloudFormation
```yaml
HttpListener:
  Type: AWS::ElasticLoadBalancingV2::Listener
  Properties:
    LoadBalancerArn: !Ref ModelLoadBalancer
    Port: 80
    Protocol: HTTP
    DefaultActions:
      - Type: redirect
        RedirectConfig: {Protocol: HTTPS, Port: "443", StatusCode: HTTP_301}
```

### Terraform
```hcl
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.models.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }
}
```

### AWS CLI
```sh
aws elbv2 modify-listener --listener-arn LISTENER_ARN --default-actions \
  'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'
```

## References
- Elastic Load Balancing user guide: "Listeners for your Application Load Balancers"
- AWS Security Hub: ELB.1, ELB.3
"""

from mlsec.engine.rule import rule
from mlsec.model.elb import load_balancer_type
from mlsec.model.graph import Graph
from mlsec.model.kinds.elb import ClassicLoadBalancer, Listener
from mlsec.model.settled import settle
from mlsec.model.verdict import Verdict, failed, not_applicable, passed, unknown

ENCRYPTED = ("HTTPS", "TLS", "SSL")


@rule(id="MLS710", name="lb-listener-plaintext-http", control="lb-https-only", severity="medium")
def check(resource: Listener | ClassicLoadBalancer, graph: Graph):
    if isinstance(resource, ClassicLoadBalancer):
        return _classic(resource)
    lb_type, _ = load_balancer_type(graph, resource)
    if lb_type == "gateway":
        return not_applicable("a Gateway Load Balancer listener passes traffic through without a protocol of its own")
    protocol, why = settle(resource.protocol)
    if why:
        return unknown(f"the listener's protocol cannot be resolved: {why}")
    if protocol is None:
        if lb_type != "application" and resource.source == "cloudformation":
            return unknown(f"{resource.protocol.path} is not set and the load balancer's type is unknown")
        protocol = "HTTP"
    protocol = str(protocol).upper()
    if protocol in ENCRYPTED:
        return passed(f"the listener speaks {protocol}")
    if protocol != "HTTP":
        return not_applicable(f"a {protocol} listener: plain HTTP rules do not apply to it")
    return _redirects_to_https(resource)


def _redirects_to_https(listener: Listener) -> Verdict:
    actions, why = settle(listener.default_actions)
    if why:
        return unknown(f"the listener's default actions cannot be resolved: {why}")
    for action in actions or []:
        kind, why = settle(action.type)
        target, why_target = settle(action.redirect_protocol)
        if why or why_target:
            return unknown(f"a default action cannot be resolved: {why or why_target}")
        if str(kind).lower() == "redirect":
            if str(target).upper() == "HTTPS":
                return passed("the HTTP listener redirects to HTTPS")
            return failed(f"the HTTP listener redirects with protocol {target}, not HTTPS", reason="plain-http")
    kinds = ", ".join(str(settle(a.type)[0]) for a in actions or []) or "none"
    return failed(f"the listener serves plain HTTP (default actions: {kinds})", reason="plain-http")


def _classic(balancer: ClassicLoadBalancer) -> Verdict:
    listeners, why = settle(balancer.listeners)
    if why:
        return unknown(f"the listeners cannot be resolved: {why}")
    plain, undecided = [], []
    for item in listeners or []:
        protocol, why = settle(item.protocol)
        port, _ = settle(item.port)
        if why:
            undecided.append(why)
        elif str(protocol).upper() in ("HTTP", "TCP"):
            plain.append(f"{str(protocol).upper()} on port {port}")
    if plain:
        return failed("front-end listeners without TLS: " + ", ".join(plain), reason="plain-listener")
    if undecided:
        return unknown("a listener's protocol cannot be resolved: " + undecided[0])
    return passed("every front-end listener uses HTTPS or SSL")
