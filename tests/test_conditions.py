"""Every region outpatient PT treats: the pack a case is reviewed under, workers' compensation by
jurisdiction, the fallback that never refuses a valid case, and reference benchmarks that never
deny on their own."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import casekit
from casekit import packs
from casekit.model import Case

D0 = dt.date(2025, 3, 3)


def day(n: int) -> str:
    return (D0 + dt.timedelta(days=n)).isoformat()


def case(code: str, n_visits: int = 6, every: int = 3, lob: str = "commercial", jurisdiction=None,
         blocks=(), kind: str = "retrospective", requested=None, surgery=None, docs=()) -> Case:
    visits = [{"date": day(i * every), "kind": "evaluation" if i == 0 else "treatment"} for i in range(n_visits)]
    review = {"type": kind, "line_of_business": lob,
              "under_review": {"from": visits[0]["date"], "to": visits[-1]["date"]}}
    if jurisdiction:
        review["jurisdiction"] = jurisdiction
    if requested:
        review["requested_visits"] = requested
    extra = {}
    if kind != "retrospective":  # a request comes with its evaluation and plan of care
        extra["plan_of_care"] = {"date": visits[-1]["date"], "visits_per_week": 2, "weeks": 4}
        docs = list(docs) or [(visits[0]["date"], "Pt seen for therapy.")]
    return Case.model_validate({**extra,
        "format": "casekit/1", "id": "COND-T", "service": "physical-therapy", "review": review,
        "patient": {"age": 45, "sex": "male"}, "diagnoses": [{"code": code, "primary": True}],
        "history": {"onset": "acute", "duration_months": 1, **({"surgery": surgery} if surgery else {})},
        "visits": visits,
        "visit_counts": [{"from": a, "to": b, "visits": n, "source": "claims"} for a, b, n in blocks],
        # a note on each end of the window, so that the records for the dates under review are on file
        "documents": [{"id": f"d{i}", "date": d, "kind": "evaluation" if i == 0 else "daily-note", "text": t}
                      for i, (d, t) in enumerate(list(docs) or [(visits[0]["date"], "Pt seen for therapy."),
                                                                (visits[-1]["date"], "Pt seen for therapy.")])]})


@pytest.mark.parametrize("code, pack", [
    ("M17.11", "knee"), ("S83.241D", "knee"), ("M54.50", "low-back"), ("M51.16", "low-back"),
    ("M54.2", "neck"), ("M54.12", "neck"), ("M75.41", "shoulder"), ("M75.02", "shoulder"),
    ("S93.402D", "ankle"), ("M76.62", "ankle"), ("M16.11", "hip-pain"), ("S73.101D", "hip-pain"),
    ("M25.552", "hip-pain"), ("M77.11", "general-rehab"), ("G56.01", "general-rehab")])
def test_each_region_is_reviewed_under_its_own_pack_and_words(code, pack):
    r = casekit.review(case(code))
    assert r.pack.id == pack and r.pack.layers[0].startswith("general-rehab@")
    outcome = r.check("missing-outcome-measure")
    assert outcome.status == "fail"
    # the statement asks for the region's own questionnaires, cited to the region's sources
    assert r.pack.terms["prom_examples"] in outcome.statement
    assert set(outcome.citations) == set(r.pack.cite_groups["outcome-measures"])
    other = {p: packs.load(p).terms["prom_examples"] for p in ("hip-pain", "knee", "neck")} 
    assert all(text not in outcome.statement for p, text in other.items() if p != pack)


def test_the_fallback_says_no_condition_benchmark_applies_and_never_refuses():
    r = casekit.review(case("M77.11", n_visits=30, every=2))
    assert r.pack.id == "general-rehab"
    # 60 days of notes and nothing measured: denied on progress, never on a benchmark it lacks
    assert r.decision == "deny" and r.determination.decisive_rules == ("no-functional-progress",)
    bench = r.check("visits-over-benchmark")
    assert bench.status == "insufficient-data" and "no visit benchmark for M77.11" in bench.statement
    assert "No condition-specific guideline" in r.report().to_text()


def test_a_public_reference_figure_is_reported_but_never_denies_alone():
    # knee OA: GLA:D's 12 sessions is a programme's dose, not a limit
    r = casekit.review(case("M17.11", n_visits=20, every=2))
    bench = r.check("visits-over-benchmark")
    assert r.facts.benchmark.use == "reference" and bench.status == "fail"
    assert bench.severity == "minor" and "not a limit" in bench.statement
    assert "visits-over-benchmark" not in r.determination.decisive_rules
    # the seed's MCG percentile is a payer's limit: it decides
    seed = casekit.review(casekit.load_case("cases/hip-seed.yaml"))
    assert seed.facts.benchmark.use == "limit" and seed.check("visits-over-benchmark").severity == "critical"


def test_california_denies_past_24_visits_per_injury_with_independent_medical_review():
    limit = 24
    r = casekit.review(case("M54.50", n_visits=4, lob="workers-comp", jurisdiction="CA",
                            blocks=[(day(-120), day(-10), limit)]))
    c = r.check("visits-over-statutory-limit")
    assert c.status == "fail" and c.values["injury_visits"] == limit + 4 and c.severity == "critical"
    assert r.decision == "deny" and "jurisdiction:CA" in r.pack.layers
    assert "not authorised, as 28 visits for the injury pass the 24-visit limit of CA law" in r.determination.summary
    assert "independent medical review" in r.determination.notice["appeal"]
    assert "ERISA" not in r.report().to_text().split("How to appeal")[1].splitlines()[0]
    assert "ca-lc-4604-5" in c.citations
    within = casekit.review(case("M54.50", n_visits=4, lob="workers-comp", jurisdiction="CA",
                                 blocks=[(day(-120), day(-10), limit - 4)]))
    assert within.check("visits-over-statutory-limit").status == "pass"


def test_california_counts_requested_visits_and_leaves_out_the_postsurgical_period():
    asked = casekit.review(case("M54.50", n_visits=2, lob="workers-comp", jurisdiction="CA", kind="prospective",
                                requested=8, blocks=[(day(-120), day(-10), 20)]))
    assert asked.check("visits-over-statutory-limit").values["injury_visits"] == 20 + 2 + 8
    assert asked.decision == "deny"
    # 30 visits, all within six months of a meniscectomy: none counts toward the limit
    post = casekit.review(case("S83.241D", n_visits=30, every=3, lob="workers-comp", jurisdiction="CA",
                               surgery={"procedure": "arthroscopic partial meniscectomy", "date": day(-7)}))
    c = post.check("visits-over-statutory-limit")
    assert c.status == "pass" and c.values["excluded_visits"] == 30 and c.values["injury_visits"] == 0


def test_a_jurisdiction_without_rules_is_not_judged_and_gets_no_erisa_route():
    r = casekit.review(case("M54.50", n_visits=30, every=2, lob="workers-comp", jurisdiction="TX"))
    c = r.check("visits-over-statutory-limit")
    assert c.status == "insufficient-data" and "TX" in c.statement
    assert r.pack.notice.title == "Utilization Review Decision (workers' compensation)"
    assert "29 CFR 2560.503-1" not in (r.pack.notice.appeal or "")


def test_several_diagnoses_are_reviewed_under_the_primary_and_the_others_are_listed():
    c = case("M54.50").model_copy(update={"diagnoses": [
        casekit.model.Diagnosis(code="M54.50", primary=True), casekit.model.Diagnosis(code="M25.561")]})
    r = casekit.review(c)
    assert r.pack.id == "low-back"
    assert dict(r.report().banner_rows())["Diagnosis"].endswith("; also coded: M25.561")


def _claims():
    """(pack id, prefix, code) for every billable FY2026 code each condition pack claims."""
    from casekit import codes
    table = sorted(codes.DESCRIPTIONS)
    for pid in [p["id"] for p in packs.describe_packs() if p["kind"] == "diagnosis"]:
        pack = packs.load(pid)
        for prefix in pack.applies_to.codes:
            claimed = [c for c in table if codes.matches(c, [prefix])]
            yield pid, prefix, claimed


def test_every_code_the_packs_claim_is_billable_and_reviews_under_its_pack():
    """Walks every ICD-10-CM code the packs claim (casekit's FY2026 table, checked against the CMS
    tabular list): each prefix names billable codes, no code is claimed twice, and each reviews
    under its pack with the region's words."""
    owner: dict[str, str] = {}
    walked = 0
    for pid, prefix, claimed in _claims():
        assert claimed, f"{pid}: {prefix} names no billable FY2026 code in casekit's table"
        for code in claimed:
            assert owner.setdefault(code, pid) == pid, f"{code} is claimed by {owner[code]} and {pid}"
            r = casekit.review(case(code, n_visits=3))
            assert r.pack.id == pid, (code, r.pack.id)
            assert r.facts.code == code and r.check("missing-outcome-measure").status == "fail"
            walked += 1
    assert walked > 500


