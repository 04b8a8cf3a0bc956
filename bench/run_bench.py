#!/usr/bin/env python3
"""Benchmark `mlsec scan` on generated corpora of N CloudFormation + N Terraform stacks.

For each N it generates the corpus (once, cached under the work folder), runs
`mlsec scan <corpus> --format json -o <file>` in a fresh process and reports wall time,
peak RSS of that process, files per second, resources and findings.

    python bench/run_bench.py [N ...]          (default: 100 1000)
    python bench/run_bench.py --work /tmp/mlsec-bench 100 1000 5000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_corpus import generate  # noqa: E402


def measure(corpus: Path, report: Path, extra: list[str]) -> dict:
    cmd = [sys.executable, "-m", "mlsec.cli", "scan", str(corpus), "--format", "json", "-o", str(report), "-q",
           *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        raise SystemExit(f"scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
    data = json.loads(report.read_text())
    s = data["summary"]
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(max(peak_kb, before) / 1024, 1),
            "files": s["files"], "resources": s["resources"], "findings": len(data["findings"]),
            "files_per_s": round(s["files"] / wall, 1), "errors": s["errors"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "mlsec-bench"))
    parser.add_argument("--scan-args", default="", help="extra arguments for mlsec scan")
    args = parser.parse_args()
    work = Path(args.work)
    print(f"{'N':>6} {'files':>6} {'resources':>9} {'findings':>8} {'wall s':>7} {'peak MB':>8} {'files/s':>8}")
    for n in args.sizes:
        corpus = work / f"corpus-{n}"
        if not (corpus / ".complete").exists():
            generate(corpus, n)
            (corpus / ".complete").write_text("")
        # each run is a separate child process, so RUSAGE_CHILDREN's max covers it alone only for the first;
        # run each size in its own interpreter to keep peak RSS per size honest
        if len(args.sizes) > 1:
            out = subprocess.run([sys.executable, __file__, "--work", str(work), "--scan-args", args.scan_args,
                                  str(n)], capture_output=True, text=True, check=True).stdout.splitlines()[-1]
            print(out)
            continue
        r = measure(corpus, work / f"report-{n}.json", args.scan_args.split())
        print(f"{n:>6} {r['files']:>6} {r['resources']:>9} {r['findings']:>8} {r['wall_s']:>7} "
              f"{r['peak_rss_mb']:>8} {r['files_per_s']:>8}")


if __name__ == "__main__":
    main()
