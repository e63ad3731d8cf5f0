"""Running cases on workers: warm kernels, the per-case render, local processes and Dask.

    render_job(job)     run one case's notebook on this worker's warm kernel, render its
                        reports (and its letter, which needs no kernel), then write its done
                        record; never raises for a case
    close_kernels()     shut down the warm kernels this process started
    read_regular(path)  an input's bytes, refusing FIFOs, devices and oversize files unread

A :class:`Job` carries everything a worker needs as plain picklable values, and the worker
entry points (:func:`render_job`, ``_local_worker``) are module-level functions, so a spawned
process or a Dask worker can import them. A local worker overlaps the two halves of a case
(its kernel runs one notebook while a thread renders the previous one) and has pipes of its
own, so a worker that is killed (out of memory, say) fails only the cases it held. Each case's
outputs are written first and its done record last, each atomically (:mod:`casekit.batch`
reads the records to decide what a re-run skips).

Nothing here trusts a case or a worker to end: a watchdog beside each notebook kills its
kernel once the case runs longer than ``Job.timeout_s`` or the kernel holds more than
``Job.memory_mb`` of resident memory (Linux ``/proc``), and the batch stops a local worker that
holds cases and says nothing for the case timeout plus ``limits.WORKER_GRACE_S``. Either way
the case becomes an ``error`` row and the batch goes on.

Example::

    render_job(job)["decision"]  # 'deny'
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import itertools
import json
import os
import signal
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from . import limits
from .errors import CasekitError, RenderError, UsageError
from .io import NotReadable, read_regular  # noqa: F401 (importable from here, as before)

__all__ = ["PLOTLY_JS", "STATE_DIR", "Job", "NotReadable", "close_kernels", "read_regular", "render_job"]

#: Where each report finds the shared plotly.js, relative to ``out``.
PLOTLY_JS = "assets/plotly.min.js"
STATE_DIR = ".casekit"
_MAX_MESSAGE = 500
# Errors after which nothing more can be written to ``out``: the batch stops instead of
# failing every remaining case the same way.
_OUT_FULL = frozenset({errno.ENOSPC, errno.EROFS, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})
# nbclient's own per-cell timeout sits this far behind the watchdog, as a backstop only.
_CELL_TIMEOUT_MARGIN_S = 10
# How often the watchdog looks at a running case, and the batch at its workers, in seconds.
_WATCH_S = 0.1
_POLL_S = 1.0


@dataclass(frozen=True)
class Job:
    """One case for a worker: everything it needs, as plain picklable values."""

    case_id: str
    input: str  # as the user named it (for the manifest)
    case_path: str  # absolute, for the kernel
    out_dir: str  # absolute
    formats: tuple[str, ...]
    pack: str  # "" (the covering pack), a builtin id, or an absolute pack file path
    notebook: str  # absolute
    record: dict  # the done record's fields known before rendering
    timeout_s: float = limits.CASE_TIMEOUT_S  # wall clock for the notebook
    memory_mb: float = limits.CASE_MEMORY_MB  # resident memory of its kernel
    overrides: str = ""  # the case's override sidecar, absolute; "" without one
    mode: str = "report"  # what the notebook renders (casekit.worksheet.MODES)


def _message(exc: BaseException) -> str:
    """One line naming what went wrong; casekit's own messages never quote the records."""
    text = str(exc) if isinstance(exc, CasekitError) else f"{type(exc).__name__}: {exc}"
    text = " | ".join(line.strip() for line in text.splitlines() if line.strip()) or type(exc).__name__
    return text if len(text) <= _MAX_MESSAGE else text[:_MAX_MESSAGE - 1] + "…"


# --- the done record (written here, read by casekit.batch) ----------------------------------------

def _state_path(out_dir: str | Path, case_id: str) -> Path:
    return Path(out_dir) / STATE_DIR / f"{case_id}.json"


