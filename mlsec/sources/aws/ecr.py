"""ECR repositories whose images SageMaker uses, and the registry's scanning rules."""

from __future__ import annotations

from mlsec.sources.aws.api import ApiFailure
from mlsec.sources.aws.collect import NEIGHBOURS, Collector, Region, fill


def repository_props(repo: dict, policy: dict | None = None) -> dict:
    """DescribeRepositories item (camelCase) -> AWS::ECR::Repository properties."""
    props: dict = {"RepositoryName": repo.get("repositoryName"), "RepositoryUri": repo.get("repositoryUri")}
    scanning = repo.get("imageScanningConfiguration")
    if scanning is not None:
        props["ImageScanningConfiguration"] = {"ScanOnPush": bool(scanning.get("scanOnPush"))}
    if repo.get("imageTagMutability"):
        props["ImageTagMutability"] = repo["imageTagMutability"]
    filters = repo.get("imageTagMutabilityExclusionFilters")
    if filters:
        props["ImageTagMutabilityExclusionFilters"] = [
            {"ImageTagMutabilityExclusionFilterType": f.get("filterType"),
             "ImageTagMutabilityExclusionFilterValue": f.get("filter")} for f in filters]
    encryption = repo.get("encryptionConfiguration")
    if encryption:
        props["EncryptionConfiguration"] = {k2: encryption[k1] for k1, k2 in
                                            (("encryptionType", "EncryptionType"), ("kmsKey", "KmsKey"))
                                            if encryption.get(k1)}
    if policy and policy.get("policyText"):
        props["RepositoryPolicyText"] = policy["policyText"]
    return props


def scanning_props(response: dict) -> dict:
    config = response.get("scanningConfiguration") or {}
    rules = [{"ScanFrequency": r.get("scanFrequency"),
              "RepositoryFilters": [{"Filter": f.get("filter"), "FilterType": f.get("filterType")}
                                    for f in r.get("repositoryFilters") or []]}
             for r in config.get("rules") or []]
    props: dict = {"ScanType": config.get("scanType")} if config.get("scanType") else {}
    if rules:
        props["Rules"] = rules
    return props


def collect_repositories(region: Region) -> None:
    wanted = [r for r in region.listing("ecr", "DescribeRepositories", "repositories")
              if region.scope.wants_repository(region.region, r.get("repositoryName", ""))]
    for repo in wanted:
        name = repo.get("repositoryName")
        policy = region.ask("ecr", "GetRepositoryPolicy", subject=name, repositoryName=name,
                            missing=("RepositoryPolicyNotFoundException",))
        props = repository_props(repo, policy if isinstance(policy, dict) else None)
        if isinstance(policy, ApiFailure):
            fill(props, ("RepositoryPolicyText",), policy)
        region.scope.note(props, region.region, keys_only=True)
        region.emit("AWS::ECR::Repository", repo.get("repositoryArn") or region.arn("ecr", f"repository/{name}"),
                    props)
    if not wanted and not region.scope.everything:
        return
    response = region.ask("ecr", "GetRegistryScanningConfiguration")
    props = fill({}, ("ScanType", "Rules"), response) if isinstance(response, ApiFailure) else \
        scanning_props(response or {})
    region.emit("AWS::ECR::RegistryScanningConfiguration", region.arn("ecr", "registry-scanning-configuration"), props)


COLLECTORS = (
    Collector("ecr.repositories", "ecr", ("DescribeRepositories", "GetRepositoryPolicy",
                                          "GetRegistryScanningConfiguration"), collect_repositories, stage=NEIGHBOURS),
)
