"""Statements agree with their quotes, over every example case.

A check's statement may name a side, a body part or a reading; the evidence it quotes must say
the same. For every check of every example case:

* each side word of the statement (left, right), outside the diagnosis codes' own descriptions,
  is written (a side word or an R/L, Rt/Lt abbreviation) in one of the check's quotes or facts;
  where the report lists the check with its quotes, those shown under it never name only the
  other side;
* each side and body part a laterality statement names ("the left hip") is read together in one
  quoted sentence;
* each reading the statement lists ("LEFS 41 on 2025-03-04", "105 degrees to 106 degrees
  (2025-03-03 to 2025-09-02)", "30% (2025-08-25)") is in a quote or fact of that date holding
  that figure;
* no statement lists the same reading (measure, figure, date), or the same report of a symptom
  on a date ("pain-free on 2025-05-12"), twice.

Small cases where the notes give the uninvolved side as the comparison ("L hip WNL",
"uninvolved L", both sides' range of motion) find no laterality failure.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import pytest

import casekit
from casekit import codes as icd, report as report_mod, terms
from casekit.model import Case
from casekit.quotes import Quote
from conftest import CASES, EXAMPLES

NAMES = sorted(p.stem for p in EXAMPLES)

_DATE = r"(\d{4}-\d{2}-\d{2})"
_NUM = r"(?<![\w.])(\d+(?:\.\d+)?[+-]?)"  # a figure as listed: 41, 18.5, a muscle grade 4-
_UNIT = r"(?:/\d+|%|°| (?:degrees|deg|s|sec|kg|lb|lbs|N|cm|m/s|m|reps|points))?"
_SIDE_WORD = re.compile(r"\b(left|right)\b", re.I)
# how a note writes a side: the word, or its abbreviation (upper case alone: "L hip", "R-hand")
_SIDE_IN_QUOTE = {"left": re.compile(r"\b(?:left|lt)\b|\b(?-i:L)\b", re.I),
                  "right": re.compile(r"\b(?:right|rt)\b|\b(?-i:R)\b", re.I)}


@lru_cache(maxsize=None)
def reviewed(name: str):
    review = casekit.review(casekit.load_case(CASES / f"{name}.yaml"))
    return review, report_mod.build(review)


def _texts(check) -> list[tuple[dt.date, str]]:
    return [(e.date, e.text) for e in check.evidence]


def _without_code_descriptions(review, statement: str) -> str:
    """The statement less what the diagnosis codes say of themselves ("pain in RIGHT hip")."""
    for d in review.case.diagnoses:
        desc = icd.describe(d.code)
        if desc:
            statement = re.sub(re.escape(desc), " ", statement, flags=re.I)
    return statement


def _sides_named(review, statement: str) -> set[str]:
    return {m.lower() for m in _SIDE_WORD.findall(_without_code_descriptions(review, statement))}


def _shown_quotes(report, check) -> list[str] | None:
    """The quotes the report prints under the check's statement (None when it is not listed)."""
    def items(sec):
        yield from sec.items
        for child in sec.children:
            yield from items(child)
    for sec in report.sections:
        for it in items(sec):
            if it.text == check.statement:
                return [q.text for q in it.quotes]
    return None


# --- readings ------------------------------------------------------------------------------------

_ON = re.compile(_NUM + _UNIT + r" on " + _DATE)                                    # 41/80 on 2025-03-03
_IN_BRACKETS = re.compile(_NUM + _UNIT + r" \(" + _DATE + r"\)")                   # 30% (2025-08-25)
_CHANGE = re.compile(_NUM + _UNIT + r" to " + _NUM + _UNIT + r" \(" + _DATE + r" to " + _DATE + r"\)")
_STATED = re.compile(_NUM + _UNIT + r" to " + _NUM + _UNIT + r" \(stated on " + _DATE + r"\)")
_SEPARATOR = re.compile(r"[,;:(]\s*|\band\b|\bwere\b|\bis\b")


def readings(statement: str) -> list[tuple[str, str, str]]:
    """(measure, figure, date) of every reading a statement lists, in order. The measure is the
    words before the figure since the last list separator; a figure with none ("…, 42 on
    2025-10-10") continues the measure before it."""
    found: list[tuple[int, str, str, str]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, value: str, date: str) -> None:
        found.append((start, value, date, statement[:start]))

    for m in _CHANGE.finditer(statement):
        taken.append(m.span())
        add(m.start(), m.group(1), m.group(3))
        add(m.start(), m.group(2), m.group(4))
    for m in _STATED.finditer(statement):
        taken.append(m.span())
        add(m.start(), m.group(1), m.group(3))
        add(m.start(), m.group(2), m.group(3))
    for rx in (_ON, _IN_BRACKETS):
        for m in rx.finditer(statement):
            if not any(a <= m.start() < b for a, b in taken):
                add(m.start(), m.group(1), m.group(2))
    out, label = [], ""
    for start, value, date, before in sorted(found, key=lambda x: x[0]):
        label = _SEPARATOR.split(before)[-1].strip() or label
        out.append((label.lower(), value, date))
    return out


