"""Review time against note size and against the number of visits, with the fitted slope.

    .venv/bin/python bench/scale_bench.py               # the whole table (a few minutes)
    .venv/bin/python bench/scale_bench.py --quick       # up to 100 KB and 1,000 visits

Every case is cases/knee-approve.yaml with one thing made large:

- **note size**: its evaluation's text replaced by generated clinician-like notes (SOAP notes of a
  knee course drawn from a phrase bank with random numbers, fictional) of 1 KB to 5 MB, written
  two ways: hard-wrapped at 70 columns (``wrapped``) and as one line without a newline (``line``).
  Up to ``limits.MAX_DOCUMENT_CHARS`` the case is validated as a file would be; the 5 MB point is
  over that limit, so its case is the validated knee case with the document's text swapped in by
  ``model_copy`` (pydantic does not validate a copy): the review reads it all the same.
- **visits**: 10 to 10,000 dated visits, one a day up to the end of the review window, each with a
  short daily note of its own (one document per visit).

Each row is one ``casekit.review(case)`` (wall clock, one process, after a warm-up review, with
the caches emptied first); the ``reading`` column is the evidence extraction alone. A note's
sentences are read once each (``evidence._read`` caches them): the ``distinct`` column says how
many of them differ, and ``--no-cache`` reads every one, the cost of a note with no sentence twice. The slope is the least-squares exponent of
time against size on log-log axes over the points of at least 100 KB (or 100 visits), where fixed
costs no longer dominate: 1.0 is linear, 2.0 quadratic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import casekit  # noqa: E402
from casekit import context, evidence, limits  # noqa: E402
from casekit.io import parse_text, validate_data  # noqa: E402

BASE = ROOT / "cases" / "knee-approve.yaml"
SIZES = (1_000, 10_000, 100_000, 1_000_000, 2_000_000, 5_000_000)  # characters: 1 KB to 5 MB
VISITS = (10, 100, 1_000, 10_000)

SUBJECTIVE = ["Pt reports {better} pain on stairs, doing HEP {n}x/day.", "NPRS {p}/10 after {m} min walk, no next-day flare.",
              "Pt walked {m} min w/ grandkids, NPRS {p}/10 after.", "Pt reports knee felt stiff in the AM for < {m} min.",
              "Denies locking, giving way, fever, calf pain or swelling.", "Pt states she was able to garden for {m} min.",
              "Reports soreness after last session, resolved next day.", "No new complaints since last visit."]
OBJECTIVE = ["TE: sit-to-stand {h}\" chair 3x{r}; SLR 3x{r} @ {w}#; bridges 2x15 w/ 3 s hold.",
             "Standing hip abd TB green 3x{r}; step-ups {h}\" 3x10 R lead; recumbent bike {m} min level {n}.",
             "NMR: SLS R on firm 3x{s} s, tandem walk 4x6 m.", "R knee AROM 0-{deg} deg; L knee WNL.",
             "MMT R quad 4-/5, R hip abd 4/5; L quad 5/5.", "HHD quad R {kg} kg, L 27.0 kg.",
             "30-s chair stand: {r} reps (arms crossed, 17\" chair).", "KOOS Pain {k}, KOOS ADL {k2}.",
             "Leg press 3x10 @ {w}0#; forward step-downs 4\" 3x8 R.", "Gait: mild antalgic, decr R stance, no AD."]
ASSESSMENT = ["A: Tol well, progressed load w/o flare.", "A: Good quad control on step-down, mild valgus at end of set {n}.",
              "A: Measurable progress toward goals; remaining deficit quad strength {pct}% of L.",
              "A: Pt requires skilled cues for knee alignment during step-downs."]
PLAN = ["P: Cont POC, progress step height to {h}\" next visit.", "P: Cont POC 2x/wk, add walking program.",
        "P: Progress load when NPRS <= 3/10 next day; review HEP.", "P: Cont POC."]


def note(rng: random.Random, day: dt.date) -> str:
    """One fictional daily note of a knee course: a dated heading and S, O, A, P paragraphs."""
    def fill(t: str) -> str:
        return t.format(better=rng.choice(["less", "more", "the same"]), n=rng.randint(1, 4), p=rng.randint(0, 7),
                        m=rng.randint(5, 45), h=rng.choice([4, 6, 8, 17, 18, 20]), r=rng.randint(8, 15),
                        w=rng.randint(2, 9), s=rng.randint(10, 30), deg=rng.randint(105, 130),
                        kg=round(rng.uniform(15, 26), 1), k=rng.randint(40, 80), k2=rng.randint(45, 85),
                        pct=rng.randint(60, 95))
    return "\n".join([f"PT DAILY NOTE {day.isoformat()} - R knee",
                      "S: " + " ".join(fill(t) for t in rng.sample(SUBJECTIVE, 3)),
                      "O: " + " ".join(fill(t) for t in rng.sample(OBJECTIVE, 4)),
                      fill(rng.choice(ASSESSMENT)), fill(rng.choice(PLAN))])


def note_text(chars: int, style: str, seed: int = 11) -> str:
    """Notes joined until ``chars`` characters: ``wrapped`` at 70 columns, or one ``line``."""
    rng, parts, size, day = random.Random(seed), [], 0, dt.date(2025, 9, 8)
    while size < chars:
        text = note(rng, day)
        text = "\n".join(textwrap.fill(p, 70) for p in text.split("\n")) if style == "wrapped" else text
        parts.append(text)
        size += len(text) + 2
        day += dt.timedelta(days=1)
    text = ("\n\n" if style == "wrapped" else " ").join(parts)
    return (text if style == "wrapped" else text.replace("\n", " "))[:chars]


def base_data() -> dict:
    return parse_text(BASE.read_text(encoding="utf-8"), str(BASE))


def case_with_note(text: str) -> tuple[casekit.model.Case, str]:
    """The knee case with its evaluation's text replaced; how it was built ("validated"/"model_copy")."""
    data = base_data()
    if len(text) <= limits.MAX_DOCUMENT_CHARS:
        data["documents"][0]["text"] = text
        return validate_data(data, BASE.name), "validated"
    case = validate_data(data, BASE.name)
    docs = [case.documents[0].model_copy(update={"text": text}), *case.documents[1:]]
    return case.model_copy(update={"documents": docs}), "model_copy"


