"""Tags of a region's resources in one paginated call (Resource Groups Tagging API),
for the resources whose describe calls do not return them (SageMaker, KMS, CloudTrail,
CloudWatch, ECR, Logs, API Gateway). The ``mlsec:ignore`` suppression tag is read from
these. When the combined call fails for another reason than a denial, each resource
type is asked on its own, so one type the service cannot list costs only its own tags."""

from __future__ import annotations

from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import ML, Collector, Region

RESOURCE_TYPES = (
    "sagemaker:notebook-instance", "sagemaker:notebook-instance-lifecycle-config", "sagemaker:model",
    "sagemaker:endpoint-config", "sagemaker:endpoint", "sagemaker:training-job", "sagemaker:processing-job",
    "sagemaker:transform-job", "sagemaker:domain", "sagemaker:feature-group", "sagemaker:monitoring-schedule",
    "sagemaker:model-package-group",
    "kms:key", "cloudtrail:trail", "cloudwatch:alarm", "ecr:repository", "logs:log-group", "apigateway",
)


def _read(region: Region, types: list[str]) -> dict[str, dict]:
    found = {}
    for item in region.api.pages("resourcegroupstaggingapi", "GetResources", "ResourceTagMappingList",
                                 ResourceTypeFilters=types):
        arn = item.get("ResourceARN")
        if arn:
            found[arn] = {t.get("Key"): t.get("Value") for t in item.get("Tags") or [] if t.get("Key")}
    return found


def collect_tags(region: Region) -> None:
    try:
        found = _read(region, list(RESOURCE_TYPES))
    except ApiFailure as failure:
        if failure.kind in ("denied", "absent"):
            if failure.kind == "denied":
                region.report(failure)
            return
        found = {}
        for kind in RESOURCE_TYPES:
            try:
                found.update(_read(region, [kind]))
            except ApiFailure as single:
                region.report(single, subject=kind)
    with region.out.lock:
        region.out.tags.update(found)


COLLECTORS = (
    Collector("tagging.resources", "resourcegroupstaggingapi", ("GetResources",), collect_tags, stage=ML),
)
