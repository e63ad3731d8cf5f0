"""Each rule at its boundaries, on small cases built for the purpose."""

from __future__ import annotations

import datetime as dt

import pytest

import casekit
from casekit import packs
from casekit.model import Case
from casekit.rules import REGISTRY

D0 = dt.date(2025, 3, 3)
# The limits the rules are tested at, read from the packs in force (a pack change moves the
# boundaries with it instead of breaking the tests without a word).
HIP = packs.load("hip-pain")
MEDICARE = packs.load("medicare-therapy")
BENCHMARK = HIP.benchmark_for("M25.551").visits
GAP_LIMIT = int(HIP.setting("gap_limit_days"))
IMAGING_MONTHS = HIP.setting("imaging_after_months")
REPORT_DAYS = int(MEDICARE.setting("progress_report_treatment_days"))
CERT_DAYS = int(MEDICARE.setting("certification_days"))
RECERT_DAYS = int(MEDICARE.setting("recertification_days"))


def day(n: int) -> str:
    return (D0 + dt.timedelta(days=n)).isoformat()


def build(n_visits=6, every=3, code="M25.551", age=40, onset="acute", duration=1.0, plan=None,
          docs=(), blocks=(), lob="commercial", kind="retrospective", visits=None, **extra) -> Case:
    """A minimal case: ``n_visits`` dated visits every ``every`` days from D0, all under review."""
    visits = visits if visits is not None else [
        {"date": day(i * every), "kind": "evaluation" if i == 0 else "treatment"} for i in range(n_visits)]
    last = max([v["date"] for v in visits] + [day(0)])
    data = {
        "format": "casekit/1", "id": "RULE-T", "service": "physical-therapy",
        "review": {"type": kind, "line_of_business": lob,
                   "under_review": {"from": visits[0]["date"] if visits else day(0), "to": last}},
        "patient": {"age": age, "sex": "female"},
        "diagnoses": [{"code": code, "primary": True}],
        "history": {"onset": onset, "duration_months": duration, **extra.pop("history", {})},
        "visits": visits,
        "visit_counts": [{"from": a, "to": b, "visits": n} for a, b, n in blocks],
        # a neutral note at each end of the window when a test gives none: the records for the
        # dates under review are on file, so missing-records does not decide every case
        "documents": [{"id": f"d{i}", "date": d, "kind": k, "text": t} for i, (d, k, t) in enumerate(
            list(docs) or [(visits[0]["date"] if visits else day(0), "daily-note", "Pt seen for therapy."),
                           (last, "daily-note", "Pt seen for therapy.")])],
    }
    if plan:
        data["plan_of_care"] = plan
    data.update(extra)
    return Case.model_validate(data)


def status(case: Case, rule: str) -> str:
    return casekit.review(case).check(rule).status


def test_every_contract_rule_is_registered_once():
    contract = {"visits-over-benchmark", "plan-exceeds-benchmark", "unexplained-gap",
                "missing-baseline-comparison", "missing-outcome-measure", "missing-objective-measure",
                "missing-exercise-parameters", "no-functional-progress", "symptom-fluctuation",
                "laterality-mismatch", "alternative-diagnosis", "imaging-not-considered",
                "progress-report-overdue", "recertification-overdue"}
    assert contract <= set(REGISTRY)
    checks = casekit.review(build()).checks
    assert [c.rule for c in checks] == list(REGISTRY)


@pytest.mark.parametrize("n, expected", [(BENCHMARK, "pass"), (BENCHMARK + 1, "fail")])
def test_visits_over_benchmark_boundary(n, expected):
    assert status(build(n_visits=n, every=2), "visits-over-benchmark") == expected


def test_visits_over_benchmark_without_benchmark_is_insufficient():
    # trochanteric bursitis: the hip pack has no visit figure for it
    assert status(build(code="M70.61"), "visits-over-benchmark") == "insufficient-data"


@pytest.mark.parametrize("weeks, expected", [((BENCHMARK - 6) / 2, "pass"), ((BENCHMARK - 5) / 2, "fail")])
def test_plan_exceeds_benchmark_boundary(weeks, expected):
    # 6 visits before the plan + 2/week: the benchmark exactly, then one visit over it.
    case = build(n_visits=7, plan={"date": day(18), "visits_per_week": 2, "weeks": weeks})
    r = casekit.review(case)
    assert r.metrics["projected_total"] == 6 + round(2 * weeks)
    assert r.check("plan-exceeds-benchmark").status == expected
    assert status(build(), "plan-exceeds-benchmark") == "not-applicable"


