"""The notice of an adverse determination, per line of business: every element its rules require,
present, filled and cited to a reference that names the rule; and the seed, with a reviewer and
identifiers, read as a complete ERISA adverse-benefit notice."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest

import casekit
from casekit import cli, packs, report
from casekit.errors import PackError
from casekit.model import Provider, Reviewer
from conftest import MEDICARE_PLAN, SEED

# For each line of business, the elements its rules require: element id -> words each of which
# the citations of the element's references must contain (the rule and the paragraph that asks
# for the element), and words its text must contain where the element states a right or a limit.
REQUIRED = {
    "commercial": {  # ERISA group health plan, and the ACA's additions where they apply
        "claim": (("147.136", "information sufficient to identify the claim", "date of service",
                   "diagnosis and treatment codes"), ("on request",)),
        "specific-reason": (("2560.503-1", "(g)(1)", "(i) the specific reason"), ()),
        "decision-code": (("147.136", "denial code", "Claim Adjustment Reason Code 50"),
                          ("Claim Adjustment Reason Code 50", "'medical necessity'")),
        "decision-code-request": (("147.136", "denial code", "X12 278", "A3 not certified"),
                                  ("A3: not certified",)),
        "plan-provision": (("2560.503-1", "(ii) reference to the specific plan provisions"), ("plan",)),
        "criteria": (("2560.503-1", "(v)(A)", "free of charge on request"), ("free of charge on request",)),
        "clinical-judgment": (("2560.503-1", "(v)(B)", "scientific or clinical judgment"),
                              ("free of charge on request",)),
        "perfect-claim": (("2560.503-1", "(iii)", "perfect the claim", "why it is necessary"), ()),
        "appeal": (("2560.503-1", "(iv) the plan's review procedures and their time limits", "180 days"),
                   ("180 days",)),
        "urgent-care": (("2560.503-1", "(vi)", "urgent care", "expedited review"), ("expedited",)),
        "external-review": (("147.136", "2590.715-2719", "external review", "not grandfathered"),
                            ("external review", "grandfathered")),
        "civil-action": (("2560.503-1", "civil action under section 502(a)"),
                         ("civil action", "section 502(a)")),
        "help": (("147.136", "consumer assistance or ombudsman"), ("consumer assistance", "grandfathered")),
    },
    "medicare": {  # Medicare Advantage: the integrated denial notice; Original Medicare labelled
        "decision": (("422.568(e)", "specific reasons", "CMS-10003-NDMCP"), ()),
        "explanation": (("CMS-10003-NDMCP", "specific and detailed explanation"), ()),
        "coverage-rule": (("CMS-10003-NDMCP", "Medicare coverage rule"), ("Medicare",)),
        "what-to-include": (("CMS-10003-NDMCP", "what to include"), ()),
        "appeal": (("422.568(e)", "right to a reconsideration", "422.582", "65 calendar days"),
                   ("65 days", "Medicare Advantage")),
        "fast-appeal": (("422.568(e)", "expedited reconsideration", "422.584"), ("fast appeal",)),
        "who-may-appeal": (("422.578", "CMS-10003-NDMCP", "representative"), ("representative",)),
        "original-medicare": (("405.942", "120 calendar days", "redetermination"),
                              ("Original Medicare", "120 days", "405.942")),
        "help": (("CMS-10003-NDMCP", "help and more information"), ("1-800-MEDICARE",)),
    },
    "medicaid": {  # 42 CFR 438.404(b)(1)-(6)
        "decision": (("438.404(b)", "(1) the adverse benefit determination"), ()),
        "reasons": (("438.404(b)", "(2) the reasons", "free of charge", "medical necessity criteria"),
                    ("free of charge",)),
        "appeal": (("438.404(b)", "(3) the right to request an appeal", "State fair hearing",
                    "438.402(c)(2)(ii)", "60 calendar days", "438.408(f)", "120 calendar days"),
                   ("60 days", "State fair hearing", "120 days")),
        "procedures": (("438.404(b)", "(4) the procedures"), ("orally or in writing",)),
        "expedited": (("438.404(b)", "(5) the circumstances under which an appeal can be expedited",
                       "438.410"), ("expedited",)),
        "continuation": (("438.404(b)", "(6) the right to have benefits continue", "438.420",
                          "required to pay"), ("continue", "pay")),
    },
    "workers-comp CA": {  # California: the UR decision letter and independent medical review
        "decision": (("9792.9.1(e)(5)", "explanation of the reasons"), ()),
        "criteria": (("9792.9.1(e)(5)", "criteria or guidelines used"), ()),
        "clinical-reasons": (("9792.9.1(e)(5)", "clinical reasons"), ()),
        "documentation": (("9792.9.1(e)(5)",), ()),
        "reviewer": (("9792.9.1(e)(5)", "name and specialty of the reviewer"), ("signature block",)),
        "imr": (("Labor Code section 4610.5", "9792.10.1(b)", "within 30 days of service"),
                ("independent medical review", "30 days")),
        "information": (("9792.9.1(e)(5)", "information and assistance"), ("www.dwc.ca.gov",)),
    },
    "workers-comp TX": {  # a jurisdiction casekit holds no route for: said so, never invented
        "decision": (("jurisdiction where the claim is filed",), ()),
        "reasons": (("jurisdiction where the claim is filed",), ()),
        "documentation": (("jurisdiction where the claim is filed",), ()),
        "dispute-rights": (("jurisdiction where the claim is filed", "notice of dispute rights"),
                           ("no appeal route", "notice of dispute rights")),
    },
}

# Elements that apply to some review types only: a denial code (CARC) is a claim's, a review-action
# code a request's; an expedited appeal is for care not yet given, never for payment of care given.
ONLY_FOR = {"decision-code": {"retrospective"}, "decision-code-request": {"prospective", "concurrent"},
            "urgent-care": {"prospective", "concurrent"}, "fast-appeal": {"prospective", "concurrent"},
            "expedited": {"prospective", "concurrent"}}


def _required(line: str, review_type: str) -> dict:
    return {k: v for k, v in REQUIRED[line].items() if review_type in ONLY_FOR.get(k, {review_type})}


def _review(line: str, **review_fields):
    """The seed, denied, under a line of business ("workers-comp CA": with its jurisdiction)."""
    seed = casekit.load_case(SEED)
    lob, _, jurisdiction = line.partition(" ")
    fields = {"line_of_business": lob, "jurisdiction": jurisdiction or None, **review_fields}
    case = seed.model_copy(update={"review": seed.review.model_copy(update=fields)})
    # the Medicare overlay never denies on the commercial benchmark: a plan's own criterion does
    return casekit.review(case, pack=MEDICARE_PLAN if lob == "medicare" else None)


@pytest.mark.parametrize("review_type", ["retrospective", "concurrent"])
@pytest.mark.parametrize("line", sorted(REQUIRED))
def test_a_denial_lists_every_element_of_its_line_of_business_cited_to_its_rule(line, review_type):
    r = _review(line, type=review_type)
    assert r.decision == "deny"
    notice = r.determination.notice
    assert notice["line_of_business"] == line.split()[0]
    elements = {e["id"]: e for e in notice["elements"]}
    required = _required(line, review_type)
    assert set(elements) == set(required)
    for eid, (rule_words, says) in required.items():
        e = elements[eid]
        assert e["heading"].strip() and e["text"].strip() and "{" not in e["text"], (line, eid)
        assert e["cites"], (line, eid)
        refs = [r.pack.references[k] for k in e["cites"]]
        assert all(ref.tier in ("V", "S", "R", "payer-setting") for ref in refs)
        cited = " ".join(ref.citation for ref in refs)
        missing = [w for w in rule_words if w not in cited]
        assert not missing, f"{line}: {eid}: the references {e['cites']} do not name {missing}"
        assert all(w in e["text"] for w in says), (line, eid, e["text"])
    # the four parts the JSON has always carried stay beside the elements
    assert {"specific_reason", "guideline", "perfect_claim", "appeal"} <= set(notice)


@pytest.mark.parametrize("line", sorted(REQUIRED))
def test_the_report_gives_one_cited_item_per_element(line):
    r = _review(line)
    rep = report.build(r)
    items = rep.section("notice").items
    elements = r.determination.notice["elements"]
    assert len(items) == len(elements)
    for item, e in zip(items, elements):
        assert item.text.startswith(e["heading"]) and e["text"] in item.text
        assert set(e["cites"]) <= set(item.cites) and rep.cites.markers(item.cites)


def test_no_line_of_business_borrows_another_ones_rules():
    texts = {line: " ".join(e["text"] for e in _review(line).determination.notice["elements"])
             for line in REQUIRED}
    for line, text in texts.items():
        assert ("502(a)" in text) == (line == "commercial"), line
        assert ("independent medical review" in text) == (line == "workers-comp CA"), line
        assert ("State fair hearing" in text) == (line == "medicaid"), line


def test_an_approval_or_a_pend_has_no_notice():
    for name in ("hip-approve", "ankle-pend"):
        r = casekit.review(casekit.load_case(f"cases/{name}.yaml"))
        assert r.decision in ("approve", "pend") and r.determination.notice == {}
        assert report.build(r).section("notice") is None


# --- the seed as a complete ERISA notice ------------------------------------------------------------

SIGNED = {"member_id": "M-204-77", "claim_id": "CLM-2025-0042", "decided_on": dt.date(2025, 9, 3),
          "provider": Provider(name="Riverside Physical Therapy", npi="1234567893"),
          "reviewer": Reviewer(name="Dana Whitfield", credentials="PT, DPT", licence="CA PT 41235")}

# The elements of 29 CFR 2560.503-1(g)(1), with the ACA's where the plan is not grandfathered,
# each with words that say it in the report.
ERISA_NOTICE = {
    "(i) specific reason": ("The specific reason:", "were NOT medically necessary"),
    "(ii) plan provision": ("plan's provision", "medically necessary"),
    "(iii) what would perfect the claim, and why": ("What would perfect the claim, and why:",
                                                     "(1) validated outcome measures"),
    "(iv) review procedure and its time limits": ("appeal this determination in writing", "within 180 days"),
    "(iv) the 502(a) civil-action statement": ("right to bring a civil action under section 502(a)",),
    "(v)(A) criterion relied on, free on request": ("relied on the clinical criteria",
                                                    "A copy of the criteria is free of charge on request"),
    "(v)(B) clinical judgment": ("clinical judgment", "applying the plan's terms to the patient's medical circumstances"),
    # (vi), expedited review, concerns urgent care only: a claim for care given (the seed) has none
    "147.136 claim identified, codes on request": ("2025-08-25 to 2025-08-29", "diagnosis and treatment codes"),
    "147.136 denial code and its meaning": ("Claim Adjustment Reason Code 50", "'medical necessity'"),
    "147.136 external review, where it applies": ("independent external review", "not grandfathered"),
    "147.136 consumer assistance": ("consumer assistance or ombudsman",),
}


def _page_text(rep) -> str:
    """The report's HTML as a reader sees it: tags removed, entities decoded, spaces joined."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rep.to_html())).split())


