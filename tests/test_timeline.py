"""The timeline: contract metrics on the seed, courses of care, and hypothesis properties."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings, strategies as st

from casekit import load_case, packs
from casekit import timeline as tl
from casekit.model import Case
from conftest import SEED

BASE = {
    "format": "casekit/1", "id": "T-1", "service": "physical-therapy",
    "review": {"type": "retrospective", "under_review": {"from": "2025-06-01", "to": "2025-06-30"}},
    "patient": {"age": 40, "sex": "male"}, "diagnoses": [{"code": "M25.551", "primary": True}],
}


def build(case, **kw) -> tl.Timeline:
    """The timeline as production builds it: gap limit and restart window from the case's pack."""
    return tl.build(case, GAP_LIMIT, restart_days=RESTART_DAYS, **kw)


def make_case(dates: list[dt.date], blocks=(), window=("2025-06-01", "2025-06-30"), plan=None) -> Case:
    data = dict(BASE, visits=[{"date": d.isoformat(), "kind": "treatment"} for d in dates],
                visit_counts=[{"from": a.isoformat(), "to": b.isoformat(), "visits": n} for a, b, n in blocks],
                review={"type": "retrospective", "under_review": {"from": window[0], "to": window[1]}})
    if plan:
        data["plan_of_care"] = plan
    return Case.model_validate(data)


PACK = packs.resolve(make_case([]))  # the hip-pain pack, as for every case here
GAP_LIMIT = int(PACK.setting("gap_limit_days"))
RESTART_DAYS = int(PACK.setting("restart_record_days"))


def test_seed_metrics_match_the_determination():
    t = build(load_case(SEED))
    m = t.metrics
    assert (m["prior_visits"], m["visits_under_review"], m["total_visits"]) == (18, 3, 21)
    assert (m["planned_visits"], m["projected_total"]) == (18, 36)
    assert (m["longest_gap_days"], m["span_days"], m["episodes"]) == (168, 218, 2)
    assert m["course_visits"] == 21 and m["courses"] == 1


def test_new_injury_restarts_the_course():
    case = load_case(SEED)
    t = build(case, new_condition_dates=[dt.date(2025, 8, 25)])
    assert t.metrics["courses"] == 2
    assert t.metrics["course_visits"] == 3
    assert t.metrics["projected_total"] == 18  # the new course counts from zero
    assert t.gaps_frame()["new_course"].tolist() == [True, False, False]


def test_a_record_explains_a_gap_only_up_to_the_restart_window():
    # a long gap, then a restart episode of three weeks: a record explains the gap (or starts a
    # new course) when dated in the gap or within the pack's restart window of the restart
    last, restart = dt.date(2025, 1, 2), dt.date(2025, 1, 2) + dt.timedelta(days=GAP_LIMIT + 30)
    case = make_case([last] + [restart + dt.timedelta(days=2 * i) for i in range(11)])
    edge, late = restart + dt.timedelta(days=RESTART_DAYS), restart + dt.timedelta(days=RESTART_DAYS + 1)
    for when, explained in ((last + dt.timedelta(days=1), True), (edge, True), (late, False)):
        (gap,) = [g for g in build(case, explanation_dates=[when]).gaps if g.splits]
        assert (gap.start, gap.explained, gap.new_course) == (last, explained, False), when
        t = build(case, new_condition_dates=[when])
        assert t.gaps[0].new_course is explained and t.metrics["courses"] == (2 if explained else 1), when


def test_a_course_restarting_inside_the_window_is_the_course_under_review():
    # The window holds the old course's last two visits and the whole new one. The course under
    # review is the one holding the window's end: the new course counts from its own start.
    old = [dt.date(2025, 2, 3), dt.date(2025, 2, 17), dt.date(2025, 3, 3), dt.date(2025, 3, 5)]
    new = [dt.date(2025, 6, 2), dt.date(2025, 6, 5), dt.date(2025, 6, 9)]
    case = make_case(old + new, window=("2025-03-01", "2025-06-30"))
    t = build(case, new_condition_dates=[dt.date(2025, 6, 2)])
    assert [(e.start, e.course) for e in t.episodes] == [(old[0], 1), (new[0], 2)]
    assert (t.current_course, t.course_start) == (2, new[0])
    m = t.metrics
    assert (m["prior_visits"], m["visits_under_review"], m["courses"]) == (2, 5, 2)
    assert m["course_visits"] == 3  # not the old course's 4
    assert t.cumulative().query("course == 2")["course_cumulative"].tolist() == [1, 2, 3]


def test_gap_at_the_limit_does_not_split():
    d0 = dt.date(2025, 1, 1)
    assert build(make_case([d0, d0 + dt.timedelta(days=GAP_LIMIT)])).metrics["episodes"] == 1
    assert build(make_case([d0, d0 + dt.timedelta(days=GAP_LIMIT + 1)])).metrics["episodes"] == 2


def test_no_gap_measured_inside_a_block():
    case = make_case([dt.date(2025, 6, 2)], blocks=[(dt.date(2025, 1, 1), dt.date(2025, 5, 1), 2)])
    t = build(case)
    assert t.metrics["longest_gap_days"] == 32
    assert t.metrics["episodes"] == 1 and t.metrics["prior_visits"] == 2


def test_cumulative_spreads_blocks_and_flags_them():
    t = build(load_case(SEED))
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
    a, b = build(make_case(ds)), build(make_case(shuffled))
    assert a.metrics == b.metrics
    assert a.episodes == b.episodes


