"""Audit logging: CloudTrail trails."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Resource
from mlsec.model.fields import Attr
from mlsec.model.values import Value


class Trail(Resource):
    kind = "AWS::CloudTrail::Trail"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_cloudtrail",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="TrailName", tf="name", kind="str")]
    is_multi_region: Annotated[Value, Attr(cfn="IsMultiRegionTrail", tf="is_multi_region_trail",
                                           default=False, kind="bool")]
    log_file_validation: Annotated[Value, Attr(cfn="EnableLogFileValidation", tf="enable_log_file_validation",
                                               default=False, kind="bool")]
    kms_key_id: Annotated[Value, Attr(cfn="KMSKeyId", tf="kms_key_id", kind="str",
                                      doc="Absent: log files use SSE-S3.")]
    is_logging: Annotated[Value, Attr(cfn="IsLogging", tf="enable_logging", tf_default=True,
                                      kind="bool")]
    event_selectors: Annotated[Value, Attr(cfn="EventSelectors", tf="event_selector", kind="list")]
    advanced_event_selectors: Annotated[Value, Attr(cfn="AdvancedEventSelectors", tf="advanced_event_selector",
                                                    kind="list")]
