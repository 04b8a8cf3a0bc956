"""reports/examples/ holds reports of the examples/ scan; they must match what the code
renders today (regenerate with `python tools/make_example_reports.py`)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _tool():
    spec = importlib.util.spec_from_file_location("make_example_reports", REPO / "tools" / "make_example_reports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rendered():
    return _tool().example_reports()


@pytest.mark.parametrize("name", sorted(_tool().FILES.values()))
def test_example_report_is_current(rendered, name):
    path = REPO / "reports" / "examples" / name
    assert path.is_file(), f"{path} is missing: run python tools/make_example_reports.py"
    assert path.read_text(encoding="utf-8") == rendered[name], \
        f"{path.name} is stale: run python tools/make_example_reports.py and commit reports/examples/"
