"""casekit.browser: one headless Chromium kept open prints many pages (a batch worker's PDFs)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from casekit.browser import Browser, close_kept, keep, kept
from casekit.errors import RenderError

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("chromium") is None and
                                                    not os.environ.get("CASEKIT_CHROMIUM"),
                                                    reason="Debian's chromium is not installed")]


def _page(tmp_path, name: str, words: str) -> str:
    path = tmp_path / f"{name}.html"
    path.write_text(f"<!doctype html><html><body><h1>{words}</h1><p>{name}</p></body></html>")
    return str(path)


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_one_browser_prints_many_pages_and_closes(tmp_path):
    with Browser() as browser:
        first = browser.pdf(_page(tmp_path, "first", "Alpha page"))
        pid = browser._pid
        second = browser.pdf(_page(tmp_path, "second", "Beta page"))
        assert browser.starts == 1 and browser.pages == 2 and browser._pid == pid
    assert first.startswith(b"%PDF-") and second.startswith(b"%PDF-")
    assert "Alpha page" in _text(first, tmp_path) and "Beta page" in _text(second, tmp_path)
    assert "Alpha" not in _text(second, tmp_path)  # nothing of the page before
    assert not _alive(pid)


def test_a_missing_page_is_refused_and_the_browser_goes_on(tmp_path):
    with Browser() as browser:
        with pytest.raises(RenderError, match="file not found"):
            browser.pdf(tmp_path / "nope.html")
        assert "Gamma" in _text(browser.pdf(_page(tmp_path, "g", "Gamma")), tmp_path)


def test_a_page_over_its_time_restarts_the_browser(tmp_path):
    hang = tmp_path / "hang.html"  # a page whose load never ends: a script that never returns
    hang.write_text("<html><body><script>while (true) {}</script></body></html>")
    with Browser(timeout=5) as browser:
        with pytest.raises(RenderError, match="longer than 5 s"):
            browser.pdf(hang)
        assert browser._pid is None  # the hung browser was stopped
        browser.timeout = 60
        assert "Delta" in _text(browser.pdf(_page(tmp_path, "d", "Delta")), tmp_path)
        assert browser.starts == 2


def test_kept_browsers_exist_only_where_asked(tmp_path):
    import casekit.browser as b
    assert kept() is None or os.getpid() in b._KEEPING
    keep()
    try:
        one = kept()
        assert one is kept()  # the same browser for this thread
        assert one.pdf(_page(tmp_path, "k", "Kept")).startswith(b"%PDF-")
    finally:
        assert close_kept() == 1
        b._KEEPING.discard(os.getpid())
    assert kept() is None


def test_a_batch_prints_its_pdfs_and_leaves_no_browser_behind(tmp_path):
    """Each local worker prints with one kept Chromium and closes it when it exits."""
    import io
    import shutil as sh

    from casekit.batch import run_batch
    from conftest import CASES
    folder = tmp_path / "cases"
    folder.mkdir()
    for name in ("hip-seed.yaml", "knee-approve.yaml", "neck-deny.yaml"):
        sh.copy(CASES / name, folder / name)

    def pipes() -> set[int]:
        out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
        return {int(line.split()[0]) for line in out.splitlines()[1:]
                if "--remote-debugging-pipe" in line and "chromium" in line}

    before = pipes()
    summary = run_batch([str(folder)], tmp_path / "out", jobs=2, formats=("pdf",), stream=io.StringIO())
    assert summary["ok"] == 3
    for name in ("HIP-SEED-0001", "KNEE-APPROVE-0001", "NECK-DENY-0001"):
        pdf = tmp_path / "out" / f"{name}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-") and name in _text(pdf.read_bytes(), tmp_path)
    assert pipes() <= before  # every kept browser was closed with its worker
