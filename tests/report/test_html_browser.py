"""The HTML report in a real browser: headless Chromium (Debian package `chromium`) driven
by Playwright. Skipped when Chromium or Playwright is missing on a developer machine; in CI
(`CI` set, where .ci/run installs both) a missing browser is a failure, not a skip.

A screenshot of the report is kept in test-artifacts/ for review.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlsec.cli import main
from mlsec.report import RenderOptions, render
from tests.report.documents import document, finding, mixed_document

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("MLSEC_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _missing(why: str):
    if os.environ.get("CI"):
        pytest.fail(f"{why} (CI must have it: .ci/run installs chromium and playwright)")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _missing(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Page:
    """A report opened in a fresh page, with its console errors collected."""

    def __init__(self, browser, path: Path):
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("html[data-ready='true']", state="attached", timeout=10000)

    def wait_matching(self, count: int) -> None:
        # Playwright's expect() polls without eval(), which the report's CSP forbids.
        from playwright.sync_api import expect

        expect(self.page.locator("#match-count")).to_have_attribute("data-matching", str(count))

    def matching(self) -> int:
        return int(self.page.get_attribute("#match-count", "data-matching"))

    def choose(self, select: str, value: str) -> int:
        self.page.select_option(select, value)
        return self.matching()

    def cards(self) -> list[str]:
        return self.page.locator("#findings article.finding").all_text_contents()

    def shown(self) -> str:
        return self.page.text_content("#findings")


@pytest.fixture()
def open_report(browser, tmp_path):
    pages = []

    def opener(doc, name="report.html", previous=None) -> Page:
        path = tmp_path / name
        path.write_text(render("html", doc, RenderOptions(previous=previous)), encoding="utf-8")
        pages.append(Page(browser, path))
        return pages[-1]

    yield opener
    for p in pages:
        p.page.close()


def test_counts_match_the_json_and_filters_change_what_is_shown(open_report):
    doc = mixed_document()
    view = open_report(doc)
    for key in ("fail", "pass", "unknown", "not_applicable", "suppressed", "errors"):
        assert view.page.text_content(f"[data-testid=count-{key}]") == str(doc["summary"][key])
    for severity, count in doc["summary"]["fail_by_severity"].items():
        assert view.page.text_content(f"[data-testid=sev-{severity}]") == str(count)
    open_now = [f for f in doc["findings"] if f["status"] in ("fail", "unknown")]
    assert view.matching() == len(open_now) == len(view.cards())
    assert view.choose("#f-status", "") == len(doc["findings"])
    assert view.choose("#f-status", "pass") == 1 and "GoodNotebook" in view.shown()
    view.choose("#f-status", "")
    assert view.choose("#f-severity", "low") == 2
    view.choose("#f-severity", "")
    assert view.choose("#f-source", "terraform") == 2
    view.choose("#f-source", "")
    assert view.choose("#f-rule", "MLS002") == 2
    view.choose("#f-rule", "")
    assert view.choose("#f-suppressed", "only") == 1
    assert "Suppressed by security-team until 2030-01-31: lab sandbox" in view.cards()[0]
    view.choose("#f-suppressed", "")
    view.page.fill("#f-text", "cloudtrail:eu-west-1")
    view.wait_matching(1)
    assert "arn:aws:cloudtrail:eu-west-1:123456789012:trail/org" in view.shown()
    view.page.fill("#f-text", "")
    view.wait_matching(len(doc["findings"]))
    view.choose("#f-group", "rule")
    heads = view.page.locator("#findings .group-head").all_text_contents()
    assert [h.split()[0] for h in heads] == ["MLS001", "MLS002", "MLS105", "MLS602"]
    assert view.errors == []


def test_remediation_tabs_copy_and_evidence(open_report):
    view = open_report(mixed_document())
    first = view.page.locator("#findings article.finding").first
    first.locator("details summary").click()
    assert "CloudFormation" in first.locator(".tabs").text_content()
    visible = first.locator(".pane:not([hidden]) pre").text_content()
    assert "DirectInternetAccess: Disabled" in visible
    first.locator(".tabs button", has_text="Terraform").click()
    assert 'resource "aws_sagemaker_notebook_instance"' in first.locator(".pane:not([hidden]) pre").text_content()
    from playwright.sync_api import expect

    copy = first.locator(".pane:not([hidden]) .copy")
    copy.click()
    expect(copy).to_have_text(re.compile("Copied|Copy failed"))
    assert '"value": "Enabled"' in first.locator("pre.evidence").text_content()
    assert view.errors == []


def test_pages_of_a_large_report(open_report):
    doc = document([finding(rid=f"BadNotebook{i:04d}", line=i + 1) for i in range(1234)])
    view = open_report(doc)
    assert view.matching() == 1234 and len(view.cards()) == 50
    view.page.locator(".pager .next").first.click()
    assert "BadNotebook0050" in view.shown() and "BadNotebook0049" not in view.shown()
    assert "Page 2 of 25" in view.page.text_content(".pager .page-no")
    view.page.emulate_media(media="print")
    assert view.page.locator(".filters").is_hidden()
    assert view.errors == []


def test_diff_with_a_previous_report(open_report):
    old = document([finding(rid="Gone"), finding(rid="Kept")])
    new = document([finding(rid="Kept"), finding(rid="Added")])
    view = open_report(new, previous=old)
    assert "1 new" in view.page.text_content("[data-testid=diff]")
    assert view.choose("#f-change", "new") == 1 and "Added" in view.shown()
    assert view.choose("#f-change", "fixed") == 1 and "Gone" in view.shown()
    assert view.errors == []


HOSTILE = "<img src=x onerror=window.pwnedFile=1>"


def test_hostile_names_render_as_text(browser, tmp_path, monkeypatch):
    folder = tmp_path / HOSTILE
    folder.mkdir()
    (folder / "stack.yaml").write_text(
        "Resources:\n"
        "  '<script>window.pwnedId=1</script>\"''><img src=x onerror=window.pwnedId=2>':\n"
        "    Type: AWS::SageMaker::NotebookInstance\n"
        "    Properties:\n"
        "      InstanceType: \"ml.t3.medium\\u2028</script><script>window.pwnedValue=1</script>\\x01\"\n")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "hostile.html"
    result = CliRunner().invoke(main, ["scan", HOSTILE, "--select", "MLS001", "--format", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    view = Page(browser, out)
    try:
        pwned = view.page.evaluate("[window.pwnedFile, window.pwnedId, window.pwnedValue]")
        assert pwned == [None, None, None]
        assert view.page.locator("#findings img, #findings script").count() == 0
        text = view.page.text_content("#findings")
        assert "<script>window.pwnedId=1</script>" in text and HOSTILE in text
        assert view.errors == []
        data = json.loads(view.page.text_content("#mlsec-data"))
        assert data["findings"][0]["resource"]["file"].startswith(HOSTILE)
    finally:
        view.page.close()


def test_example_report_screenshot(browser, tmp_path):
    """Keeps test-artifacts/report.png (the examples/ report) for review."""
    source = REPO / "reports" / "examples" / "examples.html"
    if not source.is_file():
        pytest.skip("reports/examples/examples.html is not generated yet")
    view = Page(browser, source)
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        view.page.locator("#findings article.finding details summary").first.click()
        view.page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        assert (ARTIFACTS / "report.png").stat().st_size > 10000
        assert view.errors == []
    finally:
        view.page.close()


def test_change_filter_only_with_a_previous_report(open_report):
    view = open_report(mixed_document())
    assert view.page.locator("#f-change-label").is_hidden()
    assert view.page.locator("[data-testid=diff]").count() == 0


def test_invisible_and_reordering_characters_are_shown_escaped(open_report):
    doc = document([finding(rid="Bad\u202eNotebook\x07", message="value\u200bhidden")])
    view = open_report(doc)
    shown = view.shown()
    assert "Bad\\u202eNotebook\\x07" in shown and "value\\u200bhidden" in shown
    assert "\u202e" not in shown and "\u200b" not in shown
