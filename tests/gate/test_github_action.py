"""action.yml: its shell steps run here as GitHub would run them, inputs substituted."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .test_precommit_hook import INSECURE, REPO, _environment

ACTION = yaml.safe_load((REPO / "action.yml").read_text())
_EXPR = re.compile(r"\$\{\{\s*(inputs|steps)\.([\w-]+)(?:\.outputs\.([\w-]+))?\s*\}\}")


def _step(step_id: str | None = None, name: str | None = None) -> dict:
    key, wanted = ("id", step_id) if step_id else ("name", name)
    return next(s for s in ACTION["runs"]["steps"] if s.get(key) == wanted)


def _run_step(step: dict, inputs: dict, outputs: dict, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    def value(match: re.Match) -> str:
        if match.group(1) == "inputs":
            return inputs.get(match.group(2), ACTION["inputs"][match.group(2)].get("default", ""))
        return outputs.get(match.group(3), "")

    step_env = {k: _EXPR.sub(value, str(v)) for k, v in (step.get("env") or {}).items()}
    assert "${{" not in step["run"], "inputs must reach scripts through env, not the script text"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd,
                          env={**env, **step_env}, capture_output=True, text=True, timeout=300)


@pytest.fixture
def workspace(tmp_path):
    env = _environment(tmp_path)
    work = tmp_path / "workspace"
    work.mkdir()
    (work / "stack.yaml").write_text(INSECURE)
    output = tmp_path / "github_output"
    output.write_text("")
    env.update(GITHUB_WORKSPACE=str(work), GITHUB_OUTPUT=str(output), GITHUB_ACTION_PATH=str(REPO))
    return work, env, output


def _outputs(path: Path) -> dict:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def test_scan_step_writes_sarif_and_the_gate_step_fails_the_job(workspace):
    work, env, output = workspace
    done = _run_step(_step("scan"), {"args": "--select MLS001"}, {}, env, work)
    assert done.returncode == 0, done.stderr  # the scan step never fails: the upload must still run
    outputs = _outputs(output)
    assert outputs["exit-code"] == "1"
    sarif = json.loads((work / "mlsec.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert "MLS001" in done.stdout
    gate = _run_step(_step(name="Gate"), {}, outputs, env, work)
    assert gate.returncode == 1 and "::error::" in gate.stdout


@pytest.mark.parametrize("inputs, code", [
    ({"fail-on": "critical"}, "0"),
    ({"soft-fail": "true"}, "0"),
    ({"paths": "missing"}, "2"),
    ({"baseline": "none.json"}, "2"),
])
def test_inputs_reach_the_command(workspace, inputs, code):
    work, env, output = workspace
    done = _run_step(_step("scan"), {"args": "--select MLS001", **inputs}, {}, env, work)
    assert done.returncode == 0, done.stderr
    assert _outputs(output)["exit-code"] == code, done.stdout + done.stderr
    assert _run_step(_step(name="Gate"), {}, _outputs(output), env, work).returncode == int(code)


def test_paths_with_shell_characters_are_not_executed(workspace, tmp_path):
    work, env, output = workspace
    marker = tmp_path / "pwned"
    done = _run_step(_step("scan"), {"paths": f"stack.yaml;touch {marker}", "args": "--select MLS001"}, {}, env,
                     work)
    assert done.returncode == 0 and not marker.exists()


def test_action_uploads_sarif_with_codeql():
    upload = _step(name="Upload SARIF")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "always()" in upload["if"]
    assert shutil.which("bash")
