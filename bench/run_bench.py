#!/usr/bin/env python3
"""Benchmark `mlsec scan` on generated corpora of N CloudFormation + N Terraform stacks.

For each N the corpus is generated once (cached under the work folder) and
`mlsec scan <corpus> --format json -o <file> -q` runs ``--repeat`` times, each in a fresh
process. Reported per N: files, resources, findings, wall time (best and median),
files per second (best), and peak RSS.

CPU is user + system time of the whole process tree (least of the runs): on a busy
machine it moves far less than wall time. Peak RSS is the largest resident set of any one process of the scan's process tree
(the main process and its ``--jobs`` workers): wait4() returns the child's maximum
together with that of every descendant it reaped, and the pool reaps its workers. With
``--sum-rss`` the tree is also sampled every 50 ms and the largest *sum* of PSS over it
is shown (PSS counts pages shared after fork once; sampling costs a little CPU).

After the sizes, a linearity report gives the time per file at each N and a
least-squares fit wall = fixed + per_file * files. Start-up figures follow:
`mlsec --version` and one small template scanned end to end.

With ``--checkov PATH`` the same corpus is scanned by Checkov once per N (install it in
a separate venv; it is not a dependency of mlsec), for a side-by-side comparison.

    python bench/run_bench.py [N ...]                       (default: 100 1000)
    python bench/run_bench.py --repeat 5 100 1000 5000
    python bench/run_bench.py --jobs 1 --sum-rss 1000
    python bench/run_bench.py --checkov /tmp/checkov-venv/bin/checkov 1000
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from generate_corpus import generate  # noqa: E402

SMALL_TEMPLATE = REPO / "rules" / "notebook"


def _environment() -> dict[str, str]:
    """Run the checkout being benchmarked, whatever else is installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


# -- one measured process -------------------------------------------------------------------

def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(cmd: list[str], sum_rss: bool = False, ok_codes=(0, 1)) -> dict:
    """Wall time, peak RSS of the largest process in the tree, and optionally the
    largest sampled sum of PSS over the tree, for one run of ``cmd``."""
    with open(os.devnull, "wb") as devnull, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=devnull, stderr=err, env=_environment(), cwd=REPO)
        peak_sum = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG if sum_rss else 0)
            if pid:
                break
            peak_sum = max(peak_sum, sum(_pss_kb(p) for p in _descendants(proc.pid)))
            time.sleep(0.05)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok_codes:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"{' '.join(cmd[:4])}... failed ({proc.returncode}): {tail}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "max_rss_mb": usage.ru_maxrss / 1024,
            "sum_pss_mb": peak_sum / 1024 if sum_rss else None}


# -- mlsec on one corpus --------------------------------------------------------------------

def corpus_for(work: Path, n: int) -> Path:
    corpus = work / f"corpus-{n}"
    if not (corpus / ".complete").exists():
        generate(corpus, n)
        (corpus / ".complete").write_text("")
    return corpus


def bench_size(work: Path, n: int, repeat: int, extra: list[str], sum_rss: bool) -> dict:
    corpus = corpus_for(work, n)
    report = work / f"report-{n}.json"
    cmd = [sys.executable, "-m", "mlsec.cli", "scan", str(corpus), "--format", "json", "-o", str(report), "-q",
           *extra]
    runs = [run_measured(cmd, sum_rss) for _ in range(repeat)]
    summary = json.loads(report.read_text())["summary"]
    walls = sorted(r["wall"] for r in runs)
    return {
        "n": n, "files": summary["files"], "resources": summary["resources"], "errors": summary["errors"],
        "findings": summary["fail"] + summary["pass"] + summary["unknown"] + summary["not_applicable"],
        "best": walls[0], "median": statistics.median(walls), "files_per_s": summary["files"] / walls[0],
        "cpu": min(r["cpu"] for r in runs),
        "max_rss_mb": max(r["max_rss_mb"] for r in runs),
        "sum_pss_mb": max(r["sum_pss_mb"] for r in runs) if sum_rss else None,
    }


def bench_checkov(work: Path, n: int, checkov: str) -> dict:
    corpus = corpus_for(work, n)
    cmd = [checkov, "-d", str(corpus), "--framework", "cloudformation", "terraform", "-o", "json", "--quiet",
           "--compact", "--skip-download"]
    run = run_measured(cmd, ok_codes=(0, 1))
    return {"n": n, "wall": run["wall"], "max_rss_mb": run["max_rss_mb"]}


