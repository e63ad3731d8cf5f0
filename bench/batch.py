"""Time `casekit batch` on 100 generated cases against the naive papermill + nbconvert loop.

    .venv/bin/python bench/batch.py              # 100 cases, 2 jobs, naive loop on 5 of them
    .venv/bin/python bench/batch.py -n 40 --sample 3 --keep /tmp/bench-out

The batch runs as the user would run it (the `casekit` command, in a subprocess); the peak
memory is the summed RSS of its process tree (batch, workers, kernels), polled every 0.2 s.
The naive loop runs the `papermill` and `jupyter nbconvert` commands per case, as a shell
script would. Decisions are compared case by case: the manifest's against the one printed in
the banner of the naive HTML report. Prints a markdown table for the README.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from gen_cases import generate  # noqa: E402

BIN = Path(sys.executable).parent
TITLE_TO_DECISION = {"APPROVED": "approve", "PARTIALLY APPROVED": "partial", "PENDED": "pend", "DENIED": "deny"}


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def run_measured(cmd: list[str], **kwargs) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run ``cmd``; return (seconds, peak RSS of its process tree in bytes, the result)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    peak, ps = 0, psutil.Process(proc.pid)
    done = threading.Event()
    out: dict[str, str] = {}

    def drain():
        out["stdout"], out["stderr"] = proc.communicate()
        done.set()

    threading.Thread(target=drain, daemon=True).start()
    while not done.wait(0.2):
        try:
            peak = max(peak, _tree_rss(ps))
        except psutil.NoSuchProcess:
            pass
    seconds = time.perf_counter() - start
    return seconds, peak, subprocess.CompletedProcess(cmd, proc.returncode, out["stdout"], out["stderr"])


def _check(result: subprocess.CompletedProcess, what: str) -> None:
    if result.returncode != 0:
        raise SystemExit(f"{what} failed (exit {result.returncode}):\n{result.stderr[-2000:]}")


def naive(case: Path, work: Path, pdf: bool = False) -> tuple[float, str]:
    """papermill then nbconvert (then, with ``pdf``, Chromium printing the HTML as a shell script
    would: one headless browser per file), one case; (seconds, decision read from the HTML banner)."""
    executed = work / f"{case.stem}.ipynb"
    start = time.perf_counter()
    r = subprocess.run([str(BIN / "papermill"), str(ROOT / "notebooks" / "review.ipynb"), str(executed),
                        "-p", "case_path", str(case), "-p", "pack", "", "--log-level", "ERROR"],
                       capture_output=True, text=True, cwd=work)
    _check(r, f"papermill on {case.name}")
    r = subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                       capture_output=True, text=True, cwd=work)
    _check(r, f"nbconvert on {case.name}")
    if pdf:
        r = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                            "--disable-background-networking", f"--user-data-dir={work / 'profile'}",
                            "--no-pdf-header-footer", "--virtual-time-budget=10000",
                            f"--print-to-pdf={executed.with_suffix('.pdf')}",
                            executed.with_suffix(".html").as_uri()], capture_output=True, text=True, cwd=work)
        _check(r, f"chromium on {case.name}")
    seconds = time.perf_counter() - start
    page = executed.with_suffix(".html").read_text(encoding="utf-8")
    # The banner: "Determination: <strong ...>DENIED</strong>", in a div of class ck-<decision>.
    m = re.search(r"Determination: <strong[^>]*>\s*([A-Z ]+?)\s*</strong>", page)
    if m and m.group(1) in TITLE_TO_DECISION:
        return seconds, TITLE_TO_DECISION[m.group(1)]
    m = re.search(r"class=['\"]ck-banner ck-(approve|partial|pend|deny)\b", page)
    return seconds, m.group(1) if m else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="cases to generate (default 100)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=5, help="cases for the naive loop (default 5)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", help="keep the batch output in this folder")
    parser.add_argument("--pdf", action="store_true", help="HTML and PDF: the batch with --to html,pdf, its "
                        "browser kept per worker and, in the same run, with one browser per PDF "
                        "(CASEKIT_PDF_BROWSER=one-shot); the naive loop prints each HTML with Chromium")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="casekit-bench-"))
    try:
        cases = generate(args.n, tmp / "cases", seed=args.seed)
        out = Path(args.keep) if args.keep else tmp / "out"
        if out.exists() and any(out.iterdir()):
            raise SystemExit(f"{out}: not empty; the bench times a batch from scratch")
        cmd = [str(BIN / "casekit"), "batch", str(tmp / "cases"), "--out", str(out), "--jobs",
               str(args.jobs), "--to", "html,pdf" if args.pdf else "html"]
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
        oneshot = None
        if args.pdf:  # first the same batch with one browser per PDF, as before the kept browser
            other = tmp / "out-oneshot"
            s1, p1, r1 = run_measured(cmd[:4] + [str(other)] + cmd[5:],
                                      env={**env, "CASEKIT_PDF_BROWSER": "one-shot"})
            if r1.returncode not in (0, 1):
                _check(r1, "casekit batch (one browser per PDF)")
            oneshot = (s1, p1)
        batch_s, peak, result = run_measured(cmd, env=env)
        if result.returncode not in (0, 1):
            _check(result, "casekit batch")
        with open(out / "manifest.csv", newline="") as f:
            rows = {Path(r["input"]).name: r for r in csv.DictReader(f)}
        failed = [r for r in rows.values() if r["status"] != "ok"]
        mix: dict[str, int] = {}
        for r in rows.values():
            mix[r["decision"] or r["status"]] = mix.get(r["decision"] or r["status"], 0) + 1
        reports = [p for p in out.glob("*.html") if p.name != "index.html"]
        largest = max(reports, key=lambda p: p.stat().st_size)

        sample = random.Random(args.seed).sample(cases, args.sample)
        naive_dir = tmp / "naive"
        naive_dir.mkdir()
        naive_s, same = 0.0, []
        for case in sample:
            seconds, decision = naive(case, naive_dir, pdf=args.pdf)
            naive_s += seconds
            same.append((case.name, rows[case.name]["decision"], decision))
        identical = all(a == b for _, a, b in same)

        batch_rate, naive_rate = len(cases) / batch_s, len(sample) / naive_s
        ratio = batch_rate / naive_rate
        py = platform.python_version()
        print(f"\ncasekit batch bench: {len(cases)} generated cases; decisions {dict(sorted(mix.items()))}"
              f"{'; failed: ' + str(len(failed)) if failed else ''}")
        for name, a, b in same:
            print(f"  {name}: batch {a}, naive {b}{'' if a == b else '  <-- differs'}")
        print()
        print(f"Machine: {os.cpu_count()} cores (nproc), Python {py}, {platform.system()} "
              f"{platform.machine()}, load average {os.getloadavg()[0]:.1f}. Command: `casekit batch CASES --out OUT "
              f"--jobs {args.jobs} --to {'html,pdf' if args.pdf else 'html'}` "
              f"on {len(cases)} cases from `bench/gen_cases.py` (seed {args.seed}); naive loop on "
              f"{len(sample)} of them: `papermill notebooks/review.ipynb out.ipynb -p case_path X -p pack \"\"` "
              "then `jupyter nbconvert --to html --no-input out.ipynb`"
              + (" then `chromium --headless --print-to-pdf` of the HTML." if args.pdf else "."))
        print()
        print("| | casekit batch (--jobs %d) | naive loop (papermill + nbconvert) |" % args.jobs)
        print("|---|---|---|")
        print(f"| cases | {len(cases)} | {len(sample)} |")
        print(f"| wall time | {batch_s:.1f} s | {naive_s:.1f} s |")
        print(f"| throughput | {batch_rate:.2f} cases/s | {naive_rate:.2f} cases/s |")
        print(f"| speed-up | {ratio:.1f}x {'(meets >= 10x)' if ratio >= 10 else '(BELOW 10x)'} | 1x |")
        print(f"| same decisions on the sample | {'yes' if identical else 'NO'} "
              f"({sum(a == b for _, a, b in same)}/{len(same)}) | |")
        print(f"| largest report beside shared plotly.js | {largest.stat().st_size / 1024:.0f} KB "
              f"({largest.name}) | |")
        print(f"| peak memory (process tree RSS) | {peak / 2**20:.0f} MB | |")
        if oneshot is not None:
            s1, p1 = oneshot
            print(f"| the same batch, one browser per PDF | {s1:.1f} s, {len(cases) / s1:.2f} cases/s "
                  f"({len(cases) / s1 / naive_rate:.1f}x the naive loop), peak {p1 / 2**20:.0f} MB | |")
        if not identical or ratio < 10:
            sys.exit(1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