def test_the_signed_seed_reads_as_a_complete_erisa_adverse_benefit_notice():
    rep = report.build(_review("commercial", **SIGNED))
    text = _page_text(rep)
    missing = [name for name, words in ERISA_NOTICE.items() if not all(w in text for w in words)]
    assert not missing, f"the notice lacks {missing}"
    # care already given: no urgent-care appeal is offered
    assert not any("expedited" in item.text for item in rep.section("notice").items)
    banner = dict(rep.banner_rows())
    assert (banner["Member ID"], banner["Claim ID"]) == ("M-204-77", "CLM-2025-0042")
    assert (banner["Treating provider"], banner["Provider NPI"]) == ("Riverside Physical Therapy", "1234567893")
    signature = dict(rep.section("signature").table.rows)
    assert signature["Reviewer"] == "Dana Whitfield" and signature["Credentials"] == "PT, DPT"
    assert signature["Licence"] == "CA PT 41235" and signature["Date of determination"] == "2025-09-03"
    assert "proposed determination" not in signature["Status"]
    for value in ("M-204-77", "CLM-2025-0042", "Riverside Physical Therapy", "1234567893", "Dana Whitfield",
                  "CA PT 41235", "2025-09-03"):
        assert value in text
    # the signature block follows the notice and comes before the criteria table
    keys = [s.key for s in rep.sections]
    assert keys.index("notice") < keys.index("signature") < keys.index("criteria")


