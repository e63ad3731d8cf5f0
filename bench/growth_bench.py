"""Review, timeline and figure time against visits, episodes and note length, with the slopes.

    .venv/bin/python bench/growth_bench.py                  # 10-10,000 visits, 1-1,000 episodes, 1 KB-5 MB
    .venv/bin/python bench/growth_bench.py --quick          # up to 1,000 visits, 100 episodes, 100 KB
    .venv/bin/python bench/growth_bench.py --against DIR    # each point of DIR's casekit, then this one's

Three series, each built on cases/knee-approve.yaml (``scale_bench``'s generators):

- **visits**: 10 to 10,000 dated visits, one a day, each with a short note (``case_with_visits``);
- **episodes**: 1 to 1,000 episodes of two visits a day apart, each after a break one day longer
  than the gap limit (61 days: 1,000 episodes fit in the years a case may hold), opening with a short note; every other restart note explains
  the break, so the timeline marks explained gaps and new courses;
- **notes**: the evaluation's text replaced by 1 KB to 5 MB of wrapped clinician-like notes.

Each row times one ``casekit.review(case)`` with its JSON (caches emptied first), the timeline
the review builds (``timeline.build`` with the arguments that review gave it, the least of five
with the garbage collector off) and the report's figures
(``figures.figures_for``: timeline, cumulative visits, symptoms). The slope is the least-squares
exponent of time against size on log-log axes over the points past the fixed costs (at least 100
visits, 10 episodes or 100 KB): 1.0 is linear, 2.0 quadratic.

``--against DIR`` measures another checkout (e.g. ``git archive`` of the base commit) in the same
run: every point runs in a fresh process, DIR's then this tree's, so the machine's load falls on
both alike; ``--max-seconds`` skips the larger points of a series once one takes longer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

SERIES = {"visits": (10, 100, 1_000, 10_000), "episodes": (1, 10, 100, 1_000),
          "notes": (1, 10, 100, 1_000, 5_000)}  # notes in KB (1,000 characters)
QUICK = {"visits": (10, 100, 1_000), "episodes": (1, 10, 100), "notes": (1, 10, 100)}
FLOOR = {"visits": 100, "episodes": 10, "notes": 100}  # slope over the points from here on
EXPLAINED = "Pt returns to PT after a break in care: she was travelling abroad for family reasons."
UNEXPLAINED = "Pt returns to PT for R knee pain. NPRS 4/10."


def case_with_episodes(n: int, gap_days: int = 61, seed: int = 11):
    """The knee case with ``n`` episodes of two visits (a day apart), ``gap_days`` between them;
    the window under review is the last episode."""
    import random

    import scale_bench as sb

    data, rng = sb.base_data(), random.Random(seed)
    end = dt.date.fromisoformat(data["review"]["under_review"]["to"])
    first = end - dt.timedelta(days=(n - 1) * (1 + gap_days) + 1)
    visits, docs = [], []
    for e in range(n):
        start = first + dt.timedelta(days=e * (1 + gap_days))
        for k in range(2):
            day = start + dt.timedelta(days=k)
            visits.append({"date": day.isoformat(), "kind": "evaluation" if k == 0 else "treatment",
                           "codes": ["97162" if k == 0 else "97110"], **({"document": f"e{e}"} if k == 0 else {})})
        docs.append({"id": f"e{e}", "date": start.isoformat(), "kind": "evaluation",
                     "text": f"{EXPLAINED if e % 2 else UNEXPLAINED} NPRS {rng.randint(1, 7)}/10. "
                             "TE: SLR 3x10 @ 3#; bridges 2x15. A: Tol well. P: Cont POC."})
    last = visits[-2]["date"]
    data["review"]["under_review"] = {"from": last, "to": visits[-1]["date"]}
    data["plan_of_care"]["date"] = last
    data["visits"], data["documents"] = visits, docs
    data["measures"] = [m for m in data["measures"] if m["date"] >= last]
    return sb.validate_data(data, sb.BASE.name)


def make_case(series: str, n: int):
    import scale_bench as sb

    if series == "visits":
        return sb.case_with_visits(n)
    if series == "episodes":
        return case_with_episodes(n)
    return sb.case_with_note(sb.note_text(n * 1000, "wrapped"))[0]


def measure(series: str, n: int) -> dict:
    """Seconds of one review, the timeline it builds and its figures, for one point."""
    sys.path.insert(0, str(HERE))
    import casekit
    import scale_bench as sb
    from casekit import figures, timeline

    casekit.review(casekit.load_case(sb.BASE)).plots()  # warm-up: packs, vocabulary, plotly
    case = make_case(series, n)
    build, calls = timeline.build, []

    def kept_build(*args, **kw):
        calls.append((args, kw))
        return build(*args, **kw)

    timeline.build = kept_build
    try:
        sb.cold()
        t0 = time.perf_counter()
        review = casekit.review(case)
        review.to_json()
        t1 = time.perf_counter()
    finally:
        timeline.build = build
    figs = figures.figures_for(review)
    t2 = time.perf_counter()
    return {"series": series, "n": n, "review": t1 - t0, "timeline": sum(best_of(build, *c) for c in calls),
            "figures": t2 - t1, "episodes": len(review.timeline.episodes),
            "shapes": sum(len(f.layout.shapes) for f in figs.values()), "casekit": casekit.__file__}


def best_of(fn, args, kw, repeat: int = 5) -> float:
    """The least of ``repeat`` timings of ``fn(*args, **kw)``, the garbage collector off (as
    ``timeit`` has it): a timeline takes milliseconds, where one pause of a shared machine, or
    one collection of the heap a large review left, would be most of a single timing."""
    times, collecting = [], gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn(*args, **kw)
            times.append(time.perf_counter() - t0)
    finally:
        if collecting:
            gc.enable()
    return min(times)


def run_point(root: Path, series: str, n: int) -> dict:
    """One point in a fresh process of ``root``'s casekit (this file measures, ``root`` is imported)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run([sys.executable, __file__, "--point", f"{series}:{n}"], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def commit_of(root: Path) -> str:
    """The checkout's commit, with ``+`` when it has changes (or "?" outside git)."""
    head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "casekit", "bench"],
                           capture_output=True, text=True)
    return (head.stdout.strip() + ("+" if dirty.stdout.strip() else "")) if head.returncode == 0 else "?"


