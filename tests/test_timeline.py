"""The timeline: contract metrics on the seed, courses of care, and hypothesis properties."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings, strategies as st

from casekit import load_case
from casekit import timeline as tl
from casekit.model import Case
from conftest import SEED

BASE = {
    "format": "casekit/1", "id": "T-1", "service": "physical-therapy",
    "review": {"type": "retrospective", "under_review": {"from": "2025-06-01", "to": "2025-06-30"}},
    "patient": {"age": 40, "sex": "male"}, "diagnoses": [{"code": "M25.551", "primary": True}],
}


def make_case(dates: list[dt.date], blocks=(), window=("2025-06-01", "2025-06-30"), plan=None) -> Case:
    data = dict(BASE, visits=[{"date": d.isoformat(), "kind": "treatment"} for d in dates],
                visit_counts=[{"from": a.isoformat(), "to": b.isoformat(), "visits": n} for a, b, n in blocks],
                review={"type": "retrospective", "under_review": {"from": window[0], "to": window[1]}})
    if plan:
        data["plan_of_care"] = plan
    return Case.model_validate(data)


def test_seed_metrics_match_the_determination():
    t = tl.build(load_case(SEED), gap_limit_days=60)
    m = t.metrics
    assert (m["prior_visits"], m["visits_under_review"], m["total_visits"]) == (18, 3, 21)
    assert (m["planned_visits"], m["projected_total"]) == (18, 36)
    assert (m["longest_gap_days"], m["span_days"], m["episodes"]) == (168, 218, 2)
    assert m["course_visits"] == 21 and m["courses"] == 1


def test_new_injury_restarts_the_course():
    case = load_case(SEED)
    t = tl.build(case, 60, new_condition_dates=[dt.date(2025, 8, 25)])
    assert t.metrics["courses"] == 2
    assert t.metrics["course_visits"] == 3
    assert t.metrics["projected_total"] == 18  # the new course counts from zero
    assert t.gaps_frame()["new_course"].tolist() == [True, False, False]


def test_gap_at_the_limit_does_not_split():
    d0 = dt.date(2025, 1, 1)
    assert tl.build(make_case([d0, d0 + dt.timedelta(days=60)]), 60).metrics["episodes"] == 1
    assert tl.build(make_case([d0, d0 + dt.timedelta(days=61)]), 60).metrics["episodes"] == 2


def test_no_gap_measured_inside_a_block():
    case = make_case([dt.date(2025, 6, 2)], blocks=[(dt.date(2025, 1, 1), dt.date(2025, 5, 1), 2)])
    t = tl.build(case, 60)
    assert t.metrics["longest_gap_days"] == 32
    assert t.metrics["episodes"] == 1 and t.metrics["prior_visits"] == 2


def test_cumulative_spreads_blocks_and_flags_them():
    t = tl.build(load_case(SEED), 60)
    cum = t.cumulative()
    assert cum["cumulative"].iloc[-1] == 21
    assert cum["estimated"].sum() == 18
    assert cum["date"].is_monotonic_increasing


dates = st.lists(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 12, 31)),
                 min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(dates, st.randoms(use_true_random=False))
def test_order_of_visits_does_not_matter(ds, rnd: random.Random):
    shuffled = list(ds)
    rnd.shuffle(shuffled)
    a, b = tl.build(make_case(ds), 60), tl.build(make_case(shuffled), 60)
    assert a.metrics == b.metrics
    assert a.episodes == b.episodes


@settings(max_examples=60, deadline=None)
@given(dates)
def test_no_visit_lost(ds):
    """Every date of service is counted once (two entries on one date are one date of service)."""
    days = set(ds)
    t = tl.build(make_case(ds), 60)
    after = sum(1 for d in days if d > dt.date(2025, 6, 30))
    assert sum(e.visits for e in t.episodes) == len(days)
    assert t.metrics["prior_visits"] + t.metrics["visits_under_review"] + after == len(days)
    # the total runs to the end of the window: later visits are on record but not counted
    assert t.metrics["total_visits"] == len(days) - after


@settings(max_examples=60, deadline=None)
@given(dates, st.data())
def test_a_visit_inside_a_gap_never_adds_a_gap(ds, data):
    """A visit inside a gap can only cut it: every gap afterwards lies inside a gap before, and
    no gap grows. (It may cut one long gap into two long ones: that is not a new gap.)"""
    t = tl.build(make_case(ds), 60)
    if not t.gaps:
        return
    g = data.draw(st.sampled_from([g for g in t.gaps if g.days > 1] or [None]))
    if g is None:
        return
    inside = g.start + dt.timedelta(days=data.draw(st.integers(1, g.days - 1)))
    t2 = tl.build(make_case(ds + [inside]), 60)
    for new in t2.gaps:
        assert any(old.start <= new.start and new.end <= old.end for old in t.gaps)
    assert sum(x.days for x in t2.gaps) == sum(x.days for x in t.gaps)
    assert sum(x.days for x in t2.gaps if x.splits) <= sum(x.days for x in t.gaps if x.splits)
    assert t2.metrics["longest_gap_days"] <= t.metrics["longest_gap_days"]


def test_same_date_entries_are_one_date_of_service():
    d = dt.date(2025, 6, 2)
    case = Case.model_validate(dict(BASE, visits=[{"date": d.isoformat(), "kind": "treatment"},
                                                 {"date": d.isoformat(), "kind": "evaluation", "document": "e"}],
                                    documents=[{"id": "e", "date": d.isoformat(), "kind": "evaluation"}]))
    t = tl.build(case, 60)
    assert t.metrics["total_visits"] == 1
    assert t.services[0].kind == "evaluation" and t.services[0].document == "e"


def test_a_block_straddling_the_window_is_shared_out_by_date():
    # 11 visits spread evenly over 2025-05-22..2025-06-11 (every 2 days): 5 before June, 6 in it
    case = make_case([], blocks=[(dt.date(2025, 5, 22), dt.date(2025, 6, 11), 11)])
    m = tl.build(case, 60).metrics
    assert (m["prior_visits"], m["visits_under_review"], m["total_visits"]) == (5, 6, 11)