_REPORT = re.compile(r"(?:^|[,;:(]\s*|\band\s)([A-Za-z][\w-]*) on " + _DATE)


def reports(statement: str) -> list[tuple[str, str]]:
    """(report, date) of every report without a figure a statement lists ("pain-free on
    2025-05-12")."""
    return [(m.group(1).lower(), m.group(2)) for m in _REPORT.finditer(statement)]


def _figures(text: str) -> set[float]:
    return {float(n) for n in re.findall(r"(?<![\d.])\d+(?:\.\d+)?", text)}


def _holds(text: str, value: str) -> bool:
    """The quote or fact holds the figure: the same number (18.5 = 18.50), a grade as written."""
    if value[-1] in "+-":
        return re.search(r"(?<![\d.])" + re.escape(value), text) is not None
    return float(value) in _figures(text)


# --- the checks over every example case -----------------------------------------------------------

def _checks(name):
    review, report = reviewed(name)
    return [(review, report, c) for c in review.checks]


@pytest.mark.parametrize("name", NAMES)
def test_every_side_a_statement_names_is_in_its_quotes(name):
    problems = []
    for review, report, check in _checks(name):
        sides = _sides_named(review, check.statement)
        texts = [t for _, t in _texts(check)]
        shown = _shown_quotes(report, check)
        for side in sorted(sides):
            if not any(_SIDE_IN_QUOTE[side].search(t) for t in texts):
                problems.append(f"{check.rule}: names the {side} side, which none of its evidence does: "
                                f"{check.statement!r}")
            elif shown and not any(_SIDE_IN_QUOTE[side].search(t) for t in shown) and \
                    any(_SIDE_IN_QUOTE[other].search(t) for t in shown for other in {"left", "right"} - {side}):
                # the report prints the statement above quotes naming only the other side
                problems.append(f"{check.rule}: names the {side} side above quotes naming only the other: "
                                f"{shown!r}")
    assert not problems, "\n".join(problems)


_SIDE_PART = re.compile(r"\b((?:left|right)(?: and (?:left|right))?) ([a-z/]+)", re.I)


def _part_in(part: str, text: str) -> bool:
    """The body part (a region such as "ankle/foot" by any of its names or sites) is in the text."""
    part = part[:-1] if part.endswith("s") else part  # "the left and right hips"
    names = set(part.split("/")) | {site for site, region in terms.BODY_REGION.items() if region == part}
    return any(re.search(r"\b" + re.escape(n) + r"s?\b", text, re.I) for n in names)


@pytest.mark.parametrize("name", NAMES)
def test_a_laterality_statement_names_a_side_and_part_one_quote_reads_together(name):
    review, _ = reviewed(name)
    check = review.check("laterality-mismatch")
    said = _without_code_descriptions(review, check.statement)
    for sides, part in _SIDE_PART.findall(said):
        for side in re.findall(r"left|right", sides.lower()):
            assert any(_SIDE_IN_QUOTE[side].search(q.quote) and _part_in(part, q.quote) for q in check.quotes), \
                f"no quote names the {side} {part}: {check.statement!r}"


@pytest.mark.parametrize("name", NAMES)
def test_every_reading_a_statement_lists_is_in_a_quote_of_its_date(name):
    problems = []
    for _, _, check in _checks(name):
        for label, value, date in readings(check.statement):
            day = dt.date.fromisoformat(date)
            if not any(d == day and _holds(t, value) for d, t in _texts(check)):
                problems.append(f"{check.rule}: lists {label} {value} on {date}, which no quote or fact of "
                                f"that date holds: {check.statement!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", NAMES)
def test_no_statement_lists_a_reading_twice(name):
    problems = []
    for _, _, check in _checks(name):
        # a statement's series are its "; " clauses: the current and the worst pain of one day are
        # two readings ("pain … 2/10 on 2025-10-16; worst pain … 2/10 on 2025-10-16"); within a
        # series a reading is listed once
        for series in check.statement.split("; "):
            listed = readings(series) + reports(series)
            twice = sorted({r for r in listed if listed.count(r) > 1})
            if twice:
                problems.append(f"{check.rule}: lists {twice} more than once: {check.statement!r}")
    assert not problems, "\n".join(problems)


