"""casekit.batch: failures stay in their row, a killed batch resumes, Dask gives the same manifest.

Real kernels, real worker processes, a real Dask LocalCluster: nothing is mocked, so every test
that runs a batch is marked slow. Every batch here runs with a marker in its environment, which
its workers and kernels inherit, so the tests can find any kernel a batch left behind, even one
orphaned by a killed worker.
"""

from __future__ import annotations

import csv
import html.parser
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from casekit import cli
from casekit.batch import COLUMNS, find_cases, run_batch
from conftest import CASES, EXAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
TYPO_PACK = FIXTURES / "typo-pack.yaml"
GOOD = ("hip-approve.yaml", "hip-new-injury.yaml", "hip-prospective-partial.yaml")
MARK = "CASEKIT_TEST_BATCH_MARK"
# Note text from the example cases: it must never reach a progress line.
NOTE_PHRASES = ("soccer tackle", "isn't hurting", "fell on 2025-07-02 while hiking", "skiing")


# --- helpers ----------------------------------------------------------------------------------

def _marked_kernels(mark: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if "ipykernel" in " ".join(proc.info["cmdline"] or ()) and proc.environ().get(MARK) == mark:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def _assert_no_kernels_left(mark: str, wait: float = 10.0) -> None:
    # An orphaned kernel notices its parent is gone within about a second (ipykernel polls).
    deadline = time.monotonic() + wait
    while (left := _marked_kernels(mark)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"kernels left behind by the batch: {[p.pid for p in left]}"


@pytest.fixture
def marked(monkeypatch) -> str:
    mark = uuid.uuid4().hex
    monkeypatch.setenv(MARK, mark)
    return mark


def _manifest(out: Path) -> list[dict]:
    """manifest.json's rows without ``seconds``, the one column that differs run to run."""
    data = json.loads((out / "manifest.json").read_text())
    assert data["columns"] == list(COLUMNS)
    return [{k: v for k, v in row.items() if k != "seconds"} for row in data["cases"]]


def _csv_rows(out: Path) -> list[dict]:
    with open(out / "manifest.csv", newline="") as f:
        return list(csv.DictReader(f))


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.srcs = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "script" and a.get("src"):
            self.srcs.append(a["src"])


def _links(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text())
    return parser


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Path:
    """A folder with every example case, read by the reference, resume and Dask batches."""
    folder = tmp_path_factory.mktemp("cohort") / "cases"
    # the example cases (cases/*.yaml); the teaching library in cases/teaching/ has its own tests
    # (tests/test_teaching_library.py) and would only lengthen every batch here; the FHIR bundles
    # of cases/fhir/ have theirs (tests/test_fhir.py), the PDF-note case of cases/pdf/ its own
    # (tests/test_pdf_notes.py)
    shutil.copytree(CASES, folder, ignore=shutil.ignore_patterns("teaching", "fhir", "pdf"))
    return folder


@pytest.fixture(scope="module")
def reference(cohort, tmp_path_factory) -> Path:
    """An uninterrupted local batch over the cohort: the manifest the other paths must equal."""
    out = tmp_path_factory.mktemp("reference")
    mark = uuid.uuid4().hex
    os.environ[MARK] = mark
    try:
        summary = run_batch([str(cohort)], out, jobs=2, stream=io.StringIO())
    finally:
        del os.environ[MARK]
    assert summary["ok"] == summary["total"] == len(EXAMPLES)
    _assert_no_kernels_left(mark)
    return out


# --- tests ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_failures_stay_in_their_rows_and_the_rest_finish(tmp_path, marked, capsys):
    inputs = tmp_path / "in"
    (inputs / "more").mkdir(parents=True)
    for name in GOOD:
        shutil.copy(CASES / name, inputs / name)
    shutil.copy(FIXTURES / "bad-date.yaml", inputs / "bad-date.yaml")
    # Valid, but its laterality check fails, and the pack's statement for that names a field
    # no rule computes: the notebook fails inside the kernel.
    shutil.copy(CASES / "hip-laterality.yaml", inputs / "more" / "laterality.yaml")
    # The same case id as hip-approve.yaml, later in path order.
    shutil.copy(CASES / "hip-approve.yaml", inputs / "more" / "same-id.yaml")
    out = tmp_path / "out"

    code = cli.main(["batch", str(inputs), "--out", str(out), "--jobs", "2", "--pack", str(TYPO_PACK)])

    assert code == 1
    rows = {Path(r["input"]).name: r for r in _manifest(out)}
    assert [r["input"] for r in _manifest(out)] == sorted(r["input"] for r in _manifest(out))
    assert len(rows) == 6
    for name, decision in zip(GOOD, ("approve", "approve", "partial")):
        row = rows[name]
        assert (row["status"], row["decision"], row["error"]) == ("ok", decision, ""), row
        assert row["pack_id"] == "payer-hip-typo" and row["casekit_version"] and len(row["pack_hash"]) == 16
        assert sorted(Path(o).suffix for o in row["outputs"]) == [".html", ".ipynb"]
        assert all((out / o).is_file() for o in row["outputs"])
        assert (out / ".casekit" / f"{row['id']}.json").is_file()
    bad = rows["bad-date.yaml"]
    assert bad["status"] == "invalid" and bad["outputs"] == [] and bad["decision"] == ""
    assert "review.under_review.to: '2025-02-30' is not a date (use YYYY-MM-DD)" in bad["error"]
    crash = rows["laterality.yaml"]
    assert crash["status"] == "error" and crash["outputs"] == [] and crash["id"] == "HIP-SIDE-0005"
    assert "PackError" in crash["error"] and "{sied_documented}" in crash["error"], crash["error"]
    assert not (out / ".casekit" / "HIP-SIDE-0005.json").exists()
    dup = rows["same-id.yaml"]
    assert dup["status"] == "invalid" and "duplicate case id 'HIP-APPROVE-0002', also in" in dup["error"]
    assert str(inputs / "hip-approve.yaml") in dup["error"]

    # The CSV says the same as the JSON, lists joined by spaces.
    by_input = {r["input"]: r for r in _csv_rows(out)}
    for row in _manifest(out):
        c = by_input[row["input"]]
        assert c["failed_rules"].split() == row["failed_rules"] and c["outputs"].split() == row["outputs"]
        assert (c["status"], c["error"], c["id"]) == (row["status"], row["error"], row["id"])

    # Plain log lines (stderr is no terminal here), one per case, and no note text.
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("[")]
    assert len(lines) == 6 and lines[-1].startswith("[6/6]")
    assert any(" HIP-APPROVE-0002 ok approve " in line for line in lines)
    assert not any(p in err for p in NOTE_PHRASES)

    # The cohort page lists all six, links every report, and loads plotly.js from the batch.
    index = out / "index.html"
    page = index.read_text()
    for row in rows.values():
        assert (row["id"] or row["input"]) in page
    assert "is not a date" in page and "sied_documented" in page
    links = _links(index)
    reports = [h for h in links.hrefs if h.endswith(".html")]
    assert sorted(reports) == sorted(o for name in GOOD for o in rows[name]["outputs"] if o.endswith(".html"))
    assert all((out / h).is_file() for h in links.hrefs)
    assert links.srcs == ["assets/plotly.min.js"] and (out / "assets" / "plotly.min.js").is_file()
    assert "http://" not in page and "https://" not in page

    _assert_no_kernels_left(marked)


@pytest.mark.slow
def test_reports_load_the_shared_plotly_js(reference):
    rows = _manifest(reference)
    for row in rows:
        report = reference / next(o for o in row["outputs"] if o.endswith(".html"))
        links = _links(report)
        assert "assets/plotly.min.js" in links.srcs
        assert "* plotly.js v" not in report.read_text()[:3_000_000]  # not inlined


@pytest.mark.slow
def test_report_size_beside_the_shared_assets(reference):
    sizes = {p.name: p.stat().st_size for p in reference.glob("*.html") if p.name != "index.html"}
    assert max(sizes.values()) <= 300 * 1024, sizes


@pytest.mark.slow
def test_killed_batch_resumes_without_redoing_finished_cases(cohort, reference, tmp_path, marked):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "casekit.cli", "batch", str(cohort), "--out", str(out), "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while not list((out / ".casekit").glob("*.json")):
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "no case finished within 90 s"
            time.sleep(0.05)
        tree = [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
        workers = [p for p in tree if "spawn_main" in " ".join(p.cmdline())]
        # As in a crash: the batch and its workers (their own process group) die mid-case;
        # their kernels notice and exit.
        os.killpg(proc.pid, signal.SIGKILL)
        for p in workers:
            p.kill()
    finally:
        proc.kill()
        proc.wait()
    proc.stderr.close()
    psutil.wait_procs(tree, timeout=15)
    _assert_no_kernels_left(marked)

    done = {p.stem for p in (out / ".casekit").glob("*.json")}
    assert 1 <= len(done) < len(_manifest(reference)), "the kill should land mid-batch"
    assert not (out / "manifest.json").exists()
    stamps = {p: p.stat().st_mtime_ns for d in done for p in out.glob(f"{d}.*")}

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    summary = run_batch([str(cohort)], out, jobs=2, stream=screen)

    assert summary["skipped"] == len(done) and summary["failed"] == 0
    assert _manifest(out) == _manifest(reference)
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps, "a finished case was rendered again"
    # Nothing half-written is taken for an output: every listed output is a whole report.
    for row in _manifest(out):
        assert (out / row["outputs"][0]).read_bytes().rstrip().endswith(b"</html>")
    # On a terminal: a header, one line rewritten in place, then the summary.
    text = screen.getvalue()
    assert "\r" in text and "ETA" in text and "cases/s" in text
    total = len(EXAMPLES)
    assert text.count("\n") == 3 and f"casekit batch: {total} cases in" in text
    assert f"{len(done)} already done, {total - len(done)} to render on 2 local worker(s)" in text
    # A third run has nothing to do.
    again = run_batch([str(cohort)], out, jobs=2, stream=io.StringIO())
    assert again["skipped"] == again["total"] and _manifest(out) == _manifest(reference)
    _assert_no_kernels_left(marked)


@pytest.mark.slow
def test_a_dead_worker_fails_only_its_own_cases(cohort, reference, tmp_path, marked):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "casekit.cli", "batch", str(cohort), "--out", str(out), "--jobs", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while not list((out / ".casekit").glob("*.json")):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    workers = [p for p in psutil.Process(proc.pid).children()
               if "spawn_main" in " ".join(p.cmdline())]
    assert len(workers) == 2
    workers[0].kill()  # as the out-of-memory killer would
    proc.communicate(timeout=120)

    assert proc.returncode == 1
    rows = _manifest(out)
    died = [r for r in rows if r["status"] == "error"]
    assert 1 <= len(died) <= 2, "a worker holds at most two cases"
    assert all("worker process running this case died (exit code -9)" in r["error"] for r in died)
    assert all(r["status"] == "ok" for r in rows if r not in died)
    _assert_no_kernels_left(marked)
    # The next run renders just those cases.
    summary = run_batch([str(cohort)], out, jobs=2, stream=io.StringIO())
    assert summary["skipped"] == len(rows) - len(died) and summary["failed"] == 0
    assert _manifest(out) == _manifest(reference)


@pytest.mark.slow
def test_dask_cluster_gives_the_local_manifest(cohort, reference, tmp_path, marked):
    from distributed import LocalCluster

    out = tmp_path / "out"
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        summary = run_batch([str(cohort)], out, scheduler=cluster.scheduler_address, stream=io.StringIO())
        assert summary["ok"] == summary["total"] and summary["skipped"] == 0
        # The batch shut its kernels down although the workers live on.
        _assert_no_kernels_left(marked)
    assert _manifest(out) == _manifest(reference)
    assert (out / "index.html").is_file()


def test_find_cases_skips_the_output_folder_and_hidden_folders(tmp_path):
    (tmp_path / "a" / "out").mkdir(parents=True)
    (tmp_path / "a" / ".git").mkdir()
    for rel in ("a/x.yaml", "a/y.JSON", "a/z.yml", "a/notes.txt", "a/out/manifest.json", "a/.git/c.yaml"):
        (tmp_path / rel).write_text("{}")
    found = find_cases([str(tmp_path / "a")], exclude=tmp_path / "a" / "out")
    assert [Path(p).name for p in found] == ["x.yaml", "y.JSON", "z.yml"]


def test_missing_input_is_a_usage_error(tmp_path, capsys):
    assert cli.main(["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
