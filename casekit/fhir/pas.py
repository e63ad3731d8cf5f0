"""Da Vinci PAS: a prior-authorisation request in, a ClaimResponse out.

A Bundle holding a Claim with ``use = preauthorization`` (PAS request; reference
``davinci-pas-request`` in packs/common/fhir.yaml) becomes a prospective review: the dates under
review run from the first item's ``serviced[x]`` to the last one's end (else the Claim's
``billablePeriod``), and the requested visits are counted from the PT items:

* an item counts **visits** when its quantity's unit is a visit (``{visit}``, as the PAS examples
  write it) or its code is an evaluation or re-evaluation (one per visit);
* a timed code's quantity without a visit unit counts 15-minute **units**, not visits, and is not
  added;
* items over the same requested period are the same visits (the largest quantity counts); items
  over different periods add up.

The review's result goes back as a ClaimResponse whose ``item.adjudication`` (category
``submitted``) carries the PAS ``extension-reviewAction`` with its ``extension-reviewActionCode``:
the X12 306 (HCR01) code, A1 approve, A2 partial, A3 deny, A4 pend (HL7/davinci-pas
input/fsh/ClaimResponse.fsh; reference ``davinci-pas-claimresponse``).

>>> requested_visits([ServiceLine("2025-10-06", "97110", 1, "request", 12, "{visit}", "2025-11-14"),
...                   ServiceLine("2025-10-06", "97140", 1, "request", 12, "{visit}", "2025-11-14"),
...                   ServiceLine("2025-10-06", "97112", 2, "request", 24, None, "2025-11-14")])
12
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from .lines import ServiceLine, codings, cpt_code, start_of
from .tables import tables, say


def requested_visits(lines: list[ServiceLine]) -> Optional[int]:
    """The visits a request's PT items ask for (see the module's rule); None when no item counts
    visits."""
    units, evals = tables()["pas"]["visit_units"], {*tables()["cpt"]["evaluation"], *tables()["cpt"]["re-evaluation"]}
    by_period: dict[tuple, float] = {}
    for ln in lines:
        if ln.unit in units or ln.code in evals:
            q = ln.quantity if isinstance(ln.quantity, (int, float)) and ln.quantity > 0 else 1
            key = (ln.date, ln.until)
            by_period[key] = max(by_period.get(key, 0), q)
    return int(round(sum(by_period.values()))) if by_period else None


def preauthorization(bundle) -> Optional[dict]:
    """The bundle's PAS Claim (``use = preauthorization``), if any."""
    return next((c for c in bundle.of_type("Claim") if c.get("use") == "preauthorization"), None)


def prospective(m, lines: list[ServiceLine]) -> Optional[dict]:
    """``{claim, window, visits}`` of a PAS request, else None; refusals on ``m``."""
    claims = [c for c in m.b.of_type("Claim") if c.get("use") == "preauthorization"]
    if not claims:
        return None
    if len(claims) > 1:
        m.refuse("(bundle)", "fhir_refuse_claims", n=len(claims))
    req = [ln for ln in lines if ln.source == "request"]
    if not req:
        m.refuse(f"{m.b.where(claims[0])}: item", "fhir_refuse_no_pt_items")
        return {"claim": claims[0], "window": None}
    window = (min(ln.date for ln in req), max(ln.until or ln.date for ln in req))
    visits = requested_visits(req)
    if visits is None:
        m.warn(f"{m.b.where(claims[0])}.item", "fhir_no_requested_visits")
    return {"claim": claims[0], "window": window, "visits": visits, "continuation": continues(claims[0])}


