"""`mlsec report render`, `mlsec report diff` and the report options of `mlsec scan`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from mlsec.cli import main
from tests.report.documents import document, finding

TEMPLATE = """Resources:
  BadNotebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::123456789012:role/nb
  GoodTrail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: true
      S3BucketName: logs
      IsMultiRegionTrail: true
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture()
def scanned(tmp_path, monkeypatch):
    """A scan of one template from inside its folder (relative paths), in every format."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stack.yaml").write_text(TEMPLATE)
    formats = ["json", "html", "sarif", "junit", "asff", "text"]
    args = ["scan", "stack.yaml", "-q", "--select", "MLS001", "--select", "MLS002", "--select", "MLS602",
            "--asff-account", "111122223333", "--asff-region", "us-east-1"]
    for fmt in formats:
        args += ["--format", fmt]
    for fmt in formats:
        args += ["-o", f"scan.{fmt}"]
    assert run(*args).exit_code == 1
    return tmp_path


@pytest.mark.parametrize("fmt", ["html", "sarif", "junit", "asff", "text", "json"])
def test_render_of_a_saved_report_matches_the_scan(scanned, fmt):
    result = run("report", "render", "scan.json", "--format", fmt, "-o", f"again.{fmt}",
                 "--asff-account", "111122223333", "--asff-region", "us-east-1")
    assert result.exit_code == 0, result.output
    assert (scanned / f"again.{fmt}").read_text() == (scanned / f"scan.{fmt}").read_text()


def test_render_to_stdout_and_bad_inputs(scanned):
    out = run("report", "render", "scan.json")
    assert out.exit_code == 0 and "BadNotebook" in out.output
    (scanned / "other.json").write_text('{"hello": 1}')
    assert run("report", "render", "other.json").exit_code == 2
    (scanned / "broken.json").write_text("{")
    assert run("report", "render", "broken.json", "--format", "html").exit_code == 2
    assert run("report", "render", "missing.json").exit_code == 2
    assert run("report", "render", "scan.json", "--format", "asff").exit_code == 2  # no account for IaC


def _save(path, doc):
    path.write_text(json.dumps(doc))
    return str(path)


def test_diff_lists_new_fixed_and_unchanged(tmp_path):
    kept, gone, added = finding(rid="Kept"), finding(rid="Gone"), finding(rid="Added")
    old = _save(tmp_path / "old.json", document([kept, gone, finding(rid="Added", status="pass")]))
    new = _save(tmp_path / "new.json", document([kept, finding(rid="Gone", status="pass"), added]))
    result = run("report", "diff", old, new)
    assert result.exit_code == 1  # a new unsuppressed failure
    assert "1 new, 1 fixed, 1 unchanged" in result.output
    as_json = json.loads(run("report", "diff", old, new, "--format", "json").output)
    assert [f["resource"]["id"] for f in as_json["new"]] == ["Added"]
    assert [f["resource"]["id"] for f in as_json["fixed"]] == ["Gone"]
    assert [f["resource"]["id"] for f in as_json["unchanged"]] == ["Kept"]
    only_kept = _save(tmp_path / "kept.json", document([kept]))
    assert run("report", "diff", old, only_kept).exit_code == 0  # fixes only
    assert run("report", "diff", old, str(tmp_path / "nope.json")).exit_code == 2


def test_html_shows_the_diff_with_previous(tmp_path):
    old = _save(tmp_path / "old.json", document([finding(rid="Gone"), finding(rid="Kept")]))
    new = _save(tmp_path / "new.json", document([finding(rid="Kept"), finding(rid="Added")]))
    result = run("report", "render", new, "--format", "html", "--previous", old)
    assert result.exit_code == 0
    html = result.output
    assert "1 new" in html and "1 fixed" in html and "1 unchanged" in html
    data = json.loads(html.split('id="mlsec-data">', 1)[1].split("</script>", 1)[0])
    assert {f["resource"]["id"]: f.get("change") for f in data["findings"]} == {"Kept": "unchanged", "Added": "new"}
    assert [f["resource"]["id"] for f in data["fixed"]] == ["Gone"]


def test_scan_takes_a_previous_report_for_the_html_diff(scanned):
    result = run("scan", "stack.yaml", "-q", "--select", "MLS001", "--format", "html", "-o", "diff.html",
                 "--previous", "scan.json")
    assert result.exit_code == 1
    html = (scanned / "diff.html").read_text()
    assert "0 new" in html and "1 fixed" in html  # MLS002 and MLS602 are not selected this time
    assert run("scan", "stack.yaml", "--format", "html", "--previous", "missing.json").exit_code == 2


def test_asff_import_from_the_command_line(scanned, monkeypatch):
    import mlsec.report.securityhub as securityhub

    calls = []

    class FakeClient:
        def batch_import_findings(self, Findings):
            calls.append(len(Findings))
            return {"FailedCount": 0, "SuccessCount": len(Findings), "FailedFindings": []}

    monkeypatch.setattr(securityhub, "_client_factory", lambda: (lambda region: FakeClient()))
    result = CliRunner().invoke(main, ["report", "render", "scan.json", "--format", "json", "-o", "x.json",
                                       "--asff-import", "--asff-account", "111122223333",
                                       "--asff-region", "us-east-1"])
    assert result.exit_code == 0, result.output
    assert calls and all(n <= 100 for n in calls)
    assert "to Security Hub" in result.stderr


def test_iac_scan_in_every_format_does_not_import_boto3(scanned):
    code = ("import sys; from click.testing import CliRunner; from mlsec.cli import main; "
            "CliRunner().invoke(main, ['scan', 'stack.yaml', '--asff-account', '111122223333', '--asff-region', "
            "'us-east-1'] + [a for f in ('html', 'sarif', 'junit', 'asff') for a in ('--format', f)]); "
            "print(sorted(m for m in ('boto3', 'moto', 'botocore') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=scanned)
    assert out.stdout.strip().splitlines()[-1] == "[]"
