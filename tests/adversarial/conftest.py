"""Run ``mlsec scan`` in-process on hostile inputs and time it."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlsec.cli import main


@dataclass
class Scan:
    exit_code: int
    report: dict
    stdout: str
    stderr: str
    seconds: float

    def errors_for(self, path) -> list[dict]:
        return [e for e in self.report.get("errors", []) if e.get("file") == str(path)]

    def ids(self) -> set[str]:
        return {f["resource"]["id"] for f in self.report.get("findings", [])}


@pytest.fixture
def scan(tmp_path):
    """``scan(*paths, *options)`` -> Scan, with the JSON report written to a file."""

    def run(*args) -> Scan:
        out = tmp_path / "report.json"
        if out.exists():
            out.unlink()
        started = time.perf_counter()
        result = CliRunner().invoke(main, ["scan", *map(str, args), "--format", "json", "-o", str(out)])
        seconds = time.perf_counter() - started
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        report = json.loads(out.read_text()) if out.exists() else {}
        return Scan(result.exit_code, report, result.stdout, result.stderr, seconds)

    return run


@pytest.fixture
def other(tmp_path) -> Path:
    """A folder with one template that certainly fails, scanned beside the hostile input."""
    from tests.adversarial.corpus import BAD_NOTEBOOK

    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "bad.yaml").write_text(BAD_NOTEBOOK)
    return folder
