"""casekit batch cannot hang or abort: bad inputs, runaway cases, dead workers, a full disk.

Issue 11, item 2 (and the batch's part of items 4 and 7). Every input becomes a manifest row
whatever it is; a worker that dies, goes silent or sends garbage fails only the cases it held;
a full or read-only ``--out`` ends with one error line and the manifest of what finished; a
second batch on the same ``--out`` is refused; no message carries patient data.

The worker tests run stand-in workers (``_fake_worker`` below, spawned as the real ones are) so
they need no kernel; the time and memory limits are tested on real kernels (marked slow).
Weird files (FIFOs, links, unreadable files, tmpfs and read-only mounts) are made at test time.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from casekit import batch, cli, limits, workers
from casekit.batch import run_batch
from conftest import CASES

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = CASES / "hip-approve.yaml"
TEMPLATE_ID = "HIP-APPROVE-0002"
CANARY = b"zzcanary"  # compared without case
FAKE = "CASEKIT_TEST_FAKE_WORKER"


# --- helpers ----------------------------------------------------------------------------------

def _case(folder: Path, name: str, case_id: str, *edits: tuple[str, str]) -> Path:
    """hip-approve.yaml under another id, with ``(old, new)`` text edits applied."""
    text = TEMPLATE.read_text().replace(f"id: {TEMPLATE_ID}", f"id: {case_id}")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def _rows(out: Path) -> dict[str, dict]:
    """manifest.json's rows by input file name."""
    data = json.loads((out / "manifest.json").read_text())
    return {Path(r["input"]).name: r for r in data["cases"]}


