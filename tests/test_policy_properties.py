"""The decision policy's monotonicity, on cases built by the bench generator's own constructor:
a measured gain never turns an approval into a denial; a visit past the benchmark never turns a
denial into an approval; removing a record can pend but never approve."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

import casekit
from casekit.model import Case

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
import gen_cases  # noqa: E402

SCENARIOS = [name for name, _ in gen_cases.SCENARIOS]


def _case(seed: int, scenario: str) -> Case:
    return Case.model_validate(gen_cases.make_case(random.Random(seed), seed % 1000, scenario))


cases = st.builds(_case, st.integers(0, 10_000), st.sampled_from(SCENARIOS))


def _with_gain(c: Case) -> Case:
    """The same case with a clear measured gain: LEFS up 30 points over the course."""
    first, last = c.visits[0].date if c.visits else c.review.under_review.from_, c.review.under_review.to
    gain = [casekit.model.Measure(name="LEFS", date=first, value=30, unit="/80"),
            casekit.model.Measure(name="LEFS", date=last, value=60, unit="/80")]
    return c.model_copy(update={"measures": list(c.measures) + gain})


@settings(max_examples=40, deadline=None, derandomize=True)
@given(cases)
def test_a_measured_gain_never_turns_an_approval_into_a_denial(c):
    before = casekit.review(c).decision
    after = casekit.review(_with_gain(c)).decision
    if before == "approve":
        assert after in ("approve", "partial", "pend") and after != "deny"


@settings(max_examples=80, deadline=None, derandomize=True)  # about one case in twelve is a denial with a benchmark
@given(cases)
def test_a_visit_past_the_benchmark_never_turns_a_denial_into_an_approval(c):
    r = casekit.review(c)
    if r.decision != "deny" or r.facts.benchmark_visits is None or not c.visits:
        return
    last = max(v.date for v in c.visits)
    extra = casekit.model.Visit(date=last + dt.timedelta(days=2), kind="treatment")
    later = c.model_copy(update={"visits": list(c.visits) + [extra], "review": c.review.model_copy(update={
        "under_review": c.review.under_review.model_copy(update={"to": extra.date})})})
    assert casekit.review(later).decision != "approve"


@settings(max_examples=40, deadline=None, derandomize=True)
@given(cases, st.integers(0, 50))
def test_removing_a_record_can_pend_but_never_approve(c, pick):
    before = casekit.review(c).decision
    if before == "approve" or not c.documents:
        return
    gone = c.documents[pick % len(c.documents)]
    fewer = c.model_copy(update={"documents": [d for d in c.documents if d is not gone],
                                 "visits": [v.model_copy(update={"document": None}) if v.document == gone.id else v
                                            for v in c.visits]})
    assert casekit.review(fewer).decision != "approve"
