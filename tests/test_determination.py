"""What must be documented to continue: the pack's items, filled from the review's numbers."""

from __future__ import annotations

import yaml

import casekit
from conftest import SEED

SEED_GAP_ITEM = "clear explanation for the 168-day treatment gap (2025-03-10 to 2025-08-25)"


def test_documentation_items_are_filled_from_the_checks():
    docs = casekit.review(casekit.load_case(SEED)).determination.documentation_needed
    assert docs[1] == SEED_GAP_ITEM
    assert not [d for d in docs if "{" in d or "}" in d]


def test_a_field_no_check_gives_leaves_no_placeholder_in_the_item(tmp_path):
    # A payer's item naming a field that no check computes. Today the item is filled with
    # nothing there (determination._Default); design-review §7.2 proposes refusing such a pack
    # with a PackError instead: change this test together with that policy.
    payer = tmp_path / "payer.yaml"
    payer.write_text(yaml.safe_dump({
        "id": "payer-gap", "version": "1", "title": "Payer gap wording", "extends": "hip-pain",
        "documentation": [{"id": "gap", "text": "clear explanation for the {gap_days}-day treatment gap "
                                                "({gap_from} to {gap_to}){referral_clause}"}]}))
    r = casekit.review(casekit.load_case(SEED), pack=str(payer))
    assert r.decision == "deny"
    assert r.determination.documentation_needed[1] == SEED_GAP_ITEM
