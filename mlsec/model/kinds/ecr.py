"""Elastic Container Registry: repositories, their policies, and the registry's scanning rules."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Component, Resource
from mlsec.model.fields import Attr, Nested
from mlsec.model.values import Value


class TagMutabilityExclusionFilter(Component):
    """A wildcard tag pattern that is exempt from the repository's tag mutability setting."""

    filter: Annotated[Value, Attr(cfn="ImageTagMutabilityExclusionFilterValue", tf="filter", kind="str")]
    filter_type: Annotated[Value, Attr(cfn="ImageTagMutabilityExclusionFilterType", tf="filter_type",
                                       default="WILDCARD", kind="str")]


class Repository(Resource):
    kind = "AWS::ECR::Repository"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_ecr_repository",)}
    identifiers = ("name", "repository_uri")

    name: Annotated[Value, Attr(cfn="RepositoryName", tf="name", kind="str")]
    repository_uri: Annotated[Value, Attr(api="RepositoryUri", kind="str")]
    scan_on_push: Annotated[Value, Attr(cfn="ImageScanningConfiguration.ScanOnPush",
                                        tf="image_scanning_configuration.scan_on_push", default=False, kind="bool")]
    tag_mutability: Annotated[Value, Attr(cfn="ImageTagMutability", tf="image_tag_mutability", default="MUTABLE",
                                          kind="str")]
    tag_mutability_exclusions: Annotated[Value, Nested(
        model=TagMutabilityExclusionFilter, cfn="ImageTagMutabilityExclusionFilters",
        tf="image_tag_mutability_exclusion_filter",
        doc="Tags exempt from ImageTagMutability (*_WITH_EXCLUSION values; Terraform provider 6+).")]
    encryption_type: Annotated[Value, Attr(cfn="EncryptionConfiguration.EncryptionType",
                                           tf="encryption_configuration.encryption_type", default="AES256",
                                           kind="str")]
    kms_key: Annotated[Value, Attr(cfn="EncryptionConfiguration.KmsKey", tf="encryption_configuration.kms_key",
                                   kind="str", doc="Absent with a KMS encryption type: the aws/ecr managed key.")]
    policy: Annotated[Value, Attr(cfn="RepositoryPolicyText", kind="policy",
                                  doc="Terraform writes it as a separate aws_ecr_repository_policy.")]


class RepositoryPolicy(Resource):
    """Terraform's separate repository policy; CloudFormation and the API keep it on the repository."""

    kind = "aws_ecr_repository_policy"  # no CloudFormation type of its own
    native_types = {"terraform": (kind,)}

    repository: Annotated[Value, Attr(tf="repository", kind="str")]
    policy: Annotated[Value, Attr(tf="policy", kind="policy")]


class RepositoryFilter(Component):
    filter: Annotated[Value, Attr(cfn="Filter", tf="filter", kind="str")]
    filter_type: Annotated[Value, Attr(cfn="FilterType", tf="filter_type", default="WILDCARD", kind="str")]


class ScanningRule(Component):
    scan_frequency: Annotated[Value, Attr(cfn="ScanFrequency", tf="scan_frequency", kind="str")]
    repository_filters: Annotated[Value, Nested(model=RepositoryFilter, cfn="RepositoryFilters",
                                                tf="repository_filter")]


class RegistryScanningConfiguration(Resource):
    """The account's registry-level scanning rules (one per registry and region)."""

    kind = "AWS::ECR::RegistryScanningConfiguration"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_ecr_registry_scanning_configuration",)}

    scan_type: Annotated[Value, Attr(cfn="ScanType", tf="scan_type", default="BASIC", kind="str")]
    rules: Annotated[Value, Nested(model=ScanningRule, cfn="Rules", tf="rule")]
