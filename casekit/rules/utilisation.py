"""Utilisation and continuity of care: visits and plan against the benchmark, gaps, baselines.

Rules: visits-over-benchmark, plan-exceeds-benchmark, unexplained-gap,
missing-baseline-comparison.
"""

from __future__ import annotations

import datetime as dt

from ..evidence import find_sentences
from ..text import count
from ..timeline import months
from .core import Context, Outcome, _history_quotes, _quote, _record, register


# --- utilisation -------------------------------------------------------------------------------

@register("visits-over-benchmark")
def visits_over_benchmark(ctx: Context) -> Outcome:
    """Fails when the current course's visits to date exceed the benchmark."""
    fig = ctx.figures
    if fig["benchmark_visits"] is None:
        return Outcome("insufficient-data")
    ev = _course_visit_records(ctx)
    status = "fail" if fig["course_visits"] > fig["benchmark_visits"] else "pass"
    return Outcome(status, {}, tuple(ev))


def _course_visit_records(ctx: Context) -> list[dict]:
    out = []
    start = ctx.timeline.course_start
    for i, block in enumerate(ctx.case.visit_counts):
        if start is None or block.from_ >= start:
            out.append(_record(f"visit_counts[{i}]", block.to,
                               f"{block.visits} visits from {block.from_} to {block.to}"
                               + (f" ({block.source})" if block.source else "")))
    for f in ctx.evidence.of("visit-number"):
        out.append(_quote(f))
    return out


@register("plan-exceeds-benchmark")
def plan_exceeds_benchmark(ctx: Context) -> Outcome:
    """Fails when the plan of care would take the course past the benchmark."""
    plan, fig = ctx.case.plan_of_care, ctx.figures
    if fig["projected_total"] is None:
        return Outcome("not-applicable")
    if plan is None:
        ev = [_record("review.requested_visits", ctx.timeline.window[0],
                      f"{ctx.case.review.requested_visits} visits requested")]
    else:
        ev = [_record("plan_of_care", plan.date, f"{count(plan.visits_per_week, 'visit')} per week for "
                      f"{count(plan.weeks, 'week')}")]
    ev += [_quote(f) for f in find_sentences(ctx.case, r"\b\d+\s*(x|times?)\s*(/|per|a)?\s*(week|wk)",
                                             kinds=("evaluation", "plan-of-care", "re-evaluation"))]
    if fig["benchmark_visits"] is None:
        return Outcome("insufficient-data", {}, tuple(ev))
    status = "fail" if fig["projected_total"] > fig["benchmark_visits"] else "pass"
    return Outcome(status, {}, tuple(ev))


# --- continuity of care ------------------------------------------------------------------------

@register("unexplained-gap")
def unexplained_gap(ctx: Context) -> Outcome:
    """Fails when a gap longer than the limit separates episodes and no record explains it."""
    splits = [g for g in ctx.timeline.gaps if g.splits]
    if not splits:
        return Outcome("not-applicable")
    unexplained = [g for g in splits if not g.explained]
    gap = max(unexplained or splits, key=lambda g: g.days)
    figures = {"gap_days": gap.days, "gap_months": months(gap.days),
               "gap_from": gap.start.isoformat(), "gap_to": gap.end.isoformat()}
    if unexplained:
        return Outcome("fail", figures, tuple(_gap_edges(ctx, gap)))
    until = gap.end + dt.timedelta(days=int(ctx.pack.setting("restart_record_days")))
    why = [_quote(f) for f in ctx.evidence.of("gap-explanation", "new-injury", "baseline-comparison")
           if gap.start <= f.date <= until]
    return Outcome("pass", figures, tuple(why or _history_quotes(ctx)))


def _gap_edges(ctx: Context, gap) -> list[dict]:
    out = []
    for s in ctx.timeline.services:
        if s.end == gap.start or s.start == gap.end:
            label = s.ref  # a fact of the case file, not a sentence of the document
            what = "last date of service before the gap" if s.end == gap.start else \
                "first date of service after the gap"
            out.append(_record(label, s.end if s.end == gap.start else s.start,
                               f"{what} ({s.kind}{', ' + str(s.visits) + ' visits' if s.visits > 1 else ''})"))
    # what the restart note does say: its account of the complaint, with no word on the break
    until = gap.end + dt.timedelta(days=int(ctx.pack.setting("restart_record_days")))
    restart = [d for d in ctx.case.documents if gap.end <= d.date <= until]
    if restart:
        first = min(restart, key=lambda d: d.date)
        said = [f for f in find_sentences(ctx.case, r"\bhistory\b|\bonset\b|\bc/o\b|\bcomplain|\breports?\b|"
                                          r"\bpresents?\b|\breferred\b") if f.document == first.id]
        out += [_quote(f) for f in said[:2]]
    return out


@register("missing-baseline-comparison")
def missing_baseline_comparison(ctx: Context) -> Outcome:
    """Fails when a new episode starts with no comparison to the end of the previous one."""
    eps = ctx.timeline.episodes
    current = [e for e in eps if e.start <= ctx.timeline.window[1]]
    if len(current) < 2:
        return Outcome("not-applicable")
    new, prev = current[-1], current[-2]
    figures = {"episode_start": new.start.isoformat(), "previous_end": prev.end.isoformat(),
               "previous_visits": prev.visits}
    found = [f for f in ctx.evidence.of("baseline-comparison") if f.date > prev.end]
    if found:
        return Outcome("pass", figures, tuple(_quote(f) for f in found))
    return Outcome("fail", figures, tuple(_quote(f) for f in ctx.evidence.of(
        "function", "outcome-measure", since=new.start)))
