"""Past a workers' compensation statutory limit alone, the dates within the limit are paid and
those past it denied, as past a payer's visit limit: the case is a partial approval by line, not a
denial of every visit (found building the teaching library: 21 visits before the window, 8 in
it, California's 24 per injury)."""

from __future__ import annotations

from pathlib import Path

import casekit

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
