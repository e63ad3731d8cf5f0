"""From an executed notebook to a report that works offline: HTML (nbconvert), PDF (Chromium).

    render(nb, out_dir, stem)   writes <stem>.ipynb, .html and .pdf; Quarto instead when asked
    to_html(nb, path)           nbconvert with casekit's template (code hidden, no CDN scripts)
    to_pdf(html, pdf)           headless Chromium prints the HTML once its charts have drawn
    dump_dom(html)              the DOM after scripts ran, for checking a report in a browser

Plotly figures stay in the notebook as their small ``application/vnd.plotly.v1+json`` output
(nbconvert would drop them); here each becomes a ``<div>`` drawn by plotly.js, which is
included once per page: inline (4.7 MB, one self-contained file) or as a ``<script src>`` to a
local copy that a batch shares (:func:`write_plotly_js`). Never a CDN: reports hold patient
data and are read offline.

Every file is written to a temporary name in its directory and renamed, so a reader never sees
half a report.

With ``$SOURCE_DATE_EPOCH`` set (:func:`source_date`), the same case gives the same bytes: every
date written comes from it (the notebook's execution times, :func:`pin_notebook_times`; the
PDF's metadata dates, :func:`pin_pdf_dates`), cells have ids from their place (see
``casekit.notebook``) and figures numbered ``<div>`` ids.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casekit._lazy_imports import defer_rfc3987_syntax
from casekit.errors import RenderError, UsageError

# Before nbformat/nbconvert import jsonschema (see casekit._lazy_imports): ~2 s with JupyterLab.
defer_rfc3987_syntax()

if TYPE_CHECKING:  # pragma: no cover - typing only; keeps `import casekit` light
    import nbformat

__all__ = [
    "default_template_dir",
    "dump_dom",
    "find_chromium",
    "pin_notebook_times",
    "pin_pdf_dates",
    "quarto_available",
    "render",
    "render_quarto",
    "source_date",
    "to_html",
    "to_pdf",
    "write_plotly_js",
    "atomic_write",
]

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
FORMATS = ("html", "pdf")
RENDERERS = ("auto", "nbconvert", "quarto")
PAPERS = ("letter", "A4")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def default_template_dir() -> Path:
    """The report template casekit uses: ``$CASEKIT_TEMPLATE_DIR`` if set, else the packaged one.

    Example::

        shutil.copytree(default_template_dir(), "my-template")  # then edit my-template/
    """
    env = os.environ.get("CASEKIT_TEMPLATE_DIR")
    return Path(env) if env else Path(__file__).parent / "templates" / "casekit"


def to_html(
    nb: nbformat.NotebookNode,
    out_path: str | os.PathLike[str],
    *,
    plotly_js: str = "inline",
    template_dir: str | os.PathLike[str] | None = None,
    title: str | None = None,
    paper: str = "letter",
) -> Path:
    """Write an executed notebook as one offline HTML report and return its path.

    ``plotly_js`` is ``"inline"`` (self-contained file) or a relative URL, seen from the HTML
    file, of a copy made by :func:`write_plotly_js`. ``template_dir`` is an nbconvert template
    directory (default :func:`default_template_dir`); ``paper`` is ``"letter"`` or ``"A4"``.

    Example::

        nb = casekit.notebook.execute("review.ipynb", {"case_path": "cases/hip.yaml"})
        to_html(nb, "out/hip.html", title="Hip pain: review")
    """
    _check_plotly_js(plotly_js)
    if paper not in PAPERS:
        raise UsageError(f"paper {paper!r} is not one of {', '.join(PAPERS)}")
    out_path = Path(out_path)
    nb, n_figures = _plotly_outputs_to_html(nb)
    resources = {
        "metadata": {"name": title or out_path.stem},
        "casekit": {
            "has_plotly": n_figures > 0,
            "plotly_js_inline": _plotly_js_text() if n_figures and plotly_js == "inline" else None,
            "plotly_js_src": None if plotly_js == "inline" else plotly_js,
            "paper": paper,
        },
    }
    exporter = _exporter(str(Path(template_dir or default_template_dir()).resolve()))
    try:
        body, _ = exporter.from_notebook_node(nb, resources=resources)
    except Exception as exc:  # jinja2 errors from a user's template are the usual cause
        raise RenderError(f"{out_path.name}: the HTML template failed: {type(exc).__name__}: {exc}") from None
    atomic_write(out_path, body.encode("utf-8"))
    return out_path


def write_plotly_js(dest_dir: str | os.PathLike[str]) -> Path:
    """Copy plotly's bundled ``plotly.min.js`` into ``dest_dir`` (once) and return its path.

    For a batch: every report then loads it with ``to_html(..., plotly_js="plotly.min.js")``
    instead of carrying its own 4.7 MB copy.

    Example::

        js = write_plotly_js("out/")
        to_html(nb, "out/case-1.html", plotly_js=js.name)
    """
    data, dest = _plotly_js_path().read_bytes(), Path(dest_dir) / "plotly.min.js"
    if not (dest.is_file() and dest.read_bytes() == data):  # rewritten after a plotly upgrade
        atomic_write(dest, data)
    return dest


def find_chromium() -> str | None:
    """Path of the Chromium to print with: ``$CASEKIT_CHROMIUM``, else the first of
    ``chromium``, ``chromium-browser``, ``google-chrome`` on ``PATH``; ``None`` if there is none.

    Example::

        find_chromium()  # '/usr/bin/chromium'
    """
    env = os.environ.get("CASEKIT_CHROMIUM")
    if env:
        return shutil.which(env)
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


def to_pdf(
    html_path: str | os.PathLike[str],
    pdf_path: str | os.PathLike[str],
    *,
    chromium: str | None = None,
    timeout: int = 60,
) -> Path:
    """Print an HTML report to PDF with headless Chromium and return the PDF's path.

    Chromium is given virtual time to run the page's scripts, so plotly charts are drawn
    (as vector graphics) before printing. Nothing is downloaded: without a Chromium this raises
    :class:`~casekit.errors.RenderError` saying how to install one.

    Example::

        to_pdf("out/hip.html", "out/hip.pdf")
    """
    html_path = _existing(html_path)
    pdf_path = Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = pdf_path.with_name(f".{pdf_path.name}.{secrets.token_hex(4)}.tmp")
    from .browser import kept

    try:
        if (printer := kept()) is not None and chromium is None:  # a batch worker's browser
            printer.timeout = timeout
            tmp.write_bytes(printer.pdf(html_path))
        else:
            _run_chromium(chromium, [f"--print-to-pdf={tmp}"], html_path, timeout)
        head = tmp.read_bytes()[:5] if tmp.is_file() else b""
        # An empty page still makes a ~1 KB PDF; less than that, or no header, is a failed print.
        if head != b"%PDF-" or tmp.stat().st_size < 1024:
            raise RenderError(f"{html_path.name}: Chromium exited without writing a PDF")
        when = source_date()
        if when is not None:  # Chromium stamps the time of printing, whatever the epoch says
            tmp.write_bytes(pin_pdf_dates(tmp.read_bytes(), when))
        os.replace(tmp, pdf_path)
    finally:
        tmp.unlink(missing_ok=True)
    return pdf_path


def dump_dom(
    html_path: str | os.PathLike[str], *, chromium: str | None = None, timeout: int = 60
) -> str:
    """The page's DOM after its scripts ran, serialised by headless Chromium.

    A report drew its charts if the DOM has ``<svg class="main-svg"``; its script errors are in
    the ``data-casekit-errors`` attribute of ``<html>`` (a JSON list, ``[]`` when clean).

    Example::

        dom = dump_dom("out/hip.html")
        assert 'class="main-svg"' in dom
    """
    return _run_chromium(chromium, ["--dump-dom"], _existing(html_path), timeout)


def quarto_available() -> bool:
    """Whether the ``quarto`` command is on ``PATH``.

    Example::

        renderer = "quarto" if quarto_available() else "nbconvert"
    """
    return shutil.which("quarto") is not None


def render_quarto(
    ipynb_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    formats: tuple[str, ...] = ("html", "typst"),
) -> list[Path]:
    """Render an already executed notebook with Quarto (``--no-execute``); return the files.

    Quarto writes beside its input, so the notebook is copied into ``out_dir`` first. Formats
    are ``html`` (``<stem>.html`` and a ``<stem>_files/`` folder) and ``typst`` (``<stem>.pdf``).
    Plotly figures reach the HTML only; Typst shows static images, not interactive charts.

    Example::

        render_quarto("out/hip.ipynb", "out/", formats=("html",))
    """
    quarto = shutil.which("quarto")
    if quarto is None:
        raise RenderError("quarto is not on PATH: install Quarto, or use renderer='nbconvert'")
    source, out_dir = _existing(ipynb_path), Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / source.name
    if target != source:
        atomic_write(target, source.read_bytes())
    written = []
    for fmt in formats:
        what = f"{target.name}: quarto render --to {fmt}"
        try:
            proc = subprocess.run([quarto, "render", target.name, "--to", fmt, "--no-execute"],
                                  cwd=out_dir, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            raise RenderError(f"{what} took longer than 600 s") from None
        if proc.returncode != 0:
            raise RenderError(f"{what} failed (exit {proc.returncode}): {_tail(proc.stderr)}")
        produced = target.with_suffix(".html" if fmt == "html" else ".pdf")
        if not produced.is_file():
            raise RenderError(f"{what} did not write {produced.name}")
        written.append(produced)
    return written


def render(
    nb: nbformat.NotebookNode,
    out_dir: str | os.PathLike[str],
    stem: str,
    formats: tuple[str, ...] = ("html", "pdf"),
    renderer: str = "auto",
    plotly_js: str = "inline",
    *,
    template_dir: str | os.PathLike[str] | None = None,
    title: str | None = None,
    paper: str = "letter",
) -> dict[str, Path]:
    """Write ``<stem>.ipynb`` (the executed notebook) and the reports asked for into ``out_dir``.

    ``formats`` are among ``"html"``, ``"pdf"``. ``renderer="auto"`` uses Quarto when it is
    on ``PATH`` and nbconvert + Chromium otherwise. Returns ``{"ipynb": ..., "html": ...,
    "pdf": ...}`` for what was written.

    Example::

        paths = render(nb, "out", "hip-2025-03", formats=("html", "pdf"))
        paths["pdf"]  # PosixPath('out/hip-2025-03.pdf')
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown report format(s) {unknown}: choose from {', '.join(FORMATS)}")
    if renderer not in RENDERERS:
        raise UsageError(f"unknown renderer {renderer!r}: choose from {', '.join(RENDERERS)}")
    import nbformat

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    when = source_date()
    if when is not None:
        nb = pin_notebook_times(nb, when)
    written = {"ipynb": out_dir / f"{stem}.ipynb"}
    atomic_write(written["ipynb"], nbformat.writes(nb).encode("utf-8"))
    if renderer == "quarto" or (renderer == "auto" and quarto_available()):
        to = {"html": "html", "pdf": "typst"}
        for fmt, path in zip(formats, render_quarto(written["ipynb"], out_dir, tuple(to[f] for f in formats))):
            written[fmt] = path
        return written
    options = {"plotly_js": plotly_js, "template_dir": template_dir, "title": title or stem, "paper": paper}
    if "html" in formats:
        written["html"] = to_html(nb, out_dir / f"{stem}.html", **options)
    if "pdf" in formats:
        html = written.get("html") or to_html(nb, out_dir / f".{stem}.print.html", **options)
        try:
            written["pdf"] = to_pdf(html, out_dir / f"{stem}.pdf")
        finally:
            if "html" not in formats:
                html.unlink(missing_ok=True)
    return written


