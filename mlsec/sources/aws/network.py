"""EC2 networking around SageMaker: subnets, security groups, VPCs, route tables (as
subnet associations), VPC endpoints, and network ACLs with their subnet associations
and entries.

In the ML scope only the subnets and security groups SageMaker names are described, and
the VPCs that hold them; ``--scope account`` takes every one. Filters (not id lists) are
used so that an id from another region is simply not found here.
"""

from __future__ import annotations

from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import NEIGHBOURS, Collector, Region, unknown_props

_CHUNK = 190  # values per EC2 filter (the API takes 200)


def tags_of(item: dict) -> dict:
    return {t.get("Key"): t.get("Value") for t in item.get("Tags") or [] if isinstance(t, dict) and t.get("Key")}


def subnet_props(s: dict) -> dict:
    return {k: s[k] for k in ("SubnetId", "VpcId", "AvailabilityZone", "AvailabilityZoneId", "CidrBlock",
                              "MapPublicIpOnLaunch") if k in s}


def vpc_props(v: dict) -> dict:
    return {k: v[k] for k in ("VpcId", "CidrBlock", "InstanceTenancy", "IsDefault") if k in v}


def permissions_to_rules(permissions: list) -> list:
    """EC2 IpPermissions -> CloudFormation ingress/egress rules (one per source)."""
    rules = []
    for perm in permissions or []:
        base = {"IpProtocol": perm.get("IpProtocol")}
        if "FromPort" in perm:
            base["FromPort"] = perm["FromPort"]
        if "ToPort" in perm:
            base["ToPort"] = perm["ToPort"]
        for r in perm.get("IpRanges") or []:
            rules.append({**base, "CidrIp": r.get("CidrIp"), **_description(r)})
        for r in perm.get("Ipv6Ranges") or []:
            rules.append({**base, "CidrIpv6": r.get("CidrIpv6"), **_description(r)})
        for r in perm.get("UserIdGroupPairs") or []:
            rules.append({**base, "SourceSecurityGroupId": r.get("GroupId"), **_description(r)})
        for r in perm.get("PrefixListIds") or []:
            rules.append({**base, "SourcePrefixListId": r.get("PrefixListId"), **_description(r)})
    return rules


def _description(r: dict) -> dict:
    return {"Description": r["Description"]} if r.get("Description") else {}


def security_group_props(g: dict) -> dict:
    egress = [{**{("DestinationSecurityGroupId" if k == "SourceSecurityGroupId" else
                   "DestinationPrefixListId" if k == "SourcePrefixListId" else k): v for k, v in rule.items()}}
              for rule in permissions_to_rules(g.get("IpPermissionsEgress"))]
    return {"GroupId": g.get("GroupId"), "GroupName": g.get("GroupName"), "GroupDescription": g.get("Description"),
            "VpcId": g.get("VpcId"), "SecurityGroupIngress": permissions_to_rules(g.get("IpPermissions")),
            "SecurityGroupEgress": egress}


def endpoint_props(e: dict) -> dict:
    props = {k: e[k] for k in ("VpcEndpointId", "VpcId", "ServiceName", "VpcEndpointType", "PrivateDnsEnabled",
                               "RouteTableIds", "SubnetIds", "PolicyDocument", "State") if k in e}
    if e.get("Groups"):
        props["SecurityGroupIds"] = [g.get("GroupId") for g in e["Groups"]]
    return props


def nacl_entry_props(acl: dict, entry: dict) -> dict:
    props = {"NetworkAclId": acl.get("NetworkAclId"), "RuleNumber": entry.get("RuleNumber"),
             "Protocol": _protocol_number(entry.get("Protocol")), "RuleAction": entry.get("RuleAction"),
             "Egress": entry.get("Egress", False)}
    for key in ("CidrBlock", "Ipv6CidrBlock", "PortRange", "IcmpTypeCode"):
        if entry.get(key) is not None:
            props[key] = entry[key]
    return props


def _protocol_number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _filtered(region: Region, operation: str, key: str, name: str, values: set[str] | None) -> list:
    return _read(region, operation, key, name, values)[0]


def _read(region: Region, operation: str, key: str, name: str,
          values: set[str] | None) -> tuple[list, ApiFailure | None]:
    """Describe everything (values None), or only the given ids through a filter."""
    if values is None:
        return region.try_listing("ec2", operation, key)
    out: list = []
    failure = None
    ordered = sorted(values)
    for i in range(0, len(ordered), _CHUNK):
        items, failed = region.try_listing("ec2", operation, key,
                                           Filters=[{"Name": name, "Values": ordered[i:i + _CHUNK]}])
        out += items
        failure = failure or failed
    return out, failure


