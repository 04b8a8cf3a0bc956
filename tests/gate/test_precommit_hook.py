"""The hook in .pre-commit-hooks.yaml, run by pre-commit itself on a temporary repository.

pre-commit would install the hook's repository into a virtualenv (``language: python``),
which needs the network. The test runs offline instead: it copies this checkout's hook
definition into a ``repo: local`` configuration with ``language: system`` and puts an
``mlsec`` on PATH that runs this checkout. Everything else -- entry, args, file filter,
pass_filenames -- is the shipped definition.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import notebook_stack

REPO = Path(__file__).resolve().parents[2]
INSECURE = notebook_stack()


def _environment(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "mlsec"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mlsec.cli "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", PYTHONPATH=str(REPO),
               PRE_COMMIT_HOME=str(tmp_path / "cache"), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    return env


def _run(cwd: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_manifest_is_valid():
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest",
                           str(REPO / ".pre-commit-hooks.yaml")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_hook_blocks_an_insecure_commit_and_honours_suppressions(tmp_path):
    env = _environment(tmp_path)
    work = tmp_path / "project"
    work.mkdir()
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    local = {**hook, "language": "system"}
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [local]}]}))
    (work / "secure.yaml").write_text(INSECURE.replace("      RoleArn:", "      DirectInternetAccess: Disabled\n"
                                                                       "      SubnetId: subnet-1\n      RoleArn:"))
    (work / ".mlsec.yaml").write_text("select: [MLS001]\n")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    assert _run(work, env, "git", "init", "-q").returncode == 0
    assert _run(work, env, *pre_commit, "install").returncode == 0
    _run(work, env, "git", "add", ".")
    done = _run(work, env, "git", "commit", "-q", "-m", "secure notebook")
    assert done.returncode == 0, done.stdout + done.stderr
    (work / "README.md").write_text("not scanned\n")
    _run(work, env, "git", "add", "README.md")
    done = _run(work, env, "git", "commit", "-q", "-m", "docs only")
    assert done.returncode == 0 and "(no files to check)Skipped" in done.stdout + done.stderr

    (work / "stack.yaml").write_text(INSECURE)
    _run(work, env, "git", "add", "stack.yaml")
    done = _run(work, env, "git", "commit", "-q", "-m", "notebook")
    assert done.returncode != 0
    assert "MLS001 notebook-direct-internet-enabled" in done.stdout + done.stderr, done.stdout + done.stderr

    (work / "stack.yaml").write_text(INSECURE.replace(
        "  Notebook:", '  # mlsec:ignore MLS001 reason="training sandbox"\n  Notebook:'))
    _run(work, env, "git", "add", ".")
    done = _run(work, env, "git", "commit", "-q", "-m", "accepted risk")
    assert done.returncode == 0, done.stdout + done.stderr
    assert _run(work, env, "git", "log", "--oneline").stdout.count("\n") == 3
