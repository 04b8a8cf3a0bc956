"""CloudTrail trails, described in their home region: settings, logging status and
event selectors. A trail created without selectors logs all management events; AWS
reports that as a selector, and an empty answer is left absent (the rules' default).
Each region also gets the list of trails that cover it, those homed elsewhere included
(``mlsec::aws::TrailList``): what a region records is judged from that list."""

from __future__ import annotations

from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import NEIGHBOURS, Collector, Region, fill

TRAIL_LIST = "mlsec::aws::TrailList"
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
    trails = _listed(region)
    for trail in trails:
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


def _listed(region: Region) -> list:
    """Every trail that covers the region (shadow trails included), also kept as the
    region's ``mlsec::aws::TrailList``; a list that cannot be read is an unknown one.
    A snapshot that does not record the call says nothing about the region's trails."""
    try:  # one answer holds every trail (DescribeTrails has no pages)
        trails = region.api.call("cloudtrail", "DescribeTrails", includeShadowTrails=True).get("trailList") or []
    except ApiFailure as failure:
        if failure.kind != "absent":
            region.report(failure)
            region.emit(TRAIL_LIST, region.arn("cloudtrail", "trail-list"), {"Trails": failure.unknown()})
        return []
    listed = [{"TrailARN": t.get("TrailARN"), "HomeRegion": t.get("HomeRegion", region.region)} for t in trails]
    region.emit(TRAIL_LIST, region.arn("cloudtrail", "trail-list"), {"Trails": listed})
    return trails


COLLECTORS = (
    Collector("cloudtrail.trails", "cloudtrail", ("DescribeTrails", "GetTrailStatus", "GetEventSelectors"),
              collect_trails, stage=NEIGHBOURS),
)
