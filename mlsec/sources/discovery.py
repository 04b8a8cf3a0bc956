"""Walk the paths given on the command line and decide which source reads each file."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from mlsec.sources.base import ScanError

TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
SKIP_DIRS = {".git", ".hg", ".svn", ".terraform", "node_modules", "__pycache__", ".venv", "venv", ".tox",
             ".mypy_cache", ".pytest_cache"}


@dataclass(slots=True)
class Inputs:
    """Files to read: single documents (CloudFormation or plan JSON) and Terraform folders."""

    documents: list[str] = field(default_factory=list)
    terraform_dirs: list[str] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)


def discover(paths: list[str], excludes: tuple[str, ...] = ()) -> Inputs:
    found = Inputs()
    tf_dirs: dict[str, None] = {}
    for path in paths:
        if os.path.isdir(path):
            _walk(path, found, tf_dirs, excludes)
        elif os.path.isfile(path):
            _add_file(path, found, tf_dirs, explicit=True)
        elif os.path.islink(path):
            found.errors.append(ScanError(path, "the link points to nothing (dangling symlink)", kind="read"))
        else:
            found.errors.append(ScanError(path, "no such file or directory", kind="read"))
    found.terraform_dirs = list(tf_dirs)
    return found


def _walk(root: str, found: Inputs, tf_dirs: dict[str, None], excludes: tuple[str, ...]) -> None:
    def on_error(exc: OSError) -> None:
        found.errors.append(ScanError(exc.filename, f"cannot read directory: {exc.strerror}", kind="read"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not _excluded(os.path.join(dirpath, d),
                                                                                            excludes))
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            if _excluded(full, excludes):
                continue
            if os.path.islink(full) and not os.path.exists(full):
                found.errors.append(ScanError(full, "the link points to nothing (dangling symlink)", kind="read"))
                continue
            _add_file(full, found, tf_dirs, explicit=False)


def _add_file(path: str, found: Inputs, tf_dirs: dict[str, None], explicit: bool) -> None:
    lower = path.lower()
    if lower.endswith(".tf") or lower.endswith(".tf.json"):
        tf_dirs.setdefault(os.path.dirname(path) or ".", None)
    elif lower.endswith(TEMPLATE_SUFFIXES):
        if lower.endswith((".tfvars.json",)):
            return
        found.documents.append(path)
    elif explicit:
        found.errors.append(ScanError(path, "not a CloudFormation template, Terraform file or plan JSON "
                                            "(expected .yaml, .yml, .json, .template or .tf)", kind="unsupported"))


def _excluded(path: str, excludes: tuple[str, ...]) -> bool:
    if not excludes:
        return False
    import fnmatch

    norm = path.replace(os.sep, "/")
    return any(fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(os.path.basename(norm), pat) or f"/{pat}/" in
               f"/{norm}/" for pat in excludes)
