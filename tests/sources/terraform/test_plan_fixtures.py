"""The committed plan fixtures match what Terraform produces today.

Runs only where Terraform and the offline AWS provider mirror are installed; the
other plan tests read the committed JSON and need neither.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mlsec.model.props import Items, Props, Ref, RefStr, Unknown
from mlsec.sources.base import SourceOptions
from mlsec.sources.terraform.plan import load_plan

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "tools" / "make_plan_fixtures.sh"
PLANS = Path(__file__).parent / "plans"
PLUGINS = Path(os.environ.get("MLSEC_TF_PLUGIN_DIR", "/opt/tf-plugins"))

pytestmark = pytest.mark.skipif(
    shutil.which("terraform") is None or not (PLUGINS / "registry.terraform.io" / "hashicorp" / "aws").is_dir(),
    reason="needs terraform and the offline AWS provider mirror",
)


def shape(value):
    """The property tree as plain data, with the kind of every special leaf spelled out."""
    if isinstance(value, Props):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, Items):
        return [shape(v) for v in value]
    if isinstance(value, Ref):
        return ("ref", value.target, value.attr, value.expr)
    if isinstance(value, RefStr):
        return ("refstr", str(value), [(r.target, r.attr) for r in value.refs])
    if isinstance(value, Unknown):
        return ("unknown", value.reason, value.expr)
    return value


def read(path: Path) -> list:
    result = load_plan(str(path), json.loads(path.read_text()), SourceOptions())
    assert result.errors == []
    return [(r.id, r.type, r.line, r.region, shape(r.props)) for r in result.resources]


@pytest.mark.parametrize("name", ["notebook_kms"])
def test_regenerated_plan_reads_the_same(tmp_path, name):
    run = subprocess.run([str(SCRIPT), str(tmp_path), name], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert read(tmp_path / f"{name}.json") == read(PLANS / f"{name}.json")
