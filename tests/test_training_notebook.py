"""The educators' notebook (notebooks/training.ipynb) really runs under a Jupyter kernel: it lists
the teaching library, writes the chosen cases' blank answer files, grades a (simulated) class and
writes the offline class page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casekit import notebook

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_training_notebook_walks_a_class(tmp_path):
    out = tmp_path / "round"
    nb = notebook.execute(ROOT / "notebooks" / "training.ipynb",
                          {"cases_dir": str(ROOT / "cases" / "teaching"), "level": "easy", "n_cases": 3,
                           "out_dir": str(out)}, cwd=str(ROOT / "notebooks"))
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    blanks = sorted(out.glob("*.answers.yaml"))
    assert len(blanks) == 3  # one blank answer file per chosen case
    text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "Class agreement with the key" in text and "T3" in text and "Fleiss' kappa" in text
    page = (out / "class.html").read_text()
    assert "<script src=\"http" not in page and "<script src='http" not in page
    figures = json.loads((out / "class.json").read_text())
    assert set(figures["trainees"]) == {"T1", "T2", "T3"}
    assert figures["trainees"]["T1"]["percent"] == 100
    # T2 and T3 call a failed criterion met: below T1
    assert figures["trainees"]["T3"]["percent"] < figures["trainees"]["T1"]["percent"]
    # two plotly figures are shown inline
    shown = [o for c in nb.cells for o in c.get("outputs", []) if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert len(shown) == 2
