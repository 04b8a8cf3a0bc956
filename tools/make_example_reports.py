#!/usr/bin/env python3
"""Regenerate the example reports in reports/examples/ from a scan of examples/.

    python tools/make_example_reports.py          # write them
    python tools/make_example_reports.py --check  # exit 1 if any is out of date

The scan runs from the repository root with relative paths, and its times are pinned
(EXAMPLE_TIME, duration 0), so the files change only when findings, rules or the report
formats change. tests/report/test_example_reports.py fails when they are stale.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "reports" / "examples"
EXAMPLE_TIME = "2026-01-01T00:00:00+00:00"
ASFF_ACCOUNT, ASFF_REGION = "111122223333", "eu-west-1"   # the documentation account of AWS examples
FILES = {"json": "examples.json", "html": "examples.html", "sarif": "examples.sarif",
         "junit": "examples.junit.xml", "asff": "examples.asff.json"}


def example_document() -> dict:
    from mlsec.engine.registry import load_rules
    from mlsec.engine.scan import scan
    from mlsec.report.document import report_document

    doc = report_document(scan(["examples"], list(load_rules()), jobs=1))
    doc["scan"].update(started_at=EXAMPLE_TIME, finished_at=EXAMPLE_TIME, duration_s=0.0)
    return doc


def example_reports() -> dict[str, str]:
    """file name -> content, rendered as `mlsec report render` would from the repository root."""
    from mlsec.report import RenderOptions, render

    cwd = os.getcwd()
    os.chdir(REPO)  # paths in the reports are relative to the repository root
    try:
        doc = example_document()
        options = RenderOptions(sarif_root=str(REPO), asff_account=ASFF_ACCOUNT, asff_region=ASFF_REGION)
        return {name: render(fmt, doc, options) for fmt, name in FILES.items()}
    finally:
        os.chdir(cwd)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args()
    stale = []
    for name, text in example_reports().items():
        path = OUT / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            stale.append(name)
            if not args.check:
                OUT.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    verb = "stale" if args.check else "rewritten"
    print(f"{len(stale)} {verb}: {', '.join(stale)}" if stale else "example reports are current")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