def gap_case(gap_days: int, docs=()) -> Case:
    visits = [{"date": day(0), "kind": "evaluation"}, {"date": day(3), "kind": "treatment"},
              {"date": day(3 + gap_days), "kind": "evaluation"}, {"date": day(6 + gap_days), "kind": "treatment"}]
    return build(visits=visits, docs=docs)


def test_unexplained_gap_boundary_and_explanation():
    assert status(gap_case(GAP_LIMIT), "unexplained-gap") == "not-applicable"
    assert status(gap_case(GAP_LIMIT + 1), "unexplained-gap") == "fail"
    why = [(day(GAP_LIMIT + 4), "evaluation", "Therapy was on hold because the patient was travelling for work.")]
    assert status(gap_case(GAP_LIMIT + 1, why), "unexplained-gap") == "pass"


def test_one_rule_on_typed_facts_returns_numbers_dates_and_quotes():
    from casekit.quotes import Fact
    from casekit.reviewing import context_for
    ctx = context_for(gap_case(GAP_LIMIT + 1), HIP)
    assert ctx.facts.course_visits == 4 and ctx.facts.benchmark_visits == BENCHMARK
    out = REGISTRY.get("unexplained-gap").fn(ctx)
    assert out.status == "fail"
    assert out.values["gap_days"] == GAP_LIMIT + 1 and isinstance(out.values["gap_days"], int)
    assert (out.values["gap_from"], out.values["gap_to"]) == (day(3), day(3 + GAP_LIMIT + 1))
    # the evidence is the case file's two dates of service either side of the gap, not prose
    assert [e.field for e in out.evidence if isinstance(e, Fact)] == ["visits[1]", "visits[2]"]
    assert set(out.values) == set(REGISTRY.get("unexplained-gap").fields)


def test_missing_baseline_comparison():
    assert status(gap_case(20), "missing-baseline-comparison") == "not-applicable"
    assert status(gap_case(90), "missing-baseline-comparison") == "fail"
    cmp_ = [(day(93), "evaluation", "Compared with discharge in March, hip flexion has declined.")]
    assert status(gap_case(90, cmp_), "missing-baseline-comparison") == "pass"


def test_outcome_and_objective_measures():
    base = build()
    assert status(base, "missing-outcome-measure") == "fail"
    assert status(base, "missing-objective-measure") == "fail"
    doc = [(day(0), "evaluation", "iHOT-12 score 50. Right hip flexion 90 degrees.")]
    assert status(build(docs=doc), "missing-outcome-measure") == "pass"
    assert status(build(docs=doc), "missing-objective-measure") == "pass"
    structured = build(measures=[{"name": "HOOS", "date": day(0), "value": 55}])
    assert status(structured, "missing-outcome-measure") == "pass"


def test_exercise_parameters():
    assert status(build(), "missing-exercise-parameters") == "not-applicable"
    bare = [(day(0), "evaluation", "Plan: bridges and clamshells, 2 times per week for 6 weeks.")]
    assert status(build(docs=bare), "missing-exercise-parameters") == "fail"
    dosed = [(day(0), "evaluation", "Plan: bridges 3 x 10 with 60 s rest.")]
    assert status(build(docs=dosed), "missing-exercise-parameters") == "pass"


def progress_case(last_day: int, first: int, last: int) -> Case:
    visits = [{"date": day(0), "kind": "evaluation"}, {"date": day(last_day), "kind": "treatment"}]
    docs = [(day(0), "evaluation", f"iHOT-12 score {first}."), (day(last_day), "daily-note", f"iHOT-12 score {last}.")]
    return build(visits=visits, docs=docs)


def test_no_functional_progress_minimum_trial_and_direction():
    assert status(progress_case(41, 40, 40), "no-functional-progress") == "not-applicable"
    assert status(progress_case(42, 40, 40), "no-functional-progress") == "fail"
    assert status(progress_case(42, 40, 55), "no-functional-progress") == "pass"
    assert status(progress_case(42, 55, 40), "no-functional-progress") == "fail"


@pytest.mark.parametrize("apart, expected", [(7, "fail"), (8, "pass")])
def test_symptom_fluctuation_window(apart, expected):
    visits = [{"date": day(0), "kind": "treatment"}, {"date": day(apart), "kind": "treatment"}]
    docs = [(day(0), "daily-note", "Pt felt much better today."),
            (day(apart), "daily-note", "Pt reports feeling very sore after the session.")]
    assert status(build(visits=visits, docs=docs), "symptom-fluctuation") == expected
    assert status(build(), "symptom-fluctuation") == "insufficient-data"


