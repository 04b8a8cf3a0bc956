"""Elastic Load Balancing: v2 load balancers (application, network, gateway) and their
listeners, and Classic Load Balancers with their inline listeners."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Component, Resource
from mlsec.model.fields import Attr, Nested
from mlsec.model.values import Value


class LoadBalancer(Resource):
    kind = "AWS::ElasticLoadBalancingV2::LoadBalancer"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_lb", "aws_alb")}
    identifiers = ("name", "arn_value")

    name: Annotated[Value, Attr(cfn="Name", tf="name", kind="str")]
    arn_value: Annotated[Value, Attr(api="LoadBalancerArn", kind="str")]
    lb_type: Annotated[Value, Attr(cfn="Type", tf="load_balancer_type", default="application", kind="str")]


class ListenerAction(Component):
    type: Annotated[Value, Attr(cfn="Type", tf="type", kind="str")]
    redirect_protocol: Annotated[Value, Attr(cfn="RedirectConfig.Protocol", tf="redirect.protocol",
                                             default="#{protocol}", kind="str",
                                             doc="Absent: the request's own protocol.")]


class Listener(Resource):
    """A v2 listener. Without ``SslPolicy`` an HTTPS or TLS listener gets
    ``ELBSecurityPolicy-2016-08`` (API, CLI, CloudFormation, CDK and Terraform alike)."""

    kind = "AWS::ElasticLoadBalancingV2::Listener"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_lb_listener", "aws_alb_listener")}

    load_balancer: Annotated[Value, Attr(cfn="LoadBalancerArn", tf="load_balancer_arn", kind="str")]
    protocol: Annotated[Value, Attr(cfn="Protocol", tf="protocol", kind="str",
                                    doc="Absent: HTTP on an Application Load Balancer; a Gateway Load "
                                        "Balancer's listener has none.")]
    port: Annotated[Value, Attr(cfn="Port", tf="port", kind="int")]
    ssl_policy: Annotated[Value, Attr(cfn="SslPolicy", tf="ssl_policy", default="ELBSecurityPolicy-2016-08",
                                      kind="str")]
    default_actions: Annotated[Value, Nested(model=ListenerAction, cfn="DefaultActions", tf="default_action")]


class ClassicListener(Component):
    protocol: Annotated[Value, Attr(cfn="Protocol", tf="lb_protocol", kind="str")]
    port: Annotated[Value, Attr(cfn="LoadBalancerPort", tf="lb_port", kind="int")]


class ClassicLoadBalancer(Resource):
    kind = "AWS::ElasticLoadBalancing::LoadBalancer"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_elb",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="LoadBalancerName", tf="name", kind="str")]
    listeners: Annotated[Value, Nested(model=ClassicListener, cfn="Listeners", tf="listener")]
