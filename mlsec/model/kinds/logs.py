"""CloudWatch Logs log groups."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr
from mlsec.model.values import Value


class LogGroup(Resource):
    kind = "AWS::Logs::LogGroup"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_cloudwatch_log_group",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="LogGroupName", tf="name", kind="str")]
    kms_key_id: Annotated[Value, Attr(cfn="KmsKeyId", tf="kms_key_id", kind="str",
                                      doc="Absent: events are encrypted with a key CloudWatch Logs manages.")]
    retention_in_days: Annotated[Value, Attr(cfn="RetentionInDays", tf="retention_in_days", kind="int",
                                             doc="Absent (Terraform: also 0): events never expire.")]
