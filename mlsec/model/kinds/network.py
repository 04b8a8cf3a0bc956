"""EC2 networking: VPCs, subnets, route-table links, security groups, VPC endpoints."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr
from mlsec.model.values import Value


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


class SecurityGroup(Resource):
    kind = "AWS::EC2::SecurityGroup"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_security_group",)}
    identifiers = ("group_id",)

    group_id: Annotated[Value, Attr(api="GroupId", kind="str")]
    vpc_id: Annotated[Value, Attr(cfn="VpcId", tf="vpc_id", kind="str")]
    ingress: Annotated[Value, Attr(cfn="SecurityGroupIngress", tf="ingress", kind="list")]


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
    policy: Annotated[Value, Attr(cfn="PolicyDocument", tf="policy", kind="policy")]