# -- start-up ---------------------------------------------------------------------------------

def bench_startup(repeat: int) -> dict:
    small = next(SMALL_TEMPLATE.glob("MLS001_*/fixtures/fail/cloudformation.yaml"))
    version = [run_measured([sys.executable, "-m", "mlsec.cli", "--version"])["wall"] for _ in range(repeat)]
    scan = [run_measured([sys.executable, "-m", "mlsec.cli", "scan", str(small), "-q"])["wall"]
            for _ in range(repeat)]
    return {"version": (min(version), statistics.median(version)), "small": (min(scan), statistics.median(scan)),
            "small_path": small.relative_to(REPO)}


# -- reporting --------------------------------------------------------------------------------

def linearity(rows: list[dict]) -> list[str]:
    lines = ["", "Linearity (best wall time):", f"{'N':>6} {'files':>6} {'ms/file':>8} {'vs first':>8}"]
    first = rows[0]["best"] / rows[0]["files"]
    for r in rows:
        per_file = r["best"] / r["files"]
        lines.append(f"{r['n']:>6} {r['files']:>6} {per_file * 1000:>8.3f} {per_file / first:>8.2f}")
    if len(rows) >= 2:
        xs = [r["files"] for r in rows]
        ys = [r["best"] for r in rows]
        slope, intercept = statistics.linear_regression(xs, ys)
        fitted = [intercept + slope * x for x in xs]
        mean = statistics.fmean(ys)
        total = sum((y - mean) ** 2 for y in ys)
        r2 = 1 - sum((y - f) ** 2 for y, f in zip(ys, fitted)) / total if total else 1.0
        lines.append(f"fit: wall = {intercept:.3f} s + {slope * 1000:.3f} ms x files  (R^2 = {r2:.4f})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "mlsec-bench"))
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (best and median are shown)")
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs to mlsec scan")
    parser.add_argument("--scan-args", default="", help="more arguments for mlsec scan")
    parser.add_argument("--sum-rss", action="store_true", help="also sample the summed PSS of the process tree")
    parser.add_argument("--checkov", metavar="PATH", help="Checkov executable to run on the same corpora")
    parser.add_argument("--no-startup", action="store_true", help="skip the --version and small-template timings")
    args = parser.parse_args()
    work = Path(args.work)
    extra = args.scan_args.split() + (["--jobs", str(args.jobs)] if args.jobs else [])

    print(f"mlsec scan, {args.repeat} run(s) per size, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}"
          + (f", --jobs {args.jobs}" if args.jobs else ", --jobs default (all cores)"))
    print(f"{'N':>6} {'files':>6} {'resources':>9} {'findings':>8} {'best s':>7} {'median s':>8} {'files/s':>8} "
          f"{'CPU s':>6} {'max RSS MB':>10}" + (f" {'sum PSS MB':>10}" if args.sum_rss else ""))
    rows = []
    for n in args.sizes:
        r = bench_size(work, n, args.repeat, extra, args.sum_rss)
        rows.append(r)
        print(f"{n:>6} {r['files']:>6} {r['resources']:>9} {r['findings']:>8} {r['best']:>7.2f} {r['median']:>8.2f} "
              f"{r['files_per_s']:>8.0f} {r['cpu']:>6.2f} {r['max_rss_mb']:>10.1f}"
              + (f" {r['sum_pss_mb']:>10.1f}" if args.sum_rss else ""), flush=True)
    print("\n".join(linearity(rows)))
    if not args.no_startup:
        s = bench_startup(max(args.repeat, 5))
        print(f"\nmlsec --version: best {s['version'][0]:.3f} s, median {s['version'][1]:.3f} s")
        print(f"small template ({s['small_path']}) end to end: best {s['small'][0]:.3f} s, "
              f"median {s['small'][1]:.3f} s")
    if args.checkov:
        print(f"\nCheckov ({args.checkov}), one run per size:")
        print(f"{'N':>6} {'checkov s':>9} {'max RSS MB':>10} {'mlsec best s':>12} {'speed-up':>8}")
        for r in rows:
            c = bench_checkov(work, r["n"], args.checkov)
            print(f"{r['n']:>6} {c['wall']:>9.1f} {c['max_rss_mb']:>10.1f} {r['best']:>12.2f} "
                  f"{c['wall'] / r['best']:>7.0f}x", flush=True)


if __name__ == "__main__":
    main()
