r"""
## What it does
Flags ECR repositories whose pushed images are not scanned: the repository's
`ImageScanningConfiguration.ScanOnPush` is not true (ECR defaults to false) **and** no
registry scanning rule in the scanned files covers the repository. A registry rule
counts when it scans on push (`BASIC` with `SCAN_ON_PUSH`; `ENHANCED` with `SCAN_ON_PUSH`
or `CONTINUOUS_SCAN`) and one of its repository filters matches the repository name
(with a `*` the filter must match the whole name; without one it matches any name that
contains it).

## Why it matters
Training and inference containers bundle deep learning frameworks, CUDA libraries and
Python packages that collect CVEs quickly. A serving image pushed without a scan can
carry a known remote-code-execution bug straight onto an endpoint that holds model
weights and an execution role.

## Remediation
Prefer a registry-level rule (AWS is retiring the repository-level setting); the
repository flag still works where no registry rule exists.

### CloudFormation
```yaml
RegistryScanning:
  Type: AWS::ECR::RegistryScanningConfiguration
  Properties:
    ScanType: ENHANCED
    Rules:
      - ScanFrequency: SCAN_ON_PUSH
        RepositoryFilters: [{Filter: "*", FilterType: WILDCARD}]
ModelRepository:
  Type: AWS::ECR::Repository
  Properties:
    ImageScanningConfiguration:
      ScanOnPush: true
```

### Terraform
```hcl
resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = "ENHANCED"
  rule {
    scan_frequency = "SCAN_ON_PUSH"
    repository_filter {
      filter      = "*"
      filter_type = "WILDCARD"
    }
  }
}
```

### AWS CLI
```sh
aws ecr put-registry-scanning-configuration --scan-type ENHANCED \
  --rules '[{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]'
aws ecr put-image-scanning-configuration --repository-name REPO --image-scanning-configuration scanOnPush=true
```

## References
- Amazon ECR user guide: "Scan images for software vulnerabilities in Amazon ECR"
- AWS Security Hub: ECR.1
"""

from mlsec.engine.rule import rule
from mlsec.model.ecr import ON_PUSH, repository_filter_matches
from mlsec.model.graph import Graph
from mlsec.model.kinds.ecr import RegistryScanningConfiguration, Repository
from mlsec.model.settled import settle
from mlsec.model.verdict import failed, passed, unknown


@rule(id="MLS520", name="ecr-scan-on-push-disabled", control="ecr-scan-on-push", severity="medium")
def check(repo: Repository, graph: Graph):
    flag, flag_unknown = settle(repo.scan_on_push)
    if flag is True:
        return passed(f"{repo.scan_on_push.path} is true", line=repo.scan_on_push.line)
    covered, undecided = _registry_rule(graph, repo)
    if covered:
        return passed(covered)
    if flag_unknown or undecided:
        return unknown(f"cannot tell whether pushed images are scanned: {flag_unknown or undecided}",
                       reason="scan-setting-unresolved")
    return failed(f"{repo.scan_on_push.path} is {repo.scan_on_push.describe()} and no registry scanning rule in "
                  "the scanned files scans this repository on push", reason="no-scan-on-push",
                  line=repo.scan_on_push.line)


def _registry_rule(graph: Graph, repo: Repository) -> tuple[str | None, str | None]:
    """(the registry rule that scans the repository on push, None) or (None, why unknown)."""
    name, name_unknown = settle(repo.name)
    undecided = None
    for config in graph.of(RegistryScanningConfiguration, repo.unit):
        scan_type, why = settle(config.scan_type)
        rules, why_rules = settle(config.rules)
        if why or why_rules:
            undecided = undecided or f"the registry scanning configuration {config.id} is unresolved " \
                                     f"({why or why_rules})"
            continue
        for number, scan_rule in enumerate(rules or []):
            frequency, why = settle(scan_rule.scan_frequency)
            filters, why_filters = settle(scan_rule.repository_filters)
            if why or why_filters:
                undecided = undecided or f"rule {number} of {config.id} is unresolved ({why or why_filters})"
                continue
            if frequency not in ON_PUSH.get(scan_type, ()):
                continue
            for item in filters or []:
                pattern, why = settle(item.filter)
                if why:
                    undecided = undecided or f"a filter of {config.id} is unresolved ({why})"
                elif pattern == "*" or (name is not None and repository_filter_matches(str(pattern), str(name))):
                    return f"{config.id} ({scan_type}, {frequency}) covers it with filter {pattern!r}", None
                elif name is None:
                    undecided = undecided or (f"the repository name is {'unresolved' if name_unknown else 'not set'},"
                                              f" so filter {pattern!r} of {config.id} may or may not match")
    return None, undecided
