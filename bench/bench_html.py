#!/usr/bin/env python3
"""Benchmark the HTML report on a large scan: render time and time to open in Chromium.

Generates a corpus of N CloudFormation + N Terraform stacks (bench/generate_corpus.py;
~24 findings per stack pair, so the default N=420 gives ~20 000 findings), scans it once
to JSON (cached in the work folder), then measures

- render: `mlsec report render report.json --format html -o report.html` in a fresh
  process (interpreter start, JSON load, rules, template), best and worst of 3;
- open: headless Chromium (Debian `chromium`, driven by Playwright) from navigation to
  the first page of findings on screen (the page sets data-ready), best and worst of 3;
- filter: changing the status filter to "all" until the list is redrawn.

    python bench/bench_html.py [--stacks N] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_corpus import generate  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def scanned_report(work: Path, n: int) -> Path:
    corpus, report = work / f"corpus-{n}", work / f"report-{n}.json"
    if not (corpus / ".complete").exists():
        generate(corpus, n)
        (corpus / ".complete").write_text("")
    if not report.exists():
        proc = subprocess.run([sys.executable, "-m", "mlsec.cli", "scan", str(corpus), "--format", "json",
                               "-o", str(report), "-q"], capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return report


def time_render(report: Path, html: Path, runs: int = 3) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mlsec.cli", "report", "render", str(report), "--format", "html",
                        "-o", str(html)], check=True)
        times.append(time.perf_counter() - start)
    return times


def time_open(html: Path, chromium: str, runs: int = 3) -> tuple[list[float], float, list[str]]:
    from playwright.sync_api import expect, sync_playwright

    opens, errors = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))
            start = time.perf_counter()
            page.goto(html.as_uri())
            page.wait_for_selector("html[data-ready='true']", state="attached", timeout=30000)
            opens.append(time.perf_counter() - start)
            page.close()
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(html.as_uri())
        page.wait_for_selector("html[data-ready='true']", state="attached", timeout=30000)
        total = len(json.loads(page.text_content("#mlsec-data"))["findings"])
        start = time.perf_counter()
        page.select_option("#f-status", "")
        expect(page.locator("#match-count")).to_have_attribute("data-matching", str(total))
        filtering = time.perf_counter() - start
        browser.close()
    return opens, filtering, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stacks", type=int, default=420, help="N CloudFormation + N Terraform stacks")
    parser.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "mlsec-bench"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    report = scanned_report(work, args.stacks)
    findings = len(json.loads(report.read_text())["findings"])
    html = work / f"report-{args.stacks}.html"
    renders = time_render(report, html)
    opens, filtering, errors = time_open(html, args.chromium)
    size_mb = html.stat().st_size / 1e6
    print(f"findings {findings}, HTML {size_mb:.1f} MB")
    print(f"render (fresh process)  best {min(renders):.2f} s, worst {max(renders):.2f} s   (target < 3 s)")
    print(f"open in Chromium        best {min(opens):.2f} s, worst {max(opens):.2f} s   (target < 2 s)")
    print(f"filter to all findings  {filtering:.2f} s")
    if errors:
        print(f"page errors: {errors}")


if __name__ == "__main__":
    main()
