"""SageMaker Model Registry: model package groups and their resource policies."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr
from mlsec.model.values import Value


class ModelPackageGroup(Resource):
    kind = "AWS::SageMaker::ModelPackageGroup"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_sagemaker_model_package_group",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="ModelPackageGroupName", tf="model_package_group_name", kind="str")]
    policy: Annotated[Value, Attr(cfn="ModelPackageGroupPolicy", kind="policy",
                                  doc="Absent: only the owning account can use the group. Terraform writes "
                                      "the policy as aws_sagemaker_model_package_group_policy.")]


class ModelPackageGroupPolicy(Resource):
    """Terraform's separate model package group policy (CloudFormation keeps it on the group)."""

    kind = "aws_sagemaker_model_package_group_policy"
    native_types = {"terraform": (kind,)}

    group: Annotated[Value, Attr(tf="model_package_group_name", kind="str")]
    policy: Annotated[Value, Attr(tf="resource_policy", kind="policy")]
