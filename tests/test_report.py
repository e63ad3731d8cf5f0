"""The determination report: golden text sections, escaping, and the real notebook rendered to
HTML and PDF and opened in headless Chromium."""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import casekit
from casekit import render, report, run
from casekit.cli import main
from conftest import CASES, EXAMPLES, MEDICARE_PLAN, SEED, seed_as

GOLDEN = Path(__file__).parent / "golden"
NAMES = sorted(p.stem for p in EXAMPLES)
needs_chromium = pytest.mark.skipif(render.find_chromium() is None, reason="Debian chromium is not installed")


@pytest.mark.parametrize("name", NAMES)
def test_report_text_golden(name, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    path = CASES / f"{name}.yaml"
    text = report.build(casekit.review(casekit.load_case(path)), str(path)).to_text()
    golden = GOLDEN / f"{name}.report.txt"
    if os.environ.get("CASEKIT_REGEN_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert "generated: 2026-01-01T00:00:00+00:00" in text


def test_every_statement_has_a_source():
    for name in NAMES:
        rep = report.build(casekit.review(casekit.load_case(CASES / f"{name}.yaml")))
        for sec in rep.sections:
            for item in list(sec.items) + [i for child in sec.children for i in child.items]:
                assert rep.cites.markers(item.cites), (name, sec.title, item.text[:60])


def test_references_are_grouped_and_numbered_in_order():
    rep = report.build(casekit.review(casekit.load_case(SEED)))
    groups = [title for title, _ in rep.cites.grouped()]
    assert groups == ["Guidelines and payer criteria", "Literature", "Patient records"]
    numbers = [e.number for e in rep.cites.entries]
    assert numbers == list(range(1, len(numbers) + 1))
    record = next(e for e in rep.cites.entries if e.key == "record:eval-2025-08-25")
    assert record.text.startswith("eval-2025-08-25: evaluation, 2025-08-25")
    assert ("2025-08-25", "R hip muscular restrictions.") in record.quotes
    mcg = next(e for e in rep.cites.entries if e.key == "mcg-example")
    assert "licensed criteria: payer setting" in mcg.text


def test_denial_carries_the_notice_elements():
    rep = report.build(casekit.review(casekit.load_case(SEED)))
    notice = rep.section("notice")
    texts = {i.text.split(": ", 1)[0]: i.text for i in notice.items}
    assert texts["The specific reason"].startswith("The specific reason: The 3 visits under review")
    assert "criteria Hip pain" in texts["The criteria relied on"]
    assert "(1) validated outcome measures" in texts["What would perfect the claim, and why"]
    assert "180 days" in texts["How to appeal, and the time limits"]
    assert notice.title == "Notice of Adverse Determination (29 CFR 2560.503-1(g))"
    approve = report.build(casekit.review(casekit.load_case(CASES / "hip-approve.yaml")))
    assert approve.section("notice") is None


def test_medicaid_and_medicare_denials_give_their_own_appeal_rights(tmp_path):
    medicaid = casekit.review(casekit.load_case(seed_as("medicaid", tmp_path)))
    medicare = casekit.review(casekit.load_case(seed_as("medicare", tmp_path)), pack=MEDICARE_PLAN)
    for r, title, needle in ((medicaid, "42 CFR 438.404", "State fair hearing"),
                             (medicare, "(Medicare)", "redetermination within 120 days")):
        assert r.decision == "deny"
        notice = report.build(r).section("notice")
        assert title in notice.title and any(needle in i.text for i in notice.items)
        assert "2560.503" not in notice.title
    # the plan's own criterion decides; lack of improvement still does not (Jimmo)
    assert medicare.determination.decisive_rules[0] == "unexplained-gap"
    assert "no-functional-progress" not in medicare.determination.decisive_rules


def test_under_medicare_neither_the_benchmark_nor_lack_of_improvement_decides(tmp_path):
    # The commercial visit benchmark is reported but never decisive, and lack of improvement never
    # decides alone (Jimmo); the seed's unexplained restart (no reason, no documented decline) does.
    r = casekit.review(casekit.load_case(seed_as("medicare", tmp_path)))
    assert r.check("visits-over-benchmark").severity == "minor"
    assert r.check("no-functional-progress").status == "fail"
    assert r.decision == "deny" and set(r.determination.decisive_rules) == {"unexplained-gap"}
    assert "Medicare" in report.build(r).section("notice").title


def test_medicare_denial_report_golden(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    path = seed_as("medicare", tmp_path)
    text = report.build(casekit.review(casekit.load_case(path), pack=MEDICARE_PLAN), str(path)).to_text()
    golden = GOLDEN / "hip-seed-medicare-plan.report.txt"
    if os.environ.get("CASEKIT_REGEN_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert "## Notice of Denial of Medical Coverage or Payment (Medicare)" in text


# One sentence, so the laterality check quotes all of it into the report.
HOSTILE = ('R hip <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> '
           '[notes](javascript:alert(1)) {{ 7*7 }} {% raw %} $x$ muscular restrictions.')
# A diagnosis description reaches the statements (visits-over-benchmark names the code's description).
HOSTILE_DESCRIPTION = "<img src=y onerror=alert(3)> pain & stiffness"


def hostile_case(tmp_path: Path) -> Path:
    text = Path(SEED).read_text().replace("R hip muscular restrictions.", HOSTILE)
    text = text.replace("    primary: true\n",
                        f"    primary: true\n    description: {json.dumps(HOSTILE_DESCRIPTION)}\n", 1)
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    return path


class _Elements(html.parser.HTMLParser):
    """Every element and attribute name in a page, as a browser's tokenizer would see them."""

    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.hrefs = set(), set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs |= {name for name, _ in attrs}
        self.hrefs += [value for name, value in attrs if name == "href"]


def test_hostile_note_text_is_escaped_in_report_html(tmp_path):
    r = casekit.review(casekit.load_case(hostile_case(tmp_path)))
    page = report.build(r).to_html()
    # the markup arrives as text, escaped...
    assert ("&lt;script&gt;window.__pwned=1&lt;/script&gt; "
            "&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;") in page
    assert "&lt;img src=y onerror=alert(3)&gt; pain &amp; stiffness" in page
    # ...and never as an element, an event handler or a link
    found = _Elements()
    found.feed(page)
    assert not found.tags & {"script", "img"}
    assert not [a for a in found.attrs if a.startswith("on")]
    assert not [h for h in found.hrefs if "javascript" in h]
    assert "[notes](javascript:alert(1)) {{ 7*7 }} {% raw %} $x$" in page  # shown as text, never evaluated


@pytest.mark.slow
@needs_chromium
def test_hostile_text_never_runs_in_the_rendered_report(tmp_path):
    out = tmp_path / "out"
    assert main(["report", str(hostile_case(tmp_path)), "--out", str(out), "--to", "html"]) == 0
    html = (out / "HIP-SEED-0001.html").read_text()
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    # Template braces and markdown link syntax arrive verbatim: nothing evaluated or linked them.
    assert "[notes](javascript:alert(1)) {{ 7*7 }} {% raw %} $x$ muscular" in html
    dom = render.dump_dom(out / "HIP-SEED-0001.html")
    assert "__pwned" in dom  # the text is there...
    assert not re.search(r"<img[^>]*onerror", dom)  # ...but never became an element
    errors = re.search(r'data-casekit-errors="([^"]*)"', dom)
    assert errors and json.loads(errors.group(1).replace("&quot;", '"')) == []


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    proc = subprocess.run([sys.executable, "-m", "casekit.cli", "report", SEED, "--out", str(out)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.slow
@needs_chromium
def test_seed_report_shows_every_finding(seed_report):
    html_text = (seed_report / "HIP-SEED-0001.html").read_text()
    assert (seed_report / "HIP-SEED-0001.ipynb").is_file()
    text = re.sub(r"<[^>]+>", " ", html_text)
    for needle in ("14 visits", "18 prior visits", "21 visits", "36 visits", "168-day", "2.57x",
                   "M25.552", "HAGOS", "iHOT", "dynamometry", "load, sets, repetitions",
                   "R hip muscular restrictions", "LEFT hip", "osteoarthritis", "radiographs",
                   "MRI hip without IV contrast", "References", "Patient records",
                   "29 CFR 2560.503-1(g)"):
        assert needle in text, needle
    assert html_text.count('class="plotly-graph-div"') >= 2
    srcs = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html_text)
    assert not [s for s in srcs if re.match(r"(https?:)?//", s)], srcs


@pytest.mark.slow
@needs_chromium
def test_seed_report_draws_in_a_real_browser(seed_report):
    dom = render.dump_dom(seed_report / "HIP-SEED-0001.html")
    assert dom.count('class="main-svg"') >= 2  # plotly drew its SVG
    errors = re.search(r'data-casekit-errors="([^"]*)"', dom)
    assert errors and json.loads(errors.group(1).replace("&quot;", '"')) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_seed_pdf_first_page_is_not_blank(seed_report, tmp_path):
    pdf = seed_report / "HIP-SEED-0001.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-gray", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    pgm = next(tmp_path.glob("p*.pgm")).read_bytes()
    # PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    pixels = pgm[header.end():]
    dark = sum(1 for b in pixels if b < 128)
    assert dark / len(pixels) > 0.01


def test_bad_case_stops_before_any_notebook(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(SEED).read_text().replace("age: 62", "age: sixty"))
    out = tmp_path / "out"
    assert main(["report", str(bad), "--out", str(out)]) == 2
    assert "patient.age: a text of 5 characters is not a whole number" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.slow
def test_failing_cell_exits_3_and_leaves_no_report(tmp_path, capsys):
    # a statement's fields are checked when the pack loads: exit 2 before any kernel starts
    pack = tmp_path / "broken.yaml"
    pack.write_text("id: broken\nversion: '1'\ntitle: Broken\nextends: hip-pain\nrules:\n"
                    "  visits-over-benchmark:\n    statements:\n      fail: 'Visits {no_such_figure}.'\n")
    out = tmp_path / "out"
    assert main(["report", SEED, "--out", str(out), "--pack", str(pack), "--to", "html"]) == 2
    assert "rules.visits-over-benchmark.statements.fail: {no_such_figure}" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())
    # a phrase's fields are known only when it is filled: the notebook's cell fails, exit 3
    pack.write_text("id: broken\nversion: '1'\ntitle: Broken\nextends: hip-pain\nwording:\n"
                    "  summary.deny.retrospective: 'Visits {no_such_figure}.'\n")
    assert main(["report", SEED, "--out", str(out), "--pack", str(pack), "--to", "html"]) == 3
    err = capsys.readouterr().err
    assert "cell" in err and "PackError" in err and "no_such_figure" in err
    assert not list(out.glob("*.html")) and not list(out.glob("*.ipynb"))


@pytest.mark.slow
def test_notebook_parameters_change_the_review(tmp_path):
    """The real review notebook under papermill: an analyst's settings override reaches the report."""
    from casekit import notebook
    nb = notebook.execute(str(run.notebook_path()), {"case_path": SEED, "pack": "",
                                                         "settings": {"gap_limit_days": 200}})
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.get("outputs", []))
    # With a 200-day limit the 168-day gap no longer splits the care into episodes...
    assert ("<tr><td>unexplained-gap</td><td>not-applicable</td><td>major</td><td>No gap longer than 200 days "
            "separates the dates of service (longest gap 168 days).</td>") in html
    assert "168-day gap" not in html
    # ...and the report says the limit is the analyst's, not the pack's.
    assert "Setting changed by the analyst for this review (not the pack&#x27;s value)." in html
    version = casekit.packs.load("hip-pain").version
    assert f"hip-pain@{version} + overrides{{&quot;gap_limit_days&quot;: 200}}" in html
    plots = [o["data"]["application/vnd.plotly.v1+json"] for c in nb.cells for o in c.get("outputs", [])
             if "application/vnd.plotly.v1+json" in o.get("data", {})]
    assert [p["layout"]["meta"]["casekit"] for p in plots] == [
        "visit-timeline", "cumulative-visits", "symptom-course"]
    assert plots[0]["layout"]["meta"]["gaps"] == []  # the figure drew no long gap either


def test_an_approval_shows_only_the_deficiency_headings_of_its_failed_checks():
    r = casekit.review(casekit.load_case(CASES / "hip-approve.yaml"))
    text = report.build(r).to_text()
    failed_sections = {c.section for c in r.failed if c.severity != "info"}
    for heading in ("Lack of Objective Functional Measures", "Inadequate Exercise Prescription Details",
                    "What Should Have Been Done Instead", "Common Pitfalls", "Reassessment and Daily Notes"):
        assert (f"### {heading}" in text) == (heading in failed_sections), heading
    assert failed_sections == {"Reassessment and Daily Notes"}  # 39 days without a progress report
    assert "Recommended Treatment Timeframes" in text  # a standard the pack shows in every report


def test_documentation_items_follow_the_failed_checks_only(tmp_path):
    # imaging alone missing: ask for radiographs, not for alternative diagnoses to be ruled out
    text = Path(CASES / "hip-approve.yaml").read_text().replace("duration_months: 1}", "duration_months: 5}")
    path = tmp_path / "long.yaml"
    path.write_text(text)
    r = casekit.review(casekit.load_case(path))
    assert r.check("imaging-not-considered").failed and not r.check("alternative-diagnosis").failed
    docs = r.determination.documentation_needed
    assert "hip radiographs, as symptoms have lasted 5 months" in docs
    assert not any("alternative diagnoses" in item for item in docs)


def test_overutilization_pitfall_needs_the_lack_of_progress_too(tmp_path):
    seed = casekit.review(casekit.load_case(SEED))
    assert seed.check("visits-over-benchmark").pitfall  # 21 visits and no measured progress
    payer = tmp_path / "low-benchmark.yaml"
    payer.write_text(yaml.safe_dump({
        "id": "low-benchmark", "version": "1", "title": "Low benchmark", "extends": "hip-pain",
        "benchmarks": [{"codes": ["M25.55"], "visits": 8, "label": "Plan 8", "basis": "plan",
                        "source": "casekit-defaults", "tier": "payer-setting"}]}))
    partial = casekit.review(casekit.load_case(CASES / "hip-prospective-partial.yaml"), pack=str(payer))
    assert partial.check("visits-over-benchmark").failed  # 10 visits against 8...
    assert partial.check("no-functional-progress").status == "pass"  # ...but HAGOS and strength improved
    assert partial.check("visits-over-benchmark").pitfall is None