def continues(claim: dict) -> bool:
    """Whether a PAS Claim asks to continue an authorisation already given (a concurrent review):
    an item carries an authorizationNumber, or a certificationType of extension or renewal, or
    the Claim names a prior related claim (``tables()["pas"]``)."""
    pas = tables()["pas"]
    for item in claim.get("item") or []:
        for ext in item.get("extension") or []:
            if ext.get("url") == pas["authorization_number"] and ext.get("valueString"):
                return True
            if ext.get("url") == pas["certification_type"] and any(
                    c.get("code") in pas["continuing_certification"] for c in codings(ext.get("valueCodeableConcept"))):
                return True
    return any(c.get("code") == pas["prior_relationship"]
               for rel in claim.get("related") or [] for c in codings(rel.get("relationship")))


def claim_response(review, source: Optional[str] = None) -> dict:
    """The review's result as an R4 ClaimResponse (a dict that validates with
    ``fhir.resources.R4B``): one item per item of the bundle's Claim when ``source`` is a bundle,
    else one per line of the review (or one for the request), each with the X12 278 review action
    code of its line, else of the decision.

    >>> claim_response(casekit.review("cases/fhir/pas-request.json"))["item"][0]["adjudication"]  # doctest: +SKIP
    """
    from ..lines import ACTION_CODES
    from ..errors import UsageError
    from fhir.resources.R4B.claimresponse import ClaimResponse

    if review.case.review.type == "retrospective":
        # X12 278 review action codes answer a request for care; a claim for care given is answered
        # by its remittance (CARC, as the notice says), not by a prior-authorisation response
        raise UsageError(say("fhir_claim_response_retrospective", case=review.case.id))
    pas, d = tables()["pas"], review.determination
    claim, bundle = None, None
    if source is not None:
        from .importer import read_bundle
        bundle = read_bundle(source)
        if bundle is not None:
            claim = preauthorization(bundle) or next(iter(bundle.of_type("Claim")), None)
    by_line = {(ln.date.isoformat(), ln.code): ln.action_code for ln in review.lines}
    items: list[tuple[int, str]] = []
    if claim is not None:
        for n, item in enumerate(claim.get("item") or [], start=1):
            date = start_of(item, "servicedDate", "servicedPeriod")
            code = by_line.get((date, cpt_code(item.get("productOrService"))), ACTION_CODES[d.decision])
            items.append((item.get("sequence", n), code))
    else:
        items = [(n, ln.action_code) for n, ln in enumerate(review.lines, start=1)] or [(1, ACTION_CODES[d.decision])]

    def adjudication(code: str) -> list[dict]:
        return [{"category": {"coding": [{"system": pas["adjudication_system"], "code": "submitted"}]},
                 "extension": [{"url": pas["review_action"], "extension": [
                     {"url": pas["review_action_code"],
                      "valueCodeableConcept": {"coding": [{"system": pas["action_system"], "code": code}]}}]}]}]

    prospective = review.case.review.type != "retrospective"
    kind = next((c.get("code") for c in codings((claim or {}).get("type")) if c.get("code")), "professional")
    case_ref = {"identifier": {"system": "urn:casekit:case", "value": review.case.id}}
    out: dict[str, Any] = {
        "resourceType": "ClaimResponse",
        "status": "active",
        "type": {"coding": [{"system": pas["claim_type_system"], "code": kind}]},
        "use": "preauthorization" if prospective else "claim",
        "patient": (claim or {}).get("patient") or case_ref,
        "created": (review.case.review.decided_on or dt.date.today()).isoformat(),
        "insurer": (claim or {}).get("insurer") or {"type": "Organization"},
        "outcome": "queued" if d.decision == "pend" else "complete",
        "disposition": d.summary,
        "item": [{"itemSequence": seq, "adjudication": adjudication(code)} for seq, code in items],
    }
    if claim is not None and (ref := bundle.reference_to(claim)):
        out["request"] = ref
    if prospective and d.decision in ("approve", "partial"):
        w = review.case.review.under_review
        out["preAuthPeriod"] = {"start": w.from_.isoformat(), "end": w.to.isoformat()}
    ClaimResponse.model_validate(out)  # what casekit returns is an R4 ClaimResponse, or a bug here
    return out

