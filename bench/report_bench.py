"""Wall time of `casekit report` for one case, as a user runs it (a fresh process each time).

    .venv/bin/python bench/report_bench.py [CASE] [--runs 5]

Prints the median and range of N runs for HTML only and for HTML + PDF, after one warm-up run
(so the OS file cache is warm, as it is for a user's second report). Targets (issue 3): HTML
under 5 s, HTML + PDF under 8 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASEKIT = str(Path(sys.executable).with_name("casekit"))


def timed(case: str, to: str, out: str) -> float:
    start = time.perf_counter()
    subprocess.run([CASEKIT, "report", case, "--out", out, "--to", to, "--renderer", "nbconvert"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("case", nargs="?", default=str(ROOT / "cases" / "hip-seed.yaml"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}")
    with tempfile.TemporaryDirectory() as out:
        timed(args.case, "html", out)  # warm-up
        rows = []
        for to, target in (("html", 5.0), ("html,pdf", 8.0)):
            times = [timed(args.case, to, out) for _ in range(args.runs)]
            med = statistics.median(times)
            rows.append((to, med, min(times), max(times), target))
            size = sum(f.stat().st_size for f in Path(out).glob("*.html")) / 1e6
    print(f"\n| output | median s | min s | max s | target s |\n|---|---|---|---|---|")
    for to, med, lo, hi, target in rows:
        print(f"| {to} | {med:.2f} | {lo:.2f} | {hi:.2f} | < {target:.0f} {'ok' if med < target else 'MISSED'} |")
    print(f"\nsingle-file HTML size: {size:.1f} MB (plotly.js inlined once)")


if __name__ == "__main__":
    main()
