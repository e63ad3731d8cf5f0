"""Shared test fixtures: where the seed and example cases are."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cases"
# The seed case ships in cases/ too, so the suite runs where ../shared is absent.
SEED = str(CASES / "hip-seed.yaml")
SHARED_SEED = ROOT.parent / "shared" / "seed" / "hip-pt-case.yaml"

os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
