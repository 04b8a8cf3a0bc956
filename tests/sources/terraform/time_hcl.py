"""Time the HCL source (not a test): one module many times, then N copies of it.

    python tests/sources/terraform/time_hcl.py [N]        (default N = 1000)

Reports CPU milliseconds per load_module call on data/ml_stack (parse alone and
parse + evaluation) and the total for N module folders, each a copy of that module.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.abspath(os.path.join(HERE, "..", "..", "..")))

from mlsec.sources.base import SourceOptions  # noqa: E402
from mlsec.sources.terraform import load_module  # noqa: E402
from mlsec.sources.terraform.parser import parse_source  # noqa: E402

STACK = os.path.join(HERE, "data", "ml_stack")


def best_ms(fn, rounds: int = 15, per_round: int = 40) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(per_round):
            fn()
        best = min(best, (time.process_time() - start) / per_round * 1000)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    options = SourceOptions()
    path = os.path.join(STACK, "main.tf")
    with open(path, "rb") as fh:
        src = fh.read()
    lines = src.count(b"\n")
    load_module(STACK, options)
    parse = best_ms(lambda: parse_source(path, src))
    full = best_ms(lambda: load_module(STACK, options))
    print(f"{lines}-line module: parse {parse:.2f} ms, load_module {full:.2f} ms (CPU, best round)")
    with tempfile.TemporaryDirectory() as work:
        folders = []
        for i in range(n):
            folder = os.path.join(work, f"m{i:05d}")
            shutil.copytree(STACK, folder)
            folders.append(folder)
        start, cpu = time.perf_counter(), time.process_time()
        count = sum(len(load_module(folder, options).resources) for folder in folders)
        print(f"{n} modules: {time.perf_counter() - start:.2f} s wall, {time.process_time() - cpu:.2f} s CPU, "
              f"{count} resources")


if __name__ == "__main__":
    main()