def test_a_surgery_between_visits_starts_the_post_operative_course():
    # three weeks of care before a knee replacement, then care after it: no long gap in between
    c = case("Z96.651", n_visits=16, every=3, surgery={"procedure": "total knee arthroplasty", "date": day(22)})
    c = c.model_copy(update={"diagnoses": [casekit.model.Diagnosis(code="Z47.1", primary=True),
                                           casekit.model.Diagnosis(code="Z96.651")]})
    r = casekit.review(c)
    assert r.pack.id == "knee" and r.facts.postoperative
    before = sum(1 for v in c.visits if v.date <= dt.date.fromisoformat(day(22)))
    assert r.metrics["course_visits"] == 16 - before and r.metrics["courses"] == 2
    assert r.facts.benchmark.title == "after total knee arthroplasty"
    assert r.report().title.startswith("Medical Necessity Determination: Physical Therapy after total knee arthroplasty")
    base = r.check("missing-baseline-comparison")
    assert base.status == "not-applicable" and "care after surgery is a new course" in base.statement


@pytest.mark.parametrize("sentence, flag, negated", [
    ('States "it feels numb when I wipe" since Sat.', "saddle anesthesia", False),
    ('Pt c/o numbness "down there" persists.', "saddle anesthesia", False),
    ("Reports she has to strain to start urinating x 3 days.", "bowel or bladder dysfunction", False),
    ("Urinary hesitancy x 1 wk.", "bowel or bladder dysfunction", False),
    ("Hoffmann neg.", "myelopathy signs", True),
    ("Denies saddle numbness, bowel/bladder changes.", "saddle anesthesia", True)])
