"""Precision and recall of the evidence extractor on the labelled sentence corpus.

    .venv/bin/python bench/evidence_eval.py                 # both parts, a table each
    .venv/bin/python bench/evidence_eval.py --part dev --show   # and every disagreement of dev

``dev`` is the part used while writing the vocabulary; ``heldout`` is only ever scored (see
tests/corpus/README.md). The corpus sentences are written for it, not taken from patients.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casekit import corpus  # noqa: E402


def table(name: str, result: corpus.Result, seconds: float, texts: int) -> str:
    rows = result.table()
    out = [f"{name}: {texts} texts, read in {seconds * 1000:.0f} ms ({texts / seconds:,.0f} texts/s)",
           f"{'kind':<22}{'expected':>9}{'reported':>9}{'agree':>7}{'precision':>10}{'recall':>8}"]
    for kind, r in rows.items():
        out.append(f"{kind:<22}{r['expected']:>9}{r['predicted']:>9}{r['matched']:>7}"
                   f"{r['precision']:>10.3f}{r['recall']:>8.3f}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=["dev", "heldout", "both"], default="both")
    ap.add_argument("--show", action="store_true", help="print each text the extractor disagrees on")
    ap.add_argument("--kind", help="with --show: only disagreements of this kind")
    args = ap.parse_args(argv)
    for part in (["dev", "heldout"] if args.part == "both" else [args.part]):
        entries = corpus.load(ROOT / "tests" / "corpus" / part)
        t0 = time.perf_counter()
        result = corpus.score(entries)
        print(table(part, result, time.perf_counter() - t0, len(entries)), end="\n\n")
        if args.show:
            for e, missed, extra in result.misses:
                missed = [m for m in missed if not args.kind or m["kind"] == args.kind]
                extra = [x for x in extra if not args.kind or x["kind"] == args.kind]
                if missed or extra:
                    print(f"{e.id}: {e.text}")
                    for m in missed:
                        print(f"    missed {m}")
                    for x in extra:
                        print(f"    extra  {x}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
