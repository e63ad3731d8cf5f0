"""Utilisation and continuity of care: visits and plan against the benchmark, gaps, baselines.

Rules: visits-over-benchmark, plan-exceeds-benchmark, unexplained-gap,
missing-baseline-comparison.
"""

from __future__ import annotations

import datetime as dt

from .. import terms
from ..evidence import find_sentences
from ..quotes import quote_of
from ..timeline import months
from ..wording import Joined, Phrase
from .core import Context, Outcome, history_evidence, record, register


# --- utilisation -------------------------------------------------------------------------------

@register("visits-over-benchmark")
def visits_over_benchmark(ctx: Context) -> Outcome:
    """Fails when the current course's visits to date exceed the benchmark."""
    f = ctx.facts
    if f.benchmark_visits is None:
        return Outcome("insufficient-data")
    status = "fail" if f.course_visits > f.benchmark_visits else "pass"
    return Outcome(status, {}, tuple(_course_visit_records(ctx)), severity=_reference_severity(ctx, status))


def _reference_severity(ctx: Context, status: str):
    """A public reference figure (a programme's dose, a claims mean) is not a limit: going past
    it is reported as a minor finding and never decides alone."""
    bench = ctx.facts.benchmark
    return "minor" if status == "fail" and bench is not None and bench.use == "reference" else None


def _course_visit_records(ctx: Context) -> list:
    out = []
    start = ctx.timeline.course_start
    for i, block in enumerate(ctx.case.visit_counts):
        if start is None or block.from_ >= start:
            out.append(record(f"visit_counts[{i}]", block.to, Phrase("fact.visit-block", {
                "visits": block.visits, "from": block.from_, "to": block.to,
                "source": Phrase("fact.source", {"source": block.source}) if block.source else ""})))
    return out + [quote_of(f) for f in ctx.evidence.of("visit-number")]


@register("plan-exceeds-benchmark")
def plan_exceeds_benchmark(ctx: Context) -> Outcome:
    """Fails when the plan of care would take the course past the benchmark."""
    plan, f = ctx.case.plan_of_care, ctx.facts
    if f.projected_total is None:
        return Outcome("not-applicable")
    if plan is None:
        ev = [record("review.requested_visits", ctx.timeline.window[0],
                     Phrase("fact.requested", {"visits": ctx.case.review.requested_visits}))]
    else:
        ev = [record("plan_of_care", plan.date, Phrase("fact.plan-frequency", {
            "per_week": plan.visits_per_week, "weeks": plan.weeks}))]
    ev += [quote_of(s) for s in find_sentences(ctx.case, terms.FREQUENCY,
                                               kinds=("evaluation", "plan-of-care", "re-evaluation"))]
    if f.benchmark_visits is None:
        return Outcome("insufficient-data", {}, tuple(ev))
    status = "fail" if f.projected_total > f.benchmark_visits else "pass"
    return Outcome(status, {}, tuple(ev), severity=_reference_severity(ctx, status))


# --- continuity of care ------------------------------------------------------------------------

@register("unexplained-gap", fields=("gap_days", "gap_months", "gap_from", "gap_to"))
def unexplained_gap(ctx: Context) -> Outcome:
    """Fails when a gap longer than the limit separates episodes and no record explains it."""
    splits = [g for g in ctx.timeline.gaps if g.splits]
    if not splits:
        return Outcome("not-applicable")
    unexplained = [g for g in splits if not g.explained]
    gap = max(unexplained or splits, key=lambda g: g.days)
    values = {"gap_days": gap.days, "gap_months": months(gap.days),
              "gap_from": gap.start.isoformat(), "gap_to": gap.end.isoformat()}
    if unexplained:
        return Outcome("fail", values, tuple(_gap_edges(ctx, gap)))
    until = gap.end + dt.timedelta(days=int(ctx.pack.setting("restart_record_days")))
    why = [quote_of(f) for f in ctx.evidence.of("gap-explanation", "new-injury", "baseline-comparison")
           if gap.start <= f.date <= until]
    return Outcome("pass", values, tuple(why or history_evidence(ctx)))


