"""Hostile case text reaches every report as text: never a link, a tag or a script.

Plotly draws a subset of HTML in its labels (``<a href>`` becomes a live link, in the page and in
the PDF Chromium prints), so case text is escaped before it reaches a figure; the report's own
HTML escapes it too. The slow tests render a hostile case with the real pipeline and look at
what a browser drew and at the PDF's link annotations.
"""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import re
from pathlib import Path

import pytest
import yaml

import casekit
from casekit import figures, render, report
from casekit.cli import main
from casekit.io import load_case
from conftest import SEED

EVIL = "https://evil.example/"


def _link(what: str, label: str) -> str:
    return f'<a href="{EVIL}{what}">{label}</a>'


# Case text by field; every value would be markup if it reached a page unescaped.
SOURCE = f"<b>x</b><img src=x onerror=alert(1)>{_link('source', 'claims')}"
MEASURE = _link("measure", "KOOS")
PAIN = '<a href="javascript:alert(1)">Pain</a><br>'
DESCRIPTION = f"{_link('dx', 'hip pain')} & <b>stiffness</b>"
DOCUMENT = _link("doc", "eval")
AUTHOR = _link("author", "Dr X") + " <script>alert(2)</script>"
MODALITY = _link("imaging", "MRI")
RESULT = _link("result", "normal")
GOAL = _link("goal", "walk 1 km") + " [x](javascript:alert(3))"
PROCEDURE = _link("surgery", "arthroscopy")
# What the report's text shows of them (the source and the pain score are in the charts only).
SHOWN = (MEASURE, DESCRIPTION, DOCUMENT, AUTHOR, MODALITY, RESULT)
# Plotly turns these entities (and numeric ones) back into characters; nothing else.
_PLOTLY_ENTITIES = {"mu": "\u03bc", "amp": "&", "lt": "<", "gt": ">", "nbsp": "\xa0",
                    "times": "\xd7", "plusmn": "\xb1", "deg": "\xb0"}
# The formatting casekit itself puts in figure labels.
CASEKIT_TAGS = {"<b>", "</b>", "<br>"}


def hostile_case(folder: Path) -> Path:
    """The seed case with markup in every free-text field a report or a figure could show."""
    case = yaml.safe_load(Path(SEED).read_text())
    visit_days = [v["date"] for v in case["visits"]]
    case["visit_counts"][0]["source"] = SOURCE
    case["measures"] = [
        {"name": MEASURE, "date": visit_days[0], "value": 40, "unit": "%"},
        {"name": MEASURE, "date": visit_days[-1], "value": 55, "unit": "%"},
        {"name": PAIN, "date": visit_days[-1], "value": 3, "unit": "/10"},
    ]
    case["diagnoses"][0]["description"] = DESCRIPTION
    doc = case["documents"][0]
    for visit in case["visits"]:
        if visit.get("document") == doc["id"]:
            visit["document"] = DOCUMENT
    doc.update(id=DOCUMENT, author=AUTHOR)
    case["plan_of_care"]["goals"] = [GOAL]
    case["history"]["imaging"] = [{"modality": MODALITY, "date": dt.date(2025, 6, 1), "result": RESULT}]
    case["history"]["surgery"] = {"procedure": PROCEDURE, "date": dt.date(2020, 1, 1)}
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(case, sort_keys=False))
    return path


def _drawn_strings(node, key=None):
    """Every string of a figure's JSON that plotly may draw (``meta`` is data, never drawn)."""
    if key == "meta":
        return
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _drawn_strings(v, k)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _drawn_strings(v, key)


def _as_plotly_shows(text: str) -> str:
    """The characters plotly draws for ``text`` outside its tags (its convertEntities)."""
    def one(m):
        name = m.group(1)
        if name.startswith("#"):
            return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
        return _PLOTLY_ENTITIES.get(name, m.group(0))
    return re.sub(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);", one, text)


def _allowed_links(case_path: Path) -> tuple[set[str], set[str]]:
    """The links casekit makes in a report: its reference anchors and its packs' https links."""
    rep = report.build(casekit.review(load_case(case_path)))
    anchors = {f"#ref-{e.number}" for e in rep.cites.entries}
    urls = {e.link for e in rep.cites.entries if e.link and e.link.startswith("https://")}
    return anchors, urls


