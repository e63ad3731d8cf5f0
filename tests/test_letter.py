"""casekit.letter: the determination letter says the decision, why, what to send, the rights and
who signed, in the pack's words, escaped; it fits two pages; `--to letter` needs no notebook."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import html.parser
import io
import json
import re
from pathlib import Path

import pytest

import casekit
from casekit import letter, render
from casekit.errors import UsageError
from casekit.run import split_formats
from casekit.wording import cap_first
from conftest import CASES, EXAMPLES, SEED

SIGNED = CASES / "hip-seed-signed.yaml"
needs_chromium = pytest.mark.skipif(render.find_chromium() is None, reason="no Chromium on PATH")
# Every page object of a PDF (not the /Pages tree nodes).
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


_BLOCKS = {"p", "li", "th", "td", "tr", "br", "h1", "h2", "h3", "header", "footer", "section", "div"}


class _Text(html.parser.HTMLParser):
    """The text a reader sees (entities decoded, the stylesheet left out), and the tags used."""

    def __init__(self):
        super().__init__()
        self.parts, self.tags, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._skip += tag == "style"
        self.parts.append(" " if tag in _BLOCKS else "")

    def handle_endtag(self, tag):
        self._skip -= tag == "style"
        self.parts.append(" " if tag in _BLOCKS else "")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _read(page: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(page)
    return re.sub(r"\s+", " ", "".join(parser.parts)), parser.tags


def _review(path):
    return casekit.review(casekit.load_case(str(path)))


def _reasons(review) -> list[str]:
    """The short clause of each check the determination gives as a reason."""
    return [c.reason for c in review.checks if c.statement in review.determination.reasons and c.reason]


def _say(review, key: str) -> str:
    return review.pack.wording[key]


# --- what each kind of letter says --------------------------------------------------------------

@pytest.mark.parametrize("name, decision", [("hip-seed", "deny"), ("hip-seed-signed", "deny"),
                                            ("hip-prospective-partial", "partial"),
                                            ("hip-laterality", "pend"), ("hip-approve", "approve")])
def test_the_letter_says_the_decision_why_and_what_to_send(name, decision):
    r = _review(CASES / f"{name}.yaml")
    assert r.decision == decision
    text, _ = _read(letter.letter_html(r))
    d = r.determination

    assert _say(r, f"letter.title.{decision}") in text
    reasons = _reasons(r)
    assert reasons or decision == "approve"
    for reason in reasons:
        assert cap_first(reason) in text
    for item in d.documentation_needed:
        assert cap_first(item) in text
    if decision == "partial":
        assert f"{d.approved_visits} visits" in text
    if decision == "approve":
        assert d.summary in text


@pytest.mark.parametrize("name", ["hip-seed", "hip-prospective-partial", "policy-partial-by-code"])
def test_a_denial_carries_every_item_of_the_notice_with_its_sources(name):
    r = _review(CASES / f"{name}.yaml")
    notice = r.report().section("notice")
    text, _ = _read(letter.letter_html(r))

    d = r.determination
    headings = [text.index(f"{e['heading']}:") for e in d.notice["elements"]]
    assert len(headings) == len(notice.items) and headings == sorted(headings), "every element, in order"
    # an element is given whole, unless it holds the long parts the letter states in its own
    # sections (the reasons, what to send): then it points there, and those sections hold them
    long_parts = [d.summary, *d.reasons, *d.documentation_needed]
    for e in d.notice["elements"]:
        if not any(part in e["text"] for part in long_parts):
            assert e["text"] in text
        else:
            assert "above, under" in text[text.index(f"{e['heading']}:"):][:400]
    assert all(item[1:60] in text for item in d.documentation_needed)
    # the sources the notice cites are listed, numbered from 1 for the letter
    erisa = r.pack.references[r.pack.notice.appeal_source]
    assert f"{erisa.short}" in text and erisa.url in text
    assert re.search(r"\[1(, \d+)*\]", text)


@pytest.mark.parametrize("name", ["hip-laterality", "hip-approve"])
def test_without_a_notice_there_is_no_appeal_section(name):
    r = _review(CASES / f"{name}.yaml")
    assert not r.determination.notice
    text, _ = _read(letter.letter_html(r))
    assert _say(r, "letter.heading.rights") not in text
    assert r.pack.notice.appeal.split(".")[0] not in text


def test_a_pend_is_a_request_for_the_records_listed():
    r = _review(CASES / "policy-pend-missing-note.yaml")
    assert r.decision == "pend" and r.determination.documentation_needed
    text, _ = _read(letter.letter_html(r))
    assert _say(r, "letter.title.pend") in text and _say(r, "letter.send.pend") in text
    assert _say(r, "letter.heading.send.pend") in text


def test_a_partial_approval_by_line_counts_the_lines_approved():
    r = _review(CASES / "policy-partial-by-code.yaml")
    assert r.decision == "partial" and r.determination.approved_visits is None
    text, _ = _read(letter.letter_html(r))
    approved = sum(line.decision == "approve" for line in r.lines)
    assert f"{approved} of the {len(r.lines)}" in text
    for reason in {line.reason for line in r.lines if line.decision == "deny"}:
        assert cap_first(reason) in text


# --- identifiers, date and signature -------------------------------------------------------------

def test_identifiers_and_signature_when_given():
    r = _review(SIGNED)
    case = r.case.review
    text, _ = _read(letter.letter_html(r))
    for value in (case.member_id, case.claim_id, case.provider.name, case.provider.npi, r.case.patient.name,
                  case.reviewer.name, case.reviewer.credentials, case.reviewer.licence,
                  case.decided_on.isoformat()):
        assert value in text
    assert _say(r, "letter.date").format(date=case.decided_on.isoformat()) in text
    assert _say(r, "letter.signed") in text
    assert _say(r, "letter.unsigned") not in text and _say(r, "letter.proposed") not in text
    assert _say(r, "attestation.not-given") not in text


def test_not_given_and_unsigned_when_the_case_is_silent():
    r = _review(SEED)
    text, _ = _read(letter.letter_html(r))
    not_given = _say(r, "attestation.not-given")
    assert _say(r, "letter.date").format(date=not_given) in text
    assert dt.date.today().isoformat() not in text, "the letter's date is never today's, invented"
    assert _say(r, "letter.unsigned") in text and _say(r, "letter.proposed") in text
    assert _say(r, "letter.signed") not in text
    for label in ("attestation.member-id", "attestation.claim-id", "attestation.reviewer",
                  "attestation.licence"):
        assert f"{_say(r, label)} {not_given}" in text
    # greeted as "Member" and "Treating Provider", never "Dear the member"
    assert _say(r, "letter.greeting").format(member=_say(r, "letter.dear-member"),
                                              provider=_say(r, "letter.dear-provider")) in text


def test_a_pend_says_no_decision_is_made_and_a_signed_letter_names_its_signer():
    pend = _review(CASES / "hip-laterality.yaml")
    assert pend.decision == "pend"
    text, _ = _read(letter.letter_html(pend))
    assert "No decision has been made yet" in text and "what we decided" not in text
    signed = _review(SIGNED)
    who = signed.case.review.reviewer
    text, _ = _read(letter.letter_html(signed))
    assert f"{_say(signed, 'letter.signed')} {who.name}, {who.credentials}" in text


def test_case_text_is_escaped_and_the_page_loads_nothing(tmp_path):
    hostile = "<script>alert(1)</script>"
    text = SIGNED.read_text()
    text = text.replace("name: Jane Example (fictitious)", f'name: "{hostile}"')
    text = text.replace("name: Example Physical Therapy Clinic (fictitious)", 'name: "<img src=x onerror=alert(2)>"')
    text = text.replace("member_id: MBR-0000-EXAMPLE", 'member_id: "</style><b>x</b>"')
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    page = letter.letter_html(_review(path))
    seen, tags = _read(page)

    assert hostile in seen and "<img src=x onerror=alert(2)>" in seen and "</style><b>x</b>" in seen
    assert "&lt;script&gt;" in page and "<script" not in page.lower()
    assert not {"script", "img", "link", "iframe", "b"} & set(tags)
    assert page.count("</style>") == 1 and "url(" not in page


def test_sentences_are_escaped_and_dates_kept_whole():
    # reasons, notice items and documentation items may quote the case (measure names, ids)
    assert letter._t("<b>pain</b> on 2025-01-02") == ("&lt;b&gt;pain&lt;/b&gt; on "
                                                     "<span class='ck-nowrap'>2025-01-02</span>")


def test_footer_counts_pages_and_keeps_quotes_out_of_the_stylesheet():
    page = letter.letter_html(_review(SEED))
    assert "counter(page)" in page and "counter(pages)" in page
    content = letter._css_content('a"b\\c</style>\0page\0')
    assert content.endswith("counter(page)")
    assert '"' not in content[1:content.index("counter") - 2] and "</style" not in content


def test_a4_and_an_unknown_paper():
    r = _review(SEED)
    assert "size: A4" in letter.letter_html(r, paper="A4")
    with pytest.raises(UsageError, match="letter, A4"):
        letter.letter_html(r, paper="legal")


# --- files, formats, the CLI -------------------------------------------------------------------

def test_write_letter_html_only_writes_one_file(tmp_path):
    written = letter.write_letter(_review(SEED), tmp_path, formats=("html",))
    assert written == {"letter-html": tmp_path / "HIP-SEED-0001.letter.html"}
    assert [p.name for p in tmp_path.iterdir()] == ["HIP-SEED-0001.letter.html"]
    with pytest.raises(UsageError, match="choose from html, pdf"):
        letter.write_letter(_review(SEED), tmp_path, formats=("docx",))


def test_split_formats():
    assert split_formats(("html", "letter")) == (("html",), True)
    assert split_formats(("letter",)) == ((), True)
    assert split_formats(("html", "pdf")) == (("html", "pdf"), False)
    with pytest.raises(UsageError, match="html, pdf, letter"):
        split_formats(("html", "xml"))


@pytest.mark.slow
@needs_chromium
def test_cli_to_letter_writes_only_the_letter_and_runs_no_notebook(tmp_path, monkeypatch, capsys):
    from casekit import cli, notebook

    def no_kernel(*args, **kwargs):
        raise AssertionError("a letter alone must not execute the notebook")

    monkeypatch.setattr(notebook, "execute", no_kernel)
    assert cli.main(["report", SEED, "--out", str(tmp_path), "--to", "letter"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["HIP-SEED-0001.letter.html", "HIP-SEED-0001.letter.pdf"]
    assert not list(tmp_path.glob("*.ipynb"))
    assert "letter-pdf:" in capsys.readouterr().out


def test_cli_unknown_format_is_a_usage_error(tmp_path, capsys):
    from casekit import cli
    assert cli.main(["report", SEED, "--out", str(tmp_path), "--to", "letter,docx"]) == 2
    assert "html, pdf, letter" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_batch_refuses_an_unknown_format_before_any_case(tmp_path):
    from casekit.batch import run_batch
    with pytest.raises(UsageError, match="html, pdf, letter"):
        run_batch([SEED], tmp_path / "out", formats=("letter", "docx"))
    assert not (tmp_path / "out").exists()


# --- real browser: two pages at most, the same bytes twice ---------------------------------------

@pytest.mark.slow
@needs_chromium
def test_every_example_letter_prints_on_at_most_two_pages(tmp_path):
    cases = EXAMPLES
    sources = []
    for path in cases:
        html_path = tmp_path / f"{path.stem}.html"
        html_path.write_text(letter.letter_html(_review(path)), encoding="utf-8")
        sources.append(html_path)
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = list(pool.map(lambda h: render.to_pdf(h, h.with_suffix(".pdf")), sources))
    pages = {pdf.stem: len(PDF_PAGE.findall(pdf.read_bytes())) for pdf in pdfs}
    assert all(1 <= n <= 2 for n in pages.values()), pages
    assert len(pages) == len(cases)


@pytest.mark.slow
@needs_chromium
def test_the_letter_pdf_is_the_same_bytes_twice(tmp_path):
    r = _review(SIGNED)
    first = letter.write_letter(r, tmp_path / "a", formats=("pdf",))["letter-pdf"]
    second = letter.write_letter(r, tmp_path / "b", formats=("pdf",))["letter-pdf"]
    assert first.read_bytes() == second.read_bytes()
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["HIP-SEED-0001-SIGNED.letter.pdf"]


# --- batch ---------------------------------------------------------------------------------------

@pytest.mark.slow
@needs_chromium
def test_batch_writes_letters_beside_the_reports_and_keeps_identifiers_out(tmp_path):
    from casekit.batch import run_batch
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("hip-seed-signed.yaml", "hip-laterality.yaml"):
        (inputs / name).write_text((CASES / name).read_text())
    (inputs / "broken.yaml").write_text("format: casekit/1\nid: BROKEN\n")
    out, stream = tmp_path / "out", io.StringIO()

    summary = run_batch([str(inputs)], out, jobs=2, formats=("html", "letter"), stream=stream)

    assert (summary["ok"], summary["invalid"]) == (2, 1)
    rows = {row["id"]: row for row in json.loads((out / "manifest.json").read_text())["cases"]}
    for case_id in ("HIP-SEED-0001-SIGNED", "HIP-SIDE-0005"):
        assert {f"{case_id}.letter.html", f"{case_id}.letter.pdf", f"{case_id}.html"} <= set(rows[case_id]["outputs"])
        assert all((out / o).is_file() for o in rows[case_id]["outputs"])
    case = casekit.load_case(str(SIGNED))
    phi = (case.patient.name, case.review.member_id, case.review.claim_id, case.review.provider.name,
           case.review.provider.npi, case.review.reviewer.name, case.review.reviewer.licence)
    logs = stream.getvalue() + (out / "manifest.csv").read_text() + (out / "manifest.json").read_text() \
        + (out / "index.html").read_text()
    assert not [v for v in phi if v in logs]
    assert case.review.member_id in (out / "HIP-SEED-0001-SIGNED.letter.html").read_text()


@pytest.mark.slow
@needs_chromium
def test_a_letter_only_batch_runs_no_notebook_and_resumes(tmp_path):
    from casekit.batch import run_batch
    out = tmp_path / "out"
    summary = run_batch([SEED], out, jobs=1, formats=("letter",), stream=io.StringIO())
    assert summary["ok"] == 1
    assert sorted(p.name for p in out.glob("HIP-SEED-0001*")) == ["HIP-SEED-0001.letter.html",
                                                                   "HIP-SEED-0001.letter.pdf"]
    again = run_batch([SEED], out, jobs=1, formats=("letter",), stream=io.StringIO())
    assert again["skipped"] == 1
