"""References resolve inside a unit: by symbolic Ref, by embedded RefStr, by identifier."""

from mlsec.model.builder import build_resource
from mlsec.model.catalog import model_for
from mlsec.model.graph import Graph
from mlsec.model.kinds.network import Subnet, Vpc
from mlsec.model.kinds.storage import Key
from mlsec.model.kms import key_status
from mlsec.model.props import Props, Ref, RefStr
from mlsec.sources.base import RawResource


def build(source, rtype, rid, props, unit="u"):
    return build_resource(model_for(rtype), RawResource(source, rtype, rid, Props(props), unit, "f", 1))


def test_follow_ref_refstr_and_identifier():
    vpc = build("cloudformation", "AWS::EC2::VPC", "Vpc", {})
    subnet = build("cloudformation", "AWS::EC2::Subnet", "Sub", {"VpcId": Ref("Vpc")})
    other = build("cloudformation", "AWS::EC2::Subnet", "Other", {"VpcId": "vpc-123"})
    key = build("cloudformation", "AWS::KMS::Key", "Key", {})
    g = Graph([vpc, subnet, other, key])
    assert g.follow(subnet, subnet.vpc_id, Vpc).resource is vpc
    outside = g.follow(other, other.vpc_id, Vpc)
    assert outside.status == "outside" and "vpc-123" in outside.reason
    wrong_kind = g.follow(subnet, Ref("Key"), Vpc)
    assert wrong_kind.status == "outside"
    assert g.follow(subnet, RefStr("arn:aws:kms:r:a:key/${Key}", [Ref("Key")]), Key).resource is key
    assert g.of(Subnet) == [subnet, other]


def test_references_do_not_cross_units():
    vpc = build("cloudformation", "AWS::EC2::VPC", "Vpc", {}, unit="a.yaml")
    subnet = build("cloudformation", "AWS::EC2::Subnet", "Sub", {"VpcId": Ref("Vpc")}, unit="b.yaml")
    assert Graph([vpc, subnet]).follow(subnet, subnet.vpc_id, Vpc).status == "outside"


def test_count_instances_are_found_from_an_unindexed_reference():
    subnet = build("terraform", "aws_subnet", "aws_subnet.a[0]", {})
    nb = build("terraform", "aws_sagemaker_notebook_instance", "aws_sagemaker_notebook_instance.n",
               {"subnet_id": Ref("aws_subnet.a", "id")})
    assert Graph([subnet, nb]).follow(nb, nb.subnet_id, Subnet).resource is subnet


def test_kms_key_status():
    key = build("terraform", "aws_kms_key", "aws_kms_key.k", {})
    nb = build("terraform", "aws_sagemaker_notebook_instance", "aws_sagemaker_notebook_instance.n",
               {"kms_key_id": Ref("aws_kms_key.k", "arn")})
    managed = build("terraform", "aws_sagemaker_notebook_instance", "aws_sagemaker_notebook_instance.m",
                    {"kms_key_id": "arn:aws:kms:us-east-1:123456789012:alias/aws/sagemaker"})
    none = build("terraform", "aws_sagemaker_notebook_instance", "aws_sagemaker_notebook_instance.x", {})
    g = Graph([key, nb, managed, none])
    assert key_status(nb, nb.kms_key_id, g).kind == "cmk"
    assert key_status(managed, managed.kms_key_id, g).kind == "aws-managed"
    assert key_status(none, none.kms_key_id, g).kind == "absent"


def test_chains_through_a_real_template(tmp_path):
    """notebook → subnet → VPC, endpoint → config → key, model → role."""
    from mlsec.engine.scan import build_models, read_document
    from mlsec.model.kinds.iam import Role
    from mlsec.model.kinds.sagemaker import Endpoint, EndpointConfig, Model, NotebookInstance
    from mlsec.sources.base import SourceOptions

    path = tmp_path / "t.yaml"
    path.write_text("""
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
  Sub: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}}
  Key: {Type: AWS::KMS::Key}
  ModelRole: {Type: AWS::IAM::Role}
  Nb:
    Type: AWS::SageMaker::NotebookInstance
    Properties: {SubnetId: !Ref Sub, InstanceType: ml.t3.medium}
  M:
    Type: AWS::SageMaker::Model
    Properties: {ExecutionRoleArn: !GetAtt ModelRole.Arn}
  Cfg:
    Type: AWS::SageMaker::EndpointConfig
    Properties:
      KmsKeyId: !Sub "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${Key}"
      ProductionVariants: [{VariantName: A, ModelName: !GetAtt M.ModelName, InstanceType: ml.m5.large}]
  Ep:
    Type: AWS::SageMaker::Endpoint
    Properties: {EndpointConfigName: !GetAtt Cfg.EndpointConfigName}
""")
    g = Graph(build_models(read_document(str(path), SourceOptions()).resources))
    nb, = g.of(NotebookInstance)
    subnet = g.follow(nb, nb.subnet_id, Subnet).resource
    assert g.follow(subnet, subnet.vpc_id, Vpc).resource.id == "Vpc"
    ep, = g.of(Endpoint)
    cfg = g.follow(ep, ep.endpoint_config_name, EndpointConfig).resource
    assert cfg.id == "Cfg"
    assert g.follow(cfg, cfg.kms_key_id, Key).resource.id == "Key"
    [variant] = cfg.production_variants.value
    model = g.follow(cfg, variant.model_name, Model).resource
    assert g.follow(model, model.execution_role_arn, Role).resource.id == "ModelRole"
