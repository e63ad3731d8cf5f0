"""The determination: what must be documented to continue, filled from the review's numbers; and
its properties on real checks of real reviews with their statuses and severities varied: what a
failed critical check does, what a partial approval may approve, and what Jimmo exempts."""

import dataclasses

import pytest
import yaml
from hypothesis import given, settings, strategies as st

import casekit
from casekit.determination import decide, effect_of
from casekit.errors import PackError
from conftest import CASES, SEED

STATUSES = ("pass", "fail", "not-applicable", "insufficient-data")
SEVERITIES = ("critical", "major", "minor", "info")

REVIEWS = {name: casekit.review(casekit.load_case(CASES / f"{name}.yaml"))
           for name in ("hip-prospective-partial", "hip-seed", "hip-medicare-maintenance")}
PROSPECTIVE, MEDICARE = REVIEWS["hip-prospective-partial"], REVIEWS["hip-medicare-maintenance"]


def _varied(review, draw):
    return [dataclasses.replace(c, status=draw(st.sampled_from(STATUSES)),
                                severity=draw(st.sampled_from(SEVERITIES))) for c in review.checks]


@settings(max_examples=80, deadline=None)
@given(st.data(), st.sampled_from(sorted(REVIEWS)))
def test_a_deny_effect_denies_unless_a_first_row_decides_and_jimmo_never_denies_alone(data, name):
    review = REVIEWS[name]
    checks = _varied(review, data.draw)
    d = decide(checks, review.case, review.pack, review.values)
    exempt = set(review.pack.decision.jimmo_exempt) if review.pack.jimmo else set()
    effects = {c.rule: effect_of(c, checks, review.pack, review.case.review.type) for c in checks}
    # a first row decides when it matches the check's severity and its own effect applies
    urgent = [c.rule for c in checks for row in review.pack.decision.table
              if row.first and row.rule == c.rule and (not row.severities or c.severity in row.severities)
              and (not row.review_types or review.case.review.type in row.review_types)
              and effects[c.rule] == row.effect]
    denying = [r for r, e in effects.items() if e == "deny"]
    if urgent:
        assert d.decision == "pend" and set(d.decisive_rules) <= set(urgent)
    elif denying:
        assert d.decision == "deny" and set(denying) <= set(d.decisive_rules)
    else:
        assert d.decision != "deny" or d.approved_visits == 0
    # an exempt rule never decides, and a passed check never decides
    by_rule = {c.rule: c for c in checks}
    for rule in d.decisive_rules:
        assert by_rule[rule].failed and rule not in exempt
    # a denial or a partial approval carries the notice; an approval or a pend does not
    assert bool(d.notice) == (d.decision in ("deny", "partial"))


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_approved_visits_never_exceed_the_request_or_what_the_benchmark_leaves(data):
    r = PROSPECTIVE
    checks = _varied(r, data.draw)
    d = decide(checks, r.case, r.pack, r.values)
    if d.approved_visits is None:
        return
    assert d.decision in ("partial", "approve", "deny")
    left = max(0, r.values["benchmark_visits"] - r.values["course_visits"])
    requested = r.case.review.requested_visits or r.values["planned_visits"]
    assert 0 <= d.approved_visits <= min(left, requested)
    assert {c.rule for c in checks if c.rule in d.decisive_rules} <= set(r.pack.decision.partial_on)


@settings(max_examples=60, deadline=None)
@given(st.data(), st.sampled_from(SEVERITIES))
def test_under_jimmo_the_exempt_rules_never_change_the_decision(data, severity):
    r = MEDICARE
    assert r.pack.jimmo and r.pack.decision.jimmo_exempt
    # statuses vary; severities stay the pack's (under Medicare no visit figure is critical)
    checks = [dataclasses.replace(c, status=data.draw(st.sampled_from(STATUSES))) for c in r.checks]
    flipped = [dataclasses.replace(c, status="fail", severity=severity)
               if c.rule in r.pack.decision.jimmo_exempt else c for c in checks]
    passed = [dataclasses.replace(c, status="pass") if c.rule in r.pack.decision.jimmo_exempt else c
              for c in checks]
    assert (decide(flipped, r.case, r.pack, r.values).decision
            == decide(passed, r.case, r.pack, r.values).decision)


SEED_GAP_ITEM = "clear explanation for the 168-day treatment gap (2025-03-10 to 2025-08-25)"


def test_documentation_items_are_filled_from_the_checks():
    docs = casekit.review(casekit.load_case(SEED)).determination.documentation_needed
    assert docs[1] == SEED_GAP_ITEM
    assert not [d for d in docs if "{" in d or "}" in d]


def test_an_item_naming_a_field_no_check_gives_is_refused_when_the_pack_loads(tmp_path):
    payer = tmp_path / "payer.yaml"
    payer.write_text(yaml.safe_dump({
        "id": "payer-gap", "version": "1", "title": "Payer gap wording", "extends": "hip-pain",
        "documentation": [{"id": "gap", "text": "clear explanation for the {gap_days}-day treatment gap "
                                                "({gap_from} to {gap_to}){referral_clause}"}]}))
    with pytest.raises(PackError) as exc:
        casekit.review(casekit.load_case(SEED), pack=str(payer))
    assert "documentation.gap.text: {referral_clause} is not a field here" in str(exc.value)
