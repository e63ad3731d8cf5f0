"""Byte-identical reports: with SOURCE_DATE_EPOCH set, the same case gives the same files.

What used to differ run to run: the injected parameters cell's random id (in the notebook and
in the HTML, which carries cell ids), and the PDF's creation and modification dates (Chromium
stamps the time of printing). Execution times (papermill, nbclient) are pinned too, for
notebooks executed elsewhere and rendered here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from casekit import notebook, render
from conftest import SEED

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


# --- SOURCE_DATE_EPOCH ---------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    (EPOCH, WHEN), (" 0 ", dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)),
    ("", None), ("yesterday", None), ("-5", None), ("1.5", None), ("9" * 30, None),
])
def test_source_date_reads_the_epoch_or_gives_none(monkeypatch, value, expected):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert render.source_date() == expected


def test_without_the_epoch_there_is_no_source_date(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert render.source_date() is None


# --- notebook cell ids and times -----------------------------------------------------------------


def _notebook_file(path: Path, *, ids: bool = True) -> Path:
    nb = new_notebook(cells=[new_markdown_cell("# T"),
                             new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                             new_code_cell("print(x)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    data = json.loads(nbformat.writes(nb))
    if not ids:  # as nbformat 4.4 wrote it: no cell ids at all
        data["nbformat_minor"] = 4
        for cell in data["cells"]:
            del cell["id"]
    path.write_text(json.dumps(data))
    return path


def test_injected_cell_gets_the_same_id_every_run(tmp_path):
    path = _notebook_file(tmp_path / "nb.ipynb")
    source_ids = [c["id"] for c in json.loads(path.read_text())["cells"]]
    first, second = (notebook._load(path, {"x": 5}) for _ in range(2))

    assert [c.id for c in first.cells] == [c.id for c in second.cells]
    assert [c.id for c in first.cells] == [source_ids[0], source_ids[1], "injected-parameters", source_ids[2]]
    nbformat.validate(first)


def test_cells_without_ids_get_them_from_their_place(tmp_path):
    path = _notebook_file(tmp_path / "old.ipynb", ids=False)
    nb = notebook._load(path, {"x": 5})
    assert [c.id for c in nb.cells] == ["cell-0", "cell-1", "injected-parameters", "cell-3"]
    assert [c.id for c in notebook._load(path, {}).cells] == ["cell-0", "cell-1", "cell-2"]
    nbformat.validate(nb)


def test_a_stable_id_never_repeats_one_the_notebook_has(tmp_path):
    path = _notebook_file(tmp_path / "nb.ipynb")
    data = json.loads(path.read_text())
    data["cells"][0]["id"], data["cells"][2]["id"] = "injected-parameters", "cell-2"
    path.write_text(json.dumps(data))
    nb = notebook._load(path, {"x": 5})
    assert [c.id for c in nb.cells] == ["injected-parameters", data["cells"][1]["id"],
                                        "injected-parameters-2", "cell-2"]
    nbformat.validate(nb)


def _timed_notebook(now: str) -> nbformat.NotebookNode:
    """A notebook as papermill's engine (with nbclient's record_timing) leaves it."""
    cell = new_code_cell("x", execution_count=1, outputs=[new_output("stream", text="hi\n")],
                         id="cell-0")
    cell.metadata["papermill"] = {"start_time": now, "end_time": now, "duration": 0.31,
                                  "status": "completed", "exception": False}
    cell.metadata["execution"] = {"iopub.execute_input": now, "shell.execute_reply": now}
    nb = new_notebook(cells=[cell])
    nb.metadata["papermill"] = {"start_time": now, "end_time": now, "duration": 2.5,
                                "parameters": {"x": 1}, "version": "2.7.0"}
    return nb


def test_pin_notebook_times_sets_every_time_to_the_epoch():
    nb = _timed_notebook("2026-11-29T18:53:17.123456Z")
    pinned = render.pin_notebook_times(nb, WHEN)
    stamp = "2026-01-01T00:00:00Z"

    assert pinned.metadata.papermill == {"start_time": stamp, "end_time": stamp, "duration": 0.0,
                                         "parameters": {"x": 1}, "version": "2.7.0"}
    cell = pinned.cells[0].metadata
    assert cell.papermill == {"start_time": stamp, "end_time": stamp, "duration": 0.0,
                              "status": "completed", "exception": False}
    assert set(cell.execution.values()) == {stamp}
    assert nb.cells[0].metadata.papermill["duration"] == 0.31  # the caller's notebook is untouched
    assert render.pin_notebook_times(_timed_notebook("2027-02-03T04:05:06Z"), WHEN) == pinned


def test_render_writes_the_same_notebook_and_html_twice(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    outs = [render.render(_timed_notebook(now), tmp_path / name, "case", formats=("html",),
                          renderer="nbconvert")
            for name, now in (("a", "2026-11-29T18:53:17Z"), ("b", "2026-11-29T19:01:02Z"))]
    for kind in ("ipynb", "html"):
        assert outs[0][kind].read_bytes() == outs[1][kind].read_bytes(), kind

    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # without it, the real times are kept
    kept = render.render(_timed_notebook("2026-11-29T18:53:17Z"), tmp_path / "c", "case", formats=())
    assert nbformat.read(kept["ipynb"], as_version=4).metadata.papermill["start_time"] == "2026-11-29T18:53:17Z"


# --- PDF dates -----------------------------------------------------------------------------------


def _pdf(created: str, ident: str) -> bytes:
    """A small valid PDF with Info dates, XMP dates and a file identifier, all from ``created``
    (``YYYYMMDDHHMMSS``)."""
    iso = dt.datetime.strptime(created, "%Y%m%d%H%M%S").isoformat()
    xmp = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description xmp:CreateDate="{iso}.25-05:00">'
           f"<xmp:ModifyDate>{iso}+01:00</xmp:ModifyDate></rdf:Description></x:xmpmeta>").encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (len(xmp), xmp),
        b"<< /Title (t) /CreationDate (D:%s+01'00') /ModDate (D:%s-05'30') >>" % ((created.encode(),) * 2),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, ident.encode(), ident.encode(), xref))
    return out


def _xref_offsets_hold(data: bytes) -> bool:
    """Whether every offset in the cross-reference table points at its object."""
    start = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    entries = re.findall(rb"(\d{10}) 00000 n", data[start:])
    return all(data[int(o):].startswith(b"%d 0 obj" % n) for n, o in enumerate(entries, start=1))


def test_pin_pdf_dates_sets_every_date_to_the_epoch_and_keeps_the_file_valid():
    one = _pdf("20261129185317", "A1" * 16)
    other = _pdf("20270203040506", "B2" * 16)
    pinned = render.pin_pdf_dates(one, WHEN)

    assert one != other and pinned == render.pin_pdf_dates(other, WHEN)
    assert len(pinned) == len(one) and _xref_offsets_hold(pinned)
    assert b"/CreationDate (D:20260101000000+00'00') /ModDate (D:20260101000000+00'00')" in pinned
    assert b'xmp:CreateDate="2026-01-01T00:00:00.00+00:00"' in pinned
    assert b"<xmp:ModifyDate>2026-01-01T00:00:00+00:00</xmp:ModifyDate>" in pinned
    ident = re.search(rb"/ID \[<([0-9A-F]{32})> <([0-9A-F]{32})>\]", pinned)
    assert ident and ident[1] == ident[2] and b"A1A1" not in pinned
    assert render.pin_pdf_dates(_pdf("20261129185317", "C3" * 16), WHEN) == pinned  # /ID from content


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) missing")
def test_a_pinned_pdf_reads_back_with_the_epoch():
    pdf = render.pin_pdf_dates(_pdf("20261129185317", "A1" * 16), WHEN)
    info = subprocess.run(["pdfinfo", "-isodates", "-"], input=pdf, capture_output=True, check=True)
    assert b"Syntax Error" not in info.stderr, info.stderr
    assert re.search(rb"CreationDate:\s+2026-01-01T00:00:00(Z|\+00)", info.stdout), info.stdout


# --- the real pipeline (slow) --------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(render.find_chromium() is None, reason="no Chromium on PATH")
def test_the_same_case_twice_gives_the_same_bytes(tmp_path):
    """Two `casekit report` runs, seconds apart, with different hash seeds (set iteration
    order) and the case file in different folders, give byte-identical notebook, HTML and PDF."""
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run-{seed}"
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONHASHSEED": seed}
        case = tmp_path / f"copy-{seed}" / Path(SEED).name  # the same file in another folder
        case.parent.mkdir()
        shutil.copyfile(SEED, case)
        proc = subprocess.run([sys.executable, "-m", "casekit.cli", "report", str(case), "--out", str(out),
                               "--to", "html,pdf", "--renderer", "nbconvert"],
                              capture_output=True, text=True, env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outs.append(out)
    for ext in ("ipynb", "html", "pdf"):
        a, b = (o / f"HIP-SEED-0001.{ext}" for o in outs)
        assert a.read_bytes() == b.read_bytes(), f"{ext} differs"
    pdf = (outs[0] / "HIP-SEED-0001.pdf").read_bytes()
    assert b"/CreationDate (D:20260101000000+00'00')" in pdf and b"/ModDate (D:20260101000000+00'00')" in pdf
