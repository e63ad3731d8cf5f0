"""Shared test fixtures: where the seed and example cases are."""

from __future__ import annotations

import os
from pathlib import Path

from casekit.overrides import sidecar_stem

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"
# The example case files: cases/ also holds a reviewer's override sidecar (x.overrides.yaml), no case.
EXAMPLES = sorted(p for p in CASES.glob("*.yaml") if sidecar_stem(p.name) is None)
# The seed case ships in cases/ too, so the suite runs where ../shared is absent.
SEED = str(CASES / "hip-seed.yaml")
SHARED_SEED = ROOT.parent / "shared" / "seed" / "hip-pt-case.yaml"
# A plan whose own criterion (an unexplained gap is critical) lets a Medicare review deny.
MEDICARE_PLAN = str(ROOT / "tests" / "fixtures" / "packs" / "ma-plan-example.yaml")


def seed_as(line_of_business: str, folder: Path) -> Path:
    """The seed case under another line of business, written to ``folder``."""
    path = folder / f"hip-seed-{line_of_business}.yaml"
    text = Path(SEED).read_text().replace("line_of_business: commercial",
                                          f"line_of_business: {line_of_business}")
    assert f"line_of_business: {line_of_business}" in text
    path.write_text(text)
    return path


os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
