"""Walk the paths given on the command line and decide which source reads each file."""

from __future__ import annotations

import errno
import os
import stat
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
    explicit: set[str] = field(default_factory=set)  # documents named on the command line


def discover(paths: list[str], excludes: tuple[str, ...] = ()) -> Inputs:
    found = Inputs()
    tf_dirs: dict[str, None] = {}
    for path in paths:
        if os.path.isdir(path):
            _walk(path, found, tf_dirs, excludes)
        elif os.path.lexists(path):
            _add_file(path, found, tf_dirs, explicit=True)
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
            _add_file(full, found, tf_dirs, explicit=False)


def _add_file(path: str, found: Inputs, tf_dirs: dict[str, None], explicit: bool) -> None:
    lower = path.lower()
    is_tf = lower.endswith(".tf") or lower.endswith(".tf.json")
    is_document = not is_tf and lower.endswith(TEMPLATE_SUFFIXES) and not lower.endswith(".tfvars.json")
    if (is_tf or is_document or explicit) and not _regular_file(path, found):
        return
    if is_tf:
        tf_dirs.setdefault(os.path.dirname(path) or ".", None)
    elif is_document:
        found.documents.append(path)
        if explicit:
            found.explicit.add(path)
    elif explicit:
        found.errors.append(ScanError(path, "not a CloudFormation template, Terraform file or plan JSON "
                                            "(expected .yaml, .yml, .json, .template or .tf)", kind="unsupported"))


def _regular_file(path: str, found: Inputs) -> bool:
    """True for a file that can be read to its end; anything else is reported.

    Opening a FIFO blocks until a writer comes and a device may never end, so only
    regular files (after following links) are handed to the sources.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            message = "the symbolic link is part of a loop (it never reaches a file)"
        elif exc.errno == errno.ENOENT and os.path.islink(path):
            message = "the link points to nothing (dangling symlink)"
        else:
            message = f"cannot read the file: {exc.strerror or exc}"
        found.errors.append(ScanError(path, message, kind="read"))
        return False
    if stat.S_ISREG(mode):
        return True
    what = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    found.errors.append(ScanError(path, f"{what}, not a regular file; skipped", kind="unsupported"))
    return False


def _excluded(path: str, excludes: tuple[str, ...]) -> bool:
    if not excludes:
        return False
    import fnmatch

    norm = path.replace(os.sep, "/")
    return any(fnmatch.fnmatch(norm, pat) or fnmatch.fnmatch(os.path.basename(norm), pat) or f"/{pat}/" in
               f"/{norm}/" for pat in excludes)


def why_not_scannable(data: bytes) -> str:
    """Why a file named on the command line was neither a template nor a plan."""
    if not data.strip():
        return "the file is empty"
    if b"\x00" in data:
        return f"the file is binary (a NUL byte at offset {data.find(0)}), not a template or plan"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line})"
    return ("not a CloudFormation template (no Resources or AWSTemplateFormatVersion section) "
            "nor a Terraform plan (no format_version and planned_values)")
