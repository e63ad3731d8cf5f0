"""Generate varied, seed-sized hip cases (casekit/1) for batch benchmarks and demos.

Each case is built from a scenario (a well-documented short course, missing measures, a side
that contradicts the code, an unexplained gap, a course past the benchmark, a prior
authorisation past it, a Medicare course) with everything else drawn at random: dates, codes
within the hip pack, age, sex, onset, visit counts and spacing, the plan of care, and note texts
made from a phrase bank (pain scores, PROMs, objective measures, exercises with or without
parameters, sides). Decisions therefore spread over approve, pend, deny and partial; casekit
decides, the scenario only makes an outcome likely.

Fictional patients only; the same seed gives the same files.

    python bench/gen_cases.py OUT_DIR [-n 100] [--seed 2026]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import yaml

CODES = {"right": ["M25.551", "M16.11", "M70.61"], "left": ["M25.552", "M16.12", "M70.62"],
         "unspecified": ["M25.559"]}
BENCHMARKED = {"M25.551", "M25.552", "M25.559"}  # the hip pack's benchmark covers M25.55 only
SCENARIOS = [("approve", 24), ("pend-measures", 14), ("pend-side", 10), ("gap", 10), ("deny", 18),
             ("partial", 14), ("medicare", 10)]
PROMS = [("iHOT-12", 0, 100, True), ("HOOS function", 0, 100, True), ("LEFS", 0, 80, True),
         ("HAGOS pain", 0, 100, True), ("Oxford Hip Score", 0, 48, True), ("WOMAC", 0, 96, False)]
OPENERS = ["{age} year old {sex} with {side} hip pain for {dur}{cause}.",
           "{Sex}, {age}, presents with {side}-sided hip pain of {dur}{cause}.",
           "Pt is a {age} yo {sex} referred for {side} hip pain, {dur}{cause}."]
CAUSES = {"acute": [" after a fall on the stairs", " after increasing running mileage", " after a soccer game",
                    " after lifting boxes at work"],
          "gradual": ["", " with no specific injury", ", worse with stairs"],
          "unknown": [""]}
DOSED = ["bridges 3 x 10", "side-lying hip abduction 3 x 12 with 1 kg", "clamshells 3 x 15 with red band",
         "step-ups 3 x 8 with 5 kg", "hip thrusts 4 x 8 with 20 kg", "monster walks 3 x 10 with green band",
         "single leg bridges 3 sets of 8 reps with 60 s rest"]
UNDOSED = ["hip stretching and strengthening", "core exercises", "hip flexor stretches", "therapeutic exercises",
           "home exercise program"]
BETTER = ["Pt reports feeling better this week.", "Pt reports less pain with walking.",
          "Walking further with less pain.", "Pain improved since last visit."]
SAME = ["Pt reports the hip is about the same.", "No change in symptoms.", "Pt reports no change in hip pain."]
SORE = ["Pt reports feeling sore after the last session.", "Pain increased after gardening.",
        "Flare-up over the weekend after a long walk."]
SKILLED = ["Manual therapy to the hip joint.", "Joint mobilization grade III to the hip.",
           "Neuromuscular re-education for hip control.", "Gait training on stairs and ramps."]


def _d(day: dt.date) -> str:
    return day.isoformat()


def _dur(months: float) -> str:
    return f"{int(months * 4)} weeks" if months < 2 else f"{int(months)} months"


def _treatment_dates(rng: random.Random, start: dt.date, n: int, per_week: int) -> list[dt.date]:
    step = {1: (6, 8), 2: (3, 4), 3: (2, 3)}[per_week]
    out, day = [start], start
    for _ in range(n - 1):
        day += dt.timedelta(days=rng.randint(*step))
        out.append(day)
    return out


def _prom_line(name: str, value: float, top: int) -> str:
    return f"{name} {int(value)}" + (f"/{top}" if name in ("LEFS", "Oxford Hip Score", "WOMAC") else "")


def make_case(rng: random.Random, i: int, scenario: str) -> dict:
    """One case as a dict ready to dump as YAML."""
    medicare = scenario == "medicare"
    age = rng.randint(66, 88) if medicare else rng.randint(22, 79)
    sex = rng.choice(["female", "male"])
    side = rng.choice(["right", "left", "right", "left", "unspecified"])
    code = rng.choice(CODES[side])
    if scenario in ("deny", "partial") and code not in BENCHMARKED:
        code = {"right": "M25.551", "left": "M25.552"}.get(side, "M25.559")
    if scenario == "pend-side" and side == "unspecified":
        side, code = "right", rng.choice(CODES["right"])
    noted_side = side if side != "unspecified" else rng.choice(["right", "left"])
    if scenario == "pend-side":
        noted_side = "left" if side == "right" else "right"
    onset = rng.choice(["gradual", "unknown"]) if code.startswith("M16") else rng.choice(["acute", "gradual"])
    months = rng.choice([0.5, 1, 1.5, 2]) if onset == "acute" else rng.choice([2, 3, 6, 12, 24])
    per_week = rng.choice([1, 2]) if medicare else rng.choice([2, 2, 3])
    weeks = rng.choice([4, 6, 8])
    n = rng.randint(5, 11) if scenario != "deny" else rng.randint(3, 10)
    start = dt.date(2024, 1, 8) + dt.timedelta(days=rng.randint(0, 600))
    dates = _treatment_dates(rng, start, n, per_week)

    prom = rng.choice(PROMS)
    p_name, p_lo, p_hi, p_up = prom
    p0 = rng.randint(int(p_hi * 0.25), int(p_hi * 0.55))
    improved = scenario not in ("pend-measures",) and rng.random() < 0.85
    gain = rng.randint(int(p_hi * 0.1), int(p_hi * 0.3))
    p1 = (p0 + gain if p_up else max(p_lo, p0 - gain)) if improved else p0
    pain0 = rng.randint(4, 8)
    pain1 = max(0, pain0 - rng.randint(2, 4)) if improved else pain0
    strength0 = rng.randint(8, 16)
    with_prom = scenario != "pend-measures"
    with_objective = rng.random() < 0.8
    dosed = rng.random() < (0.9 if scenario in ("approve", "partial") else 0.5)
    exercises = rng.sample(DOSED, 2) if dosed else rng.sample(UNDOSED, 2)
    S = noted_side.capitalize()
    red_flag = rng.random() < 0.12

    opener = rng.choice(OPENERS).format(age=age, sex=sex, Sex=sex.capitalize(), side=noted_side,
                                        dur=_dur(months), cause=rng.choice(CAUSES[onset]))
    eval_lines = [opener, f"Pain {pain0}/10."]
    if with_prom:
        eval_lines.append(_prom_line(p_name, p0, p_hi) + ".")
    if with_objective:
        eval_lines.append(f"{S} hip abduction strength {strength0} kg by hand-held dynamometer.")
    if red_flag:
        eval_lines.append(rng.choice(["Reports occasional numbness in the thigh.", "Some clicking in the groin."]))
    eval_lines.append(f"Plan: {exercises[0]}, {exercises[1]}, {per_week} times per week for {weeks} weeks.")

    documents = [{"id": "eval", "date": _d(dates[0]), "kind": "evaluation", "text": "\n".join(eval_lines) + "\n"}]
    visits = [{"date": _d(dates[0]), "kind": "evaluation", "codes": ["97162"], "document": "eval"}]
    for k, day in enumerate(dates[1:-1], start=2):
        visit = {"date": _d(day), "kind": "treatment",
                 "codes": rng.choice([["97110"], ["97110", "97140"], ["97110", "97112"]])}
        if rng.random() < 0.35:
            doc_id = f"note-{k:02d}"
            mood = rng.choice(BETTER if improved else SAME + SORE)
            text = f"Visit #{k}. {mood} {rng.choice(SKILLED)} {S} hip {rng.choice(['pain', 'discomfort'])} " \
                   f"{rng.randint(max(0, pain1), pain0)}/10.\n"
            if medicare and k % 2 == 0:
                visit["kind"] = "progress-report"
                text = f"Progress report: {_prom_line(p_name, p0, p_hi)}. {rng.choice(SKILLED)}\n"
            documents.append({"id": doc_id, "date": _d(day), "kind":
                              "progress-report" if visit["kind"] == "progress-report" else "daily-note",
                              "text": text})
            visit["document"] = doc_id
        visits.append(visit)
    last = dates[-1]
    final = [f"Pain {pain1}/10."]
    if with_prom:
        final.append(_prom_line(p_name, p1, p_hi) + ".")
    if with_objective:
        final.append(f"{S} hip abduction strength {strength0 + (rng.randint(2, 5) if improved else 0)} kg "
                     "by hand-held dynamometer.")
    final.append(rng.choice(BETTER if improved else SAME))
    kind = "discharge" if scenario == "approve" and rng.random() < 0.6 else "treatment"
    doc_kind = "discharge" if kind == "discharge" else "daily-note"
    documents.append({"id": "final", "date": _d(last), "kind": doc_kind, "text": "\n".join(final) + "\n"})
    visits.append({"date": _d(last), "kind": kind, "codes": ["97110"], "document": "final"})

    case = {
        "format": "casekit/1",
        "id": f"HIP-GEN-{i:04d}",
        "service": "physical-therapy",
        "review": {"type": "retrospective", "line_of_business": "medicare" if medicare else "commercial",
                   "under_review": {"from": _d(dates[0]), "to": _d(last)}},
        "patient": {"age": age, "sex": sex},
        "diagnoses": [{"code": code, "primary": True}],
        "history": {"onset": onset, "duration_months": months},
        "plan_of_care": {"date": _d(dates[0]), "visits_per_week": per_week, "weeks": weeks},
        "visits": visits,
        "documents": documents,
    }
    if medicare:
        case["plan_of_care"]["certified_on"] = _d(dates[0] + dt.timedelta(days=rng.randint(2, 20)))
    if scenario in ("deny", "gap"):
        # A prior block of visits; a short gap keeps it in the course, a long one (unexplained
        # unless a note says why) starts a new episode.
        gap = rng.randint(10, 40) if scenario == "deny" else rng.randint(75, 200)
        block_to = dates[0] - dt.timedelta(days=gap)
        block_from = block_to - dt.timedelta(days=rng.randint(35, 70))
        case["visit_counts"] = [{"from": _d(block_from), "to": _d(block_to),
                                 "visits": rng.randint(12, 20) if scenario == "deny" else rng.randint(6, 12),
                                 "source": "claims history"}]
        if scenario == "gap" and rng.random() < 0.3:
            documents[0]["text"] += "Therapy was on hold due to travel; compared with discharge, pain is worse.\n"
    if scenario == "partial":
        # Prior authorisation: the course so far, then a plan that would pass the benchmark.
        case["review"] = {"type": "prospective", "line_of_business": "commercial",
                          "under_review": {"from": _d(last + dt.timedelta(days=3)),
                                           "to": _d(last + dt.timedelta(days=3 + 7 * weeks))},
                          "requested_visits": per_week * weeks}
        case["plan_of_care"] = {"date": _d(last), "visits_per_week": per_week, "weeks": weeks}
        visits[-1]["kind"] = "re-evaluation"
        documents[-1]["kind"] = "evaluation"
        documents[-1]["text"] += f"Plan: {exercises[0]}, {per_week} times per week for {weeks} weeks.\n"
    return case


def generate(n: int, out_dir: str | Path, seed: int = 2026) -> list[Path]:
    """Write ``n`` cases into ``out_dir`` (``hip-gen-0001.yaml``, ...) and return their paths."""
    rng = random.Random(seed)
    names, weights = zip(*SCENARIOS)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, n + 1):
        scenario = rng.choices(names, weights)[0]
        case = make_case(rng, i, scenario)
        path = out / f"hip-gen-{i:04d}.yaml"
        text = f"# Generated by bench/gen_cases.py (seed {seed}, scenario {scenario}); fictional.\n"
        path.write_text(text + yaml.safe_dump(case, sort_keys=False, width=110), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("-n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    paths = generate(args.n, args.out_dir, args.seed)
    print(f"{len(paths)} cases in {args.out_dir}")


if __name__ == "__main__":
    main()
