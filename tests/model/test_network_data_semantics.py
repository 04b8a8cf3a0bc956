"""Shared semantics behind the network, data-store, trail and front-end rules."""

from __future__ import annotations

import pytest

from mlsec.iam.statements import parse_statements
from mlsec.model.ecr import repository_filter_matches, tag_filter_matches
from mlsec.model.elb import policy_strength
from mlsec.model.network_acls import Entry, first_match
from mlsec.model.policies import exposure, grants_action
from mlsec.model.props import Unknown


def statement(**fields):
    return parse_statements({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                                            **fields}]})[0]


@pytest.mark.parametrize("fields,status", [
    ({"Principal": "*"}, "public"),
    ({"Principal": {"CanonicalUser": "*"}}, "public"),
    ({"NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}}, "public"),
    ({"Principal": {"AWS": "arn:aws:iam::*:root"}}, "public"),
    ({"Principal": {"AWS": "arn:aws:iam::123456789012:role/reader"}}, "private"),
    # an organisation pin wins over the open CIDR beside it (policyuniverse #150)
    ({"Principal": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"},
                                      "IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}}, "private"),
    ({"Principal": "*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}, "private"),
    ({"Principal": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "0.0.0.0/0"]}}}, "public"),
    # anonymous requests lack the key: IfExists and ForAllValues then hold
    ({"Principal": "*", "Condition": {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}}, "public"),
    ({"Principal": "*", "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}, "public"),
    ({"Principal": "*", "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-*"}}}, "public"),
    ({"Principal": {"AWS": Unknown("parameter Reader has no value")}}, "unknown"),
])
def test_public_exposure(fields, status):
    assert exposure(statement(**fields)).status == status


def test_actions_match_wildcards_and_not_action_complements():
    assert grants_action(statement(Action="kms:Put*"), "kms:PutKeyPolicy") is True
    assert grants_action(statement(Action="KMS:*"), "kms:ScheduleKeyDeletion") is True
    assert grants_action(statement(Action=["kms:Decrypt"]), "kms:CreateGrant") is False
    st = parse_statements({"Statement": [{"Effect": "Allow", "NotAction": "kms:Decrypt", "Resource": "*"}]})[0]
    assert grants_action(st, "kms:CreateGrant") is True and grants_action(st, "kms:Decrypt") is False
    assert grants_action(statement(Action=Unknown("unresolved")), "kms:Decrypt") is None


def test_ecr_filters():
    assert repository_filter_matches("ml", "team-ml-models")  # no wildcard: contains
    assert repository_filter_matches("ml-*", "ml-training") and not repository_filter_matches("ml-*", "xml-a")
    assert tag_filter_matches("release-*", "release-1.2") and not tag_filter_matches("latest", "latest-2")


@pytest.mark.parametrize("name,strength", [
    ("ELBSecurityPolicy-2016-08", "weak"), ("ELBSecurityPolicy-TLS-1-1-2017-01", "weak"),
    ("ELBSecurityPolicy-FS-2018-06", "weak"), ("ELBSecurityPolicy-TLS13-1-2-2021-06", "strong"),
    ("ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04", "strong"), ("ELBSecurityPolicy-FS-1-2-Res-2020-10", "strong"),
    ("MyCustomPolicy", None),
])
def test_elb_policy_strength(name, strength):
    assert policy_strength(name) == strength


def test_acl_first_match_is_the_lowest_rule_number_and_ignores_narrower_ranges():
    entries = [Entry("allow-all", 200, "allow", "all", None, None, "0.0.0.0/0"),
               Entry("deny-ssh", 100, "deny", "tcp", 22, 22, "0.0.0.0/0"),
               Entry("allow-office", 50, "allow", "tcp", 22, 22, "203.0.113.0/24")]
    assert first_match(entries, "ipv4", "tcp", 22)[0].where == "deny-ssh"
    assert first_match(entries, "ipv4", "tcp", 3389)[0].where == "allow-all"
    assert first_match(entries, "ipv6", "tcp", 22) == (None, None)  # only the implicit deny
    unnumbered = entries + [Entry("somewhere", None, "allow", "all", None, None, "0.0.0.0/0")]
    assert first_match(unnumbered, "ipv4", "tcp", 22)[1] == "somewhere has no rule number"