def _gap_edges(ctx: Context, gap) -> list:
    out: list = []
    for s in ctx.timeline.services:
        if s.end == gap.start or s.start == gap.end:
            before = s.end == gap.start
            out.append(record(s.ref, s.end if before else s.start, Phrase(
                "fact.gap-edge-before" if before else "fact.gap-edge-after",
                {"kind": s.kind, "visits": Phrase("fact.gap-edge-visits", {"visits": s.visits})
                 if s.visits > 1 else ""})))
    # what the restart note does say: its account of the complaint, with no word on the break
    until = gap.end + dt.timedelta(days=int(ctx.pack.setting("restart_record_days")))
    restart = [d for d in ctx.case.documents if gap.end <= d.date <= until]
    if restart:
        first = min(restart, key=lambda d: d.date)
        said = [f for f in find_sentences(ctx.case, r"\bhistory\b|\bonset\b|\bc/o\b|\bcomplain|\breports?\b|"
                                          r"\bpresents?\b|\breferred\b") if f.document == first.id]
        out += [quote_of(f) for f in said[:2]]
    return out


@register("missing-baseline-comparison",
          fields=("episode_start", "previous_end", "previous_visits", "baseline_not_applicable"))
def missing_baseline_comparison(ctx: Context) -> Outcome:
    """Fails when a new episode starts with no comparison to the end of the previous one (care
    after a surgery is a new course: it is not compared with the status before it)."""
    eps = ctx.timeline.episodes
    current = [e for e in eps if e.start <= ctx.timeline.window[1]]
    if len(current) < 2:
        return Outcome("not-applicable", {"baseline_not_applicable": Phrase("baseline.single-episode")})
    new, prev = current[-1], current[-2]
    surgery = ctx.case.history.surgery
    if surgery is not None and prev.end < surgery.date <= new.start:
        return Outcome("not-applicable", {"baseline_not_applicable": Phrase("baseline.after-surgery", {
            "date": surgery.date, "procedure": surgery.procedure})})
    values = {"episode_start": new.start.isoformat(), "previous_end": prev.end.isoformat(),
              "previous_visits": prev.visits}
    found = [f for f in ctx.evidence.of("baseline-comparison") if f.date > prev.end]
    if found:
        return Outcome("pass", values, tuple(quote_of(f) for f in found))
    return Outcome("fail", values, tuple(quote_of(f) for f in ctx.evidence.of(
        "function", "outcome-measure", since=new.start)))


# --- records needed to judge ---------------------------------------------------------------------

_NOTE_KINDS = {"evaluation", "re-evaluation", "daily-note", "progress-report", "plan-of-care", "discharge"}


@register("missing-records", fields=("records_needed",))
def missing_records(ctx: Context) -> Outcome:
    """Fails when a record needed to judge is absent and could be requested: for services given,
    a note, evaluation or progress report dated in the window under review; for a request, an
    evaluation and a plan of care."""
    case, (lo, hi) = ctx.case, ctx.timeline.window
    if case.review.type == "retrospective":
        have = any(d.kind in _NOTE_KINDS and lo <= d.date <= hi for d in case.documents)
        needed = [] if have else [Phrase("records.notes-for-window", {"from": lo, "to": hi})]
    else:
        evaluated = (any(d.kind in ("evaluation", "re-evaluation") for d in case.documents)
                     or any(v.kind in ("evaluation", "re-evaluation") and v.document for v in case.visits))
        planned = case.plan_of_care is not None or any(d.kind == "plan-of-care" for d in case.documents)
        needed = ([] if evaluated else [Phrase("records.evaluation")]) + ([] if planned else [Phrase("records.plan")])
        # the latest evaluation or re-evaluation before the request sets the plan it asks to continue:
        # billed without its record, the request cannot be judged on today's findings
        evals = [v for v in case.visits if v.kind in ("evaluation", "re-evaluation") and v.date < lo]
        latest = max(evals, key=lambda v: v.date) if evals else None
        if evaluated and latest is not None and not latest.document and not any(
                d.date == latest.date and d.kind in ("evaluation", "re-evaluation") for d in case.documents):
            needed.append(Phrase("records.evaluation-on", {"date": latest.date}))
    if needed:
        return Outcome("fail", {"records_needed": Joined(tuple(needed))})
    return Outcome("pass", {"records_needed": ""})
