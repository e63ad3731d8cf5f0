"""Print the per-kind floors tests/test_corpus.py holds, from the figures reached now: each figure less
one finding's worth or 0.02, whichever is more (so a floor never fails on a single sentence's noise
but does on a class of misreadings). Paste the output over KIND_FLOORS after a deliberate change.

    .venv/bin/python bench/corpus_floors.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casekit import corpus  # noqa: E402


def main() -> None:
    print("KIND_FLOORS = {")
    for part in ("dev", "heldout"):
        rows = corpus.score(corpus.load(ROOT / "tests" / "corpus" / part)).table()
        cells = []
        for kind, r in rows.items():
            if kind == "overall":
                continue
            p = math.floor((r["precision"] - max(0.02, 1 / max(r["predicted"], 1))) * 100) / 100
            q = math.floor((r["recall"] - max(0.02, 1 / max(r["expected"], 1))) * 100) / 100
            cells.append(f'"{kind}": ({p:.2f}, {q:.2f})')
        lines, line = [], "        "
        for c in cells:
            if len(line) + len(c) + 2 > 116:
                lines.append(line.rstrip())
                line = "        "
            line += c + ", "
        lines.append(line.rstrip())
        print(f'    "{part}": {{\n' + "\n".join(lines) + "\n    },")
        o = rows["overall"]
        print(f"    # {part} overall: precision {o['precision']:.3f}, recall {o['recall']:.3f}")
    print("}")


if __name__ == "__main__":
    main()