def source_date() -> dt.datetime | None:
    """The time ``$SOURCE_DATE_EPOCH`` fixes (UTC), or None when it is unset or not a whole
    number of seconds since 1970 (then real times are written, as without it).

    The reproducible-builds convention: with it set, every date casekit writes into a report
    (the audit's "generated", notebook execution times, the PDF's dates) is this one, so the
    same inputs give the same bytes.

    Example::

        os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
        source_date()  # datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError):  # beyond the years a datetime holds
        return None


def pin_notebook_times(nb: nbformat.NotebookNode, when: dt.datetime) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose execution times are ``when`` and durations 0.

    Covers what papermill and nbclient record, if they were asked to (casekit's own execution
    records none): ``metadata.papermill`` of the notebook and of each cell (``start_time``,
    ``end_time``, ``duration``) and each cell's ``metadata.execution`` timestamps.

    Example::

        nb = pin_notebook_times(nb, source_date())
    """
    stamp = when.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
    nb = copy.deepcopy(nb)
    for meta in [nb.metadata, *(cell.metadata for cell in nb.cells)]:
        papermill = meta.get("papermill")
        if isinstance(papermill, dict):
            for key in papermill:
                if key.endswith("_time") and papermill[key] is not None:
                    papermill[key] = stamp
                elif key == "duration" and papermill[key] is not None:
                    papermill[key] = 0.0
        execution = meta.get("execution")
        if isinstance(execution, dict):  # nbclient's record_timing: every value is a time
            for key in execution:
                execution[key] = stamp
    return nb


