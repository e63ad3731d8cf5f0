"""Profile the review loop of bench/review_bench.py (load + review + compact JSON) with cProfile.

    .venv/bin/python bench/review_profile.py [-n 300] [--sort cumulative|tottime] [--top 25]

Prints the top functions; bench/README-perf.md quotes the top 10 by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import casekit  # noqa: E402
from gen_cases import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(args.n, tmp)
        casekit.review(casekit.load_case(paths[0])).to_json()  # warm caches
        profile = cProfile.Profile()
        profile.enable()
        for path in paths:
            casekit.review(casekit.load_case(path)).to_json(indent=None)
        profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
