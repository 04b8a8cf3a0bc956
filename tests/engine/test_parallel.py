"""Worker processes give exactly the findings of one process."""

import json
import sys
from pathlib import Path

from click.testing import CliRunner

from mlsec.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate_corpus import generate  # noqa: E402

from tests.adversarial.corpus import build_all  # noqa: E402


def test_jobs_do_not_change_results(tmp_path):
    generate(tmp_path / "corpus", 40)  # 80 units: enough to use workers
    build_all(tmp_path / "corpus" / "hostile")  # and every hostile input of tests/adversarial
    reports = []
    for jobs in ("1", "2"):
        out = tmp_path / f"r{jobs}.json"
        result = CliRunner().invoke(main, ["scan", str(tmp_path / "corpus"), "-j", jobs, "--format", "json",
                                           "-o", str(out)])
        assert result.exit_code == 1, result.output
        reports.append(json.loads(out.read_text()))
    one, two = reports
    assert len([f for f in one["scan"]["files"] if "/hostile/" not in f]) == 80
    assert len(one["errors"]) >= 20
    assert (one["summary"], one["findings"], one["errors"]) == (two["summary"], two["findings"], two["errors"])
