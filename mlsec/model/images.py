"""Container images of SageMaker models and the ECR repositories they come from
(CATALOGUE MLS113): is the tag an image is pulled by fixed, or can it be moved?"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from mlsec.model.base import Resource
from mlsec.model.graph import Graph
from mlsec.model.kinds.ecr import Repository
from mlsec.model.props import Ref, RefStr

_ECR = re.compile(r"^(?P<account>[^./]+)\.dkr\.ecr(-fips)?\.(?P<region>[^./]+)\.amazonaws\.com(\.cn)?/"
                  r"(?P<repo>[^:@]+)(?P<ref>[:@].*)?$")
_REPOSITORY_URI = re.compile(r"^(?P<repo>\$\{[^}]+\})(?P<ref>[:@].*)?$")
# Registries AWS owns for SageMaker built-in algorithms, Deep Learning Containers and Model
# Monitor in us-east-1 (a partial list: an image from another account outside the scanned
# files is unknown rather than exempt).
AWS_OWNED_ACCOUNTS = frozenset({"763104351884", "683313688378", "382416733822", "811284229777", "156813124566",
                                "246618743249", "174872318107", "433757028032", "159807026194"})


@dataclass(slots=True)
class ImageRef:
    account: str
    repository: str
    tag: str | None  # None with a digest
    digest: bool
    tag_known: bool


def parse_image(text: str) -> ImageRef | None:
    """An ECR image URI split into account, repository and tag, or None for other registries."""
    match = _ECR.match(text)
    if not match:
        whole = _REPOSITORY_URI.match(text)  # "${aws_ecr_repository.r.repository_url}:1.0"
        if not whole:
            return None
        return _split("", whole.group("repo"), whole.group("ref"))
    return _split(match.group("account"), match.group("repo"), match.group("ref"))


def _split(account: str, repository: str, ref: str | None) -> ImageRef:
    ref = ref or ":latest"
    digest = ref.startswith("@sha256:")
    tag = None if digest else ref[1:]
    return ImageRef(account, repository, tag, digest, tag_known=tag is None or "${" not in tag)


def repository_of(owner: Resource, image: str, parsed: ImageRef, graph: Graph) -> Repository | None:
    """The scanned repository an image comes from: through a reference in the image text
    (``!GetAtt Repo.RepositoryUri``, ``aws_ecr_repository.r.repository_url``, ``${Repo}``) or by name."""
    refs = image.refs if isinstance(image, RefStr) else ()
    for ref in refs:
        if isinstance(ref, Ref):
            found = graph.follow(owner, ref, Repository)
            if found.found:
                return found.resource  # type: ignore[return-value]
    if "${" not in parsed.repository:
        found = graph.follow(owner, parsed.repository, Repository)
        if found.found and _same_registry(str(image), found.resource):  # type: ignore[arg-type]
            return found.resource  # type: ignore[return-value]
    return None


def _same_registry(image: str, repository: Repository) -> bool:
    """A live repository knows its URI (account and region): an image of another account or
    region with the same repository name is not from it. Templates and modules name
    repositories only."""
    uri = repository.repository_uri
    if not uri.is_set or not isinstance(uri.value, str):
        return True
    return image == uri.value or image.startswith((uri.value + ":", uri.value + "@"))


def tag_is_mutable(repository: Repository, tag: str | None) -> tuple[bool | None, str]:
    """(True if the tag can be moved, False if fixed, None if unknown; why)."""
    setting = repository.tag_mutability
    if not setting.is_known:
        return None, f"{setting.path} of {repository.id} is {setting.describe()}"
    mode = str(setting.value)
    if mode in ("MUTABLE", "IMMUTABLE"):
        return mode == "MUTABLE", f"{repository.id} has {setting.path} {setting.describe()}"
    exclusions = repository.tag_mutability_exclusions
    if not exclusions.is_set and not exclusions.is_absent:
        return None, f"the exclusion filters of {repository.id} cannot be resolved"
    patterns = [f.filter.value for f in (exclusions.value or []) if f.filter.is_set]
    if tag is None:
        return None, f"the image tag cannot be resolved, and {repository.id} exempts some tags ({mode})"
    excluded = any(fnmatch.fnmatchcase(tag, str(p)) for p in patterns)
    mutable = excluded if mode == "IMMUTABLE_WITH_EXCLUSION" else not excluded
    how = "matches" if excluded else "does not match"
    return mutable, f"tag {tag} {how} the exclusion filters of {repository.id} ({mode}: {', '.join(map(str, patterns))})"
