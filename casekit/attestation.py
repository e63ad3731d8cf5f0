"""Who decided, for whom, and about which claim: the identifiers and the signature a notice and
a letter carry.

Every value comes from the case file's ``review`` block (``reviewer``, ``decided_on``,
``claim_id``, ``member_id``, ``provider``); a value the case does not give is shown as the pack's
"not given", never invented (no date of today, no reviewer of casekit's own). These values are
PHI: they appear in the report and the letter only (escaped there), never in logs, manifests or
the cohort page.

>>> [label for label, _ in parties(review)]          # doctest: +SKIP
['Member ID', 'Claim ID', 'Treating provider', 'Provider NPI']
"""

from __future__ import annotations

from typing import Optional

from .wording import say as _say


def _or_not_given(pack, value: Optional[object]) -> str:
    return _say(pack, "attestation.not-given") if value in (None, "") else str(value)


def name_of(reviewer, pack) -> str:
    """A reviewer as a signature names them ("Dana Reyes, PT, DPT"), or "not given"."""
    if reviewer is None:
        return _say(pack, "attestation.not-given")
    if reviewer.credentials:
        return _say(pack, "attestation.name-credentials", name=reviewer.name, credentials=reviewer.credentials)
    return reviewer.name


def decided_on(review) -> str:
    """The date of the determination, or "not given" (never today's date)."""
    r = review.case.review
    return _or_not_given(review.pack, r.decided_on.isoformat() if r.decided_on else None)


def parties(review) -> list[tuple[str, str]]:
    """The notice's identifiers, label and value: member, claim, treating provider and NPI."""
    r, p = review.case.review, review.pack
    provider = r.provider
    return [(_say(p, "attestation.member-id"), _or_not_given(p, r.member_id)),
            (_say(p, "attestation.claim-id"), _or_not_given(p, r.claim_id)),
            (_say(p, "attestation.provider"), _or_not_given(p, provider.name if provider else None)),
            (_say(p, "attestation.provider-npi"), _or_not_given(p, provider.npi if provider else None))]


def signature(review) -> list[tuple[str, str]]:
    """The signature block, label and value: reviewer, credentials, licence, date decided."""
    r, p = review.case.review, review.pack
    who = r.reviewer
    return [(_say(p, "attestation.reviewer"), _or_not_given(p, who.name if who else None)),
            (_say(p, "attestation.credentials"), _or_not_given(p, who.credentials if who else None)),
            (_say(p, "attestation.licence"), _or_not_given(p, who.licence if who else None)),
            (_say(p, "attestation.decided-on"), decided_on(review))]


def signed(review) -> bool:
    """Whether a reviewer is named: casekit proposes, a named reviewer decides."""
    return review.case.review.reviewer is not None
