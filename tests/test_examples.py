"""Golden reviews of every example case, and the seed's determination reproduced."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import casekit
from conftest import CASES, EXAMPLES, MEDICARE_PLAN, SEED, SHARED_SEED, seed_as

GOLDEN = Path(__file__).parent / "golden"
EXPECTED = {
    "hip-seed": "deny",
    "hip-seed-signed": "deny",  # the seed with a reviewer and identifiers (the letter's example)
    "hip-approve": "approve",
    "hip-no-measured-progress": "deny",
    "hip-prospective-partial": "partial",
    # one approval and one denial or pend per region, written by a reviewer from the domain
    "knee-approve": "approve", "knee-deny": "deny", "back-approve": "approve", "back-pend": "pend",
    "neck-approve": "approve", "neck-deny": "deny", "shoulder-approve": "approve", "shoulder-deny": "deny",
    "ankle-approve": "approve", "ankle-pend": "pend", "hip-tha-approve": "approve", "elbow-approve": "approve",
    # the decision policy pinned: what denies, what pends, what is approved by line
    "policy-approve-no-questionnaire": "approve", "policy-partial-by-code": "partial",
    "policy-partial-by-units": "partial", "policy-deny-passive-only": "deny", "policy-deny-plateau": "deny",
    "policy-pend-missing-note": "pend",
    "hip-laterality": "pend",
    "hip-medicare-progress": "pend",
    "hip-new-injury": "approve",
    "hip-medicare-maintenance": "approve",
}


def test_every_example_case_has_an_expected_decision():
    assert sorted(p.stem for p in EXAMPLES) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_golden_review(name):
    result = casekit.review(casekit.load_case(CASES / f"{name}.yaml"))
    assert result.decision == EXPECTED[name]
    data = json.loads(result.to_json())
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("CASEKIT_REGEN_GOLDEN"):
        golden.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert data == json.loads(golden.read_text(encoding="utf-8"))


def test_golden_review_of_a_medicare_denial(tmp_path):
    """The seed under Medicare and a plan whose own criterion makes an unexplained gap critical."""
    result = casekit.review(casekit.load_case(seed_as("medicare", tmp_path)), pack=MEDICARE_PLAN)
    assert result.decision == "deny"
    data = json.loads(result.to_json())
    golden = GOLDEN / "hip-seed-medicare-plan.json"
    if os.environ.get("CASEKIT_REGEN_GOLDEN"):
        golden.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert data == json.loads(golden.read_text(encoding="utf-8"))


def test_shipped_seed_is_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("../shared is not beside this checkout")
    assert Path(SEED).read_text() == SHARED_SEED.read_text()


def test_seed_reproduces_the_determination():
    r = casekit.review(casekit.load_case(SEED))
    assert r.decision == "deny"
    m = r.metrics
    # the contract's nine metrics come first, in the contract's order
    assert list(m)[:9] == ["prior_visits", "visits_under_review", "total_visits", "benchmark_visits",
                           "planned_visits", "projected_total", "longest_gap_days", "span_days", "episodes"]
    assert {k: m[k] for k in list(m)[:9]} == {
        "prior_visits": 18, "visits_under_review": 3, "total_visits": 21, "benchmark_visits": 14,
        "planned_visits": 18, "projected_total": 36, "longest_gap_days": 168, "span_days": 218,
        "episodes": 2}
    # the contract's twelve commercial rules all fail; casekit's own additions judge otherwise
    additions = ("progress-report-overdue", "recertification-overdue", "visits-over-statutory-limit",
                 "missing-records", "plateau", "passive-care", "timed-units-over-limit", "reevaluation-overdue",
                 "cloned-notes", "care-beyond-plan")
    commercial = [c for c in r.checks if c.rule not in additions]
    assert len(commercial) == 12
    assert r.check("missing-records").status == "pass"  # the notes for the three dates are on file
    assert r.check("passive-care").status == "not-applicable"  # no passive modality in the seed
    assert r.check("care-beyond-plan").status == "pass"  # the three dates are within the new plan
    assert {c.rule: c.status for c in commercial} == {c.rule: "fail" for c in commercial}
    assert r.check("visits-over-benchmark").severity == "critical"
    assert r.check("progress-report-overdue").status == "not-applicable"
    assert r.check("recertification-overdue").status == "not-applicable"
    assert r.check("visits-over-statutory-limit").status == "not-applicable"
    assert m["projected_ratio"] == "2.57"
    for c in commercial:
        assert c.citations, c.rule
        assert c.evidence, c.rule
    lat = r.check("laterality-mismatch")
    assert any("R hip muscular restrictions" in q.quote for q in lat.quotes)
    assert "M25.552" in lat.statement and "LEFT" in lat.statement
    assert "36 visits" in r.check("plan-exceeds-benchmark").statement
    assert "168-day gap" in r.check("unexplained-gap").statement
    assert "osteoarthritis" in r.check("alternative-diagnosis").statement
    docs = r.determination.documentation_needed
    assert len(docs) == 4
    assert "prior 18 visits" in docs[0] and "168-day" in docs[1]
    assert "imaging" in docs[2] and "exercise prescription" in docs[3]


def test_medicare_never_denies_for_lack_of_improvement_alone():
    r = casekit.review(casekit.load_case(CASES / "hip-medicare-maintenance.yaml"))
    c = r.check("no-functional-progress")
    assert c.status == "fail"
    assert r.decision == "approve"
    assert "skilled care is documented" in c.statement
    assert "Jimmo" in c.statement


def test_partial_approves_what_the_benchmark_leaves():
    r = casekit.review(casekit.load_case(CASES / "hip-prospective-partial.yaml"))
    assert r.decision == "partial"
    # 10 visits of the course are given (9 before the plan, the re-evaluation on its date): the
    # benchmark of 14 leaves 4, so the course ends at the benchmark and not past it.
    assert r.metrics["course_visits"] == 10
    assert r.determination.approved_visits == 14 - 10
    assert r.determination.decisive_rules == ("plan-exceeds-benchmark",)
