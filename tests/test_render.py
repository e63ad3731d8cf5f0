"""casekit.render: offline HTML with plotly.js once, a real browser draws it, the PDF has ink."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from casekit import render
from casekit.errors import RenderError, UsageError

try:  # the same tiny notebook the execution tests run
    from test_notebook_exec import write_tiny_notebook
except ImportError:  # tests/ imported as a package
    from tests.test_notebook_exec import write_tiny_notebook

PLOTLY_JS_COPY = re.compile(r"\* plotly\.js v\d+\.\d+\.\d+")
# Anything that would make the browser fetch from the network.
NETWORK_LOAD = re.compile(
    r"<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//"
    r"|url\(\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)
needs_chromium = pytest.mark.skipif(render.find_chromium() is None, reason="no Chromium on PATH")


def _figure_json(y):
    import plotly.graph_objects as go

    return go.Figure(go.Bar(x=["a", "b"], y=y)).to_plotly_json()


def _executed_by_hand(*extra_cells) -> nbformat.NotebookNode:
    """A notebook as the kernel would leave it, without running one (fast tests)."""
    figure = new_code_cell("fig.show()", outputs=[
        new_output("display_data", data={render.PLOTLY_MIME: _figure_json([1, 2])}),
    ])
    second = new_code_cell("fig2.show()", outputs=[
        new_output("display_data", data={render.PLOTLY_MIME: _figure_json([3, 4])}),
    ])
    html = new_code_cell("display(HTML(...))", outputs=[
        new_output("display_data", data={"text/html": "<p class='ok'>hello</p>", "text/plain": "<HTML>"}),
    ])
    return new_notebook(cells=[new_markdown_cell("# Title"), figure, second, html, *extra_cells])


def _without_plotly_js(html: str) -> str:
    """The page minus the inline plotly.js bundle, whose own text is full of URLs."""
    return re.sub(r"<script[^>]*>/\*\*\s*\* plotly\.js.*?</script>", "", html, flags=re.DOTALL)


def _ink_fraction(pgm: bytes) -> float:
    """Share of pixels darker than near-white in a binary (P5) PGM image."""
    fields, pos = [], 0
    while len(fields) < 4:  # magic, width, height, maxval, separated by whitespace/comments
        while pgm[pos:pos + 1].isspace():
            pos += 1
        if pgm[pos:pos + 1] == b"#":
            pos = pgm.index(b"\n", pos)
            continue
        end = pos
        while not pgm[end:end + 1].isspace():
            end += 1
        fields.append(pgm[pos:end])
        pos = end
    assert fields[0] == b"P5" and int(fields[3]) < 256
    width, height = int(fields[1]), int(fields[2])
    pixels = pgm[pos + 1: pos + 1 + width * height]
    assert len(pixels) == width * height
    return sum(1 for p in pixels if p < 240) / len(pixels)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    from casekit.notebook import execute

    path = write_tiny_notebook(tmp_path_factory.mktemp("nb") / "tiny.ipynb")
    return execute(path, {"x": 5})


@pytest.fixture(scope="module")
def report(executed, tmp_path_factory) -> Path:
    return render.to_html(executed, tmp_path_factory.mktemp("html") / "tiny.html", title="Tiny")


# -- HTML --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_html_is_offline_with_one_plotly_js_and_no_code(report):
    html = report.read_text()

    assert not NETWORK_LOAD.search(_without_plotly_js(html))
    assert len(PLOTLY_JS_COPY.findall(html)) == 1
    assert re.search(r'<div class="plotly-graph-div" id="casekit-figure-1"', html)
    assert "x is 5" in html
    # Sources of code cells, including the parameters, never reach the report.
    for source in ("x = 1", "x = 5", "fig.show()", "display(HTML"):
        assert source not in html
    assert "<title>Tiny</title>" in html


def test_html_has_plotly_js_once_for_many_figures_and_is_stable(tmp_path):
    nb = _executed_by_hand()
    first = render.to_html(nb, tmp_path / "a.html").read_text()
    second = render.to_html(nb, tmp_path / "b.html").read_text()

    assert len(PLOTLY_JS_COPY.findall(first)) == 1
    assert "casekit-figure-1" in first and "casekit-figure-2" in first
    assert '<p class="ok">hello</p>' in first  # trusted HTML output kept, not sanitised
    assert first.replace("<title>a</title>", "") == second.replace("<title>b</title>", "")
    assert render.PLOTLY_MIME in nb.cells[1].outputs[0].data  # the caller's notebook is untouched


def test_figures_fill_the_column_whatever_their_fixed_width(tmp_path):
    import plotly.graph_objects as go

    wide = go.Figure(go.Bar(y=[1]), layout={"width": 1234, "height": 321}).to_plotly_json()
    nb = new_notebook(cells=[new_code_cell("", outputs=[
        new_output("display_data", data={render.PLOTLY_MIME: wide})])])
    html = render.to_html(nb, tmp_path / "r.html").read_text()
    assert '"width":1234' not in html and '"height":321' in html
    assert wide["layout"]["width"] == 1234  # the caller's figure is untouched


def test_shared_plotly_js_is_a_local_script_src(tmp_path):
    js = render.write_plotly_js(tmp_path)
    assert render.write_plotly_js(tmp_path) == js == tmp_path / "plotly.min.js"
    assert PLOTLY_JS_COPY.search(js.read_text()[:200])

    html = render.to_html(_executed_by_hand(), tmp_path / "r.html", plotly_js=js.name).read_text()
    assert re.search(r'<script src="plotly.min.js" type="text/javascript"></script>', html)
    assert not PLOTLY_JS_COPY.search(html)
    assert len(html) < 40_000  # no 256 KB JupyterLab stylesheet in every report of a batch


def test_no_figures_means_no_plotly_js(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# Nothing to plot")])
    html = render.to_html(nb, tmp_path / "r.html").read_text()
    assert "Nothing to plot" in html and "Plotly" not in html


@pytest.mark.parametrize("url", ["https://cdn.plot.ly/plotly.min.js", "//cdn/plotly.js", ""])
def test_network_plotly_js_is_refused(tmp_path, url):
    with pytest.raises(UsageError, match="must not load scripts from the network"):
        render.to_html(_executed_by_hand(), tmp_path / "r.html", plotly_js=url)


def test_tagged_cells_and_stderr_stay_out(tmp_path):
    nb = _executed_by_hand(
        new_code_cell("debug", metadata={"tags": ["remove-cell"]}, outputs=[
            new_output("stream", name="stdout", text="internal debugging\n")]),
        new_code_cell("warn", outputs=[new_output("stream", name="stderr", text="UserWarning: stderr-marker\n")]),
    )
    html = render.to_html(nb, tmp_path / "r.html").read_text()
    assert "internal debugging" not in html and "stderr-marker" not in html


def test_print_stylesheet_and_paper(tmp_path):
    html = render.to_html(_executed_by_hand(), tmp_path / "r.html", paper="A4").read_text()
    assert "@media print" in html and "size: A4;" in html and "break-inside: avoid" in html
    with pytest.raises(UsageError, match="paper"):
        render.to_html(_executed_by_hand(), tmp_path / "r.html", paper="legal")


def test_another_template_dir(tmp_path):
    mine = tmp_path / "mine"
    shutil.copytree(render.default_template_dir(), mine)
    index = mine / "index.html.j2"
    index.write_text(index.read_text() + "\n{% block extra_css %}<style>/* my-house-style */</style>{% endblock extra_css %}\n")

    html = render.to_html(_executed_by_hand(), tmp_path / "r.html", template_dir=mine).read_text()
    assert "my-house-style" in html

    with pytest.raises(UsageError, match="not a report template directory"):
        render.to_html(_executed_by_hand(), tmp_path / "r.html", template_dir=tmp_path)


def test_a_failing_template_leaves_the_old_report_in_place(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(render.default_template_dir(), broken)
    (broken / "index.html.j2").write_text("{% extends 'lab/index.html.j2' %}{% block body_header %}{{ 1 / 0 }}{% endblock %}")
    out = tmp_path / "r.html"
    out.write_text("previous report")

    with pytest.raises(RenderError, match="template failed"):
        render.to_html(_executed_by_hand(), out, template_dir=broken)
    assert out.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["r.html"]


# -- browser and PDF -----------------------------------------------------------------------------


@pytest.mark.slow
@needs_chromium
def test_browser_draws_the_plot_without_script_errors(report):
    dom = render.dump_dom(report)

    assert '<svg class="main-svg"' in dom
    errors = re.search(r'<html[^>]*\bdata-casekit-errors="([^"]*)"', dom)
    assert errors is not None, "the template's error collector did not run"
    assert errors.group(1) == "[]"


@pytest.mark.slow
@needs_chromium
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_pdf_first_page_has_the_chart(report, tmp_path):
    pdf = render.to_pdf(report, tmp_path / "tiny.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")

    page = subprocess.run(
        ["pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", str(pdf)],
        capture_output=True, check=True,
    ).stdout
    # Title text alone inks well under 1% of the page; the bar chart takes far more.
    assert _ink_fraction(page) > 0.03
    assert [p.name for p in tmp_path.iterdir()] == ["tiny.pdf"]


@pytest.mark.slow
@needs_chromium
def test_render_writes_notebook_html_and_pdf(executed, tmp_path):
    paths = render.render(executed, tmp_path, "case-1", renderer="nbconvert")

    assert set(paths) == {"ipynb", "html", "pdf"}
    assert all(p.parent == tmp_path and p.stem == "case-1" for p in paths.values())
    assert nbformat.read(paths["ipynb"], as_version=4).cells[1].metadata["tags"] == ["parameters"]

    pdf_only = render.render(executed, tmp_path / "pdf", "case-1", formats=("pdf",), renderer="nbconvert")
    assert set(pdf_only) == {"ipynb", "pdf"}
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["case-1.ipynb", "case-1.pdf"]


def test_missing_chromium_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEKIT_CHROMIUM", str(tmp_path / "no-such-browser"))
    html = render.to_html(_executed_by_hand(), tmp_path / "r.html")

    assert render.find_chromium() is None
    with pytest.raises(RenderError, match="apt-get install chromium"):
        render.to_pdf(html, tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()


def test_render_refuses_unknown_formats_and_renderers(tmp_path):
    nb = _executed_by_hand()
    with pytest.raises(UsageError, match="choose from html, pdf"):
        render.render(nb, tmp_path, "x", formats=("docx",))
    with pytest.raises(UsageError, match="choose from auto, nbconvert, quarto"):
        render.render(nb, tmp_path, "x", renderer="latex")


@pytest.mark.slow
@pytest.mark.skipif(not render.quarto_available(), reason="quarto is not on PATH (it cannot be installed here)")
def test_quarto_renders_the_executed_notebook(executed, tmp_path):
    paths = render.render(executed, tmp_path, "case-1", formats=("html", "pdf"), renderer="quarto")
    assert paths["html"].read_text().count("x is 5") >= 1
    assert paths["pdf"].read_bytes().startswith(b"%PDF-")
