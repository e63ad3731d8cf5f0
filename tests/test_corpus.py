"""The labelled sentence corpus (tests/corpus): its labels are well formed, and the evidence
reader's precision and recall on it never fall below the figures recorded in the README.

The issue's targets are precision >= 0.95 and recall >= 0.90 per kind; the figures reached so far
are lower (see README, "Reading notes"), so these tests hold the reached figures as floors: a
change to the vocabulary that reads the corpus worse fails here, on the dev part and on the
held-out part (never used while writing rules) alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import corpus
from casekit.errors import CaseError
from casekit.evidence import KINDS

HERE = Path(__file__).parent / "corpus"
# Overall floors per part, a little under the figures of the commit that set them (README).
FLOORS = {"dev": {"precision": 0.91, "recall": 0.88}, "heldout": {"precision": 0.82, "recall": 0.77}}
TARGET = {"precision": 0.95, "recall": 0.90}  # the per-kind target, reported, not yet held
# Per-kind floors, from bench/corpus_floors.py: the figures reached, less one finding's worth or 0.02.
KIND_FLOORS = {
    "dev": {
        "baseline-comparison": (0.97, 0.97), "exercise": (0.91, 0.94), "function": (0.97, 0.88),
        "gap-explanation": (0.92, 0.95), "imaging": (0.90, 0.89), "new-injury": (0.87, 0.83),
        "objective-measure": (0.90, 0.86), "outcome-measure": (0.92, 0.91), "pain": (0.96, 0.93),
        "passive-modality": (0.98, 0.92), "red-flag": (0.86, 0.91), "side": (0.88, 0.81),
        "skilled-care": (0.86, 0.87), "symptom": (0.91, 0.95), "visit-number": (0.97, 0.95),
    },
    "heldout": {
        "baseline-comparison": (0.87, 0.50), "exercise": (0.70, 0.77), "function": (0.95, 0.70),
        "gap-explanation": (0.75, 0.77), "imaging": (0.80, 0.88), "new-injury": (0.70, 0.61),
        "objective-measure": (0.82, 0.74), "outcome-measure": (0.87, 0.86), "pain": (0.92, 0.78),
        "passive-modality": (0.94, 0.89), "red-flag": (0.81, 0.81), "side": (0.88, 0.73),
        "skilled-care": (0.75, 0.84), "symptom": (0.69, 0.64), "visit-number": (0.85, 0.89),
    },
}




@pytest.fixture(scope="module", params=["dev", "heldout"])
def part(request):
    entries = corpus.load(HERE / request.param)
    return request.param, entries, corpus.score(entries)


def test_corpus_is_big_enough_and_the_heldout_part_is_a_third():
    dev, held = corpus.load(HERE / "dev"), corpus.load(HERE / "heldout")
    assert len(dev) + len(held) >= 600
    assert len(held) >= (len(dev) + len(held)) / 3 - 1


def test_every_kind_and_region_is_labelled(part):
    name, entries, _ = part
    kinds = {f["kind"] for e in entries for f in e.findings}
    assert kinds == set(KINDS), set(KINDS) - kinds
    regions = {e.region for e in entries}
    assert {"hip", "knee", "low-back", "neck", "shoulder"} <= regions


def test_reading_holds_its_floor(part):
    name, _, result = part
    overall = result.table()["overall"]
    for key, floor in FLOORS[name].items():
        assert overall[key] >= floor, f"{name} {key} {overall[key]:.3f} fell below {floor}"


def test_each_kind_holds_its_floor(part):
    name, _, result = part
    rows = result.table()
    low = [f"{kind} {key} {rows[kind][key]:.3f} < {floor:.2f}"
           for kind, floors in KIND_FLOORS[name].items()
           for key, floor in zip(("precision", "recall"), floors) if rows[kind][key] < floor]
    assert not low, f"{name}: " + "; ".join(low)


@pytest.mark.parametrize("text,kind,want", [
    # the uninvolved side documented as the comparison is not the treated side
    ("HHD knee ext: L 18 kg, R 30 kg (uninvolved).", "objective-measure", {(30.0, "right", "other-side"),
                                                                         (18.0, "left", None)}),
    ("Hip PROM (R involved): IR 10° vs 30° L.", "objective-measure", {(10.0, "right", None),
                                                                    (30.0, "left", "other-side")}),
    # a reading after an earlier visit's, and a limit for loading, are not today's ratings
    ("VAS 35/100 (was 70/100 at IE).", "pain", {(35.0, None, None), (70.0, None, "historical")}),
    ("Pain <= 3/10 during loading acceptable.", "pain", {(3.0, None, "hypothetical")}),
    ("px 2-4/10 during TE, 1/10 at rest", "pain", {(4.0, None, None), (1.0, None, None)}),
])
def test_failure_classes_read_correctly(text, kind, want):
    import datetime

    from casekit.evidence import extract_text

    got = {(f.value, f.get("side"), f.context) for f in extract_text("t", datetime.date(2025, 1, 6), text)
           if f.kind == kind}
    assert got == want


def test_dosed_exercise_after_a_negated_clause_is_affirmed():
    import datetime

    from casekit.evidence import extract_text

    ex = [f for f in extract_text("t", datetime.date(2025, 1, 6), "No HEP today; bridges 3x10 @ 5#.")
          if f.kind == "exercise"]
    assert len(ex) == 1 and not ex[0].negated and ex[0].get("has_load") and ex[0].get("has_sets_reps")


def test_prior_level_of_function_and_goals_are_not_current_facts():
    import datetime

    from casekit.evidence import Evidence, extract_text

    ev = Evidence(tuple(extract_text("t", datetime.date(2025, 1, 6),
                                     "PLOF: jogging 3x/wk and squats w/o pain. Goal: pain 2/10 w/ stairs.")))
    assert not ev.of("exercise") and not ev.of("pain")
    assert ev.of("exercise", context="historical")


def test_bad_labels_are_one_line_each(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "- {id: a, text: 'Pain 3/10.', findings: [{kind: pian, value: 3}]}\n"
        "- {id: a, text: 'x', findings: [{kind: pain, value: three, colour: red}]}\n", encoding="utf-8")
    with pytest.raises(CaseError) as exc:
        corpus.load(tmp_path)
    lines = exc.value.problems
    assert any("pian" in ln and "expected one of" in ln for ln in lines)
    assert any("repeats" in ln for ln in lines)
    assert any("'colour'" in ln for ln in lines) and any("three" in ln for ln in lines)