def collect_network(region: Region) -> None:
    scope = region.scope
    everything = scope.everything
    if not everything and not (scope.subnets or scope.groups or scope.vpcs):
        return
    subnets = _filtered(region, "DescribeSubnets", "Subnets", "subnet-id", None if everything else scope.subnets)
    groups = _filtered(region, "DescribeSecurityGroups", "SecurityGroups", "group-id",
                       None if everything else scope.groups)
    vpc_ids = {s["VpcId"] for s in subnets if s.get("VpcId")} | {g["VpcId"] for g in groups if g.get("VpcId")}
    vpc_ids |= {v for v in scope.vpcs}
    vpcs = _filtered(region, "DescribeVpcs", "Vpcs", "vpc-id", None if everything else vpc_ids)
    known_vpcs = {v["VpcId"] for v in vpcs}
    for v in vpcs:
        region.emit("AWS::EC2::VPC", region.arn("ec2", f"vpc/{v['VpcId']}"), vpc_props(v), tags=tags_of(v))
    for s in subnets:
        region.emit("AWS::EC2::Subnet", s.get("SubnetArn") or region.arn("ec2", f"subnet/{s['SubnetId']}"),
                    subnet_props(s), tags=tags_of(s))
    for g in groups:
        region.emit("AWS::EC2::SecurityGroup", region.arn("ec2", f"security-group/{g['GroupId']}"),
                    security_group_props(g), tags=tags_of(g))
    if not known_vpcs:
        return
    vpc_filter = None if everything else known_vpcs
    _route_tables(region, subnets, vpc_filter)
    _endpoints(region, known_vpcs, vpc_filter)
    _network_acls(region, set(scope.subnets), vpc_filter)


def _route_tables(region: Region, subnets: list, vpc_filter: set[str] | None) -> None:
    """Explicit subnet associations, plus the main table's implicit ones: a subnet with
    no association of its own uses its VPC's main route table."""
    tables = _filtered(region, "DescribeRouteTables", "RouteTables", "vpc-id", vpc_filter)
    explicit: set[str] = set()
    main: dict[str, str] = {}
    for table in tables:
        rtb = table.get("RouteTableId")
        region.emit("AWS::EC2::RouteTable", region.arn("ec2", f"route-table/{rtb}"),
                    {"RouteTableId": rtb, "VpcId": table.get("VpcId"), "Routes": table.get("Routes") or []},
                    tags=tags_of(table))
        for assoc in table.get("Associations") or []:
            if assoc.get("Main"):
                main[table.get("VpcId")] = rtb
            elif assoc.get("SubnetId"):
                explicit.add(assoc["SubnetId"])
                _association(region, assoc["SubnetId"], rtb, implicit=False)
    for s in subnets:
        if s.get("SubnetId") not in explicit and s.get("VpcId") in main:
            _association(region, s["SubnetId"], main[s["VpcId"]], implicit=True)


def _association(region: Region, subnet: str, table: str, implicit: bool) -> None:
    region.emit("AWS::EC2::SubnetRouteTableAssociation", region.arn("ec2", f"route-table/{table}/subnet/{subnet}"),
                {"SubnetId": subnet, "RouteTableId": table}, implicit=implicit or None)


def _network_acls(region: Region, subnet_ids: set[str], vpc_filter: set[str] | None) -> None:
    """Each ACL, its subnet associations and its entries. In the ML scope only ACLs that
    guard a subnet SageMaker uses are kept, with those associations only."""
    for acl in _filtered(region, "DescribeNetworkAcls", "NetworkAcls", "vpc-id", vpc_filter):
        acl_id = acl.get("NetworkAclId")
        guarded = [a.get("SubnetId") for a in acl.get("Associations") or [] if a.get("SubnetId")]
        if vpc_filter is not None:
            guarded = [s for s in guarded if s in subnet_ids]
            if not guarded:
                continue
        acl_arn = region.arn("ec2", f"network-acl/{acl_id}")
        region.emit("AWS::EC2::NetworkAcl", acl_arn, {"NetworkAclId": acl_id, "VpcId": acl.get("VpcId"),
                                                      "IsDefault": acl.get("IsDefault")}, tags=tags_of(acl))
        for subnet in guarded:
            region.emit("AWS::EC2::SubnetNetworkAclAssociation", f"{acl_arn}/subnet/{subnet}",
                        {"SubnetId": subnet, "NetworkAclId": acl_id})
        for entry in acl.get("Entries") or []:
            direction = "egress" if entry.get("Egress") else "ingress"
            region.emit("AWS::EC2::NetworkAclEntry", f"{acl_arn}/{direction}/{entry.get('RuleNumber')}",
                        nacl_entry_props(acl, entry), tags=tags_of(acl))


def _endpoints(region: Region, vpc_ids: set[str], vpc_filter: set[str] | None) -> None:
    endpoints, failure = _read(region, "DescribeVpcEndpoints", "VpcEndpoints", "vpc-id", vpc_filter)
    if failure is not None:
        # Unreadable endpoints must not look like missing ones: each VPC gets a stand-in
        # endpoint whose service and type are unknown.
        for vpc in sorted(vpc_ids):
            props = unknown_props("AWS::EC2::VPCEndpoint", failure.unknown())
            props["VpcId"] = vpc
            region.emit("AWS::EC2::VPCEndpoint", region.arn("ec2", f"vpc-endpoint/{vpc}/*"), props, placeholder=True)
    for e in endpoints:
        region.emit("AWS::EC2::VPCEndpoint", region.arn("ec2", f"vpc-endpoint/{e['VpcEndpointId']}"),
                    endpoint_props(e), tags=tags_of(e))


COLLECTORS = (
    Collector("ec2.network", "ec2", ("DescribeSubnets", "DescribeSecurityGroups", "DescribeVpcs",
                                     "DescribeRouteTables", "DescribeVpcEndpoints", "DescribeNetworkAcls"),
              collect_network, stage=NEIGHBOURS),
)
