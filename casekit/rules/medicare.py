"""Medicare: progress reports and plan-of-care certification on time.

Rules: progress-report-overdue, recertification-overdue.
"""

from __future__ import annotations

import datetime as dt

from ..evidence import find_sentences
from .core import Context, Outcome, _record, register


_REPORT_KINDS = {"evaluation", "re-evaluation", "progress-report", "discharge"}


@register("progress-report-overdue")
def progress_report_overdue(ctx: Context) -> Outcome:
    """(Medicare) Fails when more than the limit of treatment days pass without a progress report."""
    limit = int(ctx.pack.setting("progress_report_treatment_days"))
    start = ctx.timeline.course_start
    visits = sorted((v for v in ctx.case.visits if start is None or v.date >= start), key=lambda v: v.date)
    if not visits:
        return Outcome("insufficient-data", {"treatment_days_since_report": 0})
    report_days = {d.date for d in ctx.case.documents if d.kind == "progress-report"}
    run, longest, run_from, worst, last_report, since = 0, 0, None, (None, None), None, None
    for v in visits:
        if v.kind in _REPORT_KINDS or v.date in report_days:
            run, run_from, last_report = 0, None, v.date
            continue
        run += 1
        run_from = run_from or v.date
        if run > longest:
            longest, worst, since = run, (run_from, v.date), last_report
    figures = {"treatment_days_since_report": longest,
               "report_from": worst[0].isoformat() if worst[0] else "",
               "report_to": worst[1].isoformat() if worst[1] else ""}
    index = {id(v): i for i, v in enumerate(ctx.case.visits)}
    if longest > limit:  # the first and last day of the longest run without a report
        run = [v for v in visits if worst[0] <= v.date <= worst[1]]
        ev = [_record(f"visits[{index[id(v)]}]", v.date, f"{v.kind} visit; last progress report or "
                      f"evaluation: {since or 'none on record'}") for v in (run[:1] + run[-1:] if len(run) > 1 else run)]
    else:
        ev = [_record(f"visits[{index[id(v)]}]", v.date, f"{v.kind} visit") for v in visits
              if v.kind in _REPORT_KINDS or v.date in report_days][:3]
    return Outcome("fail" if longest > limit else "pass", figures, tuple(ev))


@register("recertification-overdue")
def recertification_overdue(ctx: Context) -> Outcome:
    """(Medicare) Fails when the plan is uncertified past the certification limit, or older
    than the certified interval without recertification."""
    plan = ctx.case.plan_of_care
    if plan is None:
        return Outcome("not-applicable", {"certification_detail": ""})
    cert_days = int(ctx.pack.setting("certification_days"))
    recert_days = int(ctx.pack.setting("recertification_days"))
    end = ctx.timeline.window[1]
    first = min((v.date for v in ctx.case.visits if v.date >= plan.date), default=plan.date)
    ev = [_record("plan_of_care", plan.date, f"plan of care dated {plan.date}"
                  + (f", certified {plan.certified_on}" if plan.certified_on else ", no certification date")
                  + (f", recertified {plan.recertified_on}" if plan.recertified_on else ""))]
    problems = []
    due = first + dt.timedelta(days=cert_days)
    # From 2025 a signed order plus the plan sent to the referrer within the limit also certifies.
    order_ok = (plan.order_signed_on is not None and plan.sent_to_referrer_on is not None
                and plan.sent_to_referrer_on <= due and first.year >= 2025)
    if order_ok:
        ev.append(_record("plan_of_care", plan.sent_to_referrer_on, f"signed order {plan.order_signed_on}; "
                          f"plan sent to the referrer {plan.sent_to_referrer_on}"))
    if plan.certified_on is None and end > due and not order_ok:
        problems.append(f"The plan of care dated {plan.date} has no physician/NPP certification, and "
                        f"the services under review run to {end}, past the {cert_days}-day limit after "
                        f"the first treatment day ({first}).")
    elif plan.certified_on is not None and plan.certified_on > due:
        problems.append(f"The plan of care was certified on {plan.certified_on}, more than {cert_days} "
                        f"days after the first treatment day ({first}).")
    # Each recertification (the plan's field, or a later plan-of-care or recertification record)
    # opens a new interval; the services must not outrun the current one.
    recerts = sorted({d for d in [plan.recertified_on] if d} | {
        f.date for f in find_sentences(ctx.case, r"\brecertif", kinds=None) if f.date > plan.date} | {
        d.date for d in ctx.case.documents if d.kind == "plan-of-care" and d.date > plan.date})
    start = plan.date
    for r in recerts:
        if r <= start + dt.timedelta(days=recert_days):
            start = r
            ev.append(_record("recertification", r, f"plan of care recertified {r}"))
    expiry = start + dt.timedelta(days=recert_days)
    if end > expiry:
        problems.append(f"The plan of care {'recertified' if start != plan.date else 'dated'} {start} "
                        f"is {(end - start).days} days old at {end}, past the {recert_days}-day certified "
                        "interval, without recertification.")
    if problems:
        return Outcome("fail", {"certification_detail": " ".join(problems)}, tuple(ev))
    return Outcome("pass", {"certification_detail": f"The plan of care dated {plan.date} is certified "
                            f"within {cert_days} days and within its {recert_days}-day interval."}, tuple(ev))