def test_red_flags_as_clinicians_and_patients_say_them(sentence, flag, negated):
    from casekit.evidence import extract_text
    found = [f for f in extract_text("d", D0, sentence) if f.kind == "red-flag" and f.name == flag]
    assert found and all(f.negated == negated for f in found), [(f.name, f.negated) for f in found]


def test_new_cauda_equina_flags_pend_even_after_an_earlier_negative_screen():
    docs = [(day(0), "Red flag screen: denies saddle numbness, bowel/bladder changes."),
            (day(15), 'Pt c/o numbness "down there" and has to strain to start urinating.')]
    r = casekit.review(case("M54.50", n_visits=6, docs=docs))
    c = r.check("alternative-diagnosis")
    assert c.status == "fail" and c.severity == "major" and r.decision == "pend"
    assert "cauda equina syndrome" in c.statement and "prompt medical evaluation" in c.statement
    assert "is pended: red flags of cauda equina syndrome" in r.determination.summary
    assert "referred for that evaluation" in r.determination.summary
    # the same screen after the flags does address them
    later = docs + [(day(16), "Red flag screen: denies saddle numbness, bowel/bladder changes; cauda equina "
                              "ruled out by MRI today.")]
    assert casekit.review(case("M54.50", n_visits=6, docs=later)).check("alternative-diagnosis").status == "pass"


def test_a_missing_record_pends_and_names_the_record_and_the_deadline():
    bare = case("M54.50", n_visits=8).model_copy(update={"documents": []})
    r = casekit.review(bare)
    c = r.check("missing-records")
    assert r.decision == "pend" and r.determination.decisive_rules == ("missing-records",)
    assert "the daily notes, evaluation or progress report for the dates of service" in c.statement
    days = int(r.pack.setting("pend_response_days"))
    assert f"within {days} days" in c.statement
    assert any("daily notes" in item for item in r.determination.documentation_needed)
    request = case("M76.62", n_visits=1, kind="prospective", requested=12)
    request = request.model_copy(update={"plan_of_care": None, "documents": []})
    c = casekit.review(request).check("missing-records")
    assert c.status == "fail" and "evaluation" in c.statement and "plan of care" in c.statement


