"""Elastic Load Balancing: v2 load balancers (application, network, gateway) with their
listeners, and Classic Load Balancers with their listeners (MLS710, MLS711).

Nothing in a load balancer says what it serves, so the ML scope keeps only those whose
targets are known to reach SageMaker: a Lambda target group whose function names a
SageMaker endpoint in its environment (the same test API Gateway integrations get).
Load balancers in front of ECS or EC2 model servers are read with ``--scope account``,
which takes every load balancer. Tags come from each API's DescribeTags (20 resources a
call); listeners have tags of their own.
"""

from __future__ import annotations

from typing import Any

from mlsec.sources.aws.apigateway import Reach
from mlsec.sources.aws.collect import NEIGHBOURS, Collector, Region, pick

_TAG_BATCH = 20  # resources per DescribeTags call (both APIs)
_LISTENER_FIELDS = ("ListenerArn", "LoadBalancerArn", "Port", "Protocol", "SslPolicy", "Certificates",
                    "DefaultActions", "AlpnPolicy", "MutualAuthentication")


def load_balancer_props(lb: dict) -> dict:
    """DescribeLoadBalancers (v2) item -> AWS::ElasticLoadBalancingV2::LoadBalancer properties."""
    props = {"Name": lb.get("LoadBalancerName"), **pick(lb, "LoadBalancerArn", "Type", "Scheme", "IpAddressType",
                                                         "VpcId", "SecurityGroups", "DNSName")}
    subnets = [z.get("SubnetId") for z in lb.get("AvailabilityZones") or [] if z.get("SubnetId")]
    if subnets:
        props["Subnets"] = subnets
    return props


def listener_props(listener: dict) -> dict:
    """DescribeListeners item -> AWS::ElasticLoadBalancingV2::Listener properties (the API
    and CloudFormation share the names, default actions included)."""
    return pick(listener, *_LISTENER_FIELDS)


def classic_props(lb: dict) -> dict:
    """DescribeLoadBalancers (classic) item -> AWS::ElasticLoadBalancing::LoadBalancer
    properties: each ListenerDescription's Listener with its policy names."""
    props = pick(lb, "LoadBalancerName", "Scheme", "Subnets", "SecurityGroups", "AvailabilityZones", "DNSName")
    if lb.get("VPCId"):
        props["VPCId"] = lb["VPCId"]
    props["Listeners"] = [{**pick(d.get("Listener"), "Protocol", "LoadBalancerPort", "InstanceProtocol",
                                  "InstancePort", "SSLCertificateId"), "PolicyNames": d.get("PolicyNames") or []}
                          for d in lb.get("ListenerDescriptions") or []]
    return props


def collect_v2(region: Region) -> None:
    balancers = region.listing("elbv2", "DescribeLoadBalancers", "LoadBalancers")
    if not region.scope.everything:
        reaching = _reaching_sagemaker(region) if balancers else set()
        balancers = [lb for lb in balancers if lb.get("LoadBalancerArn") in reaching]
    listeners: dict[str, list] = {}
    for lb in balancers:
        arn = lb["LoadBalancerArn"]
        # unreadable listeners leave a stand-in whose every property is unknown
        listeners[arn] = region.listing("elbv2", "DescribeListeners", "Listeners", LoadBalancerArn=arn,
                                        placeholder=("AWS::ElasticLoadBalancingV2::Listener", f"{arn}/listener/*"))
    arns = [lb["LoadBalancerArn"] for lb in balancers]
    arns += [item["ListenerArn"] for items in listeners.values() for item in items if item.get("ListenerArn")]
    tags = _tags(region, "elbv2", arns, "ResourceArns", "ResourceArn")
    for lb in balancers:
        arn = lb["LoadBalancerArn"]
        region.emit("AWS::ElasticLoadBalancingV2::LoadBalancer", arn, load_balancer_props(lb), tags=tags.get(arn, {}))
        for item in listeners[arn]:
            region.emit("AWS::ElasticLoadBalancingV2::Listener", item.get("ListenerArn") or f"{arn}/listener",
                        listener_props(item), tags=tags.get(item.get("ListenerArn"), {}))


def collect_classic(region: Region) -> None:
    if not region.scope.everything:
        return  # a classic load balancer targets instances only: nothing ties it to SageMaker
    balancers = region.listing("elb", "DescribeLoadBalancers", "LoadBalancerDescriptions")
    names = [lb["LoadBalancerName"] for lb in balancers if lb.get("LoadBalancerName")]
    tags = _tags(region, "elb", names, "LoadBalancerNames", "LoadBalancerName")
    for lb in balancers:
        name = lb.get("LoadBalancerName")
        arn = region.arn("elasticloadbalancing", f"loadbalancer/{name}")
        region.emit("AWS::ElasticLoadBalancing::LoadBalancer", arn, classic_props(lb), tags=tags.get(name, {}))


def _reaching_sagemaker(region: Region) -> set[str]:
    """ARNs of the load balancers with a Lambda target that reaches SageMaker."""
    reach = Reach(region)
    found: set[str] = set()
    for group in region.listing("elbv2", "DescribeTargetGroups", "TargetGroups"):
        if group.get("TargetType") != "lambda" or not group.get("LoadBalancerArns"):
            continue
        health = region.ask("elbv2", "DescribeTargetHealth", subject=group.get("TargetGroupArn"),
                            TargetGroupArn=group.get("TargetGroupArn"))
        if isinstance(health, dict):
            targets = [(d.get("Target") or {}).get("Id") for d in health.get("TargetHealthDescriptions") or []]
            if not any(reach(t) for t in targets if t):
                continue
        elif health is None:
            continue
        found.update(group["LoadBalancerArns"])  # reaches SageMaker, or unreadable: kept rather than dropped unseen
    return found


def _tags(region: Region, service: str, keys: list[str], param: str, key_field: str) -> dict[str, dict]:
    """Tags by ARN (v2) or name (classic); a failed call leaves those resources untagged
    (it is reported)."""
    out: dict[str, dict] = {}
    for i in range(0, len(keys), _TAG_BATCH):
        batch = keys[i:i + _TAG_BATCH]
        response: Any = region.ask(service, "DescribeTags", subject=", ".join(batch), **{param: batch})
        if not isinstance(response, dict):
            continue
        for item in response.get("TagDescriptions") or []:
            out[item.get(key_field)] = {t.get("Key"): t.get("Value") for t in item.get("Tags") or [] if t.get("Key")}
    return out


COLLECTORS = (
    Collector("elbv2.load-balancers", "elbv2", ("DescribeLoadBalancers", "DescribeListeners", "DescribeTags",
                                                "DescribeTargetGroups", "DescribeTargetHealth",
                                                "lambda:GetFunctionConfiguration"), collect_v2, stage=NEIGHBOURS),
    Collector("elb.classic", "elb", ("DescribeLoadBalancers", "DescribeTags"), collect_classic, stage=NEIGHBOURS),
)