# A PDF Info date "D:20261129185317+00'00'" and an XMP date "2026-11-29T18:53:17.12+00:00";
# a file identifier /ID [<hex> <hex>].
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\()(D:[0-9][0-9+\-Z']*)(\))")
_XMP_DATE = re.compile(rb"(xmp:(?:CreateDate|ModifyDate|MetadataDate)(?:>|=[\"']))"
                       rb"([0-9]{4}[0-9T:.+\-Z]*)([<\"'])")
_PDF_ID = re.compile(rb"(/ID\s*\[\s*)<([0-9A-Fa-f]+)>(\s*)<([0-9A-Fa-f]+)>")


def pin_pdf_dates(data: bytes, when: dt.datetime) -> bytes:
    """``data`` (a PDF) with its creation and modification dates set to ``when``.

    Rewrites the Info dictionary's ``/CreationDate`` and ``/ModDate``, XMP ``CreateDate``,
    ``ModifyDate`` and ``MetadataDate``, and makes any ``/ID`` a digest of the document. Every
    value keeps its length (same precision, time zone written as UTC), so the cross-reference
    offsets stay right and the file stays valid.

    Example::

        pdf.write_bytes(pin_pdf_dates(pdf.read_bytes(), source_date()))
    """
    digits = when.astimezone(dt.timezone.utc).strftime("%Y%m%d%H%M%S").encode()
    data = _PDF_DATE.sub(lambda m: m[1] + _same_shape(m[2], digits) + m[3], data)
    data = _XMP_DATE.sub(lambda m: m[1] + _same_shape(m[2], digits) + m[3], data)
    if _PDF_ID.search(data):
        # Digest of the document without its identifiers: the same content, the same /ID.
        blank = _PDF_ID.sub(lambda m: m[1] + b"<" + b"0" * len(m[2]) + b">" + m[3]
                            + b"<" + b"0" * len(m[4]) + b">", data)
        digest = hashlib.sha256(blank).hexdigest().upper().encode()
        data = _PDF_ID.sub(lambda m: m[1] + b"<" + (digest * 2)[:len(m[2])] + b">" + m[3]
                           + b"<" + (digest * 2)[:len(m[4])] + b">", data)
    return data


def _same_shape(old: bytes, digits: bytes) -> bytes:
    """``old`` (a date) with its digits up to the second taken from ``digits``, any later ones
    (fractions, time zone) 0 and the zone's sign "+": the same length and precision, in UTC."""
    out, n, in_zone, seen_time = bytearray(), 0, False, False
    for byte in old:
        ch = bytes([byte])
        if ch.isdigit():
            out += digits[n:n + 1] if n < len(digits) and not in_zone else b"0"
            n += 1
            continue
        # A sign starts the zone: always in a PDF date, after the time in an ISO one.
        if ch in (b"+", b"-") and (old.startswith(b"D:") or seen_time or n >= len(digits)):
            ch, in_zone = b"+", True
        seen_time = seen_time or ch == b"T"
        out += ch
    return bytes(out)


# -- helpers ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _exporter(template_dir: str) -> Any:
    # Building an exporter costs ~0.4 s (template discovery); a batch worker makes one per
    # template directory and reuses it (~0.08 s per report).
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    path = Path(template_dir)
    if not (path / "index.html.j2").is_file():
        raise UsageError(
            f"{path}: not a report template directory (it needs index.html.j2 and conf.json); "
            f"copy {Path(__file__).parent / 'templates' / 'casekit'} to start one"
        )
    c = Config()
    c.HTMLExporter.exclude_input = True
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    # Sanitising would strip the plotly <script>s; case text is escaped before it reaches HTML.
    c.HTMLExporter.sanitize_html = False
    # Pygments CSS styles code, which a report never shows.
    c.CSSHTMLHeaderPreprocessor.enabled = False
    # Cells a notebook author marks "remove-cell" / "remove-output" stay out of the report.
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    c.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
    return HTMLExporter(config=c, template_name=path.name, extra_template_basedirs=[str(path.parent)])


def _plotly_outputs_to_html(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, int]:
    """A copy of ``nb`` with each plotly mimetype output turned into a plotly ``<div>``."""
    import plotly.io as pio

    from .run import REVIEW_MIME

    nb = copy.deepcopy(nb)
    count = 0
    for cell in nb.cells:
        # the review's machine-readable outcome is for batch workers, never for the page
        cell["outputs"] = [o for o in cell.get("outputs", []) if REVIEW_MIME not in o.get("data", {})]
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PLOTLY_MIME not in data:
                continue
            count += 1
            figure = data.pop(PLOTLY_MIME)
            if isinstance(figure, str):
                figure = json.loads(figure)
            # A figure's own config (fig.show(config=...)) is kept, under casekit's defaults.
            config = {**figure.pop("config", {}), **PLOTLY_CONFIG}
            # The page owns the width: a fixed one wider than the printable column is clipped
            # in print, so every figure fills the column; its height is kept.
            layout = figure.setdefault("layout", {})
            layout.pop("width", None)
            layout["autosize"] = True
            # Numbered ids (not plotly's random ones) keep a report byte-stable for golden tests.
            data["text/html"] = pio.to_html(
                figure, include_plotlyjs=False, full_html=False, config=config,
                div_id=f"casekit-figure-{count}", validate=False,
            )
    return nb, count


def _plotly_js_path() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@functools.lru_cache(maxsize=1)
def _plotly_js_text() -> str:
    return _plotly_js_path().read_text(encoding="utf-8")



#: plotly.js as text, for a page that inlines it (the class page)
plotly_js_text = _plotly_js_text

def _check_plotly_js(plotly_js: str) -> None:
    if plotly_js == "inline":
        return
    if not plotly_js or "://" in plotly_js or plotly_js.startswith("//"):
        raise UsageError(f"plotly_js={plotly_js!r}: use 'inline' or a relative path to a local "
                         "plotly.min.js (see write_plotly_js); reports must not load scripts from the network")


def _existing(path: str | os.PathLike[str]) -> Path:
    path = Path(path).resolve()
    if not path.is_file():
        raise RenderError(f"{path}: file not found")
    return path


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary name in the same folder and a rename, so a
    reader (or a resumed batch) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # os.open applies the umask, unlike mkstemp's fixed 0600.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


#: how casekit starts Chromium, one-shot or kept (casekit.browser): headless, no sandbox or GPU,
#: nothing fetched in the background (the machine has no network), no header or footer on a PDF
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--no-pdf-header-footer", "--window-size=900,1200")


def chromium_exe(chromium: str | None, what: str = "") -> str:
    """The Chromium to run (``chromium`` or :func:`find_chromium`), else RenderError saying how to
    install Debian's; ``what`` names the page in the message."""
    exe = chromium or find_chromium()
    if exe is None or shutil.which(exe) is None:
        raise RenderError(
            f"{what + ': ' if what else ''}no Chromium found (looked for $CASEKIT_CHROMIUM, "
            f"{', '.join(CHROMIUM_NAMES)} on PATH); install Debian's chromium: apt-get install chromium"
        )
    return exe


def _run_chromium(chromium: str | None, action: list[str], html_path: Path, timeout: int) -> str:
    """Run headless Chromium on a local page with a fresh profile; return its stdout."""
    exe = chromium_exe(chromium, html_path.name)
    with tempfile.TemporaryDirectory(prefix="casekit-chromium-") as profile:
        argv = [
            exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
            # Virtual time lets plotly finish drawing before the print or DOM dump happens.
            "--virtual-time-budget=10000", "--run-all-compositor-stages-before-draw",
            *action, html_path.as_uri(),
        ]
        # Own session: on a timeout the whole browser (zygote, renderer, GPU) is killed.
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise RenderError(f"{html_path.name}: Chromium took longer than {timeout} s") from None
    if proc.returncode != 0:
        raise RenderError(f"{html_path.name}: Chromium failed (exit {proc.returncode}): {_tail(stderr)}")
    return stdout


def _tail(text: str, lines: int = 3) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:]) or "(no output)"