def case_with_visits(n: int, seed: int = 11) -> casekit.model.Case:
    """The knee case with ``n`` dated visits, one a day up to the window's end, each with a short note."""
    data, rng = base_data(), random.Random(seed)
    end = dt.date.fromisoformat(data["review"]["under_review"]["to"])
    days = [end - dt.timedelta(days=n - 1 - i) for i in range(n)]
    data["review"]["under_review"]["from"] = days[0].isoformat()
    data["plan_of_care"]["date"] = days[0].isoformat()
    data["visits"] = [{"date": d.isoformat(), "kind": "evaluation" if i == 0 else "treatment",
                       "codes": ["97162" if i == 0 else "97110"], "document": f"n{i}"} for i, d in enumerate(days)]
    data["documents"] = [{"id": f"n{i}", "date": d.isoformat(), "kind": "evaluation" if i == 0 else "daily-note",
                          "text": f"S: Pt reports {rng.choice(['less', 'the same', 'more'])} knee pain, NPRS "
                                  f"{rng.randint(1, 7)}/10. O: TE: SLR 3x{rng.randint(8, 15)} @ {rng.randint(2, 6)}#; "
                                  f"bridges 2x15. A: Tol well. P: Cont POC."} for i, d in enumerate(days)]
    data["measures"] = [m for m in data["measures"] if m["date"] >= days[0].isoformat()]
    return validate_data(data, BASE.name)