@pytest.mark.parametrize("code, text, expected", [
    ("M25.552", "R hip muscular restrictions.", "fail"),
    ("M25.552", "Left hip pain with stairs.", "pass"),
    ("M25.559", "Left hip pain with stairs.", "fail"),
    ("M25.551", "Hip pain with stairs.", "insufficient-data"),
])
def test_laterality(code, text, expected):
    assert status(build(code=code, docs=[(day(0), "evaluation", text)]), "laterality-mismatch") == expected


def test_alternative_diagnosis_triggers():
    assert status(build(age=49, onset="gradual", duration=24), "alternative-diagnosis") == "pass"
    assert status(build(age=50, onset="gradual", duration=24), "alternative-diagnosis") == "fail"
    assert status(build(age=50, onset="gradual", duration=2), "alternative-diagnosis") == "pass"
    assert status(build(age=62, onset="gradual", duration=24, code="M16.11"), "alternative-diagnosis") == "pass"
    imaged = build(age=62, onset="gradual", duration=24,
                   history={"imaging": [{"modality": "radiograph", "date": day(0), "result": "negative"}]})
    assert status(imaged, "alternative-diagnosis") == "pass"
    numb = [(day(0), "evaluation", "Reports numbness down the right leg.")]
    assert status(build(docs=numb), "alternative-diagnosis") == "fail"
    denies = [(day(0), "evaluation", "Denies numbness or tingling.")]
    assert status(build(docs=denies), "alternative-diagnosis") == "pass"


def test_imaging_not_considered_threshold():
    assert status(build(duration=IMAGING_MONTHS - 0.1), "imaging-not-considered") == "not-applicable"
    assert status(build(duration=IMAGING_MONTHS), "imaging-not-considered") == "fail"
    xr = build(duration=IMAGING_MONTHS, history={"imaging": [{"modality": "radiograph", "date": day(0), "result": "negative"}]})
    check = casekit.review(xr).check("imaging-not-considered")
    assert check.status == "pass"
    assert "MRI hip without IV contrast" in check.statement


@pytest.mark.parametrize("treatments, expected", [(REPORT_DAYS, "pass"), (REPORT_DAYS + 1, "fail")])
def test_progress_report_every_ten_treatment_days(treatments, expected):
    case = build(n_visits=treatments + 1, every=2, lob="medicare")
    assert status(case, "progress-report-overdue") == expected
    assert status(build(n_visits=treatments + 1, every=2), "progress-report-overdue") == "not-applicable"


@pytest.mark.parametrize("last, certified, expected", [
    (CERT_DAYS, None, "pass"), (CERT_DAYS + 1, None, "fail"), (CERT_DAYS + 1, CERT_DAYS, "pass"),
    (CERT_DAYS + 1, CERT_DAYS + 1, "fail"), (RECERT_DAYS, 5, "pass"), (RECERT_DAYS + 1, 5, "fail")])
def test_recertification(last, certified, expected):
    visits = [{"date": day(0), "kind": "evaluation"}, {"date": day(last), "kind": "treatment"}]
    plan = {"date": day(0), "visits_per_week": 1, "weeks": 2}
    if certified is not None:
        plan["certified_on"] = day(certified)
    assert status(build(visits=visits, plan=plan, lob="medicare"), "recertification-overdue") == expected


def test_statements_carry_figures_and_citations():
    r = casekit.review(build(n_visits=16, every=2))
    c = r.check("visits-over-benchmark")
    assert "16 visits" in c.statement and "14" in c.statement and "M25.551" in c.statement
    assert "mcg-example" in c.citations
    assert r.pack.references["mcg-example"].tier == "payer-setting"


@pytest.mark.parametrize("requested, expected", [(8, "pass"), (9, "fail")])
def test_request_without_a_plan_projects_from_the_visits_asked_for(requested, expected):
    case = build(n_visits=6, kind="prospective",
                 review={"type": "prospective", "requested_visits": requested,
                         "under_review": {"from": day(30), "to": day(60)}})
    r = casekit.review(case)
    assert r.metrics["projected_total"] == 6 + requested
    assert r.check("plan-exceeds-benchmark").status == expected
    assert f"request for {requested} visits" in r.check("plan-exceeds-benchmark").statement


