"""CloudTrail trails, described in their home region: settings, logging status and
event selectors. A trail created without selectors logs all management events; AWS
reports that as a selector, and an empty answer is left absent (the rules' default)."""

from __future__ import annotations

from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import NEIGHBOURS, Collector, Region, fill

_RENAMES = {"Name": "TrailName", "LogFileValidationEnabled": "EnableLogFileValidation", "KmsKeyId": "KMSKeyId"}
_KEEP = ("S3BucketName", "S3KeyPrefix", "SnsTopicName", "IncludeGlobalServiceEvents", "IsMultiRegionTrail",
         "IsOrganizationTrail", "CloudWatchLogsLogGroupArn", "CloudWatchLogsRoleArn", "HomeRegion", "TrailARN")


def trail_props(trail: dict, status: dict | None = None, selectors: dict | None = None) -> dict:
    props = {_RENAMES[k]: v for k, v in trail.items() if k in _RENAMES}
    props.update({k: trail[k] for k in _KEEP if k in trail})
    if status is not None and "IsLogging" in status:
        props["IsLogging"] = status["IsLogging"]
    for key in ("EventSelectors", "AdvancedEventSelectors"):
        if selectors and selectors.get(key):
            props[key] = selectors[key]
    return props


def collect_trails(region: Region) -> None:
    for trail in region.listing("cloudtrail", "DescribeTrails", "trailList", includeShadowTrails=True):
        if trail.get("HomeRegion", region.region) != region.region:
            continue  # a multi-region trail is described once, where it lives
        arn = trail.get("TrailARN") or region.arn("cloudtrail", f"trail/{trail.get('Name')}")
        status = region.ask("cloudtrail", "GetTrailStatus", subject=arn, Name=arn)
        selectors = region.ask("cloudtrail", "GetEventSelectors", subject=arn, TrailName=arn)
        props = trail_props(trail, status if isinstance(status, dict) else None,
                            selectors if isinstance(selectors, dict) else None)
        if isinstance(status, ApiFailure):
            fill(props, ("IsLogging",), status)
        if isinstance(selectors, ApiFailure):
            fill(props, ("EventSelectors", "AdvancedEventSelectors"), selectors)
        region.scope.note({k: props[k] for k in ("KMSKeyId", "CloudWatchLogsLogGroupArn") if k in props},
                          region.region)
        region.emit("AWS::CloudTrail::Trail", arn, props)


COLLECTORS = (
    Collector("cloudtrail.trails", "cloudtrail", ("DescribeTrails", "GetTrailStatus", "GetEventSelectors"),
              collect_trails, stage=NEIGHBOURS),
)
