"""The teaching library (cases/teaching/) and the course view of a batch's cohort page.

The library promises: at least 15 cases that together cover every region casekit's packs cover,
every decision, every line of business, prospective or concurrent as well as retrospective
review, and every rule failing somewhere, all computed from casekit's own reviews of the cases;
each case tagged with a level; no answer in any case file (no comment, no decision word, no rule
id, no "expected"); no identifiers. The cohort page of a batch of tagged cases groups them by
level and links each report, worksheet and answer key that exists.
"""

from __future__ import annotations

import html
import html.parser
import re
import typing
from functools import lru_cache
from pathlib import Path

import pytest

import casekit
from casekit import cohort, packs, run
from casekit.model import LineOfBusiness
from casekit.rules import REGISTRY
from conftest import CASES, EXAMPLES

TEACHING = CASES / "teaching"
FILES = sorted(TEACHING.glob("*.yaml"))
DECISION_WORDS = re.compile(r"\b(approv\w*|den(?:y|ied|ial)\w*|pend(?:s|ed)?|partial\w*|expected)\b", re.I)
PHONE = re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")


@lru_cache(maxsize=None)
def _review(path: Path):
    return casekit.review(casekit.load_case(str(path)))


@pytest.fixture(scope="module")
def reviews():
    return {p.name: _review(p) for p in FILES}


def test_the_library_has_at_least_15_cases_each_with_a_level():
    assert len(FILES) >= 15
    for p in FILES:
        case = casekit.load_case(str(p))
        assert case.teaching is not None and case.teaching.level in cohort.LEVELS, p.name
        assert case.teaching.topics, p.name


def test_every_level_is_used():
    assert {casekit.load_case(str(p)).teaching.level for p in FILES} == set(cohort.LEVELS)


def test_every_region_is_covered(reviews):
    # every condition pack, and the general-rehab fallback (a condition no region pack claims)
    regions = {p["id"] for p in packs.describe_packs() if p["kind"] in ("diagnosis", "fallback")}
    assert len(regions) >= 7
    assert {r.pack.id for r in reviews.values()} >= regions


def test_every_decision_is_reached_more_than_once(reviews):
    decisions = [r.decision for r in reviews.values()]
    for d in cohort.DECISIONS:
        assert decisions.count(d) >= 2, (d, decisions)


def test_every_line_of_business_and_kind_of_review_is_covered(reviews):
    cases = [r.case for r in reviews.values()]
    assert {c.review.line_of_business for c in cases} == set(typing.get_args(LineOfBusiness))
    assert all(c.review.jurisdiction for c in cases if c.review.line_of_business == "workers-comp")
    kinds = {c.review.type for c in cases}
    assert "retrospective" in kinds and kinds & {"prospective", "concurrent"}


def test_every_rule_fails_in_at_least_one_case(reviews):
    failed = {c.rule for r in reviews.values() for c in r.failed}
    assert set(REGISTRY) - failed == set()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_case_file_holds_its_answer(path):
    text = path.read_text(encoding="utf-8")
    # no comment (the example cases state their answer in one); "#" inside a note is pounds
    assert not [line for line in text.splitlines() if line.lstrip().startswith("#") or " #" in line]
    assert not DECISION_WORDS.findall(text)
    assert not [rid for rid in REGISTRY if re.search(rf"\b{re.escape(rid)}\b", text)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_case_file_holds_an_identifier(path):
    case = casekit.load_case(str(path))
    assert (case.patient.name, case.patient.mrn, case.patient.birth_date) == (None, None, None)
    r = case.review
    assert (r.reviewer, r.member_id, r.claim_id, r.provider) == (None, None, None, None)
    assert re.fullmatch(r"TEACH-[A-Z]+-\d{2}", case.id)
    text = path.read_text(encoding="utf-8")
    assert not PHONE.findall(text) and not EMAIL.findall(text)
    # labels that introduce an identifier in a note ("MRN 123", "claim #4411")
    assert not re.search(r"\b(MRN|DOB|SSN|(member|claim|policy) ?(id|#|no\b|number))", text, re.I)


# --- the course view of the cohort page -------------------------------------------------------

class _Page(html.parser.HTMLParser):
    """Headings in order, and the links of each course table's rows by case id."""

    def __init__(self):
        super().__init__()
        self.headings: list[str] = []
        self.links: dict[str, list[str]] = {}
        self._tag, self._course, self._row = None, False, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self._tag = tag
        if tag == "table":
            self._course = "ck-course" in (a.get("class") or "").split()
        if tag == "tr":
            self._row = None
        if tag == "a" and self._course and self._row:
            self.links[self._row].append(a["href"])

    def handle_data(self, data):
        if self._tag in ("h2", "h3") and data.strip():
            self.headings.append(data.strip())
        if self._tag == "td" and self._course and self._row is None and data.strip():
            self._row = data.strip()
            self.links[self._row] = []

    def handle_endtag(self, tag):
        self._tag = None


def _row(review) -> dict:
    rid = review.case.id
    return {"id": rid, "input": f"in/{rid}.yaml", "status": "ok", "decision": review.decision, "error": "",
            "failed_rules": [c.rule for c in review.failed], "outputs": [f"{rid}.html"]}


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_the_course_view_groups_tagged_cases_by_level_and_links_what_exists(tmp_path):
    chosen = {}
    for p in FILES:  # one case of each level, found from the tags
        chosen.setdefault(casekit.load_case(str(p)).teaching.level, _review(p))
    assert set(chosen) == set(cohort.LEVELS)
    reviews = [chosen[level] for level in reversed(cohort.LEVELS)]  # listed hard first
    hard = chosen["hard"].case.id
    (tmp_path / f"{hard}.worksheet.html").write_text("w")
    (tmp_path / f"{hard}.key.html").write_text("k")
    records = {r.case.id: run.outcome(r) for r in reviews}
    page = _parse(cohort.write_index(tmp_path, [_row(r) for r in reviews], records))

    words = casekit.packs.common_wording()[0]
    levels = [words[f"course-index.level.{level}"] for level in cohort.LEVELS]
    assert words["course-index.heading"] in page.headings
    assert [h for h in page.headings if h in levels] == levels  # easy, medium, hard, in that order
    for r in reviews:
        assert page.links[r.case.id][0] == f"{r.case.id}.html"
    assert page.links[hard] == [f"{hard}.html", f"{hard}.worksheet.html", f"{hard}.key.html"]
    assert page.links[chosen["easy"].case.id] == [f"{chosen['easy'].case.id}.html"]
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    for topic in chosen["hard"].case.teaching.topics:
        assert html.escape(topic) in text
    assert chosen["hard"].pack.id in text


def test_an_untagged_batch_has_no_course_view(tmp_path):
    reviews = [_review(p) for p in EXAMPLES[:3]]
    records = {r.case.id: run.outcome(r) for r in reviews}
    assert not any("teaching" in rec["cohort"] for rec in records.values())
    page = _parse(cohort.write_index(tmp_path, [_row(r) for r in reviews], records))
    assert casekit.packs.common_wording()[0]["course-index.heading"] not in page.headings
    assert "ck-course" not in (tmp_path / "index.html").read_text(encoding="utf-8")
