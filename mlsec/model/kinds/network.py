"""EC2 networking: VPCs, subnets, route-table links, security groups and their rules,
network ACLs and their entries, VPC endpoints and their policies."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Component, Resource
from mlsec.model.fields import Attr, Nested
from mlsec.model.values import State, Value


class Vpc(Resource):
    kind = "AWS::EC2::VPC"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_vpc",)}
    identifiers = ("vpc_id",)

    vpc_id: Annotated[Value, Attr(api="VpcId", kind="str")]
    cidr_block: Annotated[Value, Attr(cfn="CidrBlock", tf="cidr_block", kind="str")]


class Subnet(Resource):
    kind = "AWS::EC2::Subnet"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_subnet",)}
    identifiers = ("subnet_id",)

    subnet_id: Annotated[Value, Attr(api="SubnetId", kind="str")]
    vpc_id: Annotated[Value, Attr(cfn="VpcId", tf="vpc_id", kind="str")]
    availability_zone: Annotated[Value, Attr(cfn="AvailabilityZone", tf="availability_zone", kind="str")]
    availability_zone_id: Annotated[Value, Attr(cfn="AvailabilityZoneId", tf="availability_zone_id", kind="str")]


class SubnetRouteTableAssociation(Resource):
    kind = "AWS::EC2::SubnetRouteTableAssociation"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_route_table_association",)}

    subnet_id: Annotated[Value, Attr(cfn="SubnetId", tf="subnet_id", kind="str")]
    route_table_id: Annotated[Value, Attr(cfn="RouteTableId", tf="route_table_id", kind="str")]


class IngressRule(Component):
    """One inbound permission: an inline entry of a security group, or a standalone rule.

    CloudFormation and ``aws_vpc_security_group_ingress_rule`` name one CIDR per rule;
    Terraform's inline ``ingress`` and ``aws_security_group_rule`` take lists. Both are
    read as lists. Protocol ``-1`` (Terraform also ``all``) means every protocol and port.
    """

    ip_protocol: Annotated[Value, Attr(cfn="IpProtocol", tf=("protocol", "ip_protocol"), kind="str")]
    from_port: Annotated[Value, Attr(cfn="FromPort", tf="from_port", kind="int")]
    to_port: Annotated[Value, Attr(cfn="ToPort", tf="to_port", kind="int")]
    cidr_ipv4: Annotated[Value, Attr(cfn="CidrIp", tf=("cidr_blocks", "cidr_ipv4"), kind="list")]
    cidr_ipv6: Annotated[Value, Attr(cfn="CidrIpv6", tf=("ipv6_cidr_blocks", "cidr_ipv6"), kind="list")]


class SecurityGroup(Resource):
    kind = "AWS::EC2::SecurityGroup"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_security_group",)}
    identifiers = ("group_id", "group_name")

    group_id: Annotated[Value, Attr(api="GroupId", kind="str")]
    group_name: Annotated[Value, Attr(cfn="GroupName", tf="name", kind="str")]
    vpc_id: Annotated[Value, Attr(cfn="VpcId", tf="vpc_id", kind="str")]
    ingress: Annotated[Value, Nested(model=IngressRule, cfn="SecurityGroupIngress", tf="ingress")]


class SecurityGroupIngress(Resource):
    """A standalone security group rule. ``aws_security_group_rule`` also holds egress
    rules (``type = "egress"``); ``is_ingress`` tells them apart. Its permission is read
    through ``IngressRule`` (``mlsec.model.components.as_component``)."""

    kind = "AWS::EC2::SecurityGroupIngress"
    native_types = {"cloudformation": (kind,),
                    "terraform": ("aws_vpc_security_group_ingress_rule", "aws_security_group_rule")}

    group: Annotated[Value, Attr(cfn=("GroupId", "GroupName"), tf="security_group_id", kind="str")]
    direction: Annotated[Value, Attr(tf="type", default="ingress", kind="str")]

    @property
    def is_ingress(self) -> bool | None:
        if self.direction.state in (State.UNKNOWN, State.BRANCHED):
            return None
        return self.direction.value in (None, "ingress")  # CloudFormation's type is ingress only


class NetworkAclEntry(Component):
    """One rule of a network ACL, inline (Terraform ``ingress``/``egress`` blocks) or
    standalone (``AWS::EC2::NetworkAclEntry``, ``aws_network_acl_rule``)."""

    rule_number: Annotated[Value, Attr(cfn="RuleNumber", tf=("rule_no", "rule_number"), kind="int")]
    action: Annotated[Value, Attr(cfn="RuleAction", tf=("action", "rule_action"), kind="str")]
    protocol: Annotated[Value, Attr(cfn="Protocol", tf="protocol", kind="str")]
    from_port: Annotated[Value, Attr(cfn="PortRange.From", tf="from_port", kind="int")]
    to_port: Annotated[Value, Attr(cfn="PortRange.To", tf="to_port", kind="int")]
    cidr_ipv4: Annotated[Value, Attr(cfn="CidrBlock", tf="cidr_block", kind="str")]
    cidr_ipv6: Annotated[Value, Attr(cfn="Ipv6CidrBlock", tf="ipv6_cidr_block", kind="str")]
    egress: Annotated[Value, Attr(cfn="Egress", tf="egress", default=False, kind="bool")]


class NetworkAcl(Resource):
    """A network ACL. ``aws_default_network_acl`` adopts a VPC's default ACL: the entries
    it lists replace the defaults."""

    kind = "AWS::EC2::NetworkAcl"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_network_acl", "aws_default_network_acl")}
    identifiers = ("acl_id",)

    acl_id: Annotated[Value, Attr(api="NetworkAclId", kind="str")]
    vpc_id: Annotated[Value, Attr(cfn="VpcId", tf="vpc_id", kind="str")]
    subnet_ids: Annotated[Value, Attr(tf="subnet_ids", kind="list")]
    inline_ingress: Annotated[Value, Nested(model=NetworkAclEntry, tf="ingress")]


class NetworkAclRule(Resource):
    kind = "AWS::EC2::NetworkAclEntry"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_network_acl_rule",)}

    network_acl_id: Annotated[Value, Attr(cfn="NetworkAclId", tf="network_acl_id", kind="str")]


class SubnetNetworkAclAssociation(Resource):
    kind = "AWS::EC2::SubnetNetworkAclAssociation"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_network_acl_association",)}

    subnet_id: Annotated[Value, Attr(cfn="SubnetId", tf="subnet_id", kind="str")]
    network_acl_id: Annotated[Value, Attr(cfn="NetworkAclId", tf="network_acl_id", kind="str")]


class VpcEndpoint(Resource):
    kind = "AWS::EC2::VPCEndpoint"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_vpc_endpoint",)}
    identifiers = ("endpoint_id",)

    endpoint_id: Annotated[Value, Attr(api="VpcEndpointId", kind="str")]
    vpc_id: Annotated[Value, Attr(cfn="VpcId", tf="vpc_id", kind="str")]
    service_name: Annotated[Value, Attr(cfn="ServiceName", tf="service_name", kind="str")]
    endpoint_type: Annotated[Value, Attr(cfn="VpcEndpointType", tf="vpc_endpoint_type", default="Gateway",
                                         kind="str")]
    private_dns_enabled: Annotated[Value, Attr(cfn="PrivateDnsEnabled", tf="private_dns_enabled", default=False,
                                               kind="bool")]
    route_table_ids: Annotated[Value, Attr(cfn="RouteTableIds", tf="route_table_ids", kind="list")]
    subnet_ids: Annotated[Value, Attr(cfn="SubnetIds", tf="subnet_ids", kind="list")]
    security_group_ids: Annotated[Value, Attr(cfn="SecurityGroupIds", tf="security_group_ids", kind="list")]
    policy: Annotated[Value, Attr(cfn="PolicyDocument", tf="policy", kind="policy",
                                  doc="Absent: the default policy, which allows full access.")]


class VpcEndpointPolicy(Resource):
    """Terraform's separate endpoint policy; CloudFormation and the API keep it on the endpoint."""

    kind = "aws_vpc_endpoint_policy"  # no CloudFormation type of its own
    native_types = {"terraform": (kind,)}

    vpc_endpoint_id: Annotated[Value, Attr(tf="vpc_endpoint_id", kind="str")]
    policy: Annotated[Value, Attr(tf="policy", kind="policy")]
