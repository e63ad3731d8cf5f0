"""Reviews per second on one core: 1,000 generated seed-sized cases, load + review + JSON.

    .venv/bin/python bench/review_bench.py [-n 1000]

Cases come from bench/gen_cases.py (varied scenarios, so every rule path runs). The loop runs in
this one process (one core), reading each case file, validating it, reviewing it and serialising
the contract JSON (compact; `casekit review --json` indents it for people), without the
interpreter start-up. Target
(issue 2): at least 200 cases per second; issue 15 asks for 1,000.

The floor is what any review of the same files must do at least: read each file, parse its YAML
with casekit's loader and write the parsed data as compact JSON. It is timed file by file,
interleaved with the reviews (floor, review, floor, review ...), so a busy machine slows both
alike; the ratio is review time over floor time.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import casekit  # noqa: E402
from casekit.io import parse_text  # noqa: E402
from gen_cases import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(args.n, tmp)
        sizes = [p.stat().st_size for p in paths]
        casekit.review(casekit.load_case(paths[0])).to_json()  # warm caches (packs, regexes)
        decisions = collections.Counter()
        elapsed = floor = 0.0
        for path in paths:
            start = time.perf_counter()
            json.dumps(parse_text(path.read_text(encoding="utf-8"), path.name), separators=(",", ":"))
            middle = time.perf_counter()
            review = casekit.review(casekit.load_case(path))
            review.to_json(indent=None)  # compact, as a pipeline stores it
            elapsed += time.perf_counter() - middle
            floor += middle - start
            decisions[review.decision] += 1
    rate = len(paths) / elapsed
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}")
    print(f"cases: {len(paths)} (mean file {sum(sizes) / len(sizes) / 1024:.1f} KB; seed is 1.6 KB)")
    print(f"decisions: {dict(sorted(decisions.items()))}")
    print(f"elapsed: {elapsed:.2f} s on one core -> {rate:.0f} cases/s "
          f"({'ok' if rate >= 200 else 'MISSED'}: target 200)")
    print(f"floor (read + YAML parse + compact JSON of the same files): {floor:.2f} s -> "
          f"{len(paths) / floor:.0f} files/s; review / floor = {elapsed / floor:.1f}x; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
