"""Per-file time budget and file size limit (parity of --jobs on this corpus: tests/engine/test_parallel.py)."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

from click.testing import CliRunner

from mlsec.cli import main
from tests.adversarial.corpus import BAD_NOTEBOOK, NOTEBOOK_HEAD


def slow_template(folder: Path, notebooks: int = 8000) -> Path:
    """A template that takes seconds to judge (the budget in these tests is 0.2 s)."""
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f"  Nb{i}:\n    Type: AWS::SageMaker::NotebookInstance\n    Properties:\n"
                   f"      InstanceType: ml.t3.medium\n" for i in range(notebooks))
    path = folder / "slow.yaml"
    path.write_text("Resources:\n" + body)
    return path


def test_a_unit_over_its_time_budget_gets_an_error_and_the_scan_goes_on(tmp_path, scan, other):
    path = slow_template(tmp_path / "slow")
    result = scan(path, other, "--file-timeout", "0.2")
    (error,) = result.errors_for(path)
    assert error["kind"] == "limit"
    assert error["message"] == ("scanning took longer than the 0.2-second budget per file (--file-timeout); "
                                "it was abandoned and has no findings")
    assert not [f for f in result.report["findings"] if f["resource"]["file"] == str(path)]
    assert "BadNotebook" in result.ids() and result.exit_code == 1
    assert result.report["scan"]["duration_s"] < 1.0  # the scan itself, without start-up imports
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)


def test_the_time_budget_holds_in_worker_processes(tmp_path, scan):
    folder = tmp_path / "many"
    for i in range(70):  # enough units for the scan to start workers
        (folder / f"t{i}").mkdir(parents=True)
        (folder / f"t{i}" / "bad.yaml").write_text(BAD_NOTEBOOK)
    path = slow_template(folder / "zz")
    result = scan(folder, "--file-timeout", "0.2", "--jobs", "2")
    (error,) = result.errors_for(path)
    assert error["kind"] == "limit" and "0.2-second budget" in error["message"]
    assert len(result.report["scan"]["files"]) == 70
    assert result.seconds < 2.0


def test_without_a_budget_the_slow_unit_completes(tmp_path):
    from mlsec.engine.registry import load_rules, select
    from mlsec.engine.scan import scan as run_scan

    path = slow_template(tmp_path / "slow", notebooks=200)
    rules = select(load_rules(), ["MLS001"], None)
    result = run_scan([str(path)], rules, file_timeout=0)
    assert result.errors == [] and len(result.findings) == 200


def test_a_scan_outside_the_main_thread_runs_without_the_alarm(tmp_path):
    from mlsec.engine.registry import load_rules, select
    from mlsec.engine.scan import scan as run_scan

    path = tmp_path / "t.yaml"
    path.write_text(BAD_NOTEBOOK)
    rules = select(load_rules(), ["MLS001"], None)
    results = []
    thread = threading.Thread(target=lambda: results.append(run_scan([str(path)], rules, file_timeout=5)))
    thread.start()
    thread.join()
    assert [f.status.value for f in results[0].findings] == ["fail"]


def test_max_file_size_option(tmp_path, scan):
    path = tmp_path / "t.yaml"
    path.write_text(NOTEBOOK_HEAD + "      RootAccess: Disabled\n" + "# padding\n" * 300)
    small = scan(path, "--max-file-size", "1K")
    (error,) = small.errors_for(path)
    assert error["kind"] == "limit" and "over the 1,024-byte limit (--max-file-size)" in error["message"]
    assert small.exit_code == 2
    assert scan(path, "--max-file-size", "1.5MB").errors_for(path) == []
    refused = CliRunner().invoke(main, ["scan", str(path), "--max-file-size", "lots"])
    assert refused.exit_code == 2 and "expected a positive size" in refused.output


def test_the_json_report_streams_to_files_and_stdout_unchanged(tmp_path):
    """Large reports are written a chunk of findings at a time; the bytes are those of
    the one-string rendering, to a file and to stdout alike."""
    import io

    from mlsec.report import render, write

    doc = {"schema_version": "1", "findings": [{"n": i, "text": "é\u2028<\x00"} for i in range(1234)],
           "errors": [{"file": "x"}] * 3}
    buffer = io.StringIO()
    write("json", doc, buffer)
    assert buffer.getvalue() == render("json", doc)
    path = tmp_path / "t.yaml"
    path.write_text(BAD_NOTEBOOK)
    out = tmp_path / "r.json"
    to_file = CliRunner().invoke(main, ["scan", str(path), "--format", "json", "-o", str(out)])
    to_stdout = CliRunner().invoke(main, ["scan", str(path), "--format", "json"])
    strip = __import__("re").compile(r'"(started_at|finished_at|duration_s)":[^,]*,')
    assert strip.sub("", out.read_text()) == strip.sub("", to_stdout.stdout)
    assert to_file.exit_code == to_stdout.exit_code == 1


def test_a_worker_that_dies_costs_its_unit_not_the_scan(tmp_path, monkeypatch):
    """A crash in C code or the out-of-memory killer ends a worker without a Python
    exception; the scan must neither hang nor lose the other units."""
    import os

    import mlsec.engine.scan as engine

    folder = tmp_path / "many"
    for i in range(70):
        (folder / f"t{i:02d}").mkdir(parents=True)
        (folder / f"t{i:02d}" / "bad.yaml").write_text(BAD_NOTEBOOK)
    doomed = folder / "t33" / "bad.yaml"
    real = engine._run_task

    def dying(task, *args, **kwargs):
        if task[1] == str(doomed) and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(task, *args, **kwargs)

    parent = os.getpid()
    monkeypatch.setattr(engine, "_run_task", dying)
    out = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["scan", str(folder), "-j", "2", "--format", "json", "-o", str(out)])
    assert out.exists(), (result.output, result.exception)
    report = __import__("json").loads(out.read_text())
    (error,) = [e for e in report["errors"] if e["file"] == str(doomed)]
    assert error["kind"] == "internal" and "killed by signal SIGKILL" in error["message"]
    assert len(report["scan"]["files"]) == 69 and result.exit_code == 1


def test_catastrophic_regex_in_terraform_is_stopped_by_the_budget(tmp_path, scan, other):
    folder = tmp_path / "redos"
    folder.mkdir()
    (folder / "main.tf").write_text('locals {\n  x = regex("(a+)+$", "' + "a" * 60 + '!")\n}\n'
                                    'resource "aws_sagemaker_notebook_instance" "nb" {\n  name = local.x\n}\n')
    result = scan(folder, other, "--file-timeout", "0.3")
    (error,) = result.errors_for(folder)
    assert error["kind"] == "limit" and "0.3-second budget" in error["message"]
    assert "BadNotebook" in result.ids() and result.report["scan"]["duration_s"] < 1.5
