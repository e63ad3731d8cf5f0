"""Does installing the `lab` extra (JupyterLab) slow `casekit report`? Both installs, interleaved.

    .venv/bin/python bench/lab_bench.py                      # .venv against .venv-lab, 5 rounds
    .venv/bin/python bench/lab_bench.py --runs 7 --baseline HEAD~3

Needs two virtualenvs in the checkout, each with its kernel registered inside it:

    python3 -m venv .venv     && .venv/bin/pip install -e '.[test]'
    python3 -m venv .venv-lab && .venv-lab/bin/pip install -e '.[test,lab]'
    .venv/bin/python -m ipykernel install --sys-prefix --name python3   # and .venv-lab/bin/python

Each round runs every variant once, in turn (the machine is shared and noisy: runs minutes
apart are not comparable), and measures, in a fresh process each time:

* import: `python -c "import casekit.cli, casekit.notebook, casekit.render, papermill.iorw,
  nbclient, nbconvert"`: what the CLI process imports on the report path;
* report: `casekit report CASE --out TMP --to html --renderer nbconvert` (CLI + kernel).

`--baseline REF` adds the same two venvs running casekit as of git ref REF (its `casekit/`
exported to a temporary folder and put first on PYTHONPATH, for the kernel too): before and
after a change, measured in the same minutes. Prints median, min and max per variant, and the
median per-round difference from the first variant (paired, so load drifts cancel out).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = "import casekit.cli, casekit.notebook, casekit.render, papermill.iorw, nbclient, nbconvert"


def export_ref(ref: str, dest: Path) -> Path:
    """`casekit/` as of git ref ``ref``, unpacked into ``dest``."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref, "casekit"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def timed(argv: list[str], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    # Not from the checkout: there `python -c`/`-m` would import ./casekit before PYTHONPATH's.
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(argv)}\n{proc.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("case", nargs="?", default=str(ROOT / "cases" / "hip-seed.yaml"))
    parser.add_argument("--runs", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--venvs", nargs="+", default=[".venv", ".venv-lab"])
    parser.add_argument("--baseline", metavar="REF", help="also time casekit as of this git ref")
    args = parser.parse_args()
    args.case = str(Path(args.case).resolve())

    venvs = [ROOT / v for v in args.venvs]
    for v in venvs:
        if not (v / "bin" / "python").exists():
            sys.exit(f"{v}: no virtualenv (see this script's docstring)")
    with tempfile.TemporaryDirectory(prefix="lab-bench-") as tmp:
        tmp = Path(tmp)
        variants = [(f"{v.name}", v, None) for v in venvs]
        if args.baseline:
            base = export_ref(args.baseline, tmp / "baseline")
            variants += [(f"{v.name} @ {args.baseline}", v, base) for v in venvs]
        times: dict[str, dict[str, list[float]]] = {name: {"import": [], "report": []}
                                                     for name, _, _ in variants}

        def run_round(record: bool) -> None:
            for name, venv, pythonpath in variants:
                env = dict(os.environ)
                env.pop("PYTHONPROFILEIMPORTTIME", None)
                if pythonpath:
                    env["PYTHONPATH"] = str(pythonpath)
                else:
                    env.pop("PYTHONPATH", None)
                py = str(venv / "bin" / "python")
                t_import = timed([py, "-c", IMPORTS], env, tmp)
                out = tmp / "out" / name.replace(" ", "_").replace("/", "_")
                t_report = timed([py, "-m", "casekit.cli", "report", args.case, "--out", str(out),
                                  "--to", "html", "--renderer", "nbconvert"], env, tmp)
                if record:
                    times[name]["import"].append(t_import)
                    times[name]["report"].append(t_report)
                    print(f"  {name:<28} import {t_import:5.2f} s   report {t_report:5.2f} s",
                          file=sys.stderr)

        print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{platform.machine()}; case {Path(args.case).name}; {args.runs} rounds "
              f"after one warm-up", file=sys.stderr)
        run_round(record=False)  # warm the OS file cache for every variant
        for i in range(args.runs):
            print(f"round {i + 1}/{args.runs}", file=sys.stderr)
            run_round(record=True)

    print(f"\nmachine: {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"{args.runs} interleaved rounds; seconds\n")
    # Paired by round against the first variant: steadier than a difference of medians when
    # the machine's load drifts.
    ref = times[variants[0][0]]

    def paired(t: dict, key: str) -> str:
        return f"{statistics.median(a - b for a, b in zip(t[key], ref[key])):+.2f}"

    print("| variant | import median (min-max) | vs first, paired | report --to html median (min-max) "
          "| vs first, paired |")
    print("|---|---|---|---|---|")
    for name, t in times.items():
        imp, rep = t["import"], t["report"]
        print(f"| {name} | {statistics.median(imp):.2f} ({min(imp):.2f}-{max(imp):.2f}) | {paired(t, 'import')} "
              f"| {statistics.median(rep):.2f} ({min(rep):.2f}-{max(rep):.2f}) | {paired(t, 'report')} |")


if __name__ == "__main__":
    main()
