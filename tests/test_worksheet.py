"""Training views: the trainee's worksheet gives the case and the questions and no finding; the
answer key adds a teaching note per criterion; the answer files parse in casekit's answer format."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

import casekit
from casekit import answers, worksheet
from casekit.cli import main
from casekit.packs import load as load_pack, template_fields
from casekit.report import build, decision_title
from casekit.rules import REGISTRY
from casekit.run import REVIEW_MIME
from casekit.wording import Joined, Phrase, fields_of, phrase
from casekit.workers import STATE_DIR as STATE
from conftest import EXAMPLES, SEED

E = html.escape
DECISIONS = ("approve", "partial", "pend", "deny")
BUILTIN_PACKS = sorted(p.stem for p in (Path(casekit.__file__).parent / "packs").glob("*.yaml"))


def _reviewed(path):
    review = casekit.review(casekit.load_case(str(path)))
    return review, build(review)


def _sheet(rep) -> str:
    return (worksheet.banner_html(rep) + worksheet.case_html(rep) + worksheet.records_html(rep)
            + worksheet.questions_html(rep))


def _fold(text: str) -> str:
    return " ".join(text.split())


def _text(page: str) -> str:
    """A page's words as a reader sees them: no markup, scripts or styles; entities read."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return _fold(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _giveaways(review, rep, page: str) -> set[str]:
    """What of the report a worksheet must not show, found in ``page``: the decision in any of
    its words, the summary, each check's statement and reason, the documentation needed, the
    approved visits, and the report's sections of findings."""
    p, d = review.pack, review.determination
    out = {f"decision {k}": decision_title(p, k) for k in DECISIONS}
    out["summary"] = d.summary
    out.update({f"statement of {c.rule}": c.statement for c in review.checks if c.statement})
    out.update({f"reason of {c.rule}": c.reason for c in review.checks if c.reason})
    if d.documentation_needed:
        out["documentation needed"] = phrase(p, Phrase("documentation.continue", {
            "items": Joined(tuple(d.documentation_needed), "numbered")}))
    if d.approved_visits is not None:
        out["approved visits"] = phrase(p, Phrase("banner.approved"))
    words = _text(page)
    found = {what for what, text in out.items() if text and _fold(text) in words}
    return found | {f"{key} section" for key in ("summary", "notice", "signature", "criteria", "recommendation",
                                                 "lines", "overrides", "references", "audit")
                    if re.search(rf"ck-section ck-{key}[\"']", page)}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_worksheet_shows_the_case_and_the_questions(path):
    review, rep = _reviewed(path)
    sheet = _sheet(rep)
    for doc in review.case.documents:
        assert E(doc.text) in sheet, doc.id
    for visit in review.case.visits:
        assert visit.date.isoformat() in sheet
    for m in review.case.measures:
        assert E(m.name) in sheet
    for figure in answers.FIGURES:
        assert f"<td>{figure}</td>" in sheet
    for c in review.checks:  # each criterion with what it checks, and an empty answer cell
        assert f"<td>{E(c.rule)}</td><td>{E(worksheet.rule_text(review, c.rule, 'checks'))}</td><td></td>" in sheet
    for key in answers.documentation_choices(review.pack):
        assert f"<td>{E(key)}</td>" in sheet


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_worksheet_gives_away_no_finding(path):
    review, rep = _reviewed(path)
    sheet = _sheet(rep)
    assert not _giveaways(review, rep, sheet)
    for c in review.checks:  # no status beside its rule, as the criteria table shows it
        assert f"<td>{E(c.rule)}</td><td>{E(c.status)}</td>" not in sheet
    # a documentation item the case asks for is offered only as the pack words it for any case
    offered = worksheet.documentation_choices(review)
    for item in review.determination.documentation_needed:
        assert E(item) not in sheet or item in offered.values()


def test_documentation_choices_give_no_figure_of_the_case():
    review, _ = _reviewed(SEED)
    choices = " ".join(worksheet.documentation_choices(review).values())
    for k in ("gap_days", "gap_from", "gap_to", "symptom_duration"):
        assert str(review.values[k]) not in choices, k
    assert set(worksheet.documentation_choices(review)) == set(answers.documentation_choices(review.pack))