def test_a_plateau_after_early_gains_denies_except_under_medicare():
    measures = [{"name": "NDI", "date": day(d), "value": v, "unit": "/50"}
                for d, v in ((0, 32), (21, 21), (42, 20), (63, 20), (84, 21))]
    c = case("M54.2", n_visits=30, every=3).model_copy(update={"measures": [
        casekit.model.Measure(**m) for m in measures]})
    r = casekit.review(c)
    assert r.check("no-functional-progress").status == "pass"  # 32 to 21 over the course, past the MCID
    p = r.check("plateau")
    assert p.status == "fail" and "NDI 20/50 on" in p.statement and r.decision == "deny"
    assert r.determination.decisive_rules == ("plateau",)
    medicare = casekit.review(c.model_copy(update={"review": c.review.model_copy(update={"line_of_business": "medicare"})}))
    assert medicare.check("plateau").status == "fail" and "plateau" not in medicare.determination.decisive_rules


def test_muscle_test_grades_load_as_written_and_compare_in_order():
    from casekit.model import Measure
    m = Measure.model_validate({"name": "hip abduction MMT", "date": day(0), "value": "4-/5"})
    assert (m.grade, m.unit) == ("4-/5", "/5") and Measure.model_validate(
        {"name": "x", "date": day(0), "value": "4+"}).value > m.value > Measure.model_validate(
        {"name": "x", "date": day(0), "value": "3+/5"}).value
    with pytest.raises(Exception):
        Measure.model_validate({"name": "x", "date": day(0), "value": "strong"})


def test_a_request_before_any_care_has_its_figures():
    r = casekit.review(casekit.load_case("cases/ankle-pend.yaml"))
    assert not r.case.visits and r.decision == "pend"
    plots = r.plots()
    assert set(plots) >= {"timeline", "cumulative"} and len(r.timeline.cumulative()) == 0


def _with_codes(c: Case, codes: list[str]) -> Case:
    return c.model_copy(update={"visits": [v.model_copy(update={"codes": [casekit.model.BilledCode(code=x)
                                                                          for x in codes]})
                                           for v in c.visits]})


def test_passive_only_care_is_denied_and_passive_care_past_two_weeks_is_a_document_item():
    passive = _with_codes(case("M54.50", n_visits=10, every=3), ["97010", "97014", "97035"])
    r = casekit.review(passive)
    c = r.check("passive-care")
    assert c.status == "fail" and c.severity == "major" and r.decision == "deny"
    assert "passive-care" in r.determination.decisive_rules and "CPT 97014" in c.statement
    weeks = r.pack.setting("passive_modality_weeks")
    # the same modalities beside billed exercise: a minor finding, asked to be justified
    mixed = casekit.review(_with_codes(case("M54.50", n_visits=10, every=3), ["97010", "97110"]))
    m = mixed.check("passive-care")
    assert m.status == "fail" and m.severity == "minor" and f"past {weeks:g} weeks" in m.statement
    assert "passive-care" not in mixed.determination.decisive_rules
    # a home programme in the notes is not active care given in the clinic
    notes = [(day(0), "MHP x 15 min, IFC x 15 min L low back. HEP reviewed."),
             (day(27), "MHP, IFC as before. Cont HEP.")]
    assert casekit.review(case("M54.50", n_visits=10, every=3, docs=notes)).check("passive-care").severity == "major"
    # one hot pack before exercise, within the two weeks: passes
    active = [(day(0), "MHP x 10 min then TE: bridges 3x10, bird dog 2x10."), (day(27), "TE progressed.")]
    assert casekit.review(case("M54.50", n_visits=10, every=3, docs=active)).check("passive-care").status == "pass"


