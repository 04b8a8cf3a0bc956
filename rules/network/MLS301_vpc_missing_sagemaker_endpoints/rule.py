r"""
## What it does
For every VPC that hosts a SageMaker resource (a notebook's subnet, a model's or job's
`VpcConfig` subnets, a Studio domain's VPC), checks that the VPC has the three endpoints
SageMaker traffic needs to stay private:

- S3: a Gateway endpoint whose route tables serve the hosting subnets, or an Interface
  endpoint with private DNS;
- `sagemaker.api`: an Interface endpoint with private DNS;
- `sagemaker.runtime`: an Interface endpoint with private DNS.

An Interface endpoint with private DNS off does not count: SDKs keep resolving the public
service names. The finding also lists endpoints that are usually needed as well (`studio`
for VpcOnly domains, `notebook` for notebooks without direct internet, ECR, STS, Logs and
CloudWatch for isolated VPCs) without changing the verdict. VPCs with no SageMaker
resource are not applicable. A SageMaker resource whose subnet or VPC is not among the
scanned resources (a literal `subnet-…` id, an imported value, a subnet a live scan could not
read) is judged on its own: UNKNOWN, since the endpoints may be declared elsewhere, or FAIL
with `--assume-complete-network`.

## Why it matters
Without these endpoints, calls to S3 and the SageMaker APIs leave the VPC through a NAT
gateway or fail. Traffic then crosses the internet edge, escapes endpoint policies (which
are how you stop data being copied to foreign buckets) and breaks entirely in isolated
subnets.

## Remediation
Create the missing endpoints in the VPC, with private DNS on for Interface endpoints and
the hosting subnets' route tables on the S3 Gateway endpoint.

### CloudFormation
```yaml
S3Endpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
    VpcEndpointType: Gateway
    RouteTableIds: [!Ref PrivateRouteTable]
SageMakerApiEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.sagemaker.api
    VpcEndpointType: Interface
    PrivateDnsEnabled: true
    SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
    SecurityGroupIds: [!Ref EndpointSecurityGroup]
SageMakerRuntimeEndpoint:
  Type: AWS::EC2::VPCEndpoint
  Properties:
    VpcId: !Ref Vpc
    ServiceName: !Sub com.amazonaws.${AWS::Region}.sagemaker.runtime
    VpcEndpointType: Interface
    PrivateDnsEnabled: true
    SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
    SecurityGroupIds: [!Ref EndpointSecurityGroup]
```

### Terraform
```hcl
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${data.aws_region.current.name}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_route_table.private.id]
}

resource "aws_vpc_endpoint" "sagemaker" {
  for_each            = toset(["sagemaker.api", "sagemaker.runtime"])
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.${data.aws_region.current.name}.${each.key}"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.endpoints.id]
}
```

### AWS CLI
```sh
aws ec2 create-vpc-endpoint --vpc-id VPC_ID --vpc-endpoint-type Gateway \
  --service-name com.amazonaws.REGION.s3 --route-table-ids RTB_ID
aws ec2 create-vpc-endpoint --vpc-id VPC_ID --vpc-endpoint-type Interface \
  --service-name com.amazonaws.REGION.sagemaker.api --private-dns-enabled \
  --subnet-ids SUBNET_A SUBNET_B --security-group-ids SG_ID
aws ec2 create-vpc-endpoint --vpc-id VPC_ID --vpc-endpoint-type Interface \
  --service-name com.amazonaws.REGION.sagemaker.runtime --private-dns-enabled \
  --subnet-ids SUBNET_A SUBNET_B --security-group-ids SG_ID
```

## References
- Amazon SageMaker AI developer guide: "Connect to SageMaker AI Within your VPC"
- Amazon VPC user guide: "Gateway endpoints for Amazon S3"
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.engine.settings import Settings
from mlsec.model.kinds.network import Vpc
from mlsec.model.kinds.sagemaker import Domain, Model, NotebookInstance
from mlsec.model.relations import placements
from mlsec.model.verdict import failed, not_applicable, passed, unknown
from mlsec.model.vpc_endpoints import REQUIRED, advisable_services, endpoint_coverage


@rule(id="MLS301", name="vpc-missing-sagemaker-endpoints", control="vpc-endpoint-missing", severity="medium")
def check(resource: Vpc | NotebookInstance | Model | Domain, graph: Graph, settings: Settings):
    if not isinstance(resource, Vpc):
        return _placed_elsewhere(resource, graph, settings)
    vpc = resource
    hosted = [p for p in placements(graph, vpc.unit) if p.vpc is vpc]
    if not hosted:
        return not_applicable("no SageMaker resource in the scanned files runs in this VPC")
    subnets = {s.id: s for p in hosted for s in p.subnets}
    coverage = endpoint_coverage(graph, vpc, list(subnets.values()))
    users = ", ".join(sorted({p.resource.id for p in hosted}))
    evidence = {"hosts": sorted({p.resource.id for p in hosted}), "endpoints": coverage.evidence,
                "also_advisable": advisable_services([p.resource for p in hosted])}
    if coverage.missing:
        return failed(f"the VPC hosts {users} but lacks: {'; '.join(coverage.missing)}", evidence=evidence,
                      reason="missing-endpoints")
    if coverage.undecided:
        return unknown(f"cannot tell whether the VPC hosting {users} has all endpoints: "
                       f"{'; '.join(coverage.undecided)}", evidence=evidence)
    return passed(f"the VPC hosting {users} has {', '.join(REQUIRED)} endpoints", evidence=evidence)


def _placed_elsewhere(resource, graph: Graph, settings: Settings):
    """A SageMaker resource is judged here only when its VPC is not a scanned resource;
    otherwise the finding on that VPC covers it (no finding of its own)."""
    for placement in placements(graph, resource.unit):
        if placement.resource is not resource or placement.vpc is not None:
            continue
        if placement.outside and settings.assume_complete_network:
            return failed(f"{resource.id} runs in a VPC that is not in the scanned files ({placement.unresolved}); "
                          "with --assume-complete-network it counts as lacking the S3 and SageMaker endpoints",
                          reason="vpc-outside-scan")
        return unknown(f"cannot check the SageMaker endpoints of the VPC {resource.id} runs in: "
                       f"{placement.unresolved}", reason="vpc-outside-scan" if placement.outside else "vpc-unresolved")
    return []