def _write_json(path: Path, data: Any) -> None:
    from .render import atomic_write

    atomic_write(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _forget(job: Job) -> None:
    """Remove a case's done record, if any: a stale record must not mark a failed case done."""
    try:
        _state_path(job.out_dir, job.case_id).unlink(missing_ok=True)
    except OSError:  # a name the file system refuses, or a folder that cannot be written
        pass


def _full_reason(exc: BaseException) -> Optional[str]:
    """The reason ``out`` can take nothing more (``No space left on device``), if that is why
    ``exc`` happened (itself or what it wraps), else None."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _OUT_FULL:
            return os.strerror(exc.errno)
        exc = exc.__cause__ or exc.__context__
    return None


def _failure(exc: BaseException, start: float) -> dict:
    result = {"status": "error", "error": _message(exc), "seconds": round(time.perf_counter() - start, 2)}
    if (reason := _full_reason(exc)) is not None:
        result["out_error"] = reason
    return result


# --- the worker side ------------------------------------------------------------------------------

# One warm kernel per worker thread (a Dask worker may run several threads), keyed by process
# too, so a forked child never talks to its parent's kernel.
_KERNELS: dict[tuple[int, int], Any] = {}
_KERNELS_LOCK = threading.Lock()
_CLEANUP_REGISTERED: set[int] = set()


def _kernel():
    from .notebook import WarmKernel

    key = (os.getpid(), threading.get_ident())
    kernel = _KERNELS.get(key)
    if kernel is None or kernel.km is None:
        kernel = WarmKernel().__enter__()
        with _KERNELS_LOCK:
            _KERNELS[key] = kernel
            if os.getpid() not in _CLEANUP_REGISTERED:
                _CLEANUP_REGISTERED.add(os.getpid())
                # atexit covers interpreters that exit normally (spawned workers, Dask workers);
                # multiprocessing's finalizers cover forked workers, which skip atexit.
                atexit.register(close_kernels)
                import multiprocessing.util

                multiprocessing.util.Finalize(None, close_kernels, exitpriority=100)
    return kernel


def close_kernels() -> int:
    """Shut down the warm kernels this process started; returns how many.

    Batch workers call it when they exit; after a Dask batch it runs on every worker.

    Example::

        client.run(close_kernels)
    """
    from .browser import close_kept

    close_kept()  # the browsers this worker printed its PDFs with
    pid = os.getpid()
    with _KERNELS_LOCK:
        mine = [_KERNELS.pop(key) for key in list(_KERNELS) if key[0] == pid]
    for kernel in mine:
        try:
            kernel.__exit__(None, None, None)
        except Exception:  # a kernel that is already gone needs no shutdown
            pass
    return len(mine)


class _Watchdog:
    """Kills a kernel (SIGKILL, with anything it started) once the case it runs has taken longer
    than ``timeout_s`` or its resident memory exceeds ``memory_mb``; ``tripped`` says which.

    A thread reads the kernel's ``/proc/<pid>/status`` every 0.1 s, so the limits hold for any
    notebook, not only cooperative ones; where there is no ``/proc`` only the time limit holds.
    The kernel that is killed is restarted by :class:`casekit.notebook.WarmKernel` before the
    next case.
    """

    def __init__(self, kernel: Any, timeout_s: float, memory_mb: float):
        self.kernel, self.timeout_s, self.memory_mb = kernel, timeout_s, memory_mb
        self.tripped: Optional[str] = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="casekit-watchdog", daemon=True)

    def __enter__(self) -> "_Watchdog":
        self._start = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.wait(_WATCH_S):
            pid = _kernel_pid(self.kernel)
            if time.monotonic() - self._start > self.timeout_s:
                self.tripped = f"took longer than {self.timeout_s:g} s (--case-timeout)"
            elif pid and (_rss_mb(pid) or 0) > self.memory_mb:
                self.tripped = f"used more than {self.memory_mb:g} MB of memory (--case-memory)"
            else:
                continue
            if pid:
                _kill_group(pid)
            return


def _kernel_pid(kernel: Any) -> Optional[int]:
    km = getattr(kernel, "km", None)
    return getattr(getattr(km, "provisioner", None), "pid", None)


def _rss_mb(pid: int) -> Optional[float]:
    """Resident memory of ``pid`` in MiB, from ``/proc`` (None where there is none)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _kill_group(pid: int) -> None:
    """SIGKILL ``pid``, and its process group when it leads one (a kernel, a batch worker)."""
    try:
        if hasattr(os, "killpg") and os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except OSError:  # already gone
        pass


def _execute(job: Job):
    """The kernel half of a case: run the review notebook on this thread's warm kernel, within
    the job's time and memory limits; None, and no kernel, when only a letter is asked."""
    from .overrides import kernel_path
    from .run import split_formats

    if not split_formats(job.formats)[0]:
        return None
    kernel = _kernel()
    kernel.timeout = int(job.timeout_s) + _CELL_TIMEOUT_MARGIN_S
    # the files as `casekit report` names them to its kernel: the same bytes from any folder
    params = {"case_path": Path(job.case_path).name, "pack": job.pack,
              "overrides": kernel_path(job.overrides, job.case_path) if job.overrides else ""}
    if job.mode != "report":  # as `casekit report` injects it
        params["mode"] = job.mode
    with _Watchdog(kernel, job.timeout_s, job.memory_mb) as watchdog:
        try:
            nb = kernel.run(job.notebook, params, cwd=str(Path(job.case_path).parent))
        except Exception:
            if watchdog.tripped is None:
                raise
            nb = None
    if watchdog.tripped is not None:
        raise RenderError(f"the case {watchdog.tripped}; its kernel was stopped")
    return nb


def _finish(job: Job, start: float, nb: Any = None, error: Optional[BaseException] = None) -> dict:
    """The rest of a case: render the executed notebook, then write the done record last.

    Never raises: any failure (a full disk, a name the file system refuses) is the case's
    ``error`` result, with ``out_error`` set when ``out`` can take nothing more.
    """
    try:
        if error is not None:
            raise error
        return {"status": "ok", **_render_case(job, start, nb)}
    except Exception as exc:
        _forget(job)
        result = _failure(exc, start)
        if "out_error" in result:  # half a case's outputs are of no use; the manifest needs the room
            for suffix in _suffixes(job.formats, job.mode):
                with contextlib.suppress(OSError):
                    (Path(job.out_dir) / f"{job.case_id}{suffix}").unlink(missing_ok=True)
        return result


def _suffixes(formats: tuple[str, ...], mode: str = "report") -> tuple[str, ...]:
    """The file suffixes a case's outputs may have, for these formats and this mode."""
    from .letter import FORMATS as LETTER_FORMATS
    from .run import split_formats
    from .worksheet import ANSWER_FILES, SUFFIXES

    report, letter = split_formats(formats)
    stem = SUFFIXES[mode]
    return (f"{stem}.ipynb", *(f"{stem}.{f}" for f in report), *(f".letter.{f}" for f in LETTER_FORMATS if letter),
            *([f".{ANSWER_FILES[mode]}"] if mode in ANSWER_FILES else []))


def _render_case(job: Job, start: float, nb: Any) -> dict:
    import hashlib

    from . import render
    from .io import load_case
    from .overrides import load_overrides
    from .run import outcome, outcome_from, split_formats
    from .worksheet import ANSWER_FILES, SUFFIXES, write_answers

    # the bytes rendered (read as the batch read them: never a FIFO)
    record = {**job.record, "input_sha256": hashlib.sha256(read_regular(job.case_path)).hexdigest(),
              "overrides_sha256": hashlib.sha256(read_regular(job.overrides)).hexdigest() if job.overrides else ""}
    report, letter = split_formats(job.formats)
    written = (render.render(nb, job.out_dir, job.case_id + SUFFIXES[job.mode], report, renderer="nbconvert",
                             plotly_js=PLOTLY_JS) if report else {})
    # the decision the notebook reached and the report shows; a notebook of one's own that
    # publishes none (a worksheet's), a letter or an answer file (built from the review, in this
    # process) reviews it here
    result = outcome_from(nb) if nb is not None else None
    if result is None or letter or job.mode in ANSWER_FILES:
        from .reviewing import review
        reviewed = review(load_case(job.case_path), job.pack or None,
                          overrides=load_overrides(job.overrides) if job.overrides else ())
        result = result or outcome(reviewed)
        if job.mode in ANSWER_FILES:
            written[ANSWER_FILES[job.mode]] = write_answers(reviewed, job.out_dir, job.mode)
        if letter:
            from .letter import write_letter
            written.update(write_letter(reviewed, job.out_dir))
    if job.mode == "worksheet":  # a worksheet's folder is the trainees': it records no finding
        result = {**result, "decision": "", "failed_rules": [], "cohort": {}}
    record.update(
        formats=sorted({*(written.keys() & set(report)), *(["letter"] if letter else [])}),
        outputs=sorted(Path(p).relative_to(job.out_dir).as_posix() for p in written.values()),
        decision=result["decision"],
        failed_rules=result["failed_rules"],
        cohort=result["cohort"],
        seconds=round(time.perf_counter() - start, 2),
    )
    _write_json(_state_path(job.out_dir, job.case_id), record)  # last: done once every output exists
    return record


def render_job(job: Job) -> dict:
    """Render one case on this worker's warm kernel; write its outputs, then its done record.

    Returns the case's result (``status`` ``ok`` or ``error``); it never raises for a case.
    This is what a Dask worker runs per case.

    Example::

        render_job(job)["decision"]  # 'deny'
    """
    from .browser import keep

    keep()  # a Dask worker's PDFs print in one Chromium it keeps open
    start = time.perf_counter()
    try:
        nb = _execute(job)
    except Exception as exc:
        return _finish(job, start, error=exc)
    return _finish(job, start, nb)


# --- running the jobs -----------------------------------------------------------------------------

# Cases handed to a local worker at a time: one on its kernel, one being rendered beside it.
_IN_FLIGHT = 2


def _local_worker(tasks, results) -> None:
    """One local worker process: its kernel runs a case while a thread renders the previous one.

    ``tasks`` and ``results`` are this worker's own pipe ends (no lock shared with other
    workers, so one that is killed cannot block the rest). It sends ``("started", input)`` when
    a case reaches the kernel and ``("done", input, result)`` when it is settled, so the batch
    hears from it at least once per case.
    """
    import queue

    # Out of the terminal's process group: Ctrl-C reaches only the batch, which sends ``None``;
    # a worker then finishes the cases it holds, shuts its kernel down and exits. (Ignoring
    # SIGINT would not last: running a notebook restores Python's handler.) If the batch is
    # killed outright, a worker sees its pipe close once it has finished what it holds.
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    from .browser import keep

    keep()  # PDFs print in one Chromium kept open by this worker, not one started per file
    handoff: queue.Queue = queue.Queue(maxsize=1)
    sending = threading.Lock()  # two threads share the results pipe

    def send(message: tuple) -> None:
        with sending:
            try:
                results.send(message)
            except (OSError, ValueError):  # the batch is gone; the done record is on disk all the same
                pass

    def finisher() -> None:
        while (item := handoff.get()) is not None:
            try:
                result = _finish(*item)
            except Exception as exc:  # _finish does not raise; this keeps the thread alive if it did
                result = _failure(exc, item[1])
            send(("done", item[0].input, result))

    thread = threading.Thread(target=finisher, name="casekit-render")
    thread.start()
    try:
        # the kernel starts with the first case that needs one (a letter alone needs none)
        while True:
            try:
                job = tasks.recv()
            except (EOFError, OSError):  # the batch is gone
                break
            if job is None:
                break
            send(("started", job.input))
            start = time.perf_counter()
            try:
                handoff.put((job, start, _execute(job)))
            except Exception as exc:
                handoff.put((job, start, None, exc))
    finally:
        handoff.put(None)
        thread.join()
        close_kernels()


@dataclass
class _Worker:
    proc: Any
    tasks: Any  # the parent's sending end
    results: Any  # the parent's receiving end
    held: list  # cases sent and not yet reported, oldest first
    heard: float  # when it last sent anything (or was given work while idle), monotonic


def _start_worker(ctx: Any, number: int) -> _Worker:
    task_r, task_w = ctx.Pipe(duplex=False)
    result_r, result_w = ctx.Pipe(duplex=False)
    # _local_worker is looked up here, at call time (the tests put stand-ins in its place)
    proc = ctx.Process(target=_local_worker, args=(task_r, result_w), name=f"casekit-worker-{number}")
    proc.start()
    task_r.close()  # the worker holds these ends now
    result_w.close()
    return _Worker(proc, task_w, result_r, [], time.monotonic())


def _stop_worker(w: _Worker, kill: bool = False) -> None:
    """Wait for a worker told to finish (killing it after a minute), or kill it now."""
    if kill:
        _kill_group(w.proc.pid)
    w.proc.join(timeout=5 if kill else 60)
    if w.proc.is_alive():
        w.proc.kill()
        w.proc.join()
    w.tasks.close()
    w.results.close()


def _error(reason: str) -> dict:
    return {"status": "error", "error": reason, "seconds": None}


def _well_formed(result: Any) -> bool:
    """A result the batch can record: what :func:`_finish` returns, not something garbled."""
    if not isinstance(result, dict):
        return False
    seconds = result.get("seconds")
    if seconds is not None and (isinstance(seconds, bool) or not isinstance(seconds, (int, float))):
        return False
    if result.get("status") == "error":
        return isinstance(result.get("error"), str)
    return (result.get("status") == "ok" and isinstance(result.get("decision"), str)
            and isinstance(result.get("failed_rules"), list) and isinstance(result.get("outputs"), list)
            and isinstance(result.get("input_sha256"), str) and isinstance(result.get("cohort", {}), dict))


def _read_messages(w: _Worker, report: Callable[[Job, dict], None]) -> Optional[str]:
    """Take what ``w`` has sent; ``"closed"`` once its pipe is closed, ``"garbled"`` on a
    message that is not one a worker sends (it is then not trusted with its cases), else None."""
    while w.held:
        try:
            if not w.results.poll():
                return None
            message = w.results.recv()
        except (EOFError, OSError):
            return "closed"
        except Exception:  # bytes that do not unpickle
            return "garbled"
        w.heard = time.monotonic()
        if isinstance(message, tuple) and len(message) == 2 and message[0] == "started":
            continue
        if not (isinstance(message, tuple) and len(message) == 3 and message[0] == "done"):
            return "garbled"
        job = next((j for j in w.held if j.input == message[1]), None)
        if job is not None:
            w.held.remove(job)
            report(job, message[2] if _well_formed(message[2]) else
                   _error("the worker running this case sent a result that could not be read"))
    return None


def _run_local(jobs: list[Job], workers: int, on_result: Callable[[Job, dict], Any], silence_s: float,
               on_idle: Optional[Callable[[], None]] = None) -> list[Job]:
    """Run ``jobs`` on ``workers`` local processes; ``on_result(job, result)`` for each case.

    Nothing is left waiting: a worker that dies, or holds cases and sends nothing for
    ``silence_s``, or sends something garbled, is stopped and its cases become ``error``
    results; a new worker takes its place while cases remain. When ``on_result`` returns True
    (``out`` is full) no further case is sent, and the jobs never sent are returned.
    """
    import multiprocessing
    from multiprocessing.connection import wait

    # spawn: a clean interpreter per worker (no inherited threads or sockets), as on macOS.
    ctx = multiprocessing.get_context("spawn")
    pool = [_start_worker(ctx, i) for i in range(workers)]
    todo = list(reversed(jobs))
    stop = False
    # Each replacement follows a loss that settled at least one case, so this bounds nothing
    # a real batch needs; it only guarantees the loop ends.
    spare = len(jobs)
    numbers = itertools.count(workers)

    def report(job: Job, result: dict) -> None:
        nonlocal stop
        stop = bool(on_result(job, result)) or stop

    def feed(w: _Worker) -> None:
        while todo and not stop and len(w.held) < _IN_FLIGHT and w.proc.is_alive():
            if not w.held:
                w.heard = time.monotonic()  # an idle worker's silence starts now
            w.held.append(todo.pop())
            try:
                w.tasks.send(w.held[-1])
            except OSError:
                break  # it died: reported below with the rest of what it held

    def lose(i: int, reason: str, kill: bool) -> None:
        nonlocal spare
        w = pool[i]
        for job in list(w.held):  # what it held is lost; a re-run renders it
            w.held.remove(job)
            report(job, _error(reason))
        _stop_worker(w, kill=kill)
        if todo and not stop and spare > 0:
            spare -= 1
            pool[i] = _start_worker(ctx, next(numbers))

    try:
        for w in pool:
            feed(w)
        while any(w.held for w in pool):
            busy = [w for w in pool if w.held]
            wait([w.results for w in busy] + [w.proc.sentinel for w in busy], timeout=_POLL_S)
            for i, w in enumerate(pool):
                if not w.held:
                    continue
                state = _read_messages(w, report)
                if state == "garbled":
                    lose(i, "the worker running this case sent something garbled and was stopped", kill=True)
                elif w.held and not w.proc.is_alive() and (state == "closed" or not w.results.poll()):
                    lose(i, f"the worker process running this case died (exit code {w.proc.exitcode})",
                         kill=False)
                elif w.held and time.monotonic() - w.heard > silence_s:
                    lose(i, f"the worker running this case sent nothing for {silence_s:g} s and was "
                            "stopped", kill=True)
            for w in pool:
                feed(w)
            # (a dead worker still holding cases is settled, and replaced, on the next round)
            if todo and not stop and not any(w.held or w.proc.is_alive() for w in pool):
                for job in reversed(todo):
                    report(job, _error("every batch worker process died before this case"))
                todo.clear()
            if on_idle is not None:
                on_idle()
    finally:
        for w in pool:
            try:
                w.tasks.send(None)  # finish what you hold, shut the kernel down, exit
            except OSError:
                pass
        for w in pool:
            _stop_worker(w)
    return list(reversed(todo))


def _run_dask(jobs: list[Job], address: str, on_result: Callable[[Job, dict], Any], silence_s: float,
              on_idle: Optional[Callable[[], None]] = None) -> list[Job]:
    """As :func:`_run_local`, on the workers of a Dask cluster: when no case finishes for
    ``silence_s`` the cases still pending are cancelled and become ``error`` results."""
    try:
        from distributed import Client, wait
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'casekit[cluster]'") from None
    try:
        client = Client(address, set_as_default=False, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        try:
            futures = client.map(render_job, jobs, pure=False)
            by_key = {f.key: job for f, job in zip(futures, jobs)}
            pending, heard = set(futures), time.monotonic()
            while pending:
                try:
                    wait(list(pending), timeout=_POLL_S, return_when="FIRST_COMPLETED")
                except Exception:  # a timeout, or futures cancelled elsewhere: read below
                    pass
                done = {f for f in pending if f.done()}
                pending -= done
                stop = False
                for future in done:
                    heard = time.monotonic()
                    stop = bool(on_result(by_key[future.key], _result_of(future))) or stop
                if stop or time.monotonic() - heard > silence_s:
                    client.cancel(list(pending))
                    if stop:
                        return [by_key[f.key] for f in futures if f in pending]
                    for future in pending:
                        on_result(by_key[future.key], _error(
                            f"the Dask cluster finished no case for {silence_s:g} s; this one was cancelled"))
                    pending = set()
                if on_idle is not None:
                    on_idle()
        finally:
            # Workers outlive the batch; their kernels should not.
            try:
                client.run(close_kernels)
            except Exception:
                pass
    return []


def _result_of(future) -> dict:
    try:
        result = future.result()
    except Exception as exc:  # the worker died (out of memory, killed): the case is not done
        return _error(f"the worker running this case failed: {_message(exc)}")
    return result if _well_formed(result) else _error("the worker running this case sent a result "
                                                      "that could not be read")
