"""``--diff-base REF``: which findings concern the files a change touched.

The whole tree is still scanned, so cross-resource rules see every VPC endpoint, alarm
and key; only the findings are narrowed. A finding is in scope when the file defining
its resource changed, or -- for Terraform, where variables, locals and tfvars live in
other files of the module -- when a Terraform file of its module folder or of its root
module changed. Findings without a file (live resources) are always in scope.

Changed means: differs between the merge base of REF and HEAD and the working tree
(committed, staged and unstaged changes), plus untracked files that git does not
ignore. Without a merge base (a shallow clone) the working tree is compared with REF
itself, which may count changes made on REF's side too; fetch full history
(``fetch-depth: 0``) to avoid that.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from mlsec.engine.findings import Finding

_TERRAFORM_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json")


class GitDiffError(Exception):
    """git could not say what changed; the message says why."""


@dataclass(slots=True)
class ChangedFiles:
    ref: str
    root: str
    files: frozenset[str]  # real paths
    terraform_dirs: frozenset[str]  # real paths of folders with a changed Terraform file
    merge_base: bool

    def covers(self, finding: Finding) -> bool:
        res = finding.resource
        if not res.file:
            return True
        path = os.path.realpath(res.file)
        if path in self.files:
            return True
        if res.source in ("terraform",):
            folders = {os.path.dirname(path), os.path.realpath(res.unit)}
            return not folders.isdisjoint(self.terraform_dirs)
        return False

    def covers_path(self, path: str | None) -> bool:
        if not path:
            return True
        real = os.path.realpath(path)
        return real in self.files or os.path.dirname(real) in self.terraform_dirs

    def summary(self, outside: int) -> dict:
        return {"ref": self.ref, "merge_base": self.merge_base, "changed_files": len(self.files),
                "findings_outside": outside}


def changed_files(ref: str, cwd: str | None = None) -> ChangedFiles:
    root = _git(["rev-parse", "--show-toplevel"], cwd, "is the working directory inside a git repository?").strip()
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd,
         f"{ref!r} is not a commit here (in CI, fetch it first: git fetch origin {ref.split('/')[-1]})")
    merge_base = True
    try:
        listed = _git(["diff", "--name-only", "-z", "--no-renames", "--merge-base", ref], cwd, "")
    except GitDiffError:
        merge_base = False
        listed = _git(["diff", "--name-only", "-z", "--no-renames", ref], cwd, f"cannot compare with {ref!r}")
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name"], root, "")
    names = [n for n in (listed + untracked).split("\0") if n]
    files = frozenset(os.path.realpath(os.path.join(root, n)) for n in names)
    tf_dirs = frozenset(os.path.dirname(f) for f in files if f.lower().endswith(_TERRAFORM_SUFFIXES))
    return ChangedFiles(ref, root, files, tf_dirs, merge_base)


def _git(args: list[str], cwd: str | None, hint: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise GitDiffError("--diff-base needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitDiffError(f"git {' '.join(args)} took too long") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        raise GitDiffError(f"git {args[0]} failed: {detail}" + (f"; {hint}" if hint else ""))
    return done.stdout
