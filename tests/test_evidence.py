"""Tests for casekit.evidence: findings, quotes, negation and the seed case."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casekit.evidence import KINDS, PROMS, Evidence, Finding, extract, extract_text, find_sentences
from casekit.io import load_case
from casekit.model import Case
from conftest import SEED

D = dt.date(2025, 8, 25)

# The seed case's three notes, verbatim (checked against conftest.SEED below).
SEED_DOCS = [
    ("eval-2025-08-25", dt.date(2025, 8, 25), "evaluation",
     "62 year old female with a 2-year history of gradual onset hip pain.\n"
     "Pain 5/10. Patient is currently able to perform 30% of functional activities.\n"
     "R hip muscular restrictions.\n"
     "Plan: hip stretching and strengthening, 3 times per week for 6 weeks.\n"),
    ("note-2025-08-28", dt.date(2025, 8, 28), "daily-note",
     "Visit #2. Pt reports she felt so much better after initial visit. Her R hip isn't hurting now.\n"
     "Continued stretching and strengthening; added new stretches.\n"),
    ("note-2025-08-29", dt.date(2025, 8, 29), "daily-note",
     "Visit #3. Pt reports feeling so sore after last night's PT session/new stretches.\n"),
]


def make_case(docs=SEED_DOCS, measures=()):
    return Case.model_validate({
        "format": "casekit/1", "id": "T-1", "service": "physical-therapy",
        "review": {"type": "retrospective", "under_review": {"from": "2025-08-25", "to": "2025-08-29"}},
        "patient": {"age": 62, "sex": "female"}, "diagnoses": [{"code": "M25.552", "primary": True}],
        "documents": [{"id": i, "date": d.isoformat(), "kind": k, "text": t} for i, d, k, t in docs],
        "measures": [{"name": n, "date": d.isoformat(), "value": v, "unit": u} for n, d, v, u in measures]})


def kinds(text, kind, negated=False):
    """Findings of one kind in ``text``; negated=None keeps both."""
    return [f for f in extract_text("d1", D, text) if f.kind == kind and (negated is None or f.negated == negated)]


def one(text, kind, negated=False):
    found = kinds(text, kind, negated)
    assert len(found) == 1, [(f.name, f.value, f.quote) for f in found]
    return found[0]


def test_seed_docs_are_the_seed_cases_notes():
    assert [(d.id, d.date, d.kind, d.text.strip()) for d in load_case(SEED).documents] == [
        (i, d, k, t.strip()) for i, d, k, t in SEED_DOCS]


@pytest.fixture(scope="module")
def seed():
    return extract(make_case())


# ------------------------------------------------------------------ the seed case

def test_seed_pain_and_function(seed):
    pain = seed.of("pain")
    assert [(f.document, f.value, f.unit, f.quote) for f in pain] == [
        ("eval-2025-08-25", 5.0, "/10", "Pain 5/10.")]
    [func] = seed.of("function")
    assert (func.name, func.value, func.unit) == ("function level", 30.0, "%")
    assert func.quote == "Patient is currently able to perform 30% of functional activities."


def test_seed_side_is_right_hip_and_not_read_from_pt(seed):
    sides = seed.of("side")
    assert {(f.name, f.get("body_part")) for f in sides} == {("right", "hip")}
    assert "R hip muscular restrictions." in {f.quote for f in sides}
    assert not any("PT session" in f.quote or f.quote.startswith("Pt ") for f in sides)


def test_seed_plan_exercise_frequency_is_not_sets_reps(seed):
    [plan] = [f for f in seed.of("exercise") if f.document == "eval-2025-08-25"]
    assert plan.quote == "Plan: hip stretching and strengthening, 3 times per week for 6 weeks."
    assert "stretching" in plan.name and "strengthening" in plan.name
    assert plan.get("parameters") is False and plan.get("has_sets_reps") is False
    assert plan.get("has_load") is False


def test_seed_new_stretches_without_parameters(seed):
    [f] = [f for f in seed.of("exercise") if f.document == "note-2025-08-28"]
    assert "new stretches" in f.name
    assert f.get("parameters") is False


def test_seed_symptom_course(seed):
    got = [(f.date.isoformat(), f.name, f.quote) for f in seed.of("symptom")]
    assert ("2025-08-28", "better", "Pt reports she felt so much better after initial visit.") in got
    assert ("2025-08-28", "pain-free", "Her R hip isn't hurting now.") in got
    [sore] = [f for f in seed.of("symptom") if f.name == "sore"]
    assert sore.date == dt.date(2025, 8, 29) and sore.get("intensity") == "high"
    assert sore.quote == "Pt reports feeling so sore after last night's PT session/new stretches."
    assert not any(f.name == "worse" for f in seed.of("symptom", negated=None))


def test_seed_has_none_of_the_absent_kinds(seed):
    for kind in ("outcome-measure", "objective-measure", "gap-explanation", "baseline-comparison",
                 "imaging", "red-flag", "new-injury"):
        assert seed.of(kind, negated=None) == [], kind


def test_seed_quotes_are_exact_sentences(seed):
    texts = {i: t for i, _, _, t in SEED_DOCS}
    for f in seed.items:
        assert f.quote in texts[f.document] and f.quote == f.quote.strip()


# ------------------------------------------------------------------ Evidence container

def test_of_filters_sorts_and_rejects_unknown_kinds(seed):
    assert [f.date for f in seed.of()] == sorted(f.date for f in seed.items)
    assert all(f.date >= dt.date(2025, 8, 28) for f in seed.of(since=dt.date(2025, 8, 28)))
    assert all(f.date <= dt.date(2025, 8, 25) for f in seed.of(until=dt.date(2025, 8, 25)))
    assert len(seed) == len(seed.items) > 0
    with pytest.raises(ValueError, match="known kinds"):
        seed.of("pains")


def test_of_negated_switch():
    ev = Evidence(tuple(extract_text("d", D, "Denies numbness. Reports tingling.")))
    assert [f.name for f in ev.of("red-flag")] == ["tingling"]
    assert [f.name for f in ev.of("red-flag", negated=True)] == ["numbness"]
    assert len(ev.of("red-flag", negated=None)) == 2


def test_to_frame_columns(seed):
    frame = seed.to_frame()
    assert list(frame.columns) == ["kind", "document", "date", "name", "value", "unit", "negated", "context",
                                     "quote"]
    assert len(frame) == len(seed)


def test_finding_is_hashable_and_get_has_default():
    f = one("R hip pain.", "side")
    assert hash(f) and f.get("body_part") == "hip" and f.get("missing", 7) == 7
    assert set(KINDS) >= {"pain", "side", "red-flag"} and isinstance(f, Finding)


# ------------------------------------------------------------------ sentences

def test_decimals_and_abbreviations_do_not_split():
    text = "Pt. reports pain approx. 4.5/10, e.g. when walking. Next visit Monday."
    f = one(text, "pain")
    assert f.value == 4.5 and f.quote == "Pt. reports pain approx. 4.5/10, e.g. when walking."


def test_newlines_and_list_numbers():
    fs = kinds("1. Bridges 3x10\n2. Clamshells", "exercise")
    assert [f.quote for f in fs] == ["1. Bridges 3x10", "2. Clamshells"]
    assert fs[0].get("has_sets_reps") and not fs[1].get("has_sets_reps")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Pain 5/10", "denies numbness", "R hip", "x-rays negative", "LEFS 40/80",
                                 "3x10 bridges", " ", ".", "\n", "4.5", "Pt.", "isn't hurting", ", ", "so sore"]),
                max_size=12), st.text(max_size=20))
def test_quotes_are_always_trimmed_substrings(parts, noise):
    text = "".join(parts) + noise
    for f in extract_text("d", D, text):
        assert f.quote and f.quote in text and f.quote == f.quote.strip() and f.kind in KINDS


# ------------------------------------------------------------------ pain and function

@pytest.mark.parametrize("text,value,unit", [("NPRS 6/10 at worst.", 6, "/10"), ("pain 3 out of 10", 3, "/10"),
                                             ("VAS 40/100.", 40, "/100"), ("7/10 hip pain on stairs.", 7, "/10")])
def test_pain_ratings(text, value, unit):
    f = one(text, "pain")
    assert (f.name, f.value, f.unit) == ("pain", value, unit)


def test_pain_qualifiers_and_ranges():
    fs = kinds("Pain: 4/10 (current), 7/10 (worst).", "pain")
    assert [(f.value, f.get("qualifier")) for f in fs] == [(4, "current"), (7, "worst")]
    f = one("Pain 3-5/10 with stairs.", "pain")
    assert (f.value, f.get("range")) == (5, (3, 5))


def test_pain_from_to_and_non_pain_scores():
    assert [f.value for f in kinds("Pain decreased from 6/10 to 3/10.", "pain")] == [6, 3]
    assert kinds("Sleep quality 6/10. MMT 4/5.", "pain") == []
    assert kinds("HAGOS pain 65/100.", "pain") == []  # a PROM subscale, not a rating


def test_function_levels():
    assert one("Functioning at 60% per patient.", "function").value == 60
    assert one("She reports 30% of normal function.", "function").value == 30
    assert kinds("Squats at 70% 1RM. Pain improved 50%.", "function") == []


def test_goal_sentences_are_not_measurements():
    assert kinds("STG: decrease pain to 2/10.", "pain") == []
    [f] = kinds("LTG: LEFS 70/80.", "outcome-measure")
    assert f.value is None and f.get("planned") and f.get("target") == 70


# ------------------------------------------------------------------ laterality

@pytest.mark.parametrize("text,side,part", [
    ("Left hip pain.", "left", "hip"), ("Rt knee swelling.", "right", "knee"), ("Lt groin pain.", "left", "groin"),
    ("Bilateral hips stiff.", "bilateral", "hip"), ("Pain in hip on the right.", "right", "hip"),
    ("Tender R gluteal region.", "right", "gluteal")])
def test_side_mentions(text, side, part):
    f = one(text, "side")
    assert (f.name, f.get("body_part")) == (side, part)


def test_side_needs_standalone_token_and_body_part():
    assert kinds("PR noted; ROM limited. Pt reports PT helps. Turn right at the desk.", "side") == []
    assert kinds("FABER hip test positive. ER hip ROM limited. PWB leg.", "side") == []  # R, L inside words
    assert kinds("Strength 14 kg on the right by hand-held dynamometer.", "side") == []  # "hand-held"


def test_a_side_before_an_exercise_dosage_is_not_a_side_of_the_problem():
    """"heel raises bilat 3x10": both legs do the exercise; the sprained ankle is still one side.
    A side labelling a reading under a heading ("Ankle DF: L 2 deg") still counts."""
    assert kinds("Ther ex: heel raises bilat 3x10, calf stretch 3x30 s.", "side") == []
    assert kinds("Ther ex: heel raises bilat 2 x 15.", "side") == []
    assert {(f.name, f.get("body_part")) for f in kinds("Ankle DF: L 2 deg.", "side")} == {("left", "ankle/foot")}


def test_side_lists_and_negation():
    assert {f.name for f in kinds("R and L hips tight.", "side")} == {"right", "left"}
    assert {f.get("body_part") for f in kinds("Left hip and groin pain.", "side")} == {"hip", "groin"}
    assert kinds("R/O hip OA.", "side") == []  # "rule out", not right
    assert one("Denies L hip pain.", "side", negated=True).name == "left"


# ------------------------------------------------------------------ outcome measures

@pytest.mark.parametrize("text,name,value", [
    ("iHOT-12 score 58.", "iHOT-12", 58), ("LEFS: 42/80.", "LEFS", 42), ("HOOS JR 72.5.", "HOOS JR", 72.5),
    ("iHOT 33 = 61", "iHOT-33", 61), ("Scored 40 on the Oxford Hip Score.", "Oxford Hip Score", 40),
    ("modified Harris Hip Score 70", "mHHS", 70), ("ODI 24%", "ODI", 24)])
def test_prom_scores(text, name, value):
    f = one(text, "outcome-measure")
    assert (f.name, f.value) == (name, value)
    assert name in PROMS


def test_prom_subscales_and_change():
    fs = kinds("HAGOS pain 65, symptoms 70, ADL 80.", "outcome-measure")
    assert [(f.name, f.get("subscale"), f.value) for f in fs] == [
        ("HAGOS", "pain", 65), ("HAGOS", "symptoms", 70), ("HAGOS", "ADL", 80)]
    f = one("LEFS improved from 42 to 55.", "outcome-measure")
    assert (f.value, f.get("previous")) == (55, 42)


def test_prom_planned_and_non_proms():
    f = one("Will administer HAGOS next visit.", "outcome-measure")
    assert f.value is None and f.get("planned") is True
    assert kinds("NPRS 6/10. LEFS 120.", "outcome-measure")[0].value is None  # 120 is off the LEFS scale
    assert kinds("NPRS 6/10.", "outcome-measure") == []


def test_prom_table_shape():
    for name, spec in PROMS.items():
        lo, hi = spec["range"]
        assert spec["aliases"] and lo < hi and isinstance(spec["higher_is_better"], bool), name
    assert PROMS["WOMAC"]["higher_is_better"] is False and PROMS["LEFS"]["range"] == (0, 80)


@pytest.mark.parametrize("text,name,value,unit,subscale", [
    # low back and neck: percent, /50 and bare forms read on one scale
    ("Oswestry 34% today, moderate disability.", "ODI", 34, "%", None),
    ("ODI 34%.", "ODI", 34, "%", None), ("ODI: 17/50 (34%).", "ODI", 34, "%", None),
    ("Oswestry Disability Index score of 28.", "ODI", 28, "%", None),
    ("Modified Oswestry 22% at re-eval.", "modified ODI", 22, "%", None),
    ("Roland-Morris 12/24.", "RMDQ", 12, "/24", None), ("RMDQ 9 today.", "RMDQ", 9, "points", None),
    ("NDI 18/50.", "NDI", 18, "/50", None), ("NDI 36% at eval.", "NDI", 18, "/50", None),
    ("Neck Disability Index 14/50 today.", "NDI", 14, "/50", None),
    # upper limb
    ("QuickDASH 45.5.", "QuickDASH", 45.5, "/100", None), ("Q-DASH 40.9 at re-eval.", "QuickDASH", 40.9, "/100", None),
    ("Quick DASH score 52.", "QuickDASH", 52, "/100", None), ("DASH 32/100.", "DASH", 32, "/100", None),
    ("SPADI 58% at IE.", "SPADI", 58, "%", None), ("SPADI pain 60, disability 40.", "SPADI", 60, "%", "pain"),
    ("PRTEE 52/100.", "PRTEE", 52, "/100", None), ("UEFI 55/80.", "UEFI", 55, "/80", None),
    ("ASES 48.", "ASES", 48, "points", None), ("Oxford Shoulder Score 30/48.", "Oxford Shoulder Score", 30, "/48", None),
    ("Constant-Murley score 61.", "Constant-Murley", 61, "points", None),
    # knee
    ("KOOS JR 62.3 at eval.", "KOOS JR", 62.3, "points", None), ("KOOS-JR: 55.", "KOOS JR", 55, "points", None),
    ("KOOS pain 72, symptoms 68.", "KOOS", 72, "points", "pain"), ("KOOS Sport/Rec 45.", "KOOS", 45, "points", "sport/rec"),
    ("Kujala 72/100.", "AKPS", 72, "/100", None), ("AKPS 68.", "AKPS", 68, "points", None),
    ("Anterior Knee Pain Scale 70/100.", "AKPS", 70, "/100", None), ("Oxford Knee Score 32/48.", "Oxford Knee Score", 32, "/48", None),
    ("IKDC 58.6.", "IKDC", 58.6, "points", None), ("LEFS 42/80.", "LEFS", 42, "/80", None),
    # ankle and foot
    ("FAAM-ADL 68%.", "FAAM", 68, "%", "ADL"), ("FAAM sport 45%.", "FAAM", 45, "%", "sports"),
    ("FAAM ADL subscale 71%.", "FAAM", 71, "%", "ADL"), ("VISA-A 54/100.", "VISA-A", 54, "/100", None),
    ("VISA A score 61.", "VISA-A", 61, "points", None), ("CAIT 18/30.", "CAIT", 18, "/30", None),
    # any region
    ("PSFS avg 4.3/10.", "PSFS", 4.3, "/10", None), ("PSFS: 3 activities, avg 4.3/10.", "PSFS", 4.3, "/10", None)])
def test_region_proms(text, name, value, unit, subscale):
    f = kinds(text, "outcome-measure")[0]
    assert (f.name, f.value, f.unit, f.get("subscale")) == (name, value, unit, subscale)
    assert name in PROMS and kinds(text, "pain") == []


def test_percent_and_fifty_point_forms_are_one_series():
    assert [(f.value, f.unit, f.get("written")) for f in kinds("ODI 17/50.", "outcome-measure")] == [(34, "%", "17/50")]
    assert [(f.value, f.unit) for f in kinds("ODI 34.", "outcome-measure")] == [(34, "%")]
    for text in ("NDI 36%.", "NDI 18/50.", "NDI 18.", "NDI 36/100."):
        assert [(f.value, f.unit) for f in kinds(text, "outcome-measure")] == [(18, "/50")], text
    f = one("NDI improved from 40% to 24%.", "outcome-measure")
    assert (f.value, f.get("previous"), f.unit) == (12, 20, "/50")
    f = one("Goal: NDI < 20%.", "outcome-measure")
    assert f.get("planned") and f.get("target") == 10
    ev = extract(make_case(SEED_DOCS[:1], [("NDI", dt.date(2025, 9, 1), 40, "%"), ("ODI", dt.date(2025, 9, 1), 20, "/50")]))
    assert [(f.name, f.value, f.unit) for f in ev.of("outcome-measure")] == [("NDI", 20, "/50"), ("ODI", 40, "%")]


def test_new_proms_keep_old_readings_and_shun_look_alikes():
    assert kinds("40-yard dash 5.1 s.", "outcome-measure", negated=None) == []  # "dash" is not the DASH
    assert [(f.kind, f.value) for f in extract_text("d", D, "NPRS 6/10.")] == [("pain", 6)]  # a pain rating
    assert [f.kind for f in extract_text("d", D, "Anterior Knee Pain Scale 70/100.")] == ["outcome-measure"]
    fs = kinds("FAAM ADL 68%, Sports 45%.", "outcome-measure")
    assert [(f.get("subscale"), f.value) for f in fs] == [("ADL", 68), ("sports", 45)]
    assert [f.name for f in kinds("KOOS-PS 35. HOOS-PS 30.", "outcome-measure")] == ["KOOS-PS", "HOOS-PS"]
    assert kinds("Modi 30 min of walking.", "outcome-measure", negated=None) == []  # "mODI" only as written


def test_prom_directions():
    lower = {"ODI", "modified ODI", "NDI", "QuickDASH", "DASH", "SPADI", "RMDQ", "PRTEE", "NPRS", "WOMAC", "KOOS-PS",
             "HOOS-PS"}
    higher = {"KOOS", "KOOS JR", "LEFS", "FAAM", "VISA-A", "PSFS", "AKPS", "UEFI", "HOOS JR", "Oxford Knee Score",
              "Oxford Shoulder Score", "ASES", "Constant-Murley", "IKDC", "CAIT"}
    assert {n for n in lower | higher if PROMS[n]["higher_is_better"]} == higher
    assert PROMS["NDI"]["range"] == (0, 50) and PROMS["RMDQ"]["range"] == (0, 24) and PROMS["UEFI"]["range"] == (0, 80)


# ------------------------------------------------------------------ objective measures

def test_dynamometry_and_rom():
    f = one("Hip abduction strength 18 kg by hand-held dynamometer.", "objective-measure")
    assert (f.name, f.value, f.unit) == ("hip abduction strength", 18, "kg")
    assert one("HHD abduction 150 N.", "objective-measure").unit == "N"
    fs = kinds("Hip flexion 95 degrees, IR 20°, ER 35 deg.", "objective-measure")
    assert [(f.name, f.value) for f in fs] == [("hip flexion ROM", 95), ("hip internal rotation ROM", 20),
                                               ("hip external rotation ROM", 35)]


def test_mmt_and_performance_tests():
    f = one("Hip abd 4-/5.", "objective-measure")
    assert (f.name, f.get("grade"), f.get("target"), f.unit) == ("MMT", "4-", "hip abduction", "/5")
    assert one("MMT 4/5 gluteus medius.", "objective-measure").value == 4
    got = {(f.name, f.value, f.unit) for f in kinds(
        "TUG 12 s. 30-second chair stand 10 reps. 6MWT 350 m. Single leg stance 8 sec. 5x sit to stand 14 sec.",
        "objective-measure")}
    assert got == {("TUG", 12, "s"), ("30-second chair stand", 10, "reps"), ("6MWT", 350, "m"),
                   ("single leg stance", 8, "s"), ("5x sit to stand", 14, "s")}


def test_reading_sides_and_repeated_labels():
    fs = kinds("Hip flexion AROM 100 deg L, 120 deg R.", "objective-measure")
    assert [(f.name, f.value, f.get("side")) for f in fs] == [("hip flexion ROM", 100, "left"),
                                                             ("hip flexion ROM", 120, "right")]


def test_exercise_load_is_not_a_strength_measure():
    assert kinds("Clamshells with 5 lb ankle weight 3x10.", "objective-measure") == []


# ------------------------------------------------------------------ exercise

def test_exercise_parameters():
    f = one("Clamshells with red band 3x10, 60 s rest.", "exercise")
    assert f.get("has_load") and f.get("has_sets_reps") and f.get("has_rest") and f.get("parameters")
    f = one("Bridges 3 sets of 12 with 3 s hold.", "exercise")
    assert f.get("has_sets_reps") and f.get("has_tempo") and not f.get("has_load")
    assert one("Side-lying abduction 2 x 15 reps with 2 kg.", "exercise").get("has_load")
    assert one("Leg press at 70% 1RM.", "exercise").get("parameters")


@pytest.mark.parametrize("text", ["Hip strengthening 3x/week for 6 weeks.", "HEP 2x per week x 4 weeks.",
                                  "Therapeutic exercise 97110 x 3 units.", "Stretching 3 times per week."])
def test_frequency_and_billing_units_are_not_sets(text):
    f = one(text, "exercise")
    assert f.get("has_sets_reps") is False and f.get("parameters") is False


def test_one_exercise_finding_per_sentence_and_negation():
    f = one("Step-ups, band walks and bridges today.", "exercise")
    assert f.name == "Step-ups, band walks and bridges"
    assert one("No HEP given.", "exercise", negated=True).name == "HEP"
    assert kinds("Walked to the car.", "exercise", negated=None) == []


# ------------------------------------------------------------------ symptom direction

@pytest.mark.parametrize("text,name", [
    ("Her R hip isn't hurting now.", "pain-free"), ("Hip is not hurting today.", "pain-free"),
    ("Hip no longer hurts.", "pain-free"), ("No pain with walking.", "pain-free"),
    ("Pain is not better.", "worse"), ("Flare-up after gardening.", "worse"), ("Pt is very sore.", "sore"),
    ("Stairs are easier.", "better"), ("Symptoms unchanged.", "unchanged")])
def test_symptom_direction(text, name):
    assert [f.name for f in kinds(text, "symptom")] == [name]


def test_symptom_negation_and_patterns():
    assert one("No soreness today.", "symptom", negated=True).name == "sore"
    assert kinds("No soreness today.", "symptom") == []
    assert kinds("Denies increased pain.", "symptom") == []
    assert kinds("Pain worse with stairs.", "symptom") == []  # an aggravating factor, not a change
    assert kinds("Goal: improved sitting tolerance.", "symptom") == []
    assert kinds("Consider MRI if no improvement in 6 weeks.", "symptom") == []
    assert one("Mild soreness after session.", "symptom").get("intensity") == "low"


# ------------------------------------------------------------------ gaps, injuries, baselines

def test_gap_explanations():
    f = one("Therapy was on hold because of a family emergency.", "gap-explanation")
    assert f.name == "on hold" and f.get("reason") == "a family emergency"
    f = one("Pt could not attend due to travel.", "gap-explanation")  # "not" does not negate "travel"
    assert set(f.get("labels")) == {"could not attend", "travel"}
    for text in ("Insurance lapse in April.", "Hospitalized for pneumonia in May.", "Returned after 5 months away."):
        assert kinds(text, "gap-explanation"), text
    assert kinds("Pt moved to supine. Attended all visits.", "gap-explanation", negated=None) == []
    for text in ("Pt was out of the country.", "She was abroad for 3 months.", "Caring for her mother after a stroke.",
                 "Pt had COVID in April.", "Recovering from pneumonia.", "PT paused due to work schedule.",
                 "Put PT on pause d/t finances.", "Pt had a baby in June."):
        assert kinds(text, "gap-explanation"), text
    for text in ("Unable to return to running.", "Did not continue HEP.", "Pt travels weekly for work.",
                 "Goal: able to travel by plane without pain.", "Goal at d/c: LEFS 60/80."):
        assert kinds(text, "gap-explanation", negated=None) == [], text


def test_new_injury_and_negation():
    f = one("Pt fell on 7/1 and twisted her ankle.", "new-injury")
    assert f.name == "fall" and "twist/sprain" in f.get("labels")
    for text in ("Denies new injury.", "No new injury.", "Denies any fall on the ice."):
        assert kinds(text, "new-injury") == [], text
        assert one(text, "new-injury", negated=True)
    # fall screening and unrelated surgery are not a new injury of the hip
    for text in ("Balance training to prevent falls. Fall risk reviewed.", "No falls since last visit.",
                 "Falls in past 12 mo: 0.", "Hx of fall 2019 w/o injury.", "0 falls in last yr.",
                 "Pt at risk for falls.", "Pt had cataract surgery in May."):
        assert kinds(text, "new-injury", negated=None) == [], text
    assert one("MVA in June.", "new-injury").name == "motor vehicle accident"
    for text in ("Pt strained L hip lifting a heavy box.", "She tweaked her R hip at the gym.",
                 "Pulled her groin playing soccer.", "Pt was rear-ended in July.", "Pt hurt her hip again.",
                 "New c/o L groin pain since May.", "Had a fall on the ice in June.", "s/p L hip arthroscopy 6/2."):
        assert kinds(text, "new-injury"), text


def test_negation_cues_from_real_notes():
    for text in ("No c/o N/T.", "Pt has no c/o numbness or tingling.", "Neg for radiating sx.",
                 "(-) N/T.", "Neg for radiating pain."):
        assert kinds(text, "red-flag") == [], text
        assert kinds(text, "red-flag", negated=True), text


def test_aggravating_factors_are_not_a_change():
    for text in ("Pain worse w/ stairs.", "Worse c stairs.", "Pain is worse after sitting."):
        assert kinds(text, "symptom") == [], text
    assert one("Pt feels worse since last week.", "symptom").name == "worse"


def test_baseline_comparison_needs_a_comparison():
    for text in ("Goal at d/c: LEFS 60/80.", "Expected status at discharge: I w/ HEP.",
                 "Pt had a previous course of PT in 2019."):
        assert kinds(text, "baseline-comparison", negated=None) == [], text
    assert kinds("LEFS 51/80, lower than at last d/c.", "baseline-comparison")


def test_todays_score_is_the_one_after_now():
    f = one("LEFS 62/80 at d/c 2/14, now 51/80.", "outcome-measure")
    assert (f.value, f.get("previous")) == (51, 62)


def test_foto_is_an_outcome_measure():
    f = one("FOTO FS 48.", "outcome-measure")
    assert (f.name, f.value) == ("FOTO", 48)


def test_baseline_comparison():
    f = one("At prior discharge she was 80%.", "baseline-comparison")
    assert (f.value, f.unit) == (80, "%")
    for text in ("Compared with discharge in March, function has declined.", "Regressed since last episode.",
                 "Maintained since discharge."):
        assert kinds(text, "baseline-comparison"), text
    assert kinds("Pain 5/10 today.", "baseline-comparison") == []


# ------------------------------------------------------------------ imaging, skilled care, red flags

@pytest.mark.parametrize("text,name,result,negated", [
    ("X-rays negative.", "radiograph", "negative", False), ("MRI showed labral tear.", "MRI", "positive", False),
    ("CT equivocal.", "CT", "equivocal", False), ("X-ray showed no fracture.", "radiograph", "negative", False),
    ("MRI negative for labral tear.", "MRI", "negative", False), ("No imaging.", "imaging", None, True),
    ("Has not had x-rays.", "radiograph", None, True)])
def test_imaging(text, name, result, negated):
    f = one(text, "imaging", negated=negated)
    assert (f.name, f.get("result")) == (name, result)


def test_imaging_planned_and_therapeutic_ultrasound():
    assert one("Recommend MRI.", "imaging").get("status") == "planned"
    assert kinds("Ultrasound 1 MHz 1.0 W/cm2 to hip.", "imaging") == []
    assert one("Ultrasound 1 MHz 1.0 W/cm2 to hip.", "skilled-care").name == "modalities"


def test_skilled_care():
    names = [f.name for f in kinds("Manual therapy and joint mobilization to hip; STM to glutes.", "skilled-care")]
    assert names == ["manual therapy", "joint mobilization", "soft tissue mobilization"]
    assert [f.name for f in kinds("Neuromuscular re-education for balance.", "skilled-care")] == [
        "neuromuscular re-education"]
    assert one("Patient education on activity modification.", "skilled-care").name == "patient education"
    assert one("Progressed exercises to 3 sets.", "skilled-care").name == "therapeutic exercise progression"
    assert kinds("Pt walked and stretched.", "skilled-care") == []


def test_red_flags_negation():
    assert kinds("Denies numbness.", "red-flag") == []
    assert one("Denies numbness.", "red-flag", negated=True).name == "numbness"
    neg = kinds("Denies numbness, tingling, or night pain.", "red-flag", negated=True)
    assert {f.name for f in neg} == {"numbness", "tingling", "night pain"}
    assert one("Reports numbness in the foot.", "red-flag").name == "numbness"
    assert [f.name for f in kinds("No pain, but reports tingling.", "red-flag")] == ["tingling"]
    assert one("Numbness resolved.", "red-flag", negated=True).name == "numbness"


def test_mechanical_symptoms_and_back_pain():
    f = one("Groin pain with clicking and locking.", "red-flag")
    assert f.name == "mechanical symptoms" and f.get("groin") is True
    assert one("Low back pain.", "red-flag").name == "back pain"


# ------------------------------------------------------------------ structured measures and helpers

def test_structured_measures():
    ev = extract(make_case(SEED_DOCS[:1], [("iHOT-12", dt.date(2025, 9, 1), 58, "points"),
                                         ("NPRS", dt.date(2025, 9, 1), 4, None),
                                         ("Hip abduction strength", dt.date(2025, 9, 1), 17.5, "kg")]))
    [prom] = ev.of("outcome-measure")
    assert (prom.document, prom.name, prom.value, prom.quote) == (None, "iHOT-12", 58, "iHOT-12: 58 (points)")
    assert [(f.value, f.unit) for f in ev.of("pain") if f.document is None] == [(4, "/10")]
    [obj] = ev.of("objective-measure")
    assert (obj.name, obj.value, obj.unit, obj.document) == ("Hip abduction strength", 17.5, "kg", None)


def test_find_sentences_and_visit_numbers(seed):
    case = make_case()
    [f] = find_sentences(case, r"\b\d+\s*times per week", kinds=("evaluation",))
    assert f.document == "eval-2025-08-25" and f.quote.startswith("Plan:")
    assert find_sentences(case, r"times per week", kinds=("daily-note",)) == []
    assert [f.value for f in seed.of("visit-number")] == [2, 3]


def test_scores_stated_as_a_change_keep_both_readings():
    for text, first, last in (("LEFS improved from 31/80 to 44/80.", 31, 44),
                              ("iHOT-12 improved from 22 at 6 weeks post-op to 51 today.", 22, 51),
                              ("iHOT-12: 38 → 71.", 38, 71)):
        f = one(text, "outcome-measure")
        assert (f.get("previous"), f.value) == (first, last), text


def test_readings_from_messy_notes():
    assert one("Hip abduction strength (HHD): R 12.4 ± 0.5 kg.", "objective-measure").value == 12.4
    assert len(kinds("IR R 15° ± 3°.", "objective-measure")) == 1
    assert one("HIP ABD STRENGTH 14 KG L BY HHD.", "objective-measure").value == 14
    assert kinds("Lumbar screen: SLR negative bilaterally.", "exercise") == []
    assert one("Discharge status (04/14/25): LEFS 70/80.", "outcome-measure").get("historical")
    assert kinds("Discharge status (04/14/25): LEFS 70/80.", "baseline-comparison")
    assert kinds("She returns with recurrence of hip pain.", "gap-explanation")
    assert kinds("Goal: pain-free walking 1 mile.", "symptom") == []


def test_hard_wrapped_lines_stay_one_sentence():
    text = "Pt tolerated manual therapy to R hip flexors, then\nbridges 3 x 10 with 60 s rest.\nPain 3/10."
    quotes = [f.quote for f in extract_text("d", dt.date(2025, 1, 2), text)]
    assert "Pt tolerated manual therapy to R hip flexors, then\nbridges 3 x 10 with 60 s rest." in quotes
    assert "Pain 3/10." in quotes


# ------------------------------------------------------------------ every region: body parts and sides

@pytest.mark.parametrize("text,side,part,site", [
    ("R knee effusion.", "right", "knee", None), ("L patella tracks laterally.", "left", "knee", "patella"),
    ("s/p R TKA 6 weeks ago.", "right", "knee", "TKA"), ("L ACLR 4 months ago.", "left", "knee", "ACLR"),
    ("R shoulder pain with overhead reach.", "right", "shoulder", None),
    ("L rotator cuff weakness.", "left", "shoulder", "rotator cuff"),
    ("R ankle swelling.", "right", "ankle/foot", "ankle"), ("L heel pain in the morning.", "left", "ankle/foot", "heel"),
    ("R Achilles tender to palpation.", "right", "ankle/foot", "Achilles"), ("L foot numb.", "left", "ankle/foot", "foot"),
    ("R great toe stiff.", "right", "ankle/foot", "great toe"), ("L elbow pain with gripping.", "left", "elbow", None),
    ("R wrist pain.", "right", "wrist/hand", "wrist"), ("L thumb pain.", "left", "wrist/hand", "thumb"),
    ("Pain in elbow on the right.", "right", "elbow", None), ("L femoral neck stress reaction.", "left", "hip", "femoral neck"),
    ("R arm pain.", "right", "arm", None), ("L calf tight.", "left", "calf", None)])
def test_side_body_parts_of_every_region(text, side, part, site):
    f = one(text, "side")
    assert (f.name, f.get("body_part"), f.get("site")) == (side, part, site)


def test_region_body_parts_match_the_code_table():
    from casekit.codes import SIDED_PARTS
    from casekit.terms import BODY_REGION

    assert set(BODY_REGION.values()) == set(SIDED_PARTS)


def test_neck_takes_no_side():
    assert kinds("L neck pain.", "side", negated=None) == []
    assert [(f.name, f.get("body_part")) for f in kinds("R neck and shoulder pain.", "side")] == [("right", "shoulder")]


def test_wrist_and_hand_both_named():
    fs = kinds("R wrist/hand numbness.", "side")
    assert {(f.get("body_part"), f.get("site")) for f in fs} == {("wrist/hand", "wrist"), ("wrist/hand", "hand")}


def test_comparisons_with_the_uninvolved_side_stay_comparisons():
    # a bare reading on the other side names no body part: only the involved side is stated
    f = one("R knee flex 95 deg, L 135.", "side")
    assert (f.name, f.get("body_part"), f.get("comparison")) == ("right", "knee", True)
    assert [(f.value, f.get("side")) for f in kinds("R knee flex 95 deg, L 135.", "objective-measure")] == [
        (95, "right"), (135, "left")]
    assert [(f.value, f.get("side")) for f in kinds("Knee flexion 95° R vs L 130.", "objective-measure")] == [
        (95, "right"), (130, "left")]
    f = one("R shoulder AROM flex 120 deg, L WNL.", "side")
    assert (f.name, f.get("comparison")) == ("right", True)
    # the uninvolved side named to compare is not a stated side
    for text in ("R knee ext lag 10°; L knee WNL.", "Uninvolved L knee 0-135.", "L shoulder (uninvolved) WNL.",
                 "R knee pain; L knee: ROM WNL."):
        assert [f.name for f in kinds(text, "side")] in (["right"], []), text
        assert [f.name for f in kinds(text, "side", negated=True)] == ["left"], text
    # readings on both sides are a comparison
    fs = kinds("R knee flexion 95°, L knee 135°.", "side")
    assert {(f.name, f.get("comparison")) for f in fs} == {("right", True), ("left", True)}
    assert [f.get("comparison") for f in kinds("R and L knees painful.", "side")] == [None, None]
    assert kinds("Knee flexion 95° R, L 3x10 bridges.", "objective-measure")[1:] == []


def test_region_objective_measures():
    got = [(f.name, f.value, f.get("side")) for f in kinds("Shoulder elevation 120° R, 170° L.", "objective-measure")]
    assert got == [("shoulder elevation ROM", 120, "right"), ("shoulder elevation ROM", 170, "left")]
    got = [(f.name, f.value) for f in kinds("Ankle inversion 20°, eversion 10°.", "objective-measure")]
    assert got == [("ankle inversion ROM", 20), ("ankle eversion ROM", 10)]
    f = kinds("Grip strength 25 kg R, 40 kg L by dynamometer.", "objective-measure")[0]
    assert (f.name.lower(), f.value, f.get("side")) == ("grip strength", 25, "right")


# ------------------------------------------------------------------ every region: red flags

@pytest.mark.parametrize("text,name", [
    ("Reports saddle anesthesia since Tuesday.", "saddle anesthesia"),
    ("Pt reports new bladder incontinence.", "bowel or bladder dysfunction"),
    ("Reports urinary retention x2 days.", "bowel or bladder dysfunction"),
    ("Progressive weakness in L leg over 2 weeks.", "progressive neurological deficit"),
    ("Worsening numbness in the L4 dermatome.", "progressive neurological deficit"),
    ("Pt has L foot drop.", "foot drop"), ("Steppage gait on R.", "foot drop"),
    ("Reports 15 lb unexplained weight loss.", "weight loss"), ("Lost 10 lbs without trying.", "weight loss"),
    ("Reports fever and chills last week.", "fever"), ("Reports night pain that wakes her.", "night pain"),
    ("Pain wakes him at night.", "night pain"), ("Reports night sweats.", "night sweats"),
    ("History of breast cancer 2015.", "cancer history"), ("Hx of prostate ca.", "cancer history"),
    ("PMH significant for lymphoma.", "cancer history"), ("Unable to bear weight in ED.", "unable to bear weight"),
    ("Inability to bear weight after the injury.", "unable to bear weight"),
    ("TTP at posterior edge of lateral malleolus.", "bony tenderness"),
    ("Tender at base of 5th metatarsal.", "bony tenderness"), ("Ottawa ankle rules positive.", "Ottawa rule positive"),
    ("Gross instability with valgus stress.", "gross instability"), ("Calf swelling and tenderness R.", "DVT signs"),
    ("Positive Homan's sign.", "DVT signs"), ("Reports chest pain with exertion.", "chest pain"),
    ("Reports shortness of breath after TKA.", "shortness of breath"),
    ("Reports dizziness with neck extension.", "dizziness"), ("Drop attacks x2 this month.", "drop attacks"),
    ("Reports diplopia with cervical rotation.", "VBI signs"), ("Reports bilateral hand numbness.", "bilateral paresthesia"),
    ("Tingling in both hands.", "bilateral paresthesia"), ("Reports clumsy hands and dropping objects.", "myelopathy signs"),
    ("Hoffmann's positive R.", "myelopathy signs"), ("R knee locked this morning.", "locked knee"),
    ("Unable to fully extend knee since the twist.", "locked knee"), ("History of IVDU.", "IV drug use"),
    ("Long-term prednisone use.", "immunosuppression")])
def test_region_red_flags(text, name):
    assert name in {f.name for f in kinds(text, "red-flag")}, [f.name for f in kinds(text, "red-flag", None)]


@pytest.mark.parametrize("text,name", [
    ("(-) saddle anesthesia.", "saddle anesthesia"), ("Denies saddle numbness.", "saddle anesthesia"),
    ("Denies bowel/bladder changes.", "bowel or bladder dysfunction"), ("No B&B changes.", "bowel or bladder dysfunction"),
    ("Bowel and bladder function: WNL.", "bowel or bladder dysfunction"),
    ("No progressive weakness.", "progressive neurological deficit"), ("No foot drop noted.", "foot drop"),
    ("Denies unexplained weight loss, fevers or chills.", "weight loss"),
    ("Denies unexplained weight loss, fevers or chills.", "fever"), ("No night pain.", "night pain"),
    ("Denies history of cancer.", "cancer history"), ("Denies inability to bear weight.", "unable to bear weight"),
    ("No bony tenderness at the malleoli or navicular.", "bony tenderness"),
    ("No gross instability.", "gross instability"), ("Denies calf pain or swelling.", "DVT signs"),
    ("(-) Homan's.", "DVT signs"), ("Denies s/s of DVT.", "DVT signs"), ("Calf tenderness: none.", "DVT signs"),
    ("Denies chest pain or SOB.", "chest pain"), ("Denies chest pain or SOB.", "shortness of breath"),
    ("Denies dizziness, diplopia, drop attacks.", "dizziness"), ("Denies dizziness, diplopia, drop attacks.", "drop attacks"),
    ("Denies dizziness, diplopia, drop attacks.", "VBI signs"), ("(-) VBI screen.", "VBI signs"),
    ("Denies bilateral UE paresthesia.", "bilateral paresthesia"), ("Hoffmann's negative bilaterally.", "myelopathy signs"),
    ("(-) Hoffmann.", "myelopathy signs"), ("Denies cauda equina symptoms.", "cauda equina")])
def test_region_red_flags_negated(text, name):
    assert name not in {f.name for f in kinds(text, "red-flag")}, text
    assert name in {f.name for f in kinds(text, "red-flag", negated=True)}, text


def test_red_flag_look_alikes():
    for text in ("Weight loss goal of 20 lbs.", "DVT prophylaxis per surgeon.", "Able to bear weight 4 steps.",
                 "Non-tender over malleoli.", "Ottawa rules negative.", "Pt is NWB per surgeon.",
                 "Progressive resisted exercise for quad weakness.", "Gait training for unsteadiness."):
        assert kinds(text, "red-flag") == [], text
    # a knee that locks is both a mechanical symptom and a locked knee; a hip that clicks is not
    assert {f.name for f in kinds("Knee locks occasionally.", "red-flag")} == {"mechanical symptoms", "locked knee"}
    assert {f.name for f in kinds("Hip clicking and locking.", "red-flag")} == {"mechanical symptoms"}
