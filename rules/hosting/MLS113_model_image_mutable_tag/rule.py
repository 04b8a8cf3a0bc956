r"""
## What it does
Flags model containers that pull a private ECR image by a tag that can be moved: the
repository's `ImageTagMutability` is `MUTABLE` (the default), or the tag matches an
exclusion filter under `IMMUTABLE_WITH_EXCLUSION`, or does not match one under
`MUTABLE_WITH_EXCLUSION`. Images pinned by digest (`@sha256:`) and tags of immutable
repositories pass. Containers that use a `ModelPackageName`, and images from registries
AWS owns (built-in algorithms, Deep Learning Containers), are not applicable. When the
repository is not in the scanned template or module, the result is unknown. Each
container is judged on its own (`subject` names it).

## Why it matters
SageMaker pulls the image again whenever it starts an instance: on scaling, on instance
replacement, on each deployment. If the tag can be moved, whoever can push to the
repository silently changes the code that serves predictions, and instances of one
endpoint may run different images. Pinning makes the deployed model reproducible and
auditable.

## Remediation
Reference the image by digest, or make the repository's tags immutable.

### CloudFormation
```yaml
Model:
  Type: AWS::SageMaker::Model
  Properties:
    ExecutionRoleArn: !GetAtt ModelRole.Arn
    PrimaryContainer:
      Image: 123456789012.dkr.ecr.us-east-1.amazonaws.com/scoring@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
Repository:
  Type: AWS::ECR::Repository
  Properties:
    RepositoryName: scoring
    ImageTagMutability: IMMUTABLE
```

### Terraform
```hcl
resource "aws_ecr_repository" "scoring" {
  name                 = "scoring"
  image_tag_mutability = "IMMUTABLE"
}
```

### AWS CLI
```sh
aws ecr put-image-tag-mutability --repository-name scoring --image-tag-mutability IMMUTABLE
```

## References
- Amazon ECR user guide: "Image tag mutability"
- AWS Security Hub: ECR.2 (repository side)
"""

from mlsec.engine.rule import rule
from mlsec.model.graph import Graph
from mlsec.model.images import AWS_OWNED_ACCOUNTS, parse_image, repository_of, tag_is_mutable
from mlsec.model.kinds.ecr import Repository
from mlsec.model.kinds.sagemaker import ContainerDefinition, Model
from mlsec.model.props import Ref
from mlsec.model.values import Value
from mlsec.model.verdict import Verdict, failed, not_applicable, passed, unknown


@rule(id="MLS113", name="model-image-mutable-tag", control="ecr-mutable-tags", severity="low")
def check(model: Model, graph: Graph):
    containers: list[tuple[str, ContainerDefinition]] = []
    for label, value in (("PrimaryContainer", model.primary_container), ("Containers", model.containers)):
        if value.is_unknown:
            return unknown(f"{value.path} cannot be resolved: {value.reason}", line=value.line)
        if value.is_set:
            many = label == "Containers"
            containers.extend((f"{label}[{i}]" if many else label, c) for i, c in enumerate(value.value))
    if not containers:
        return unknown("the model declares no container", reason="no-container")
    return [_judge(model, subject, container, graph) for subject, container in containers]


def _judge(model: Model, subject: str, container: ContainerDefinition, graph: Graph) -> Verdict:
    def decide(image: Value) -> Verdict:
        if not image.is_set:
            if container.model_package_name.is_set or container.model_package_name.is_unknown:
                return not_applicable(f"{subject} runs model package {container.model_package_name.describe()}",
                                      subject=subject, line=container.line)
            return unknown(f"{subject} names no image", subject=subject, line=container.line)
        text = image.value
        if isinstance(text, Ref):
            return _whole_reference(model, subject, image, graph)
        parsed = parse_image(str(text))
        if parsed is None:
            return unknown(f"{image.path} {image.describe()} is not a private ECR image URI mlsec can read",
                           reason="not-ecr", subject=subject, line=image.line)
        if parsed.digest:
            return passed(f"{image.path} pins the image by digest", subject=subject, line=image.line)
        repository = repository_of(model, text, parsed, graph)
        if repository is None:
            if parsed.account in AWS_OWNED_ACCOUNTS:
                return not_applicable(f"{image.path} is an AWS-owned image ({parsed.account})", subject=subject,
                                      line=image.line)
            return unknown(f"{image.path} {image.describe()} comes from repository {parsed.repository}, which is not "
                           "in the scanned files", reason="repository-not-scanned", subject=subject, line=image.line)
        mutable, why = tag_is_mutable(repository, parsed.tag if parsed.tag_known else None)
        evidence = {**image.evidence(), "repository": repository.id}
        if mutable is None:
            return unknown(f"cannot tell whether tag {parsed.tag} can move: {why}", reason="mutability-unresolved",
                           subject=subject, evidence=evidence, line=image.line)
        if mutable:
            return failed(f"{image.path} pulls tag {parsed.tag}, which can be moved: {why}", subject=subject,
                          evidence=evidence, line=image.line)
        return passed(f"{image.path} pulls tag {parsed.tag}, which cannot be moved: {why}", subject=subject,
                      evidence=evidence, line=image.line)

    verdict = container.image.judge(decide)
    verdict.subject = subject
    return verdict


def _whole_reference(model: Model, subject: str, image: Value, graph: Graph) -> Verdict:
    """The image is a repository's URI itself. In a template or module that means no tag
    (``latest``); in a plan it stands for a value known only after apply, whose tag or
    digest the plan does not show."""
    found = graph.follow(model, image.value, Repository)
    if not found.found:
        return unknown(f"{image.path} is {image.describe()}, which is not a repository in the scanned files",
                       reason="repository-not-scanned", subject=subject, line=image.line)
    in_plan = model.source == "terraform-plan"
    mutable, why = tag_is_mutable(found.resource, None if in_plan else "latest")  # type: ignore[arg-type]
    if mutable is False:
        return passed(f"{image.path} pulls from {found.resource.id}, whose tags cannot be moved: {why}",
                      subject=subject, line=image.line)
    if in_plan or mutable is None:
        return unknown(f"{image.path} is {image.describe()}, known only after apply, so its tag or digest is not "
                       f"shown: {why}", reason="image-after-apply", subject=subject, line=image.line)
    return failed(f"{image.path} is the repository URI without a tag, so SageMaker pulls tag latest, which can be "
                  f"moved: {why}", subject=subject, line=image.line)
