"""The EC2 network collector: network ACLs come with their subnet associations, and in
the ML scope only ACLs guarding a subnet SageMaker uses are kept (MLS313 live)."""

from __future__ import annotations

import json
from pathlib import Path

from mlsec.sources.aws.collect import LiveOptions, Output, Region
from mlsec.sources.aws.network import collect_network
from mlsec.sources.aws.scope import Scope
from mlsec.sources.aws.snapshot import SnapshotApi

FIXTURE = Path(__file__).resolve().parents[2] / "rules/network/MLS313_nacl_admin_ports_open/fixtures/fail/aws.json"


def _collect(scope: Scope) -> Output:
    responses = json.loads(FIXTURE.read_text())["responses"]
    out = Output()
    collect_network(Region(SnapshotApi(responses, "us-east-1"), "123456789012", "us-east-1", scope,
                           LiveOptions(), out))
    return out


def _by_type(out: Output, type_name: str) -> list:
    return [r for r in out.resources if r.type == type_name]


def test_acls_and_their_associations_are_emitted():
    out = _collect(Scope("123456789012", everything=True))
    acls = {r.props["NetworkAclId"]: r for r in _by_type(out, "AWS::EC2::NetworkAcl")}
    assert set(acls) == {"acl-0a1b2c3d4e5f60002", "acl-0a1b2c3d4e5f60003"}
    assert acls["acl-0a1b2c3d4e5f60002"].metadata["tags"] == {"Name": "bad-nacl-default"}
    links = {(r.props["NetworkAclId"], r.props["SubnetId"])
             for r in _by_type(out, "AWS::EC2::SubnetNetworkAclAssociation")}
    assert links == {("acl-0a1b2c3d4e5f60002", "subnet-0a1b2c3d4e5f60001"),
                     ("acl-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60002")}
    entries = _by_type(out, "AWS::EC2::NetworkAclEntry")
    assert all(e.props["NetworkAclId"] in acls for e in entries) and len(entries) == 9


def test_ml_scope_keeps_only_acls_of_sagemaker_subnets():
    scope = Scope("123456789012")
    scope.subnets.add("subnet-0a1b2c3d4e5f60001")  # only the first notebook's subnet
    out = _collect(scope)
    assert [r.props["NetworkAclId"] for r in _by_type(out, "AWS::EC2::NetworkAcl")] == ["acl-0a1b2c3d4e5f60002"]
    assert [r.props["SubnetId"] for r in _by_type(out, "AWS::EC2::SubnetNetworkAclAssociation")] == \
        ["subnet-0a1b2c3d4e5f60001"]
    assert {e.props["NetworkAclId"] for e in _by_type(out, "AWS::EC2::NetworkAclEntry")} == {"acl-0a1b2c3d4e5f60002"}
