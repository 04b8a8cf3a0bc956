"""Every hostile input gets an error naming it, the other files are still scanned, the
exit code follows the contract, no traceback is shown, and the scan stays quick."""

from __future__ import annotations

import pytest

from tests.adversarial.corpus import CASES, DEPTH, NOTEBOOK_HEAD, Case

TIME_LIMIT = 2.0  # seconds for one scan of a hostile input plus one ordinary template


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_reported_and_the_rest_is_scanned(case: Case, tmp_path, scan, other):
    path = case.build(tmp_path / "hostile")
    target = path if case.explicit else tmp_path / "hostile"

    both = scan(target, other)
    assert both.seconds < TIME_LIMIT
    errors = both.errors_for(path)
    assert len(errors) == 1, both.report.get("errors")
    assert case.message in errors[0]["message"]
    assert errors[0]["kind"] == case.kind
    assert "BadNotebook" in both.ids()  # the ordinary template was still scanned
    assert both.exit_code == 1
    assert "Traceback" not in both.stdout + both.stderr

    alone = scan(target)
    assert alone.seconds < TIME_LIMIT
    assert alone.exit_code == (0 if case.unit_scanned else 2)
    assert f"mlsec: {path}" in alone.stderr and case.message in alone.stderr
    if not case.unit_scanned:
        assert "nothing could be scanned" in alone.stderr
    assert "Traceback" not in alone.stdout + alone.stderr


def test_unreadable_file_is_reported(tmp_path, scan, other, monkeypatch):
    # Tests run as root, for whom chmod 000 changes nothing: make opening the file fail.
    import builtins

    path = tmp_path / "hostile" / "locked.yaml"
    path.parent.mkdir()
    path.write_text(NOTEBOOK_HEAD + "      RootAccess: Disabled\n")
    real_open = builtins.open

    def refusing_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing_open)
    result = scan(path.parent, other)
    (error,) = result.errors_for(path)
    assert error["kind"] == "read" and "Permission denied" in error["message"]
    assert "BadNotebook" in result.ids() and result.exit_code == 1


def test_unreadable_folder_is_reported(tmp_path, scan, other, monkeypatch):
    import os

    locked = tmp_path / "hostile" / "locked"
    locked.mkdir(parents=True)
    (locked / "t.yaml").write_text(NOTEBOOK_HEAD)
    real_scandir = os.scandir

    def refusing_scandir(path="."):
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing_scandir)
    result = scan(tmp_path / "hostile", other)
    (error,) = result.errors_for(locked)
    assert error["kind"] == "read" and "cannot read directory: Permission denied" in error["message"]
    assert result.exit_code == 1


def test_empty_files_in_folders_are_quietly_not_templates(tmp_path, scan, other):
    (tmp_path / "hostile").mkdir()
    (tmp_path / "hostile" / "empty.yaml").write_text("")
    (tmp_path / "hostile" / "empty.json").write_text("   \n")
    empty_module = tmp_path / "hostile" / "module"
    empty_module.mkdir()
    (empty_module / "main.tf").write_text("")  # an empty module is valid Terraform
    result = scan(tmp_path / "hostile", other)
    assert result.report["errors"] == []
    assert str(empty_module / "main.tf") in result.report["scan"]["files"]
    assert result.exit_code == 1


def test_unknown_intrinsic_gives_unknown_not_pass(tmp_path, scan):
    path = tmp_path / "t.yaml"
    path.write_text(NOTEBOOK_HEAD + "      DirectInternetAccess: {'Fn::Frobnicate': [1]}\n"
                                    "      RootAccess: !Frob Disabled\n")
    result = scan(path, "--select", "MLS001", "--select", "MLS002")
    statuses = {f["rule_id"]: (f["status"], f["message"]) for f in result.report["findings"]}
    assert statuses["MLS001"][0] == "unknown" and "unsupported intrinsic Fn::Frobnicate" in statuses["MLS001"][1]
    assert statuses["MLS002"][0] == "unknown" and "Fn::Frob" in statuses["MLS002"][1]
    assert result.exit_code == 0


def test_cloudformation_parameter_of_the_wrong_type(tmp_path, scan):
    path = tmp_path / "t.yaml"
    path.write_text("Parameters:\n  Size:\n    Type: Number\n  Root:\n    Type: String\n"
                    "    AllowedValues: [Enabled, Disabled]\n" + NOTEBOOK_HEAD
                    + "      VolumeSizeInGB: !Ref Size\n      RootAccess: !Ref Root\n")
    result = scan(path, "--param", "Size=lots", "--param", "Root=Maybe", "--select", "MLS002")
    messages = [(e["line"], e["kind"], e["message"]) for e in result.errors_for(path)]
    assert messages == [
        (2, "usage", "the value given for parameter Size ('lots') is not a number, as its Type Number requires"),
        (4, "usage", "the value given for parameter Root ('Maybe') is not one of its AllowedValues "
                     "(Enabled, Disabled)"),
    ]
    (finding,) = result.report["findings"]
    assert finding["status"] == "unknown"  # an invalid value is neither Enabled nor Disabled
    assert result.exit_code == 0


def test_terraform_variable_of_the_wrong_type(tmp_path, scan):
    folder = tmp_path / "tf"
    folder.mkdir()
    (folder / "main.tf").write_text(
        'variable "root" {\n  type = bool\n}\nvariable "tags" {\n  type = map(string)\n}\n'
        'resource "aws_sagemaker_notebook_instance" "nb" {\n  name = "nb"\n'
        '  root_access = var.root ? "Enabled" : "Disabled"\n  tags = var.tags\n}\n')
    result = scan(folder, "--var", "root=perhaps", "--var", "tags={a=[", "--select", "MLS002")
    messages = sorted((e["line"], e["kind"], e["message"]) for e in result.errors_for(folder / "main.tf"))
    assert [m[:2] for m in messages] == [(1, "usage"), (4, "usage")]
    assert "var.root: the value given for it" in messages[0][2] and "a string is not a bool" in messages[0][2]
    assert "var.tags" in messages[1][2] and "not a valid HCL value" in messages[1][2]
    assert {f["status"] for f in result.report["findings"]} == {"unknown"}


def test_depth_of_the_deep_cases_is_what_the_issue_asks():
    assert DEPTH >= 10_000
