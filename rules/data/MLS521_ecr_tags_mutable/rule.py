r"""
## What it does
Flags ECR repositories whose image tags can be overwritten: `ImageTagMutability` is
`MUTABLE` (the ECR default) or `MUTABLE_WITH_EXCLUSION` (only tags matching the exclusion
filters are immutable). `IMMUTABLE` passes; `IMMUTABLE_WITH_EXCLUSION` passes with a note
listing the tag patterns that stay mutable.

## Why it matters
SageMaker models, pipelines and jobs pull images by tag. When a tag can be pushed again,
whoever can push to the repository replaces the code that the next endpoint update,
autoscaling event or training run executes, with the execution role's permissions and
without any change to the model or template. Immutable tags make the image a tag names
the image that was reviewed.

## Remediation
Make the repository's tags immutable and push each build under a new tag (or reference
images by digest).

### CloudFormation
```yaml
ModelRepository:
  Type: AWS::ECR::Repository
  Properties:
    ImageTagMutability: IMMUTABLE
```

### Terraform
```hcl
resource "aws_ecr_repository" "models" {
  name                 = "models"
  image_tag_mutability = "IMMUTABLE"
}
```

### AWS CLI
```sh
aws ecr put-image-tag-mutability --repository-name REPO --image-tag-mutability IMMUTABLE
```

## References
- Amazon ECR user guide: "Preventing image tags from being overwritten in Amazon ECR"
- AWS Security Hub: ECR.2
"""

from mlsec.engine.rule import rule
from mlsec.model.ecr import exclusion_patterns
from mlsec.model.kinds.ecr import Repository
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed, passed, unknown


@rule(id="MLS521", name="ecr-tags-mutable", control="ecr-mutable-tags", severity="medium")
def check(repo: Repository):
    def decide(setting: Value) -> Verdict:
        said = f"{setting.path} is {setting.describe()}"
        if setting.value == "IMMUTABLE":
            return passed(said, line=setting.line)
        if setting.value == "MUTABLE":
            return failed(f"{said}: any tag can be pushed again with a different image", reason="mutable",
                          line=setting.line)
        patterns, why = exclusion_patterns(repo)
        if patterns is None:
            return unknown(f"{said} and its exclusion filters are unresolved ({why})", line=setting.line)
        listed = ", ".join(patterns) or "none"
        if setting.value == "IMMUTABLE_WITH_EXCLUSION":
            return passed(f"{said}: tags are immutable except those matching {listed}",
                          evidence={"mutable_tags": patterns}, line=setting.line)
        if setting.value == "MUTABLE_WITH_EXCLUSION":
            return failed(f"{said}: only tags matching {listed} are immutable, every other tag can be pushed again",
                          reason="mutable-with-exclusion", evidence={"immutable_tags": patterns}, line=setting.line)
        return unknown(f"{said}, which is not a known tag mutability setting", line=setting.line)

    return repo.tag_mutability.judge(decide)