def _cli(*args: str, timeout: float = 120, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """``casekit batch`` in a child process: a batch that hangs fails the test instead of the suite."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([*prefix, sys.executable, "-m", "casekit.cli", "batch", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def _mount(*args: str) -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None and \
        subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _assert_no_phi(out: Path, *texts: str) -> None:
    for path in out.rglob("*"):
        if path.is_file():
            assert CANARY not in path.read_bytes().lower(), f"patient data in {path.relative_to(out)}"
    for text in texts:
        assert CANARY.decode() not in text.lower(), text


# --- every input is a row -----------------------------------------------------------------------

def test_every_input_becomes_a_row_whatever_it_is(tmp_path):
    inputs = tmp_path / "in"
    _case(inputs, "good-but-long-id.yaml", "L" * 251)
    os.mkfifo(inputs / "fifo.yaml")
    (inputs / "broken.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (inputs / "loop-a.yaml").symlink_to(inputs / "loop-b.yaml")
    (inputs / "loop-b.yaml").symlink_to(inputs / "loop-a.yaml")
    (inputs / "deep.json").write_text("[" * 100_000)
    (inputs / "latin1.yaml").write_bytes("name: Mu\xf1oz\n".encode("latin-1"))
    with open(inputs / "huge.yaml", "wb") as f:  # sparse: no disk used
        f.truncate(limits.MAX_CASE_FILE_BYTES + 1)
    out = tmp_path / "out"

    run = _cli(str(inputs), "--out", str(out), "--jobs", "1", timeout=60)

    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    rows = _rows(out)
    assert sorted(rows) == sorted(p.name for p in inputs.iterdir())
    assert all(r["status"] == "invalid" and r["outputs"] == [] and r["error"] for r in rows.values())
    assert rows["fifo.yaml"]["error"].endswith("is a named pipe (FIFO), not a case file")
    assert "no such file" in rows["broken.yaml"]["error"]
    assert "symbolic link" in rows["loop-a.yaml"]["error"]
    assert f"at most {limits.MAX_CASE_FILE_BYTES} bytes" in rows["huge.yaml"]["error"]
    assert rows["good-but-long-id.yaml"]["id"] == "" and "id" in rows["good-but-long-id.yaml"]["error"]
    assert "L" * 129 not in run.stderr
    # One progress line per input, and the summary counts them all.
    assert sum(line.startswith("[") for line in run.stderr.splitlines()) == len(rows)
    assert f"{len(rows)} cases in" in run.stderr and f"{len(rows)} invalid, 0 error" in run.stderr
    assert not list((out / ".casekit").glob("*.json"))


def test_unreadable_file_and_folder_are_rows(tmp_path):
    """As root only a process without CAP_DAC_OVERRIDE sees a chmod 000 file as unreadable."""
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to drop CAP_DAC_OVERRIDE")
    inputs = tmp_path / "in"
    _case(inputs, "locked.yaml", "LOCKED-1").chmod(0)
    _case(inputs / "shut", "inside.yaml", "INSIDE-1")
    (inputs / "shut").chmod(0)
    out = tmp_path / "out"
    try:
        run = _cli(str(inputs), "--out", str(out), timeout=60,
                   prefix=(setpriv, "--bounding-set=-dac_override,-dac_read_search"))
    finally:
        (inputs / "shut").chmod(0o755)

    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    rows = _rows(out)
    assert rows["locked.yaml"]["status"] == "invalid"
    assert rows["locked.yaml"]["error"].endswith("cannot be read (permission denied)")
    assert rows["shut"]["status"] == "invalid" and "cannot be listed (Permission denied)" in rows["shut"]["error"]


@pytest.mark.parametrize("case_id", [".", "..", "index", "INDEX", "manifest", "assets", "casekit"])
def test_ids_the_batch_writes_itself_are_refused(tmp_path, case_id):
    inputs = tmp_path / "in"
    _case(inputs, "reserved.yaml", case_id)
    out = tmp_path / "out"

    summary = run_batch([str(inputs)], out, jobs=1, stream=open(os.devnull, "w"))

    assert summary["invalid"] == 1 and summary["error"] == summary["ok"] == 0
    row = _rows(out)["reserved.yaml"]
    assert row["status"] == "invalid" and "id" in row["error"] and row["outputs"] == []
    assert (out / "index.html").read_text().startswith("<!DOCTYPE html>")  # the cohort page's own
    assert sorted(p.name for p in out.iterdir()) == [".casekit", "assets", "index.html", "manifest.csv",
                                                     "manifest.json"]


# --- workers that do not report back ----------------------------------------------------------------

def _fake_worker(tasks, results) -> None:
    """Stands in for ``workers._local_worker`` (spawned by the batch as the real one is); what it
    does is in the environment variable FAKE."""
    how = os.environ[FAKE]
    while (job := tasks.recv()) is not None:
        if how == "silent":  # holds its cases and says nothing, then leaves
            time.sleep(30)
            return
        if how == "garbled":
            results.send_bytes(b"\x80not a pickle")
            time.sleep(30)
            return
        if how == "incomplete":
            results.send(("done", job.input, {"status": "ok"}))
            continue
        if how == "dies" and job.case_id.startswith("DIE"):
            os._exit(3)
        results.send(("started", job.input))
        if how == "full" and job.case_id.startswith("FULL"):
            results.send(("done", job.input, {
                "status": "error", "error": "OSError: [Errno 28] No space left on device: 'x.html'",
                "out_error": os.strerror(errno.ENOSPC), "seconds": 0.1}))
            continue
        results.send(("done", job.input, {
            "status": "ok", "decision": "approve", "failed_rules": [], "outputs": [], "cohort": {},
            "input_sha256": job.record["input_sha256"], "seconds": 0.1}))


@pytest.fixture
def fake_worker(monkeypatch):
    def use(how: str) -> None:
        monkeypatch.setenv(FAKE, how)
        monkeypatch.setattr(workers, "_local_worker", _fake_worker)
    return use


def _cohort(folder: Path, *ids: str) -> Path:
    for case_id in ids:
        _case(folder, f"{case_id.lower()}.yaml", case_id)
    return folder


def test_a_silent_worker_is_stopped_and_its_cases_are_errors(tmp_path, fake_worker, monkeypatch, capsys):
    fake_worker("silent")
    monkeypatch.setattr(limits, "WORKER_GRACE_S", 1, raising=False)
    monkeypatch.setattr(batch, "_QUIET_S", 0.5, raising=False)
    inputs = _cohort(tmp_path / "in", "A-1", "B-1")
    out = tmp_path / "out"

    started = time.monotonic()
    code = cli.main(["batch", str(inputs), "--out", str(out), "--jobs", "1", "--case-timeout", "1"])
    took = time.monotonic() - started

    assert code == 1
    assert took < 20, f"the batch waited {took:.0f} s for a worker that said nothing"
    rows = _rows(out)
    assert [r["status"] for r in rows.values()] == ["error", "error"]
    assert all("sent nothing for 2 s and was stopped" in r["error"] for r in rows.values())
    err = capsys.readouterr().err
    assert "casekit batch: still working after" in err  # a log without news still hears from it
    assert "casekit batch: 2 cases in" in err and "0 invalid, 2 error" in err


@pytest.mark.parametrize("how", ["garbled", "incomplete"])
def test_a_worker_that_sends_garbage_fails_only_its_cases(tmp_path, fake_worker, how):
    fake_worker(how)
    inputs = _cohort(tmp_path / "in", "A-1", "B-1")
    out = tmp_path / "out"

    summary = run_batch([str(inputs)], out, jobs=1, stream=open(os.devnull, "w"))

    assert summary["error"] == 2 and summary["ok"] == 0
    expected = "sent something garbled" if how == "garbled" else "sent a result that could not be read"
    assert all(expected in r["error"] for r in _rows(out).values())


def test_a_dead_worker_is_replaced_and_the_rest_still_run(tmp_path, fake_worker):
    fake_worker("dies")
    inputs = _cohort(tmp_path / "in", "A-1", "B-1", "DIE-1", "F-1", "G-1", "H-1")
    out = tmp_path / "out"

    summary = run_batch([str(inputs)], out, jobs=1, stream=open(os.devnull, "w"))

    rows = _rows(out)
    died = {n for n, r in rows.items() if r["status"] == "error"}
    assert "die-1.yaml" in died and len(died) <= 2, "a worker holds at most two cases"
    assert all("worker process running this case died (exit code 3)" in rows[n]["error"] for n in died)
    # the cases sent after it ran on a new worker
    assert rows["g-1.yaml"]["status"] == rows["h-1.yaml"]["status"] == "ok"
    assert summary["ok"] == 6 - len(died)


def test_finish_reports_instead_of_raising(tmp_path, monkeypatch):
    """The worker's last step used to raise inside its own error handler (a 251-character id is
    no file name), which killed the thread that reports back: the batch waited for ever."""
    import nbformat

    from casekit import render

    case = _case(tmp_path, "case.yaml", "X-1")
    (tmp_path / "out" / ".casekit").mkdir(parents=True)
    job = workers.Job("X" * 251, str(case), str(case), str(tmp_path / "out"), ("html",), "", "nb.ipynb",
                      {"input_sha256": "", "pack_hash": "", "casekit_version": "", "notebook_sha256": ""})
    result = workers._finish(job, time.perf_counter(), error=RuntimeError("the kernel failed"))
    assert result["status"] == "error" and "the kernel failed" in result["error"]

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(render, "atomic_write", full)
    result = workers._finish(dataclasses.replace(job, case_id="X-1"), time.perf_counter(),
                             nb=nbformat.v4.new_notebook())
    assert result["status"] == "error" and result["out_error"] == os.strerror(errno.ENOSPC)


# --- a full or read-only --out --------------------------------------------------------------------

def test_a_full_disk_stops_the_batch_with_the_manifest_of_what_finished(tmp_path, fake_worker, capsys):
    fake_worker("full")
    inputs = _cohort(tmp_path / "in", "A-1", "FULL-1", "G-1", "H-1", "I-1")
    out = tmp_path / "out"

    code = cli.main(["batch", str(inputs), "--out", str(out), "--jobs", "1"])

    assert code == 3
    rows = _rows(out)
    assert len(rows) == 5
    assert rows["a-1.yaml"]["status"] == "ok" and rows["full-1.yaml"]["status"] == "error"
    stopped = [r for r in rows.values() if r["error"].startswith("not rendered: the batch stopped")]
    assert len(stopped) >= 2, "cases not yet sent are not rendered once --out is full"
    assert all("No space left on device" in r["error"] for r in stopped)
    err = capsys.readouterr().err.splitlines()
    assert err[-2].startswith("casekit batch: 5 cases in") and "error" in err[-2]
    assert err[-1].startswith(f"casekit: --out {out}: No space left on device: the batch stopped with ")
    assert "manifest.csv lists them" in err[-1]


def _invalid_inputs(folder: Path, n: int) -> Path:
    for i in range(n):
        _case(folder, f"bad-{i}.yaml", f"BAD-{i}", ("to: 2025-06-13", "to: 2025-02-30"))
    return folder


def test_a_manifest_that_cannot_be_written_is_said_so_and_the_old_one_stays(tmp_path, monkeypatch, capsys):
    inputs = _invalid_inputs(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert cli.main(["batch", str(inputs), "--out", str(out)]) == 1
    before = {name: (out / name).read_bytes() for name in ("manifest.csv", "manifest.json")}
    _invalid_inputs(tmp_path / "in", 3)
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst).name.startswith("manifest"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    capsys.readouterr()

    code = cli.main(["batch", str(inputs), "--out", str(out)])

    assert code == 3
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == (f"casekit: --out {out}: the manifest could not be written (No space left on device); "
                       f"the 0 cases done are recorded in {out / '.casekit'}, so the next run resumes them")
    assert err[-2].startswith("casekit batch: 3 cases in")
    assert {name: (out / name).read_bytes() for name in before} == before
    assert not list(out.glob(".manifest*.tmp"))


def test_a_real_full_tmpfs(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=6m", "tmpfs", str(out)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        inputs = _invalid_inputs(tmp_path / "in", 2)
        assert cli.main(["batch", str(inputs), "--out", str(out)]) == 1
        before = (out / "manifest.json").read_bytes()
        with open(out / "filler", "wb") as f:  # fill what is left
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        _invalid_inputs(tmp_path / "in", 3)
        capsys.readouterr()

        code = cli.main(["batch", str(inputs), "--out", str(out)])

        assert code == 3
        assert capsys.readouterr().err.splitlines()[-1].startswith(
            f"casekit: --out {out}: the manifest could not be written (No space left on device)")
        assert (out / "manifest.json").read_bytes() == before
    finally:
        _umount(out)


def test_a_real_read_only_out(tmp_path, capsys):
    out = tmp_path / "out"
    inputs = _invalid_inputs(tmp_path / "in", 2)
    assert cli.main(["batch", str(inputs), "--out", str(out)]) == 1
    before = (out / "manifest.json").read_bytes()
    if not _mount("--bind", str(out), str(out)):
        pytest.skip("cannot bind-mount here")
    try:
        if subprocess.run(["mount", "-o", "remount,ro,bind", str(out)], capture_output=True).returncode:
            pytest.skip("cannot remount read-only here")
        _invalid_inputs(tmp_path / "in", 3)
        capsys.readouterr()

        code = cli.main(["batch", str(inputs), "--out", str(out)])

        assert code == 3
        assert capsys.readouterr().err.strip() == f"casekit: --out {out}: cannot write there (Read-only file system)"
        assert (out / "manifest.json").read_bytes() == before
    finally:
        _umount(out)


# --- one batch per --out ----------------------------------------------------------------------------

_HOLD = """
import sys
import test_batch_hardening as t
from casekit import workers
from casekit.batch import run_batch
workers._local_worker = t._fake_worker  # silent: the batch holds --out until it is killed
run_batch([sys.argv[1]], sys.argv[2], jobs=1)
"""


def test_a_second_batch_on_the_same_out_is_refused_until_the_first_is_gone(tmp_path, capsys):
    running = _cohort(tmp_path / "running", "A-1", "B-1")
    inputs = _invalid_inputs(tmp_path / "in", 2)
    out = tmp_path / "out"
    env = {**os.environ, FAKE: "silent", "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    first = subprocess.Popen([sys.executable, "-c", _HOLD, str(running), str(out)], env=env,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert first.stderr.readline().startswith("casekit batch: 2 cases: 0 invalid")  # it is rendering

        code = cli.main(["batch", str(inputs), "--out", str(out)])

        assert code == 2
        assert capsys.readouterr().err.strip() == (
            f"casekit: --out {out}: another casekit batch (process {first.pid}) is writing there; "
            "wait for it to finish or choose another --out")
        assert not (out / "manifest.csv").exists()
        os.killpg(first.pid, signal.SIGKILL)  # as a crash would: the kernel drops its lock
        first.wait()
        # the lock is gone with the last process holding it: its workers die a moment after it
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(first.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        assert cli.main(["batch", str(inputs), "--out", str(out)]) == 1
        assert len(_rows(out)) == 2
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(first.pid, signal.SIGKILL)
        first.wait()
        first.stderr.close()


# --- no patient data in any message ------------------------------------------------------------

def test_no_patient_data_reaches_the_manifest_the_page_or_the_log(tmp_path, capsys):
    inputs = tmp_path / "in"
    bad_date = ("to: 2025-06-13", "to: 2025-02-30")
    _case(inputs, "named.yaml", "C-1", ("sex: female}", "sex: female, name: ZZCANARY Smith, mrn: ZZCANARY-77}"),
          bad_date)
    _case(inputs, "sex.yaml", "C-2", ("sex: female}", "sex: ZZCANARY}"))
    _case(inputs, "age.yaml", "C-3", ("age: 41", "age: ZZCANARY41"))
    _case(inputs, "mrn-as-age.yaml", "C-4", ("age: 41", "age: '77012345'"),
          ("sex: female}", "sex: female, mrn: '77012345'}"))
    # A note line at the indentation of the document's fields becomes a field name.
    _case(inputs, "indent.yaml", "C-5", ("2 times per week for 6 weeks.\n",
                                         "2 times per week for 6 weeks.\n    ZZCANARY says the hip hurts: yes\n"))
    _case(inputs, "claim.yaml", "C-6", ("  type: retrospective\n",
                                        "  type: retrospective\n  claim_id: ZZCANARY-CLAIM\n  requested_visits: 0\n"))
    _case(inputs, "note.yaml", "C-7", ("41 year old female", "ZZCANARY, 41 year old female"), bad_date)
    _case(inputs, "long-id.yaml", "Z" * 200, ("sex: female}", "sex: female, name: ZZCANARY Smith}"))
    (inputs / "broken.json").write_text('{"format": "casekit/1", "patient": {"name": "ZZCANARY"}, ')
    (inputs / "sex.json").write_text(json.dumps({"format": "casekit/1", "id": "C-8",
                                                 "patient": {"age": 40, "sex": "ZZCANARY"}}))
    out = tmp_path / "out"

    code = cli.main(["batch", str(inputs), "--out", str(out)])

    assert code == 1
    err = capsys.readouterr().err
    rows = _rows(out)
    assert len(rows) == 10 and all(r["status"] == "invalid" for r in rows.values())
    _assert_no_phi(out, err)
    assert "77012345" not in err and "77012345" not in (out / "manifest.csv").read_text()
    # The messages still say what is wrong and where.
    assert "review.under_review.to: '2025-02-30' is not a date" in rows["named.yaml"]["error"]
    assert "patient.sex:" in rows["sex.yaml"]["error"] and "patient.age:" in rows["age.yaml"]["error"]
    assert "review.requested_visits: 0 must be at least 1" in rows["claim.yaml"]["error"]


def test_redact_replaces_identifiers_and_runs_of_note_text():
    values = ["Jane ZZCANARY", "77012345", "41", "She walked to the store and back without pain today."]
    message = ("cell 3 failed: ValueError: Jane ZZCANARY (MRN 77012345, 41 years): 'walked to the store "
               "and back' is not a date")
    assert batch._redact(message, values) == ("cell 3 failed: ValueError: (patient data) (MRN (patient data), "
                                              "41 years): '(patient data)' is not a date")


# --- time and memory limits on real kernels ------------------------------------------------------

LIMITS_NOTEBOOK = '''import os, time
name = os.path.basename(case_path)
if name.startswith("runaway"):
    while True:
        pass
if name.startswith("hog"):
    chunks = []
    while len(chunks) < 60:  # at most 3 GB, if nothing stops it
        chunks.append(b"x" * (50 * 2**20))
    time.sleep(600)
from casekit.io import load_case
case = load_case(case_path)
if name.startswith("leak"):
    raise ValueError(f"cannot handle {case.patient.name}: {case.documents[0].text[:60]}")
from casekit.reviewing import review
from casekit.run import publish
publish(review(case, pack or None))
'''


def _limits_notebook(path: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('case_path = ""\npack = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(LIMITS_NOTEBOOK)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_a_runaway_case_is_stopped_and_the_batch_goes_on(tmp_path, monkeypatch):
    from test_batch import MARK, _assert_no_kernels_left

    mark = uuid.uuid4().hex
    monkeypatch.setenv(MARK, mark)
    inputs = tmp_path / "in"
    for name in ("hog", "ok", "runaway"):
        _case(inputs, f"{name}.yaml", f"{name.upper()}-1")
    _case(inputs, "leak.yaml", "LEAK-1", ("sex: female}", "sex: female, name: ZZCANARY Smith}"),
          ("41 year old female runner", "Patient ZZCANARY is a 41 year old female runner"))
    out = tmp_path / "out"
    log = tmp_path / "log"

    started = time.monotonic()
    with open(log, "w") as stream:
        summary = run_batch([str(inputs)], out, jobs=1, notebook=str(_limits_notebook(tmp_path / "nb.ipynb")),
                            case_timeout=5, case_memory=300, stream=stream)
    took = time.monotonic() - started

    rows = _rows(out)
    assert rows["hog.yaml"]["status"] == "error"
    assert rows["hog.yaml"]["error"] == ("the case used more than 300 MB of memory (--case-memory); "
                                         "its kernel was stopped")
    assert rows["runaway.yaml"]["status"] == "error"
    assert rows["runaway.yaml"]["error"] == "the case took longer than 5 s (--case-timeout); its kernel was stopped"
    assert 5 <= rows["runaway.yaml"]["seconds"] < 15  # the limit, then the kill and the restart
    # After each kill the worker's kernel is restarted: the cases after them run.
    assert rows["ok.yaml"]["status"] == "ok" and rows["ok.yaml"]["decision"] == "approve"
    assert rows["leak.yaml"]["status"] == "error" and "ValueError: cannot handle (patient data)" in rows["leak.yaml"]["error"]
    assert summary["ok"] == 1 and summary["error"] == 3
    assert took < 60
    _assert_no_phi(out, log.read_text())
    _assert_no_kernels_left(mark)


def _hangs(job):
    time.sleep(4)  # longer than the batch waits in the test below
    return {"status": "error", "error": "too late", "seconds": 4.0}


@pytest.mark.slow
def test_a_dask_cluster_that_finishes_nothing_is_given_up(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(workers, "render_job", _hangs)
    monkeypatch.setattr(limits, "WORKER_GRACE_S", 1, raising=False)
    inputs = _cohort(tmp_path / "in", "A-1", "B-1")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=2,
                                  dashboard_address=None) as cluster:
        summary = run_batch([str(inputs)], out, scheduler=cluster.scheduler_address, case_timeout=1,
                            stream=open(os.devnull, "w"))

    # given up after 2 s: had it waited, the rows would say "too late"
    assert summary["error"] == 2
    assert all(r["error"] == "the Dask cluster finished no case for 2 s; this one was cancelled"
               for r in _rows(out).values())


def test_a_case_warned_about_keeps_its_warnings_in_its_manifest_row():
    """A valid case with a plausibility warning is rendered, and its row says what is odd (the
    field and why), never the value."""
    from casekit.batch import _validate
    path = str(Path(__file__).parent / "bad_inputs" / "warn-age-birth.yaml")
    invalid, valid = _validate({path: None}, None)
    assert invalid == [] and len(valid) == 1
    (case, row), = valid
    assert row["warnings"] == [f"{path}: patient.age: disagrees with patient.birth_date by more than "
                               "1 year over the dates under review"]
    assert "1950" not in " ".join(row["warnings"]) and "58" not in " ".join(row["warnings"])


@pytest.mark.parametrize("timeout, memory", [(float("inf"), 100), (1e308, 100), (10, float("inf"))])
def test_limits_that_would_never_stop_a_case_are_usage_errors(tmp_path, timeout, memory):
    """An infinite --case-timeout made every case an OverflowError row; it is refused up front."""
    from casekit.batch import run_batch
    from casekit.errors import UsageError
    with pytest.raises(UsageError, match="--case-"):
        run_batch([str(Path(__file__).parent.parent / "cases" / "knee-approve.yaml")], tmp_path / "out",
                  case_timeout=timeout, case_memory=memory)
    assert not (tmp_path / "out").exists()


def test_ids_differing_only_in_letter_case_are_one_id(tmp_path):
    """DUP-1.html and dup-1.html are one file on a case-insensitive share (SMB, macOS)."""
    from casekit.batch import _validate
    src = (Path(__file__).parent.parent / "cases" / "knee-approve.yaml").read_text()
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(src.replace("id: KNEE-APPROVE-0001", "id: DUP-1"))
    b.write_text(src.replace("id: KNEE-APPROVE-0001", "id: dup-1"))
    invalid, valid = _validate({str(a): None, str(b): None}, None)
    assert [row["id"] for _, row in valid] == ["DUP-1"]
    assert len(invalid) == 1 and "duplicate case id" in invalid[0]["error"]


def test_a_batch_writing_into_its_input_folder_does_not_read_its_manifest_as_a_case(tmp_path):
    from casekit.batch import find_cases
    (tmp_path / "case.yaml").write_text("x: 1\n")
    (tmp_path / "manifest.json").write_text("{}\n")
    assert find_cases([str(tmp_path)], exclude=tmp_path) == [str(tmp_path / "case.yaml")]
    assert str(tmp_path / "manifest.json") in find_cases([str(tmp_path)])  # elsewhere it is an input
