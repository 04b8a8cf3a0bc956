"""Audit logging: CloudTrail trails and their event selectors."""

from __future__ import annotations

from typing import Annotated

from mlsec.model.base import Component, Resource
from mlsec.model.fields import Attr, Nested
from mlsec.model.values import Value


class DataResource(Component):
    """A basic selector's data resources: a resource type and ARN prefixes."""

    type: Annotated[Value, Attr(cfn="Type", tf="type", kind="str")]
    values: Annotated[Value, Attr(cfn="Values", tf="values", kind="list")]


class EventSelector(Component):
    """A basic event selector."""

    read_write_type: Annotated[Value, Attr(cfn="ReadWriteType", tf="read_write_type", default="All", kind="str")]
    include_management_events: Annotated[Value, Attr(cfn="IncludeManagementEvents",
                                                     tf="include_management_events", default=True, kind="bool")]
    data_resources: Annotated[Value, Nested(model=DataResource, cfn="DataResources", tf="data_resource")]


class FieldSelector(Component):
    """One condition of an advanced event selector; the selector matches an event when all
    its conditions do."""

    field: Annotated[Value, Attr(cfn="Field", tf="field", kind="str")]
    equals: Annotated[Value, Attr(cfn="Equals", tf="equals", kind="list")]
    not_equals: Annotated[Value, Attr(cfn="NotEquals", tf="not_equals", kind="list")]
    starts_with: Annotated[Value, Attr(cfn="StartsWith", tf="starts_with", kind="list")]
    not_starts_with: Annotated[Value, Attr(cfn="NotStartsWith", tf="not_starts_with", kind="list")]
    ends_with: Annotated[Value, Attr(cfn="EndsWith", tf="ends_with", kind="list")]
    not_ends_with: Annotated[Value, Attr(cfn="NotEndsWith", tf="not_ends_with", kind="list")]


class AdvancedEventSelector(Component):
    name: Annotated[Value, Attr(cfn="Name", tf="name", kind="str")]
    field_selectors: Annotated[Value, Nested(model=FieldSelector, cfn="FieldSelectors", tf="field_selector")]


class Trail(Resource):
    """A trail. With neither basic nor advanced selectors it logs all management events,
    read and write, and no data events."""

    kind = "AWS::CloudTrail::Trail"
    native_types = {"cloudformation": (kind,), "terraform": ("aws_cloudtrail",)}
    identifiers = ("name",)

    name: Annotated[Value, Attr(cfn="TrailName", tf="name", kind="str")]
    s3_bucket_name: Annotated[Value, Attr(cfn="S3BucketName", tf="s3_bucket_name", kind="str")]
    is_multi_region: Annotated[Value, Attr(cfn="IsMultiRegionTrail", tf="is_multi_region_trail",
                                           default=False, kind="bool")]
    log_file_validation: Annotated[Value, Attr(cfn="EnableLogFileValidation", tf="enable_log_file_validation",
                                               default=False, kind="bool")]
    kms_key_id: Annotated[Value, Attr(cfn="KMSKeyId", tf="kms_key_id", kind="str",
                                      doc="Absent: log files are encrypted with SSE-S3.")]
    is_logging: Annotated[Value, Attr(cfn="IsLogging", tf="enable_logging", tf_default=True,
                                      kind="bool", doc="Required in CloudFormation; the provider defaults to true.")]
    event_selectors: Annotated[Value, Nested(model=EventSelector, cfn="EventSelectors", tf="event_selector")]
    advanced_event_selectors: Annotated[Value, Nested(model=AdvancedEventSelector, cfn="AdvancedEventSelectors",
                                                      tf="advanced_event_selector")]


class ListedTrail(Component):
    """One trail that DescribeTrails lists in a region."""

    trail_arn: Annotated[Value, Attr(api="TrailARN", kind="str")]
    home_region: Annotated[Value, Attr(api="HomeRegion", kind="str")]


class TrailList(Resource):
    """Live only: the trails that cover one region, as DescribeTrails (with shadow trails)
    lists them there: the region's own, and the multi-region and organization trails
    homed in another region or account. Each trail is described and judged in its home
    region; this list lets the checks of what a region records (MLS601, MLS606, MLS607)
    find the ones homed elsewhere, and know that nothing else covers the region."""

    kind = "mlsec::aws::TrailList"
    native_types = {}

    trails: Annotated[Value, Nested(model=ListedTrail, api="Trails")]
