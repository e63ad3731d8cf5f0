"""Start-up: the process time of `casekit validate` and `casekit review` beside bare Python.

    .venv/bin/python bench/startup_bench.py [-n 20] [CASE]

Each command runs ``n`` times as a fresh process, the commands interleaved round by round (so a
busy machine slows them alike); prints the median and the fastest wall time of each, and the
ratio of the medians to ``python -c "import yaml, json"`` (what reading a case and writing JSON
needs at least). The load average is printed with them: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands(case: str) -> dict[str, list[str]]:
    py = sys.executable
    return {"python -c pass": [py, "-c", "pass"],
            "python -c 'import yaml, json'": [py, "-c", "import yaml, json"],
            f"casekit validate {case}": [py, "-m", "casekit", "validate", case],
            f"casekit review {case}": [py, "-m", "casekit", "review", case]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("case", nargs="?", default="cases/hip-seed.yaml")
    args = parser.parse_args()
    cmds = commands(args.case)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times: dict[str, list[float]] = {name: [] for name in cmds}
    for _ in range(args.n):
        for name, cmd in cmds.items():
            start = time.perf_counter()
            done = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
            if done.returncode not in (0, 1):  # review exits 1 on a denial
                sys.exit(f"{name}: exit {done.returncode}")
    floor = statistics.median(times["python -c 'import yaml, json'"])
    print(f"{args.n} runs each, interleaved; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:45s} median {med * 1000:6.0f} ms  min {min(ts) * 1000:6.0f} ms  {med / floor:4.1f}x yaml+json")


if __name__ == "__main__":
    main()