def test_past_a_payer_limit_the_dates_within_it_are_approved_and_those_past_it_denied():
    # hip pain under the payer's limit of 14 (MCG example), 16 visits inside the 6-week trial
    r = casekit.review(case("M25.551", n_visits=16, every=2))
    limit = r.facts.benchmark.visits
    assert r.facts.benchmark.use == "limit" and r.determination.decisive_rules == ("visits-over-benchmark",)
    assert r.decision == "partial" and json.loads(r.to_json())["action_code"] == "A2"
    decided = [(line.decision, line.action_code) for line in r.lines]
    assert decided == [("approve", "A1")] * limit + [("deny", "A3")] * (16 - limit)
    assert r.lines[limit].reason == f"visit {limit + 1} of the course, past the limit of {limit}"
    assert "partly approved: 14 of 16 lines" in r.determination.summary and r.determination.notice
    # a payer that denies every date of a case past its limit says so in its pack
    from casekit import packs
    strict = packs.load("hip-pain").model_copy(update={"decision": packs.load("hip-pain").decision.model_copy(
        update={"lines_by_date": False})})
    all_denied = casekit.review(case("M25.551", n_visits=16, every=2), pack=strict)
    assert all_denied.decision == "deny" and {line.decision for line in all_denied.lines} == {"deny"}


def test_passive_codes_past_two_weeks_are_denied_while_the_active_codes_are_paid():
    c = _with_codes(case("M54.50", n_visits=10, every=3), ["97110", "97010"])
    r = casekit.review(c)
    weeks = r.pack.setting("passive_modality_weeks")
    late = [line for line in r.lines if line.code == "97010" and line.decision == "deny"]
    assert late and all((line.date - c.visits[0].date).days >= weeks * 7 for line in late)
    assert all(line.decision == "approve" for line in r.lines if line.code == "97110")
    assert r.decision == "partial" and "passive modality past" in late[0].reason


def test_timed_units_past_four_on_a_date_are_denied_on_their_lines():
    c = case("M54.50", n_visits=4, every=3)
    heavy = [casekit.model.BilledCode(code="97110", units=3), casekit.model.BilledCode(code="97140", units=2),
             casekit.model.BilledCode(code="97112", units=1)]
    c = c.model_copy(update={"visits": [v.model_copy(update={"codes": heavy if i == 1 else heavy[:1]})
                                        for i, v in enumerate(c.visits)]})
    r = casekit.review(c)
    limit = int(r.pack.setting("max_timed_units_per_visit"))
    assert limit == 4 and r.check("timed-units-over-limit").status == "fail"
    day1 = [line for line in r.lines if line.date == c.visits[1].date]
    # 3 units of 97110 fit; 97140 takes the date to 5, past 4; 97112 to 6
    assert [(line.code, line.decision) for line in day1] == [("97110", "approve"), ("97140", "deny"), ("97112", "deny")]
    assert r.decision == "partial"
    assert all(line.decision == "approve" for line in r.lines if line.date != c.visits[1].date)


def test_reassessment_is_due_monthly_within_dated_care_only():
    r = casekit.review(case("M54.50", n_visits=15, every=3))  # 42 days, evaluated once at the start
    days = int(r.pack.setting("reevaluation_days"))
    c = r.check("reevaluation-overdue")
    assert c.status == "fail" and c.severity == "minor" and c.values["reassessment_gap"] == 42 > days
    assert "reevaluation-overdue" not in r.determination.decisive_rules
    assert any("at least every 30 days" in item for item in r.determination.documentation_needed)
    # a progress report in the middle keeps each run within the month
    mid = case("M54.50", n_visits=15, every=3)
    mid = mid.model_copy(update={"visits": [v.model_copy(update={"kind": "progress-report"}) if i == 7 else v
                                            for i, v in enumerate(mid.visits)]})
    assert casekit.review(mid).check("reevaluation-overdue").status == "pass"
    # the seed: a claims total and a 168-day gap are not care without reassessment
    assert casekit.review(casekit.load_case("cases/hip-seed.yaml")).check("reevaluation-overdue").status == "not-applicable"


