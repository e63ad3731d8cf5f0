"""The symptom course from pain ratings and symptom words; progress inside the minimum trial; a
reading recorded twice listed once. Small cases built here, limits read from the packs."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from casekit import packs
from casekit.evidence import Evidence, Finding
from casekit.model import Case
from casekit.reviewing import context_for
from casekit.rules import REGISTRY

from test_rules import build, day

HIP = packs.load("hip-pain")
WINDOW = int(HIP.setting("fluctuation_days"))
SWING = HIP.setting("pain_swing_points")
SWING_SOURCE = HIP.settings["pain_swing_points"].source
MIN_TRIAL_DAYS = int(HIP.setting("min_trial_weeks") * 7)
IHOT_MCID = HIP.mcid["iHOT-12"].value


def notes(*dated: tuple[int, str], **extra) -> Case:
    """A case with one daily note per (day, text) and a visit on each of those days."""
    days = sorted({d for d, _ in dated})
    visits = [{"date": day(d), "kind": "evaluation" if i == 0 else "treatment"} for i, d in enumerate(days)]
    return build(visits=visits, docs=[(day(d), "daily-note", text) for d, text in dated], **extra)


def run(case: Case, rule: str, ctx=None):
    ctx = ctx or context_for(case, HIP)
    return REGISTRY.get(rule).fn(ctx)


def check(case: Case, rule: str):
    import casekit
    return casekit.review(case).check(rule)


def n(x: float) -> str:
    return f"{x:g}"


# --- task 1: the symptom course ------------------------------------------------------------------

def test_a_steady_fall_of_ratings_is_a_consistent_course_naming_ratings_and_dates():
    case = notes((0, "Pain 7/10."), (7, "Pain 5/10."), (14, "Pain 2/10."))
    out = run(case, "symptom-fluctuation")
    assert out.status == "pass"  # falls of 2 and 3 points a week are the course, not a swing
    assert SWING_SOURCE in out.cites
    c = check(case, "symptom-fluctuation")
    assert c.status == "pass"
    for value, d in ((7, 0), (5, 7), (2, 14)):
        assert f"{value}/10 on {day(d)}" in c.statement
    assert "falls from 7/10 to 2/10" in c.statement
    assert [q.quote for q in c.quotes] == ["Pain 7/10.", "Pain 5/10.", "Pain 2/10."]
    assert SWING_SOURCE in c.citations


def test_a_steady_rise_below_the_swing_size_is_a_consistent_course():
    step = SWING / 2
    case = notes((0, f"Pain {n(3)}/10."), (4, f"Pain {n(3 + step)}/10."), (8, f"Pain {n(3 + 2 * step)}/10."),
                 (12, f"Pain {n(3 + 3 * step)}/10."))
    c = check(case, "symptom-fluctuation")
    assert c.status == "pass" and "rises from 3/10" in c.statement


def test_a_jump_of_the_swing_size_within_the_window_is_a_fluctuation_naming_both_readings():
    case = notes((0, "Pain 2/10."), (3, "Pain 8/10 after gardening."))
    out = run(case, "symptom-fluctuation")
    assert out.status == "fail" and out.values["swing_days"] == 3
    assert SWING_SOURCE in out.cites
    c = check(case, "symptom-fluctuation")
    assert f"pain 2/10 on {day(0)}, then 8/10 on {day(3)}" in c.statement
    assert "within 3 days" in c.statement
    assert [q.quote for q in c.quotes] == ["Pain 2/10.", "Pain 8/10 after gardening."]


@pytest.mark.parametrize("rise, apart, expected", [
    (SWING, WINDOW, "fail"),            # the swing size, on the window's last day
    (SWING - 0.5, 2, "pass"),           # a smaller rise is noise
    (SWING, WINDOW + 1, "pass"),        # past the window it is the course, not a swing
    (-(SWING + 3), 2, "pass"),          # a quick fall is improvement
])
def test_swing_size_and_window_boundaries(rise, apart, expected):
    case = notes((0, "Pain 4/10."), (apart, f"Pain {n(4 + rise)}/10."))
    assert run(case, "symptom-fluctuation").status == expected


def test_two_readings_on_different_dates_are_enough_and_one_is_not():
    assert run(notes((0, "Pain 4/10."), (10, "Pain 3/10.")), "symptom-fluctuation").status == "pass"
    assert run(notes((0, "Pain 4/10."), (0, "Pain 3/10 after exercise.")), "symptom-fluctuation").status == \
        "insufficient-data"


def test_ratings_out_of_100_are_read_on_ten():
    case = notes((0, "VAS 20/100."), (2, "Pain 80/100."))
    c = check(case, "symptom-fluctuation")
    assert c.status == "fail" and f"pain 2/10 on {day(0)}, then 8/10 on {day(2)}" in c.statement
    # a 0-100 rating and a 0-10 one are one series
    assert run(notes((0, "Pain 30/100."), (2, "Pain 6/10.")), "symptom-fluctuation").status == "fail"


def test_a_worst_rating_is_never_compared_with_a_current_one():
    # current 2, then worst 8 three days later: mixing them would be a 6-point "jump"
    assert run(notes((0, "Pain 2/10."), (3, "Pain 8/10 at worst.")), "symptom-fluctuation").status == \
        "insufficient-data"
    case = notes((0, "Pain: worst 8/10, current 2/10."), (3, "Pain 7/10 at worst, 2/10 currently."))
    c = check(case, "symptom-fluctuation")
    assert c.status == "pass"
    assert "worst pain falls from 8/10 to 7/10" in c.statement and "pain stays at 2/10" in c.statement
    # worst ratings jump among themselves
    case = notes((0, "Pain 3/10 at worst."), (3, "Pain 8/10 at worst."))
    c = check(case, "symptom-fluctuation")
    assert c.status == "fail" and f"worst pain 3/10 on {day(0)}, then 8/10 on {day(3)}" in c.statement


def test_other_qualified_ratings_are_left_out():
    case = notes((0, "Pain 1/10 at rest."), (3, "Pain 8/10 with activity."))
    assert run(case, "symptom-fluctuation").status == "insufficient-data"


def test_a_phrase_of_steady_change_is_a_direction_not_a_swing():
    # "from 7/10 to 3/10" moves from 7: the day's reading is 3, not a rise from 4 to 7
    case = notes((0, "Pain 4/10."), (3, "Pain down from 7/10 to 3/10 since the evaluation."))
    c = check(case, "symptom-fluctuation")
    assert c.status == "pass" and f"3/10 on {day(3)}" in c.statement and "7/10" not in c.statement
    case = notes((0, "Pain 4/10."), (3, "Pain 3/10 today (was 7/10 at eval)."))
    assert run(case, "symptom-fluctuation").status == "pass"
    # a rise stated as a change is still today's reading
    case = notes((0, "Pain 2/10."), (3, "Pain went from 2/10 to 8/10 over the weekend."))
    assert run(case, "symptom-fluctuation").status == "fail"


def test_a_reading_recorded_twice_on_a_date_is_one_reading():
    measures = [{"name": "NPRS", "date": day(0), "value": 6, "unit": "points"},
                {"name": "NPRS", "date": day(14), "value": 3, "unit": "points"}]
    case = notes((0, "NPRS 6/10."), (14, "NPRS 3/10."), measures=measures)
    c = check(case, "symptom-fluctuation")
    assert c.status == "pass"
    assert c.statement.count(f"on {day(0)}") == 1 and c.statement.count(f"on {day(14)}") == 1
    # a structured rating alone makes a series; a kg reading named "pain-free grip" is no rating
    measures = [{"name": "NPRS", "date": day(0), "value": 2, "unit": "points"},
                {"name": "pain-free grip", "date": day(0), "value": 12, "unit": "kg"},
                {"name": "NPRS", "date": day(3), "value": 7, "unit": "points"},
                {"name": "pain-free grip", "date": day(3), "value": 30, "unit": "kg"}]
    assert run(build(measures=measures), "symptom-fluctuation").status == "fail"


def _finding(d: int, value: float, part: str | None) -> Finding:
    detail = (("body_part", part),) if part else ()
    return Finding("pain", "n", dt.date.fromisoformat(day(d)), f"Pain {n(value)}/10.", "pain", value, "/10",
                   detail=detail)


@pytest.mark.parametrize("part, expected", [
    (None, "fail"),        # a rating naming no body part is the case's region (the hip)
    ("hip", "fail"),       # the same series
    ("knee", "insufficient-data"),  # another body part: its own series, one reading each
])
def test_one_series_per_body_part(part, expected):
    ctx = context_for(build(), HIP)
    ctx = dataclasses.replace(ctx, evidence=Evidence((_finding(0, 2, None), _finding(3, 8, part))))
    assert run(None, "symptom-fluctuation", ctx).status == expected


def test_a_rating_of_another_body_part_is_named():
    ctx = context_for(build(), HIP)
    ctx = dataclasses.replace(ctx, evidence=Evidence((_finding(0, 2, "knee"), _finding(3, 8, "knee"))))
    from casekit.wording import phrase
    out = run(None, "symptom-fluctuation", ctx)
    assert out.status == "fail"
    assert phrase(HIP, out.values["swing_detail"]).startswith(f"knee pain 2/10 on {day(0)}, then 8/10 on {day(3)}")


def test_words_keep_their_outcomes():
    swing = notes((0, "Pt felt much better today."), (WINDOW, "Pt reports feeling very sore after the session."))
    c = check(swing, "symptom-fluctuation")
    assert c.status == "fail" and f"better on {day(0)}, then sore on {day(WINDOW)}" in c.statement
    assert SWING_SOURCE not in c.citations  # no rating was judged
    steady = notes((0, "Pt felt better today."), (4, "Pt reports feeling better again."))
    assert check(steady, "symptom-fluctuation").status == "pass"
    assert run(build(), "symptom-fluctuation").status == "insufficient-data"


def test_a_word_swing_and_a_rating_course_are_judged_together():
    # ratings fall steadily, but the words swing within the window: the swing decides
    case = notes((0, "Pain 6/10, feeling better."), (2, "Pain 5/10, very sore after the session."),
                 (20, "Pain 3/10."))
    assert run(case, "symptom-fluctuation").status == "fail"


# --- task 2: progress inside the minimum trial -----------------------------------------------------

def progress_case(last_day: int, first: float, last: float) -> Case:
    visits = [{"date": day(0), "kind": "evaluation"}, {"date": day(last_day), "kind": "treatment"}]
    docs = [(day(0), "evaluation", f"iHOT-12 score {n(first)}."),
            (day(last_day), "daily-note", f"iHOT-12 score {n(last)}.")]
    return build(visits=visits, docs=docs)


def test_a_gain_meeting_the_mcid_inside_the_trial_is_documented_progress():
    inside = MIN_TRIAL_DAYS - 14
    c = check(progress_case(inside, 40, 40 + IHOT_MCID), "no-functional-progress")
    assert c.status == "pass"
    assert f"iHOT-12 40 to {n(40 + IHOT_MCID)} ({day(0)} to {day(inside)})" in c.statement
    assert HIP.mcid["iHOT-12"].source in c.citations


@pytest.mark.parametrize("first, last", [(40, 40 + IHOT_MCID - 1), (40, 40), (55, 40)])
def test_without_such_a_gain_the_trial_stays_not_applicable(first, last):
    assert check(progress_case(MIN_TRIAL_DAYS - 14, first, last), "no-functional-progress").status == \
        "not-applicable"


def test_after_the_trial_the_rule_is_unchanged():
    assert check(progress_case(MIN_TRIAL_DAYS, 40, 40 + IHOT_MCID - 1), "no-functional-progress").status == "fail"
    assert check(progress_case(MIN_TRIAL_DAYS, 40, 40 + IHOT_MCID), "no-functional-progress").status == "pass"


# --- task 3: a reading recorded twice is listed once -----------------------------------------------

def test_identical_readings_from_a_note_and_the_structured_measures_are_listed_once():
    measures = [{"name": "LEFS", "date": day(0), "value": 52}, {"name": "LEFS", "date": day(14), "value": 60}]
    case = notes((0, "LEFS 52/80."), (14, "Pt seen for therapy."), measures=measures)
    c = check(case, "missing-outcome-measure")
    assert c.status == "pass"
    assert c.statement.count(f"on {day(0)}") == 1  # the first source's reading, as written
    assert f"LEFS 52/80 on {day(0)}" in c.statement and f"LEFS 60 on {day(14)}" in c.statement


def test_different_muscles_with_the_same_grade_are_different_readings():
    case = notes((0, "MMT R quad 4-/5, R hip abd 4-/5."))
    out = run(case, "missing-objective-measure")
    from casekit.wording import phrase
    listed = phrase(HIP, out.values["measures_found"])
    assert "MMT quad 4-/5" in listed and "MMT hip abduction 4-/5" in listed  # each named by its muscle