def test_without_reviewer_or_identifiers_every_field_reads_not_given():
    rep = report.build(_review("commercial"))
    banner = dict(rep.banner_rows())
    assert [banner[k] for k in ("Member ID", "Claim ID", "Treating provider", "Provider NPI")] == ["not given"] * 4
    signature = dict(rep.section("signature").table.rows)
    assert [signature[k] for k in ("Reviewer", "Credentials", "Licence", "Date of determination")] == \
        ["not given"] * 4
    assert "casekit's proposed determination" in signature["Status"] and "not" in signature["Status"].lower()
    # an approval is signed (or not) too: the reviewer decides every case
    approve = casekit.review(casekit.load_case("cases/hip-approve.yaml")).report()
    assert "casekit's proposed determination" in dict(approve.section("signature").table.rows)["Status"]


def test_identifiers_and_signature_are_escaped_in_the_report():
    hostile = "<img src=x onerror=alert(1)>"
    rep = report.build(_review("commercial", member_id=hostile, claim_id=hostile,
                               provider=Provider(name=hostile), reviewer=Reviewer(name=hostile, licence=hostile)))
    page = rep.to_html()
    assert "<img" not in page and page.count(html.escape(hostile)) >= 5


# --- the notice schema ----------------------------------------------------------------------------

def _payer(tmp_path, notice: str) -> str:
    path = tmp_path / "payer.yaml"
    path.write_text("id: payer\nversion: '1'\ntitle: A payer's hip pack\nextends: hip-pain\nnotice:\n" + notice)
    return str(path)