def test_the_readings_parser_finds_what_the_wording_lists():
    """The parser above is the test's own: it must find the listings the wording writes."""
    assert readings("Validated outcome measures are recorded: LEFS 41/80 on 2025-03-03, KOOS pain 47 "
                    "on 2025-03-04 and MMT 4-/5 on 2025-03-05.") == [
        ("lefs", "41", "2025-03-03"), ("koos pain", "47", "2025-03-04"), ("mmt", "4-", "2025-03-05")]
    assert readings("no measure changed (LEFS 42 on 2025-09-02, 42 on 2025-10-10)") == [
        ("lefs", "42", "2025-09-02"), ("lefs", "42", "2025-10-10")]
    assert readings("improved: left knee flexion AROM 105 degrees to 106 degrees (2025-03-03 to "
                    "2025-09-02), LEFS 31 to 44 (stated on 2025-04-01)") == [
        ("left knee flexion arom", "105", "2025-03-03"), ("left knee flexion arom", "106", "2025-09-02"),
        ("lefs", "31", "2025-04-01"), ("lefs", "44", "2025-04-01")]
    assert readings("a function level of 30% (2025-08-25)") == [("a function level of", "30", "2025-08-25")]
    assert reports("Symptom reports move in one direction (pain-free on 2025-05-12, better and sore on "
                   "2025-05-19)") == [("pain-free", "2025-05-12"), ("sore", "2025-05-19")]
    listed = readings("ODI 44% on 2025-11-10, ODI 44% on 2025-11-10")
    assert listed.count(("odi", "44", "2025-11-10")) == 2


# --- the uninvolved side given as the comparison ---------------------------------------------------

D0 = dt.date(2025, 3, 3)


def _case(code: str, *notes: str) -> Case:
    days = [D0 + dt.timedelta(days=3 * i) for i in range(max(len(notes), 2))]
    return Case.model_validate({
        "format": "casekit/1", "id": "SIDE-T", "service": "physical-therapy",
        "review": {"type": "retrospective", "line_of_business": "commercial",
                   "under_review": {"from": days[0].isoformat(), "to": days[-1].isoformat()}},
        "patient": {"age": 45, "sex": "female"},
        "diagnoses": [{"code": code, "primary": True}],
        "history": {"onset": "acute", "duration_months": 1},
        "visits": [{"date": d.isoformat(), "kind": "evaluation" if i == 0 else "treatment"}
                   for i, d in enumerate(days)],
        "documents": [{"id": f"n{i}", "date": days[i].isoformat(), "kind": "evaluation" if i == 0 else "daily-note",
                       "text": t} for i, t in enumerate(notes)]})


@pytest.mark.parametrize("notes", [
    ("R hip pain with stairs. L hip WNL.",),
    ("Right hip pain for 3 weeks. Uninvolved L hip strength 5/5.",),
    ("Pt c/o R hip pain. ROM L hip (uninvolved side) 0-120 deg.",),
    ("Right hip pain. L hip ROM and strength WNL for comparison.",),
    ("R hip pain. L hip WNL. L hip strength 5/5.",),
    ("R hip pain with stairs. AROM R hip flexion 95 deg. L hip flexion 120 deg.",),
    ("R hip pain with stairs. Hip flexion R 95 deg, L 120 deg.",),
    ("Pt c/o R hip pain. R hip IR 10 deg, ER 30 deg; L hip IR 35 deg, ER 45 deg (uninvolved).",),
    ("Right hip pain after a fall. Left hip is unaffected.", "R hip flexion 100 deg, L 125 deg. R hip better."),
], ids=["L-hip-WNL", "uninvolved-L", "L-uninvolved-side", "for-comparison", "WNL-then-reading",
        "readings-side-by-side", "both-sides-ROM", "both-sides-IR-ER", "unaffected-then-both"])
def test_the_uninvolved_side_given_as_comparison_is_no_mismatch(notes):
    review = casekit.review(_case("M25.551", *notes))  # pain in right hip
    check = review.check("laterality-mismatch")
    assert check.status == "pass", check.statement
    assert _sides_named(review, check.statement) == {"right"}
    assert any(_SIDE_IN_QUOTE["right"].search(q.quote) for q in check.quotes)


def test_a_mismatch_names_the_side_its_first_quotes_name_in_the_right_number():
    """Right hip notes and one left-hip complaint against a right code: the statement names the
    left hip (one side, one hip), and the left-hip sentence is quoted first, where the report
    shows it."""
    review = casekit.review(_case("M25.551", "Right hip pain. R hip flexion 95 deg. R hip abd 4/5. "
                                  "Right hip stiff in the mornings. Left hip pain began last week."))
    check = review.check("laterality-mismatch")
    assert check.status == "fail"
    assert _sides_named(review, check.statement) == {"left"}
    assert "left hip " in check.statement and "left hips" not in check.statement
    assert _SIDE_IN_QUOTE["left"].search(check.quotes[0].quote)
    shown = _shown_quotes(report_mod.build(review), check)
    assert shown and _SIDE_IN_QUOTE["left"].search(shown[0])


def test_bilateral_notes_against_a_one_sided_code_name_the_sides_as_written():
    review = casekit.review(_case("M25.552", "Bilateral hip pain with stairs."))
    check = review.check("laterality-mismatch")
    assert check.status == "fail"
    assert _sides_named(review, check.statement) == set()  # "the bilateral hips", as the note says
    assert re.search(r"\bbilateral hips\b", check.statement)
