"""Past a workers' compensation statutory limit alone, the dates within the limit are paid and
those past it denied, as past a payer's visit limit: the case is a partial approval by line, not a
denial of every visit (found building the teaching library: 21 visits before the window, 8 in
it, California's 24 per injury)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import casekit
from casekit.model import Surgery

CASE = Path(__file__).parent / "fixtures" / "wc-past-statutory-limit.yaml"


def test_visits_within_the_statutory_limit_are_paid_and_those_past_it_denied():
    r = casekit.review(casekit.load_case(CASE))
    statute = r.check("visits-over-statutory-limit")
    assert statute.failed and r.determination.decisive_rules == ("visits-over-statutory-limit",)
    limit, recorded = statute.values["visit_limit"], statute.values["recorded_visits"]
    window = sorted({line.date for line in r.lines})
    before = recorded - len(window)  # the injury's visits before the window
    within = limit - before
    assert 0 < within < len(window)  # the limit falls inside the window
    by_date = {d: {line.decision for line in r.lines if line.date == d} for d in window}
    assert all(by_date[d] == {"approve"} for d in window[:within])
    assert all(by_date[d] == {"deny"} for d in window[within:])
    assert r.decision == "partial" and r.determination.notice  # an adverse part: the notice
    assert "statutory limit" in r.determination.summary


def test_dates_in_an_exempt_postsurgical_period_are_paid_not_denied():
    """Visits in the postsurgical period the jurisdiction leaves out of the limit count for
    nothing: they are approved, while the counted visits past the limit are denied."""
    case = casekit.load_case(CASE)
    window = sorted(v.date for v in case.visits if case.review.under_review.from_ <= v.date
                    <= case.review.under_review.to)
    surgery = window[4] - dt.timedelta(days=1)  # the last four dates of the window follow surgery
    case = case.model_copy(update={"history": case.history.model_copy(update={
        "surgery": Surgery(procedure="ankle arthroscopy", date=surgery)})})
    r = casekit.review(case)
    assert r.determination.decisive_rules == ("visits-over-statutory-limit",)
    by_date = {d: {line.decision for line in r.lines if line.date == d} for d in window}
    assert all(by_date[d] == {"approve"} for d in window[4:])  # exempt
    assert {"deny"} in by_date.values()  # counted visits past the limit stay denied