def slope(points: list[tuple[float, float]]) -> float:
    sys.path.insert(0, str(HERE))
    from scale_bench import slope as fit

    return fit(points)


def report(label: str, series: str, rows: list[dict]) -> None:
    big = [r for r in rows if r["n"] >= FLOOR[series]]
    if len(big) >= 2:
        fits = ", ".join(f"{k} {slope([(r['n'], r[k]) for r in big]):.2f}" for k in ("review", "timeline", "figures"))
        print(f"  {label}{series}: slope {fits} (log-log, n >= {FLOOR[series]})", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="up to 1,000 visits, 100 episodes, 100 KB of notes")
    ap.add_argument("--series", default="visits,episodes,notes", help="which series, comma-separated")
    ap.add_argument("--against", type=Path, help="another checkout, measured point by point in the same run")
    ap.add_argument("--max-seconds", type=float, default=float("inf"),
                    help="skip a series' larger points (per checkout) once one point takes longer")
    ap.add_argument("--point", help=argparse.SUPPRESS)  # series:n, one measurement as JSON
    args = ap.parse_args(argv)
    if args.point:
        series, n = args.point.split(":")
        print(json.dumps(measure(series, int(n))))
        return 0
    roots = [("before ", args.against.resolve()), ("after  ", ROOT)] if args.against else [("", ROOT)]
    for label, root in roots:
        print(f"{label or 'casekit'}: {root} (commit {commit_of(root)})")
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}, "
          f"{os.cpu_count()} cpus", flush=True)
    print(f"{'':7}{'series':>9} {'n':>6} {'episodes':>9} {'shapes':>7} {'review s':>9} {'timeline s':>11} "
          f"{'figures s':>10}")
    for series in args.series.split(","):
        rows: dict[str, list[dict]] = {label: [] for label, _ in roots}
        for n in (QUICK if args.quick else SERIES)[series]:
            for label, root in roots:
                done = rows[label]
                if done and max(done[-1]["review"], done[-1]["figures"]) > args.max_seconds:
                    continue
                r = run_point(root, series, n)
                assert Path(r["casekit"]).is_relative_to(root), r["casekit"]  # the checkout asked for
                done.append(r)
                print(f"{label:7}{series:>9} {n:>6} {r['episodes']:>9} {r['shapes']:>7} {r['review']:>9.3f} "
                      f"{r['timeline']:>11.4f} {r['figures']:>10.3f}", flush=True)
        for label, _ in roots:
            report(label, series, rows[label])
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
