"""Medicare: progress reports and plan-of-care certification on time.

Rules: progress-report-overdue, recertification-overdue.
"""

from __future__ import annotations

import datetime as dt

from ..evidence import find_sentences
from ..wording import Joined, Phrase
from .core import Context, Outcome, record, register


_REPORT_KINDS = {"evaluation", "re-evaluation", "progress-report", "discharge"}


@register("progress-report-overdue", fields=("treatment_days_since_report", "report_from", "report_to"))
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
    values = {"treatment_days_since_report": longest,
               "report_from": worst[0].isoformat() if worst[0] else "",
               "report_to": worst[1].isoformat() if worst[1] else ""}
    index = {id(v): i for i, v in enumerate(ctx.case.visits)}
    if longest > limit:  # the first and last day of the longest run without a report
        run = [v for v in visits if worst[0] <= v.date <= worst[1]]
        ev = [record(f"visits[{index[id(v)]}]", v.date, Phrase("fact.visit-since-report", {
            "kind": v.kind, "since": since or Phrase("fact.none-on-record")}))
            for v in (run[:1] + run[-1:] if len(run) > 1 else run)]
    else:
        ev = [record(f"visits[{index[id(v)]}]", v.date, Phrase("fact.visit", {"kind": v.kind})) for v in visits
              if v.kind in _REPORT_KINDS or v.date in report_days][:3]
    return Outcome("fail" if longest > limit else "pass", values, tuple(ev))


@register("recertification-overdue", fields=("certification_detail",))
def recertification_overdue(ctx: Context) -> Outcome:
    """(Medicare) Fails when the plan is uncertified past the certification limit, or older
    than the certified interval without recertification."""
    plan = ctx.case.plan_of_care
    if plan is None:
        return Outcome("not-applicable", {"certification_detail": ""})
    order_from = ctx.pack.decision.order_certifies_from
    cert_days = int(ctx.pack.setting("certification_days"))
    recert_days = int(ctx.pack.setting("recertification_days"))
    end = ctx.timeline.window[1]
    first = min((v.date for v in ctx.case.visits if v.date >= plan.date), default=plan.date)
    ev = [record("plan_of_care", plan.date, Phrase("fact.plan-certification", {
        "date": plan.date,
        "certified": (Phrase("fact.certified", {"date": plan.certified_on}) if plan.certified_on
                      else Phrase("fact.not-certified")),
        "recertified": Phrase("fact.recertified", {"date": plan.recertified_on}) if plan.recertified_on else ""}))]
    problems = []
    due = first + dt.timedelta(days=cert_days)
    # From the pack's date (2025 under Medicare) a signed order plus the plan sent to the
    # referrer within the limit also certifies.
    order_ok = (order_from is not None and plan.order_signed_on is not None
                and plan.sent_to_referrer_on is not None and plan.sent_to_referrer_on <= due
                and first >= order_from)
    if order_ok:
        ev.append(record("plan_of_care", plan.sent_to_referrer_on, Phrase("fact.order-sent", {
            "signed": plan.order_signed_on, "sent": plan.sent_to_referrer_on})))
    if plan.certified_on is None and end > due and not order_ok:
        problems.append(Phrase("certification.missing", {"date": plan.date, "end": end, "days": cert_days,
                                                          "first": first}))
    elif plan.certified_on is not None and plan.certified_on > due:
        problems.append(Phrase("certification.late", {"certified": plan.certified_on, "days": cert_days,
                                                       "first": first}))
    # Each recertification (the plan's field, or a later plan-of-care or recertification record)
    # opens a new interval; the services must not outrun the current one.
    recerts = sorted({d for d in [plan.recertified_on] if d} | {
        f.date for f in find_sentences(ctx.case, r"\brecertif", kinds=None) if f.date > plan.date} | {
        d.date for d in ctx.case.documents if d.kind == "plan-of-care" and d.date > plan.date})
    start = plan.date
    for r in recerts:
        if r <= start + dt.timedelta(days=recert_days):
            start = r
            ev.append(record("recertification", r, Phrase("fact.recertification", {"date": r})))
    expiry = start + dt.timedelta(days=recert_days)
    if end > expiry:
        problems.append(Phrase("certification.expired-recertified" if start != plan.date
                               else "certification.expired", {
                                   "start": start, "age": (end - start).days, "end": end, "days": recert_days}))
    if problems:
        return Outcome("fail", {"certification_detail": Joined(tuple(problems), "sentences")}, tuple(ev))
    return Outcome("pass", {"certification_detail": Phrase("certification.in-time", {
        "date": plan.date, "days": cert_days, "recert_days": recert_days})}, tuple(ev))