def test_copied_daily_notes_are_found_whatever_their_dates_and_numbers():
    same = "S: Pt reports pain {p}/10. O: MHP x 15 min, IFC x 15 min, STM to L paraspinals. A: Tol well. P: Cont POC."
    docs = [(day(3 * i), same.format(p=5 + i % 2)) for i in range(5)]
    r = casekit.review(case("M54.50", n_visits=5, every=3, docs=docs))
    c = r.check("cloned-notes")
    # the builder files the first as the evaluation: the four daily notes are copies of one another
    assert c.status == "fail" and c.values["cloned_count"] == 4 and c.severity == "minor"
    varied = [(day(0), "S: Pt reports pain 5/10 after gardening. O: bridges 3x10, bird dog 2x10 @ 2#."),
              (day(3), "S: Sore after long drive. O: added side plank 3x20 s; lumbar flex 60 deg."),
              (day(6), "S: Improving, slept through night. O: deadlift pattern w/ 10# KB 3x8, ODI 28%."),
              (day(9), "S: No pain at work this week. O: carries 2x30 m @ 15#, step-ups 3x10 on 8 in box.")]
    assert casekit.review(case("M54.50", n_visits=4, every=3, docs=varied)).check("cloned-notes").status == "pass"


@pytest.mark.parametrize("sentence", ["L knee asx.", "L knee pain-free.", "L knee WNL."])
def test_the_other_side_without_symptoms_is_not_the_treated_side(sentence):
    from casekit.evidence import extract_text
    sides = [f for f in extract_text("d", D0, sentence) if f.kind == "side"]
    assert sides and all(f.negated for f in sides)


def test_a_request_resting_on_a_re_evaluation_not_on_file_pends_for_it():
    """A concurrent request continues the plan the latest re-evaluation set: billed without its
    record, the request is pended for that re-evaluation, named with its date; with the record on
    file (linked or of the same date) it is judged."""
    import datetime as dt

    from casekit.io import load_case

    path = "docs/drafts/blind-cases/reading/BLIND-READ-03.yaml"
    r = casekit.review(load_case(path))
    c = r.check("missing-records")
    assert r.decision == "pend" and c.status == "fail" and "re-evaluation billed on 2026-02-02" in c.statement
    case_ = load_case(path)
    reeval = casekit.model.Document(id="re-0202", date=dt.date(2026, 2, 2), kind="re-evaluation",
                                    text="Re-eval: ODI 34%. SLR L neg. Goals revised.")
    with_record = case_.model_copy(update={"documents": [*case_.documents, reeval]})
    assert casekit.review(with_record).check("missing-records").status == "pass"


def test_care_after_the_goals_are_met_or_past_the_plan_is_not_approved_line_by_line():
    """BLIND-READ-05: every goal met at visit 8, discharge recommended, four more visits of ice,
    ultrasound and HEP review at the patient's request: the plan's visits are approved, the four
    after the note are not (a partial approval), under a commercial plan."""
    from casekit.io import load_case

    path = "docs/drafts/blind-cases/reading/BLIND-READ-05.yaml"
    r = casekit.review(load_case(path))
    c = r.check("care-beyond-plan")
    assert c.status == "fail" and "found the goals met" in c.statement
    assert r.decision == "partial"
    denied = sorted({line.date.isoformat() for line in r.lines if line.decision == "deny"})
    approved = {line.date.isoformat() for line in r.lines if line.decision == "approve"}
    assert denied == ["2025-10-27", "2025-10-30", "2025-11-03", "2025-11-06"]
    assert "2025-10-23" in approved and not approved & set(denied)
    # the same care is skilled maintenance under Medicare (Jimmo): not denied for the goals being met
    medicare = load_case(path)
    medicare = medicare.model_copy(update={"review": medicare.review.model_copy(update={"line_of_business": "medicare"})})
    # (and the progress note set a new frequency, renewing the plan)
    assert casekit.review(medicare).check("care-beyond-plan").status == "pass"


def test_visits_past_the_plan_without_a_renewal_are_named_and_a_re_evaluation_renews_it():
    plan = casekit.model.PlanOfCare(date=day(0), visits_per_week=2, weeks=2)  # to day 13
    c = case("M54.50", n_visits=10, every=3).model_copy(update={"plan_of_care": plan})  # to day 27
    check = casekit.review(c).check("care-beyond-plan")
    assert check.status == "fail" and "went past the plan of care" in check.statement
    assert f"3 visits ({day(21)} to {day(27)})" in check.statement  # a week's grace past day 13
    within = c.model_copy(update={"visits": c.visits[:7]})  # to day 18: within the week's grace
    assert casekit.review(within).check("care-beyond-plan").status == "pass"
    renewed = c.model_copy(update={"visits": [v.model_copy(update={"kind": "re-evaluation"}) if i == 5 else v
                                              for i, v in enumerate(c.visits)]})
    assert casekit.review(renewed).check("care-beyond-plan").status == "pass"