def cold() -> None:
    """Empty the caches of sentence readings and modifiers: each timing starts as a fresh process
    would, so a row never profits from the sentences of the row before it."""
    for cache in (getattr(evidence, "_read", None), context._modifiers):  # (older versions cache less)
        if cache is not None:
            cache.cache_clear()


def timed(case) -> tuple[float, float, int]:
    """(review seconds, reading seconds, findings) of one case, each from cold caches."""
    cold()
    t0 = time.perf_counter()
    review = casekit.review(case)
    review.to_json()
    t1 = time.perf_counter()
    cold()
    found = len(evidence.extract(case))
    return t1 - t0, time.perf_counter() - t1, found


def slope(points: list[tuple[float, float]]) -> float:
    """The least-squares exponent b of t = a * x**b."""
    xs, ys = [math.log(x) for x, _ in points], [math.log(max(t, 1e-6)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def by_size(sizes: tuple[int, ...]) -> None:
    """One row per note size and style, then each style's slope."""
    print(f"{'note':>8} {'style':>8} {'built':>10} {'sentences':>10} {'distinct':>9} {'findings':>9} {'reading s':>10} "
          f"{'review s':>9}")
    for style in ("wrapped", "line"):
        points = []
        for chars in sizes:
            text = note_text(chars, style)
            case, built = case_with_note(text)
            review, reading, found = timed(case)
            spans = evidence._sentences(text)
            print(f"{chars / 1000:>6g}KB {style:>8} {built:>10} {len(spans):>10} {len({text[a:b] for a, b in spans}):>9} "
                  f"{found:>9} {reading:>10.2f} {review:>9.2f}", flush=True)
            points.append((chars / 1e6, review))
        big = [p for p in points if p[0] >= 0.1]
        if len(big) >= 2:
            print(f"  {style}: slope {slope(big):.2f} (log-log, >= 100 KB); {big[-1][1] / big[-1][0]:.1f} s per MB "
                  f"at {big[-1][0]:g} MB")


def by_visits(counts: tuple[int, ...]) -> None:
    """One row per visit count, then the slope."""
    print(f"{'visits':>8} {'findings':>9} {'reading s':>10} {'review s':>9}")
    points = []
    for n in counts:
        case = case_with_visits(n)
        review, reading, found = timed(case)
        print(f"{n:>8} {found:>9} {reading:>10.2f} {review:>9.2f}", flush=True)
        points.append((n, review))
    big = [p for p in points if p[0] >= 100]
    if len(big) >= 2:
        print(f"  visits: slope {slope(big):.2f} (log-log, >= 100 visits); {big[-1][1] / big[-1][0] * 1000:.2f} s "
              f"per 1,000 visits at {big[-1][0]:,}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="up to 100 KB and 1,000 visits")
    ap.add_argument("--sizes", help="note sizes in KB (1,000 characters), comma-separated; 0 for none "
                    "(default 1,10,100,1000,2000,5000)")
    ap.add_argument("--visits", help="visit counts, comma-separated; 0 for none (default 10,100,1000,10000)")
    ap.add_argument("--no-cache", action="store_true",
                    help="read every sentence, repeated or not (the worst case: a note with no sentence twice)")
    args = ap.parse_args(argv)
    if args.no_cache:
        evidence._read = evidence._read.__wrapped__  # extract_text finds it by name at each call
        evidence._read.cache_clear = lambda: None
    sizes = tuple(1000 * n for n in map(int, args.sizes.split(",")) if n) if args.sizes else \
        SIZES[:3] if args.quick else SIZES
    counts = tuple(n for n in map(int, args.visits.split(",")) if n) if args.visits else \
        VISITS[:3] if args.quick else VISITS
    casekit.review(casekit.load_case(BASE)).to_json()  # warm-up: packs, vocabulary, regexes
    if sizes:
        by_size(sizes)
    if counts:
        by_visits(counts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