def test_acute_onset_inside_a_gap_starts_a_new_course():
    """The history's acute onset (duration before the first date under review) dated inside the
    gap explains it and restarts the course, even when no note says so."""
    visits = [{"date": day(i * 3), "kind": "treatment"} for i in range(12)]
    visits += [{"date": day(150 + i * 3), "kind": "treatment"} for i in range(6)]
    case = build(visits=visits, onset="acute", duration=1,
                 review={"type": "retrospective", "under_review": {"from": day(150), "to": day(165)}})
    r = casekit.review(case)
    assert r.metrics["episodes"] == 2 and r.metrics["courses"] == 2
    assert r.metrics["course_visits"] == 6
    assert r.check("unexplained-gap").status == "pass"
    gradual = build(visits=visits, onset="gradual", duration=12,
                    review={"type": "retrospective", "under_review": {"from": day(150), "to": day(165)}})
    assert casekit.review(gradual).check("unexplained-gap").status == "fail"


def test_two_codes_naming_both_hips_agree_with_bilateral_notes():
    docs = [(day(0), "evaluation", "Pain in bilateral hips with stairs.")]
    case = build(docs=docs, diagnoses=[{"code": "M25.551", "primary": True}, {"code": "M25.552"}])
    assert status(case, "laterality-mismatch") == "pass"
    one_side = build(docs=[(day(0), "evaluation", "Right hip pain.")], code="M16.0")
    assert status(one_side, "laterality-mismatch") == "fail"


def test_a_side_comparison_says_nothing_about_the_affected_side():
    docs = [(day(0), "evaluation", "R hip IR 10 deg vs L hip 30 deg. R hip pain with stairs.")]
    assert status(build(docs=docs), "laterality-mismatch") == "pass"


def test_no_benchmark_after_surgery_and_an_aftercare_code_finds_the_hip_pack():
    case = build(n_visits=20, every=2, history={"surgery": {"procedure": "hip arthroscopy", "date": day(-30)}})
    r = casekit.review(case)
    assert r.check("visits-over-benchmark").status == "insufficient-data"
    assert "after surgery" in r.check("visits-over-benchmark").statement
    assert "Not judged" in r.determination.summary
    aftercare = build(diagnoses=[{"code": "Z47.1", "primary": True}, {"code": "M25.551"}])
    assert casekit.review(aftercare).facts.code == "M25.551"


def test_structured_subscales_are_separate_series_and_need_a_meaningful_change():
    measures = [{"name": "HOOS pain", "date": day(0), "value": 45}, {"name": "HOOS pain", "date": day(45), "value": 46},
                {"name": "HOOS ADL", "date": day(0), "value": 70}, {"name": "HOOS ADL", "date": day(45), "value": 71},
                {"name": "LEFS", "date": day(0), "value": 40}, {"name": "LEFS", "date": day(45), "value": 48}]
    visits = [{"date": day(0), "kind": "evaluation"}, {"date": day(45), "kind": "treatment"}]
    r = casekit.review(build(visits=visits, measures=measures))
    c = r.check("no-functional-progress")
    assert c.status == "fail"
    assert "below its minimal clinically important difference of 9" in c.statement
    assert "binkley1999" in c.citations
    assert any(f.field == "measures[0]" for f in c.facts)
    measures[5]["value"] = 49
    assert status(build(visits=visits, measures=measures), "no-functional-progress") == "pass"


def test_an_injury_noted_weeks_into_the_new_episode_does_not_explain_the_gap():
    visits = [{"date": day(i * 3), "kind": "treatment"} for i in range(10)]
    visits += [{"date": day(130 + i * 3), "kind": "treatment"} for i in range(8)]
    late = [(day(130 + 15), "daily-note", "Pt tripped on a curb on Saturday and strained her L hip.")]
    r = casekit.review(build(visits=visits, docs=late, onset="gradual", duration=12,
                             review={"type": "retrospective", "under_review": {"from": day(130), "to": day(151)}}))
    assert r.metrics["courses"] == 1 and r.metrics["course_visits"] == 18
    assert r.check("unexplained-gap").status == "fail"
    early = [(day(130), "evaluation", "Pt tripped on a curb last week and strained her L hip.")]
    r = casekit.review(build(visits=visits, docs=early, onset="gradual", duration=12,
                             review={"type": "retrospective", "under_review": {"from": day(130), "to": day(151)}}))
    assert r.metrics["courses"] == 2 and r.check("unexplained-gap").status == "pass"


def test_a_discharge_comparison_after_the_gap_explains_it():
    cmp_ = [(day(93), "evaluation", "Pt d/c'd 3/1 with goals met. Compared to d/c, LEFS down from 70 to 52.")]
    assert status(gap_case(90, cmp_), "unexplained-gap") == "pass"