class _Page(html.parser.HTMLParser):
    """Elements, attributes, link targets and drawn SVG text of a page, as a browser sees them."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.hrefs, self.svg_text = set(), set(), [], []
        self._in_text = 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs |= {name for name, _ in attrs}
        self.hrefs += [value for name, value in attrs if name in ("href", "xlink:href")]
        if tag == "text":
            self._in_text += 1

    def handle_endtag(self, tag):
        if tag == "text" and self._in_text:
            self._in_text -= 1

    def handle_data(self, data):
        if self._in_text:
            self.svg_text.append(data)


def _assert_only_casekit_markup(page: _Page, anchors: set[str], urls: set[str]) -> None:
    assert not page.tags & {"img", "iframe", "object", "embed", "b"}
    assert not [a for a in page.attrs if a.startswith("on")]
    foreign = [h for h in page.hrefs if h not in anchors | urls]
    assert not foreign, foreign


def _pdf_link_targets(data: bytes) -> list[tuple[str, str]]:
    """("dest", name) or ("uri", address) or ("other", action) for each link annotation."""
    # Chromium (Skia) writes no object streams, so every annotation is in plain sight here.
    assert b"/ObjStm" not in data
    targets = []
    for body in re.findall(rb"\bobj\b(.*?)\bendobj\b", data, re.S):
        if not re.search(rb"/Subtype\s*/Link\b", body):
            continue
        dest = re.search(rb"/Dest\s*/([^\s/>\[\]]+)", body)
        uri = re.search(rb"/S\s*/URI\s*/URI\s*\(((?:\\.|[^\\)])*)\)", body, re.S)
        if dest:
            targets.append(("dest", dest.group(1).decode("latin-1")))
        elif uri:
            targets.append(("uri", uri.group(1).decode("latin-1")))
        else:
            targets.append(("other", body.decode("latin-1")[:200]))
    return targets


# --- figures and report HTML (fast) --------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return hostile_case(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_review(hostile):
    return casekit.review(load_case(hostile))


def test_plain_escapes_markup_once_and_leaves_quotes():
    assert figures.plain('<a href="x">R&D</a>') == '&lt;a href="x"&gt;R&amp;D&lt;/a&gt;'
    assert figures.plain("&lt;") == "&amp;lt;"  # typed text, shown as typed: "&lt;"
    assert _as_plotly_shows(figures.plain('<a href="x">R&D</a> &lt; 5')) == '<a href="x">R&D</a> &lt; 5'
    assert figures.plain("claims history") == "claims history"


def test_case_text_reaches_the_figures_as_text_never_as_markup(hostile_review):
    figs = figures.figures_for(hostile_review)
    assert set(figs) == {"timeline", "cumulative", "symptoms"}
    drawn = [s for fig in figs.values() for s in _drawn_strings(fig.to_plotly_json())]

    # The only tags plotly is given are casekit's own bold and line breaks...
    tags = {t for s in drawn for t in re.findall(r"<[^<>]*>", s)}
    assert tags <= CASEKIT_TAGS, tags - CASEKIT_TAGS
    # ...and what plotly draws is the case text exactly as typed: escaped once, not twice.
    shows = [_as_plotly_shows(s) for s in drawn]
    for raw in (SOURCE, MEASURE, PAIN):
        assert any(raw in s for s in shows), raw
    assert not [s for s in drawn if "&amp;lt;" in s or "&amp;amp;" in s]
    # Traces keep the raw name in meta, for tests and readers of the figure.
    names = {t.meta["name"] for t in figs["symptoms"].data if t.meta.get("role") in ("pain", "scores")}
    assert {MEASURE, PAIN} <= names


def test_report_html_shows_every_case_field_as_escaped_text(hostile, hostile_review):
    page = report.build(hostile_review, str(hostile)).to_html()
    anchors, urls = _allowed_links(hostile)
    _assert_only_casekit_markup(_Page(page), anchors, urls)
    for raw in SHOWN:  # escaped once: a reader sees the text as typed
        assert html.escape(raw) in page, raw
        assert html.escape(html.escape(raw)) not in page, raw


def test_seed_figures_and_report_are_not_escaped_twice():
    r = casekit.review(load_case(SEED))
    page = report.build(r).to_html()
    drawn = [s for fig in figures.figures_for(r).values() for s in _drawn_strings(fig.to_plotly_json())]
    for text in [page, *drawn]:
        assert not re.search(r"&amp;(?:amp|lt|gt|quot|#x?[0-9a-fA-F]+);", text)
    assert "18 visits (claims history)" in drawn


# --- the real pipeline: browser and PDF (slow) ---------------------------------------------------

needs_chromium = pytest.mark.skipif(render.find_chromium() is None, reason="no Chromium on PATH")


@pytest.fixture(scope="module")
def rendered(hostile, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["report", str(hostile), "--out", str(out), "--to", "html,pdf", "--renderer", "nbconvert"]) == 0
    return out


@pytest.mark.slow
@needs_chromium
def test_drawn_page_has_no_links_or_elements_casekit_did_not_make(hostile, rendered):
    dom = render.dump_dom(rendered / "HIP-SEED-0001.html")
    page = _Page(dom)
    assert dom.count('class="main-svg"') >= 3  # plotly drew every chart, so its SVG is checked too
    _assert_only_casekit_markup(page, *_allowed_links(hostile))
    # The charts show the names and the source as typed, as text.
    drawn = " ".join(page.svg_text)
    for raw in (MEASURE, PAIN, f"18 visits ({SOURCE})"):
        assert raw in drawn, raw


@pytest.mark.slow
@needs_chromium
def test_pdf_links_only_to_what_casekit_cited(hostile, rendered):
    anchors, urls = _allowed_links(hostile)
    targets = _pdf_link_targets((rendered / "HIP-SEED-0001.pdf").read_bytes())
    assert ("dest", "ref-1") in targets and urls & {t for kind, t in targets if kind == "uri"}
    foreign = [t for t in targets if not ((t[0] == "dest" and f"#{t[1]}" in anchors)
                                          or (t[0] == "uri" and t[1] in urls))]
    assert not foreign, foreign