def test_a_red_flag_is_not_ruled_out_by_its_own_report_or_by_a_study_asked_for():
    """"Progressive motor deficit C6-7 myotomes" names the myotomes it found weak: it reports the
    flag, it does not rule it out; "consideration of MRI" and "until MRI result" ask for a study
    not done. The case pends for medical evaluation; a study done and read afterwards addresses it."""
    docs = [(day(0), "R neck pain radiating to R thumb. MMT R wrist ext 4/5. Hoffmann neg."),
            (day(12), "A: PROGRESSIVE MOTOR DEFICIT R C6-7 myotomes over 2 wks despite conservative care. "
                      "Red flag - requires medical re-evaluation / imaging before further mechanical tx. "
                      "Called MD office; recommended expedited MD visit and consideration of MRI."),
            (day(15), "P: Hold further visits until MD clearance / MRI result.")]
    r = casekit.review(case("M54.12", n_visits=6, docs=docs))
    c = r.check("alternative-diagnosis")
    assert c.status == "fail" and c.severity == "major" and r.decision == "pend", c.statement
    assert "radiculopathy" in c.statement and "prompt medical evaluation" in c.statement
    done = docs + [(day(16), "MRI C-spine reviewed: C5-6 foraminal narrowing, no cord compression; MD cleared "
                             "pt to resume PT.")]
    assert casekit.review(case("M54.12", n_visits=6, docs=done)).check("alternative-diagnosis").status == "pass"


def _restart(odi_at_restart: float) -> Case:
    """Low back pain: an episode to 2025-02-05 (ODI 48% then 30% at discharge), a 179-day break,
    a restart on 2025-08-03 whose note gives no reason and no comparison in words."""
    first = [dt.date(2025, 1, 5) + dt.timedelta(days=3 * i) for i in range(11)]
    second = [dt.date(2025, 8, 3) + dt.timedelta(days=3 * i) for i in range(6)]
    visits = [{"date": d.isoformat(), "kind": "evaluation" if i in (0, 11) else "treatment"}
              for i, d in enumerate(first + second)]
    return Case.model_validate({
        "format": "casekit/1", "id": "BACK-RESTART", "service": "physical-therapy",
        "review": {"type": "retrospective", "line_of_business": "commercial",
                   "under_review": {"from": second[0].isoformat(), "to": second[-1].isoformat()}},
        "patient": {"age": 50, "sex": "female"}, "diagnoses": [{"code": "M54.50", "primary": True}],
        "visits": visits,
        "documents": [{"id": "e2", "date": second[0].isoformat(), "kind": "evaluation",
                       "text": "Pt returns to PT for low back pain. Lumbar flexion to knees."},
                      {"id": "n2", "date": second[-1].isoformat(), "kind": "daily-note",
                       "text": "Continued core stabilisation 3x10."}],
        "measures": [{"name": "ODI", "date": "2025-01-05", "value": 48, "unit": "%"},
                     {"name": "ODI", "date": "2025-02-05", "value": 30, "unit": "%"},
                     {"name": "ODI", "date": second[0].isoformat(), "value": odi_at_restart, "unit": "%"}]})


def test_a_decline_measured_across_a_break_is_a_comparison_with_discharge_that_explains_the_restart():
    """ODI 30% at discharge and 44% at the restart (worse by 14, past its MCID of 10) documents
    the functional decline the restart needs, as a note comparing with discharge would; 32% (worse
    by 2) claims nothing, so the restart stays unexplained and uncompared."""
    worse = casekit.review(_restart(44))
    assert worse.check("missing-baseline-comparison").status == "pass"
    assert worse.check("unexplained-gap").status == "pass"
    same = casekit.review(_restart(32))
    assert same.check("missing-baseline-comparison").status == "fail"
    assert same.check("unexplained-gap").status == "fail"
