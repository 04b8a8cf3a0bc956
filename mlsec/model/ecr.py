"""ECR questions: which registry scanning rules cover a repository, and whether a tag
can be overwritten."""

from __future__ import annotations

import fnmatch

from mlsec.model.kinds.ecr import Repository
from mlsec.model.settled import settle

# Scan frequencies that scan an image when it is pushed (continuous scanning does too).
ON_PUSH = {"BASIC": ("SCAN_ON_PUSH",), "ENHANCED": ("SCAN_ON_PUSH", "CONTINUOUS_SCAN")}


def repository_filter_matches(pattern: str, name: str) -> bool:
    """Registry scanning filters: with a ``*`` the pattern must match the whole name (``*``
    stands for any run of characters); without one, it matches every name containing it."""
    if "*" not in pattern:
        return pattern in name
    return _glob(name, pattern)


def tag_filter_matches(pattern: str, tag: str) -> bool:
    """Tag mutability exclusion filters: ``*`` stands for any run of characters."""
    return _glob(tag, pattern)


def _glob(text: str, pattern: str) -> bool:
    escaped = pattern.replace("[", "[[]").replace("?", "[?]")  # only * is a wildcard here
    return fnmatch.fnmatchcase(text, escaped)


def exclusion_patterns(repo: Repository) -> tuple[list[str] | None, str | None]:
    """The repository's tag mutability exclusion patterns, or (None, why unknown)."""
    filters, why = settle(repo.tag_mutability_exclusions)
    if why:
        return None, why
    out = []
    for item in filters or []:
        pattern, why = settle(item.filter)
        if why:
            return None, why
        if pattern:
            out.append(str(pattern))
    return out, None


def tag_is_immutable(repo: Repository, tag: str) -> tuple[bool | None, str]:
    """Whether ``tag`` cannot be overwritten in ``repo``: (answer, explanation); the
    answer is None when the repository's setting is unresolved."""
    mutability, why = settle(repo.tag_mutability)
    if why:
        return None, why
    if mutability in ("MUTABLE", "IMMUTABLE"):
        return mutability == "IMMUTABLE", f"the repository's tags are {mutability}"
    patterns, why = exclusion_patterns(repo)
    if patterns is None:
        return None, why or ""
    excluded = any(tag_filter_matches(p, tag) for p in patterns)
    if mutability == "IMMUTABLE_WITH_EXCLUSION":
        return not excluded, (f"tag {tag} matches an exclusion ({', '.join(patterns)}) of IMMUTABLE_WITH_EXCLUSION"
                              if excluded else f"tags are immutable and {tag} matches no exclusion")
    if mutability == "MUTABLE_WITH_EXCLUSION":
        return excluded, (f"tag {tag} matches an exclusion ({', '.join(patterns)}) of MUTABLE_WITH_EXCLUSION"
                          if excluded else f"tags are mutable and {tag} matches no exclusion")
    return None, f"unrecognised tag mutability {mutability!r}"