def test_a_notice_element_is_checked_when_the_pack_loads(tmp_path):
    element = ("    - id: {id}\n      heading: Why\n      text: '{text}'\n      cite: [{cite}]\n")
    bad = _payer(tmp_path, "  elements:\n" + element.format(id="why", text="{specific_reasn}", cite="erisa-503")
                 + element.format(id="why", text="ok", cite="erisa-5O3"))
    with pytest.raises(PackError) as exc:
        packs.load(bad)
    msg = str(exc.value)
    assert "notice.elements[0] (why).text: {specific_reasn} is not a field here (did you mean 'specific_reason'?)" in msg
    assert "notice.elements[1] (why): id 'why' is listed twice" in msg
    assert "notice.elements[1] (why).cite: 'erisa-5O3' names no entry in references" in msg


def test_packs_fields_lists_what_a_notice_element_may_use(capsys):
    assert cli.main(["packs", "--fields", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["notice_elements"]
    assert {"specific_reason", "guideline", "perfect_claim", "appeal", "clinical_judgment"} <= set(listed)


def test_a_payers_notice_replaces_the_elements_whole(tmp_path):
    own = _payer(tmp_path, "  elements:\n    - id: reason\n      heading: Reason\n      text: '{specific_reason}'\n"
                           "      cite: [erisa-503]\n")
    assert [e.id for e in packs.load(own).notice.elements] == ["reason"]
    # the elements of the pack it extends are kept when it lists none
    assert {e.id for e in packs.load(_payer(tmp_path, "  title: Our notice\n")).notice.elements} == \
        set(REQUIRED["commercial"])
    # a notice with no elements at all is incomplete
    with pytest.raises(PackError, match=r"notice.elements: none listed"):
        packs.load(_payer(tmp_path, "  elements: []\n"))
