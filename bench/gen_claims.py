"""A synthetic claims extract in casekit's column contract (casekit/claims.py), seeded.

    .venv/bin/python bench/gen_claims.py --lines 1000000 --out /tmp/claims-1m.csv [--seed 14]

Fictional members over two years (2024-2025): episodes of outpatient physical therapy for nine
conditions (hip, knee, back, shoulder; both sides and one unspecified side), an evaluation
(97161-97163) on the first visit, a re-evaluation (97164) now and then, treatment days of one to
three timed codes (97110, 97112, 97140, 97530, 97116) of 1-3 units (one in a hundred 2 more), GP on every
PT line, KX on Medicare lines late in a course, CQ on about one line in ten, a few members with a
second episode after a long gap, and about 2% of lines that are not PT (office visits, OT lines
with GO). Built with numpy arrays, no loop over rows. Never commit its output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

CONDITIONS = np.array(["M25.551", "M25.552", "M17.11", "M16.12", "M54.50", "M75.111", "M25.561",
                       "S83.511A", "M25.559"])
TREATMENT = np.array(["97110", "97112", "97140", "97530", "97116"])
LOB = np.array(["commercial", "medicare", "medicaid"])


def generate(lines: int, seed: int = 14) -> pd.DataFrame:
    """About ``lines`` claim lines (exactly ``lines``: the table is cut to size)."""
    rng = np.random.default_rng(seed)
    episodes = max(1, lines // 21)                      # ~12 visits of ~2 lines each, then cut
    members = max(1, int(episodes * 0.8))
    member = rng.integers(0, members, episodes)
    cond = rng.integers(0, len(CONDITIONS), episodes)
    n_visits = np.clip(rng.negative_binomial(4, 0.25, episodes), 1, 60)
    start = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 640, episodes), unit="D")
    ep = np.repeat(np.arange(episodes), n_visits)
    k = np.arange(len(ep)) - np.repeat(np.cumsum(n_visits) - n_visits, n_visits)  # visit index in its episode
    step = rng.choice([1, 2, 2, 3, 3, 4, 7], len(ep))
    step[k == 0] = 0
    step[rng.random(len(ep)) < 0.004] += 95              # a long break now and then: a new episode
    offset = pd.Series(step).groupby(ep).cumsum().to_numpy()
    dos = start.to_numpy()[ep] + offset.astype("timedelta64[D]")
    per_visit = np.where(k == 0, 1, rng.choice([1, 2, 2, 3], len(ep)))
    v = np.repeat(np.arange(len(ep)), per_visit)
    j = np.arange(len(v)) - np.repeat(np.cumsum(per_visit) - per_visit, per_visit)
    first = k[v] == 0
    code = TREATMENT[rng.integers(0, len(TREATMENT), len(v))]
    code = np.where(first, rng.choice(["97161", "97162", "97163"], len(v)), code)
    code = np.where((k[v] > 0) & (k[v] % 10 == 0) & (j == 0), "97164", code)
    units = rng.choice([1, 1, 1, 2, 2, 3], len(v)) + (rng.random(len(v)) < 0.01) * 2   # 4-5 now and then
    units = np.where(np.char.startswith(code, "9716"), 1, units)
    lob = LOB[rng.choice([0, 0, 0, 1, 1, 2], members)][member][ep][v]
    mods = np.where(rng.random(len(v)) < 0.1, "GP CQ", "GP")
    mods = np.where((lob == "medicare") & (k[v] > 14), np.char.add(mods, " KX"), mods)
    other = rng.random(len(v)) < 0.02
    code = np.where(other, rng.choice(["99213", "97535"], len(v)), code)
    mods = np.where(other, np.where(code == "97535", "GO", ""), mods)
    birth = (pd.Timestamp("1940-01-01") + pd.to_timedelta(rng.integers(0, 60 * 365, members), unit="D"))
    sex = rng.choice(["F", "M"], members)
    frame = pd.DataFrame({
        "member_id": np.char.add("M", np.char.zfill(member[ep][v].astype(str), 7)),
        "claim_id": np.char.add("C", np.char.zfill(v.astype(str), 9)),
        "line_no": j + 1,
        "dos": pd.DatetimeIndex(dos[v]).strftime("%Y-%m-%d"),
        "hcpcs": code, "modifiers": mods, "units": units,
        "dx1": CONDITIONS[cond][ep][v], "dx2": np.where(rng.random(len(v)) < 0.3, "I10", ""),
        "dx_pointer": "1",
        "rendering_npi": np.char.add("1", np.char.zfill(rng.integers(0, 5000, members)[member][ep][v].astype(str), 9)),
        "paid": np.round(rng.uniform(20, 60, len(v)) * units, 2),
        "birth_date": birth.strftime("%Y-%m-%d").to_numpy()[member][ep][v],
        "sex": sex[member][ep][v], "line_of_business": lob, "pos": "11", "revenue_code": ""})
    return frame.head(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--out", required=True, help="a .csv or .parquet file")
    a = ap.parse_args(argv)
    frame = generate(a.lines, a.seed)
    out = Path(a.out)
    if out.suffix == ".parquet":
        frame.to_parquet(out, index=False)
    else:
        frame.to_csv(out, index=False)
    print(f"{len(frame):,} lines -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