@pytest.mark.parametrize("path", EXAMPLES[:6], ids=lambda p: p.stem)
def test_blank_answers_parse_after_filling(path):
    review, _ = _reviewed(path)
    text = worksheet.answers_yaml(review)
    blank = yaml.safe_load(text)
    assert blank == answers.blank_for(review)
    for key in answers.documentation_choices(review.pack):  # the choices are listed in its comments
        assert re.search(rf"^#\s+{re.escape(key)}: ", text, re.M)
    key = answers.key_for(review)
    filled = {**blank, "trainee": "T01", "decision": key.decision, "approved_visits": key.approved_visits,
              "figures": dict(key.figures), "criteria": dict(key.criteria), "documentation": list(key.documentation)}
    assert answers.from_mapping(yaml.safe_load(yaml.safe_dump(filled))) == key.model_copy(update={"trainee": "T01"})


def test_key_file_is_the_key():
    review, _ = _reviewed(SEED)
    assert answers.from_mapping(yaml.safe_load(worksheet.key_yaml(review))) == answers.key_for(review)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_answer_key_has_a_teaching_note_per_check_with_its_citation(path):
    review, rep = _reviewed(path)
    notes = worksheet.teaching_html(rep)
    entries = {e.key: e for e in rep.cites.entries}
    for c in review.checks:
        m = re.search(rf"<article class='ck-teaching' id='teach-{re.escape(c.rule)}'>(.*?)</article>", notes, re.S)
        assert m, c.rule
        note = m.group(1)
        assert f"<td>{E(c.status)}</td>" in note
        assert E(c.statement) in note
        assert E(worksheet.rule_text(review, c.rule, "note", c)) in note
        assert rep.cites.markers_html(c.citations) in note
        for k in c.citations:
            if k in entries:
                assert E(f"[{entries[k].number}] {entries[k].text}") in note
        if c.evidence:
            assert E(" ".join(c.evidence[0].text.split())) in note


def test_every_rule_has_a_teaching_note_with_fields_every_pack_has():
    rules = worksheet.teaching()["rules"]
    assert set(rules) == set(REGISTRY)
    for pack_id in BUILTIN_PACKS:
        pack = load_pack(pack_id)
        for rid, parts in rules.items():
            assert set(parts) == {"checks", "note"} and all(parts.values()), rid
            allowed = set(template_fields(pack, rid))
            for part, text in parts.items():
                assert fields_of(text) <= allowed, (pack_id, rid, part, fields_of(text) - allowed)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_teaching_notes_fill_with_every_case(path):
    review, _ = _reviewed(path)
    for c in review.checks:
        for part in ("checks", "note"):
            text = worksheet.rule_text(review, c.rule, part, c)
            assert "None" not in text and "{" not in text, (c.rule, part, text)


def test_worksheet_and_answer_key_are_exclusive(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["report", SEED, "--out", str(tmp_path / "out"), "--worksheet", "--answer-key"])
    assert exc.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_worksheet_has_no_letter(tmp_path, capsys):
    assert main(["report", SEED, "--out", str(tmp_path / "out"), "--worksheet", "--to", "html,letter"]) == 2
    assert "--worksheet" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_report_worksheet_through_the_notebook(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["report", SEED, "--out", str(out), "--worksheet", "--to", "html"]) == 0
    review, rep = _reviewed(SEED)
    page = (out / f"{review.case.id}.worksheet.html").read_text()
    for doc in review.case.documents:
        assert _fold(doc.text) in _text(page)
    assert "ck-questions" in page and all(f"<td>{c.rule}</td>" in page for c in review.checks)
    assert not _giveaways(review, rep, page)
    executed = (out / f"{review.case.id}.worksheet.ipynb").read_text()
    assert REVIEW_MIME not in executed and json.dumps(review.decision) not in executed.replace('"mode"', "")
    blank = yaml.safe_load((out / f"{review.case.id}.answers.yaml").read_text())
    assert blank == answers.blank_for(review)
    assert not (out / f"{review.case.id}.html").exists()  # the report is not written beside it


