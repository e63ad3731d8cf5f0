"""Time ``casekit screen`` on a million synthetic claim lines, in-process and on the command line.

    .venv/bin/python bench/claims_bench.py                    # 1,000,000 lines, 3 runs each
    .venv/bin/python bench/claims_bench.py --lines 200000 --runs 1

The extract is made by bench/gen_claims.py (seeded) in a temporary folder and deleted after;
never commit it. In-process: ``claims.read`` (read and check every line) then ``screen.screen``
(visits, episodes, metrics, flags), after a warm-up on the small example extract so imports and
pack loading are not counted. CLI: ``python -m casekit screen FILE --out DIR`` end to end,
imports, screen.csv and the offline screen.html included. Each figure is the best of ``--runs``
(the machine is shared; the slowest run is printed too). Target: under 10 s for 1,000,000 lines.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=14)
    a = ap.parse_args(argv)
    from gen_claims import generate

    from casekit import claims, screen
    screen.screen(claims.read(ROOT / "cases" / "claims" / "extract.csv"))  # warm-up: imports, packs
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.csv"
        generate(a.lines, a.seed).to_csv(path, index=False)
        size = path.stat().st_size / 1e6
        inproc, steps = [], []
        for _ in range(a.runs):
            t0 = time.perf_counter()
            lines = claims.read(path)
            t1 = time.perf_counter()
            table = screen.screen(lines)
            t2 = time.perf_counter()
            inproc.append(t2 - t0)
            steps.append((t1 - t0, t2 - t1))
        cli = []
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for _ in range(a.runs):
            t0 = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "casekit", "screen", str(path), "--out", str(Path(tmp) / "out")],
                                 capture_output=True, text=True, env=env)
            cli.append(time.perf_counter() - t0)
            if run.returncode:
                print(run.stderr, file=sys.stderr)
                return run.returncode
    best = min(range(a.runs), key=lambda i: inproc[i])
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"extract: {lines.total:,} lines ({size:.0f} MB CSV), {len(lines.pt):,} PT, {lines.not_pt:,} not PT, "
          f"{lines.bad_rows} bad; {table['member_key'].nunique():,} members, {len(table):,} episodes, "
          f"{(table['flags'] != '').sum():,} flagged")
    print(f"in-process: best {min(inproc):.2f} s (read and check {steps[best][0]:.2f} s, screen {steps[best][1]:.2f} s), "
          f"slowest {max(inproc):.2f} s")
    print(f"CLI (casekit screen FILE --out DIR): best {min(cli):.2f} s, slowest {max(cli):.2f} s")
    print("target: under 10 s", "- met" if min(cli) < 10 and min(inproc) < 10 else "- NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