@settings(max_examples=60, deadline=None)
@given(dates)
def test_no_visit_lost(ds):
    """Every date of service is counted once (two entries on one date are one date of service)."""
    days = set(ds)
    t = build(make_case(ds))
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
    t = build(make_case(ds))
    if not t.gaps:
        return
    g = data.draw(st.sampled_from([g for g in t.gaps if g.days > 1] or [None]))
    if g is None:
        return
    inside = g.start + dt.timedelta(days=data.draw(st.integers(1, g.days - 1)))
    t2 = build(make_case(ds + [inside]))
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
    t = build(case)
    assert t.metrics["total_visits"] == 1
    assert t.services[0].kind == "evaluation" and t.services[0].document == "e"


def test_a_block_straddling_the_window_is_shared_out_by_date():
    # 11 visits spread evenly over 2025-05-22..2025-06-11 (every 2 days): 5 before June, 6 in it
    case = make_case([], blocks=[(dt.date(2025, 5, 22), dt.date(2025, 6, 11), 11)])
    m = build(case).metrics
    assert (m["prior_visits"], m["visits_under_review"], m["total_visits"]) == (5, 6, 11)


# --- build() against a plain reference: one visit at a time, every lookup a full scan --------
# Quadratic and obvious on purpose: build() sorts once and bisects, and must agree with it on
# every episode, gap, course, metric and on which episode each service falls in.

def reference(case, limit: int, new_dates=(), why_dates=(), restart: int = 7, surgeries=()):
    """(episodes as (start, end, visits, course), gaps as Gap, current course, metrics subset)."""
    services = tl.services_of(case)
    groups, gaps, reach = [], [], None
    for s in services:
        if reach is None:
            groups.append([s])
        elif s.start > reach:
            days = (s.start - reach).days
            splits = days > limit or any(reach < d <= s.start for d in surgeries)
            gaps.append([reach, s.start, days, splits])
            groups.append([s]) if splits else groups[-1].append(s)
        else:
            groups[-1].append(s)
        reach = s.end if reach is None else max(reach, s.end)
    episodes, course, split_gaps = [], 1, [g for g in gaps if g[3]]
    all_new, all_why = set(new_dates) | set(surgeries), set(why_dates) | set(new_dates) | set(surgeries)
    for i, group in enumerate(groups):
        start, end = group[0].start, max(s.end for s in group)
        if i:
            g = split_gaps[i - 1]
            until = min(end, start + dt.timedelta(days=restart))
            g += [any(g[0] < d <= until for d in all_why), any(g[0] < d <= until for d in all_new)]
            course += g[5]
        episodes.append((start, end, sum(s.visits for s in group), course))
    lo, hi = case.review.under_review.from_, case.review.under_review.to
    current = ([1] + [c for a, _, _, c in episodes if a <= hi])[-1]

    def holder(s):
        return next((k for k, (a, b, _, _) in enumerate(episodes) if a <= s.start <= b), None)

    in_course = [s for s in services if holder(s) is not None and episodes[holder(s)][3] == current]
    gap_tuples = [tl.Gap(a, b, d, sp, *(extra or [False, False])) for a, b, d, sp, *extra in gaps]
    metrics = {"episodes": len(episodes), "courses": len({e[3] for e in episodes}),
               "course_visits": sum(s.visits for s in in_course if s.start <= hi),
               "longest_gap_days": max((g[2] for g in gaps), default=0)}
    return episodes, gap_tuples, current, metrics, [holder(s) for s in services], in_course


days_in = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 12, 31))


@settings(max_examples=150, deadline=None)
@given(st.lists(days_in, min_size=0, max_size=60),
       st.lists(st.tuples(days_in, st.integers(0, 40), st.integers(0, 12)), max_size=4),
       st.lists(days_in, max_size=8), st.lists(days_in, max_size=8), st.lists(days_in, max_size=2),
       st.integers(1, 90), st.integers(0, 20), days_in, st.integers(0, 120))
def test_build_agrees_with_a_plain_reference(ds, blocks, why, new, surgeries, limit, restart, lo, span):
    window = (lo.isoformat(), (lo + dt.timedelta(days=span)).isoformat())
    case = make_case(ds, [(a, a + dt.timedelta(days=n), v) for a, n, v in blocks], window)
    t = tl.build(case, limit, new, why, restart, surgeries)
    episodes, gaps, current, metrics, holders, in_course = reference(case, limit, new, why, restart, surgeries)
    assert [(e.start, e.end, e.visits, e.course) for e in t.episodes] == episodes
    assert list(t.gaps) == gaps
    assert t.current_course == current
    assert {k: t.metrics[k] for k in metrics} == metrics
    assert [e.number - 1 if (e := tl._episode_of(t.episodes, s.start)) else None for s in t.services] == holders
    assert [s for s in t.services if t.in_current_course(s)] == in_course


def test_build_agrees_with_the_reference_on_many_episodes():
    """A thousand episodes, every other one explained and every fourth a new course."""
    start, ds, why, new = dt.date(1860, 1, 1), [], [], []
    for k in range(1000):
        first = start + dt.timedelta(days=62 * k)
        ds += [first, first + dt.timedelta(days=1)]
        (why if k % 2 else new if k % 4 == 0 else []).append(first)
    case = make_case(ds, window=(ds[-2].isoformat(), ds[-1].isoformat()))
    t = tl.build(case, 60, new, why, 7)
    episodes, gaps, current, metrics, holders, _ = reference(case, 60, new, why, 7)
    assert len(t.episodes) == 1000
    assert [(e.start, e.end, e.visits, e.course) for e in t.episodes] == episodes
    assert list(t.gaps) == gaps and t.current_course == current
    assert {k: t.metrics[k] for k in metrics} == metrics