def test_a_request_that_fits_the_benchmark_is_approved_whole():
    docs = [(day(0), "evaluation", "iHOT-12 score 40. Right hip abduction strength 12 kg by HHD.")]
    case = build(n_visits=8, kind="prospective", plan={"date": day(30), "visits_per_week": 2, "weeks": 6}, docs=docs,
                 review={"type": "prospective", "requested_visits": 6,
                         "under_review": {"from": day(30), "to": day(60)}})
    r = casekit.review(case)
    assert r.check("plan-exceeds-benchmark").failed  # the plan's 12 would pass 14...
    assert r.decision == "approve"  # ...but the 6 asked for fit in the 6 the benchmark leaves


def test_side_to_side_readings_are_not_a_change():
    visits = [{"date": day(0), "kind": "evaluation"}, {"date": day(45), "kind": "treatment"}]
    docs = [(day(0), "evaluation", "R hip abduction 11 kg by HHD (L 16 kg)."),
            (day(45), "daily-note", "R hip abduction 11.5 kg by HHD (L 16 kg).")]
    assert status(build(visits=visits, docs=docs), "no-functional-progress") == "fail"


def test_duration_and_onset_from_the_notes_when_the_history_is_silent():
    docs = [(day(0), "evaluation", "Insidious onset 3 years ago, progressively worse over the past 6 months.")]
    case = build(age=64, onset=None, duration=None, docs=docs)
    r = casekit.review(case)
    assert r.facts.history_months == 36
    assert r.check("alternative-diagnosis").status == "fail"  # osteoarthritis at 64, 3 years, insidious
    assert r.check("imaging-not-considered").status == "fail"
    assert not [f for f in r.evidence.of("symptom") if f.name == "worse"]


@pytest.mark.parametrize("recert_text, last, expected", [
    ("Recertification signed by Dr. Nguyen on 5/27/25.", 150, "pass"),
    ("Recertification signed by Dr. Nguyen on 5/27/25.", 180, "fail"),  # the second interval lapsed
    (None, 95, "fail")])
def test_recertification_read_from_the_records(recert_text, last, expected):
    visits = [{"date": day(0), "kind": "evaluation"}, {"date": day(85), "kind": "re-evaluation"},
              {"date": day(last), "kind": "treatment"}]
    docs = [(day(85), "re-evaluation", recert_text)] if recert_text else []
    plan = {"date": day(0), "visits_per_week": 2, "weeks": 12, "certified_on": day(3)}
    assert status(build(visits=visits, docs=docs, plan=plan, lob="medicare"), "recertification-overdue") == expected


def test_from_2025_a_signed_order_and_plan_sent_certify():
    visits = [{"date": day(0), "kind": "evaluation"}, {"date": day(40), "kind": "treatment"}]
    plan = {"date": day(0), "visits_per_week": 1, "weeks": 6, "order_signed_on": day(-2),
            "sent_to_referrer_on": day(10)}
    assert status(build(visits=visits, plan=plan, lob="medicare"), "recertification-overdue") == "pass"


def test_one_sentence_naming_both_affected_hips_is_not_a_comparison():
    docs = [(day(0), "evaluation", "Osteoarthritis of the right hip and the left hip.")]
    assert status(build(code="M16.0", docs=docs), "laterality-mismatch") == "pass"


def test_total_runs_to_the_end_of_the_window():
    visits = [{"date": day(i * 3), "kind": "treatment"} for i in range(10)]
    case = build(visits=visits, review={"type": "retrospective", "under_review": {"from": day(0), "to": day(12)}})
    m = casekit.review(case).metrics
    assert (m["prior_visits"], m["visits_under_review"], m["total_visits"]) == (0, 5, 5)


def test_a_measure_written_in_notes_and_entered_as_a_structured_measure_is_one_series():
    """'right shoulder flexion AROM' (structured) and 'Flexion 150' read on the right from a note
    are one measure; the readings of the uninvolved side are not the course; and a change since a
    reading made long before the last weeks is no change in them (a plateau is judged on the
    measures read on both sides of the period, close to it)."""
    from casekit.rules.measures import _identity

    from casekit.evidence import Finding

    day = dt.date(2025, 8, 8)
    written = Finding("objective-measure", "d", day, "Flexion 150", "flexion ROM", 150.0, "degrees",
                      detail=(("side", "right"),))
    entered = Finding("objective-measure", None, day, "x", "right shoulder flexion AROM", 150.0, "degrees")
    other = Finding("objective-measure", None, day, "x", "left shoulder flexion AROM", 175.0, "degrees")
    assert _identity(written) == _identity(entered) == ("flexion", "right")
    assert _identity(other) == ("flexion", "left")
