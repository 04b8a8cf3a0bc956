"""Parity of the load balancer collector with moto: load balancers and listeners made
through the ELB APIs, scanned live with --scope account, get the MLS710/MLS711 verdicts
their aws.json fixtures promise for the same configurations."""

from __future__ import annotations

import pytest

from tests.live.conftest import scan_and_evaluate

POLICY_OK = "ELBSecurityPolicy-TLS13-1-2-2021-06"


@pytest.fixture(scope="module")
def scanned():
    import boto3

    from mlsec.sources.demo import mocked_account

    with mocked_account():
        session = boto3.Session(region_name="us-east-1")
        ec2, acm = session.client("ec2"), session.client("acm")
        vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.1.{i}.0/24", AvailabilityZone=f"us-east-1{z}")
                   ["Subnet"]["SubnetId"] for i, z in ((1, "a"), (2, "b"))]
        cert = acm.request_certificate(DomainName="ml.example.com")["CertificateArn"]
        elbv2 = session.client("elbv2")
        alb = elbv2.create_load_balancer(Name="ml-inference-alb", Subnets=subnets, Type="application")[
            "LoadBalancers"][0]["LoadBalancerArn"]
        group = elbv2.create_target_group(Name="model-servers", Protocol="HTTP", Port=8080, VpcId=vpc,
                                          TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        forward = [{"Type": "forward", "TargetGroupArn": group}]
        names = {}

        def listener(name, **kwargs):
            arn = elbv2.create_listener(LoadBalancerArn=alb, **kwargs)["Listeners"][0]["ListenerArn"]
            names[arn] = name

        listener("bad-http-forward", Protocol="HTTP", Port=80, DefaultActions=forward)
        listener("good-http-redirect", Protocol="HTTP", Port=8080, DefaultActions=[
            {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
        listener("bad-old-policy", Protocol="HTTPS", Port=443, SslPolicy="ELBSecurityPolicy-2016-08",
                 Certificates=[{"CertificateArn": cert}], DefaultActions=forward)
        listener("good-tls13", Protocol="HTTPS", Port=8443, SslPolicy=POLICY_OK,
                 Certificates=[{"CertificateArn": cert}], DefaultActions=forward)
        session.client("elb").create_load_balancer(
            LoadBalancerName="bad-classic-http", Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80,
                                                             "InstanceProtocol": "HTTP", "InstancePort": 8080}],
            Subnets=subnets[:1])
        live, result = scan_and_evaluate(session, regions=["us-east-1"], scope="account")
        ml_live, ml_result = scan_and_evaluate(session, regions=["us-east-1"])
    return names, live, result, ml_result


def _statuses(result, rule_id, names):
    out: dict[str, set[str]] = {}
    for f in result.findings:
        if f.rule.id == rule_id:
            name = names.get(f.resource.id) or f.resource.id.rsplit("/", 1)[-1]
            out.setdefault(name, set()).add(f.status.value)
    return out


def test_listeners_get_the_verdicts_of_their_fixtures(scanned):
    names, live, result, _ = scanned
    assert not [e for e in live.source.errors if "elasticloadbalancing" in e.message or "elb" in (e.target or "")]
    assert _statuses(result, "MLS710", names) == {
        "bad-http-forward": {"fail"}, "good-http-redirect": {"pass"}, "bad-old-policy": {"pass"},
        "good-tls13": {"pass"}, "bad-classic-http": {"fail"}}
    tls = _statuses(result, "MLS711", names)
    assert tls["bad-old-policy"] == {"fail"} and tls["good-tls13"] == {"pass"}
    assert tls["bad-http-forward"] == tls["good-http-redirect"] == {"not_applicable"}


def test_the_ml_scope_leaves_load_balancers_without_sagemaker_targets_out(scanned):
    _, _, _, ml_result = scanned
    assert not [f for f in ml_result.findings if f.rule.id in ("MLS710", "MLS711")]