@pytest.mark.slow
def test_report_answer_key_through_the_notebook(tmp_path):
    out = tmp_path / "out"
    assert main(["report", SEED, "--out", str(out), "--answer-key", "--to", "html"]) == 0
    review, rep = _reviewed(SEED)
    page = (out / f"{review.case.id}.key.html").read_text()
    assert E(decision_title(review.pack, review.decision)) in page
    assert all(re.search(rf"id=[\"']teach-{re.escape(c.rule)}[\"']", page) for c in review.checks)
    key = answers.from_mapping(yaml.safe_load((out / f"{review.case.id}.key.yaml").read_text()))
    assert key == answers.key_for(review)


def test_worksheet_index_lists_cases_and_their_worksheets_only(tmp_path):
    rows = [{"id": "CASE-1", "status": "ok", "decision": "", "outputs": [
                "CASE-1.answers.yaml", "CASE-1.worksheet.html", "CASE-1.worksheet.ipynb"]},
            {"id": "CASE-2", "status": "invalid", "decision": "", "outputs": []}]
    page = worksheet.write_index(tmp_path, rows).read_text()
    assert "href='CASE-1.worksheet.html'" in page and "href='CASE-1.answers.yaml'" in page
    assert "CASE-2" not in page and ".ipynb" not in page


def test_batch_worksheet_with_a_letter_is_a_usage_error(tmp_path, capsys):
    assert main(["batch", SEED, "--out", str(tmp_path / "out"), "--worksheet", "--to", "html,letter"]) == 2
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_batch_worksheets_record_no_decision(tmp_path):
    import csv
    from casekit.batch import run_batch
    inputs = [str(p) for p in EXAMPLES[:2]]
    out = tmp_path / "out"
    summary = run_batch(inputs, out, jobs=1, mode="worksheet", stream=__import__("io").StringIO())
    assert summary["ok"] == 2
    rows = list(csv.DictReader((out / "manifest.csv").open()))
    index = (out / "index.html").read_text()
    for path, row in zip(EXAMPLES[:2], rows):
        review, _ = _reviewed(path)
        cid = review.case.id
        assert row["decision"] == "" and row["failed_rules"] == ""
        assert set(row["outputs"].split()) == {f"{cid}.answers.yaml", f"{cid}.worksheet.html", f"{cid}.worksheet.ipynb"}
        assert all((out / o).is_file() for o in row["outputs"].split())
        assert f"href='{cid}.worksheet.html'" in index
        assert decision_title(review.pack, review.decision) not in index
        assert review.decision not in (out / STATE / f"{cid}.json").read_text().replace('"mode"', "")
    # the same folder as answer keys renders every case again, with the key and the decisions
    summary = run_batch(inputs, out, jobs=1, mode="answer-key", stream=__import__("io").StringIO())
    assert summary["skipped"] == 0
    rows = list(csv.DictReader((out / "manifest.csv").open()))
    for path, row in zip(EXAMPLES[:2], rows):
        review, _ = _reviewed(path)
        assert row["decision"] == review.decision
        assert f"{review.case.id}.key.yaml" in row["outputs"].split()


def test_a_worksheets_figures_give_no_answer_away():
    """The worksheet's plots show the visits, not the figures the trainee is asked for: no gap
    length or explanation, no visit counts, no benchmark, no projection, no running count."""
    from casekit import figures
    r = casekit.review(casekit.load_case(str(SEED)))
    full, blind = figures.figures_for(r), figures.figures_for(r, blind=True)

    def texts(fig):
        return " ".join([str(a.text) for a in fig.layout.annotations] + [str(t.name) for t in fig.data])
    assert "cumulative" in full and "cumulative" not in blind
    # (a claims block keeps its count: it is the record itself, shown in the worksheet's table)
    for key in ("longest_gap_days", "visits_under_review"):
        value = str(r.metrics[key])
        assert value in texts(full["timeline"]) and value not in texts(blind["timeline"]), key


def test_the_worksheet_gives_the_criteria_a_reviewer_looks_up():
    """The benchmark for the code and the gap limit are criteria, not findings: a trainee can
    answer benchmark_visits only if the worksheet gives them (an educator's blind probe)."""
    r = casekit.review(casekit.load_case(str(SEED)))
    page = worksheet.banner_html(r.report())
    assert f"{r.metrics['benchmark_visits']} visits for this diagnosis code" in page
    assert f"{r.pack.setting('gap_limit_days'):g} days without a visit" in page
