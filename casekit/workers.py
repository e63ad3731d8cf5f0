"""Running cases on workers: warm kernels, the per-case render, local processes and Dask.

    render_job(job)     run one case's notebook on this worker's warm kernel, render its
                        reports, then write its done record; never raises for a case
    close_kernels()     shut down the warm kernels this process started

A :class:`Job` carries everything a worker needs as plain picklable values, and the worker
entry points (:func:`render_job`, ``_local_worker``) are module-level functions, so a spawned
process or a Dask worker can import them. A local worker overlaps the two halves of a case
(its kernel runs one notebook while a thread renders the previous one) and has pipes of its
own, so a worker that is killed (out of memory, say) fails only the cases it held. Each case's
outputs are written first and its done record last, each atomically (:mod:`casekit.batch`
reads the records to decide what a re-run skips).

Example::

    render_job(job)["decision"]  # 'deny'
"""

from __future__ import annotations

import atexit
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from .errors import CasekitError, UsageError

__all__ = ["PLOTLY_JS", "STATE_DIR", "Job", "close_kernels", "render_job"]

#: Where each report finds the shared plotly.js, relative to ``out``.
PLOTLY_JS = "assets/plotly.min.js"
STATE_DIR = ".casekit"
_MAX_MESSAGE = 500


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
    pid = os.getpid()
    with _KERNELS_LOCK:
        mine = [_KERNELS.pop(key) for key in list(_KERNELS) if key[0] == pid]
    for kernel in mine:
        try:
            kernel.__exit__(None, None, None)
        except Exception:  # a kernel that is already gone needs no shutdown
            pass
    return len(mine)


def _execute(job: Job):
    """The kernel half of a case: run the review notebook on this thread's warm kernel."""
    return _kernel().run(job.notebook, {"case_path": job.case_path, "pack": job.pack},
                         cwd=str(Path(job.case_path).parent))


def _finish(job: Job, start: float, nb: Any = None, error: Optional[BaseException] = None) -> dict:
    """The rest of a case: render the executed notebook, then write the done record last."""
    from . import render
    from .io import file_hash, load_case
    from .run import outcome, outcome_from

    state = _state_path(job.out_dir, job.case_id)
    try:
        if error is not None:
            raise error
        record = {**job.record, "input_sha256": file_hash(job.case_path)}  # the bytes rendered
        written = render.render(nb, job.out_dir, job.case_id, job.formats, renderer="nbconvert",
                                plotly_js=PLOTLY_JS)
        # the decision the notebook reached and the report shows; a notebook of one's own that
        # publishes none is reviewed here
        result = outcome_from(nb)
        if result is None:
            from .reviewing import review
            result = outcome(review(load_case(job.case_path), job.pack or None))
    except Exception as exc:
        state.unlink(missing_ok=True)  # a stale record must not mark this case done
        return {"status": "error", "error": _message(exc),
                "seconds": round(time.perf_counter() - start, 2)}
    record.update(
        formats=sorted(written.keys() - {"ipynb"}),
        outputs=sorted(Path(p).relative_to(job.out_dir).as_posix() for p in written.values()),
        decision=result["decision"],
        failed_rules=result["failed_rules"],
        cohort=result["cohort"],
        seconds=round(time.perf_counter() - start, 2),
    )
    _write_json(state, record)  # last: the case is done only once every output exists
    return {"status": "ok", **record}


def render_job(job: Job) -> dict:
    """Render one case on this worker's warm kernel; write its outputs, then its done record.

    Returns the case's result (``status`` ``ok`` or ``error``); it never raises for a case.
    This is what a Dask worker runs per case.

    Example::

        render_job(job)["decision"]  # 'deny'
    """
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
    workers, so one that is killed cannot block the rest).
    """
    import queue

    # Out of the terminal's process group: Ctrl-C reaches only the batch, which sends ``None``;
    # a worker then finishes the cases it holds, shuts its kernel down and exits. (Ignoring
    # SIGINT would not last: running a notebook restores Python's handler.) If the batch is
    # killed outright, a worker sees its pipe close once it has finished what it holds.
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    handoff: queue.Queue = queue.Queue(maxsize=1)

    def finisher() -> None:
        while (item := handoff.get()) is not None:
            result = _finish(*item)
            try:
                results.send((item[0].input, result))
            except OSError:  # the batch is gone; the done record is on disk all the same
                pass

    thread = threading.Thread(target=finisher, name="casekit-render")
    thread.start()
    try:
        try:
            _kernel()  # start it before the first case arrives
        except Exception:
            pass  # each case reports the failure
        while True:
            try:
                job = tasks.recv()
            except (EOFError, OSError):  # the batch is gone
                break
            if job is None:
                break
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


def _run_local(jobs: list[Job], workers: int, on_result: Callable[[Job, dict], None]) -> None:
    import multiprocessing
    from multiprocessing.connection import wait

    # spawn: a clean interpreter per worker (no inherited threads or sockets), as on macOS.
    ctx = multiprocessing.get_context("spawn")
    pool: list[_Worker] = []
    for i in range(workers):
        task_r, task_w = ctx.Pipe(duplex=False)
        result_r, result_w = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_local_worker, args=(task_r, result_w), name=f"casekit-worker-{i}")
        proc.start()
        task_r.close()  # the worker holds these ends now
        result_w.close()
        pool.append(_Worker(proc, task_w, result_r, []))
    todo = list(reversed(jobs))

    def feed(w: _Worker) -> None:
        while todo and len(w.held) < _IN_FLIGHT and w.proc.is_alive():
            w.held.append(todo.pop())
            try:
                w.tasks.send(w.held[-1])
            except OSError:
                break  # it died: reported below with the rest of what it held

    try:
        for w in pool:
            feed(w)
        while any(w.held for w in pool):
            busy = [w for w in pool if w.held]
            wait([w.results for w in busy] + [w.proc.sentinel for w in busy], timeout=5)
            for w in busy:
                drained = False  # everything it sent has been read
                while w.held and w.results.poll():
                    try:
                        key, result = w.results.recv()
                    except (EOFError, OSError):
                        drained = True
                        break
                    job = next((j for j in w.held if j.input == key), None)
                    if job is not None:
                        w.held.remove(job)
                        on_result(job, result)
                if w.held and not w.proc.is_alive() and (drained or not w.results.poll()):
                    for job in w.held:  # what it held is lost; a re-run renders it
                        on_result(job, {"status": "error", "seconds": None, "error": (
                            f"the worker process running this case died (exit code {w.proc.exitcode})")})
                    w.held.clear()
                feed(w)
            if todo and not any(w.proc.is_alive() for w in pool):
                for job in reversed(todo):
                    on_result(job, {"status": "error", "seconds": None,
                                    "error": "every batch worker process died before this case"})
                todo.clear()
    finally:
        for w in pool:
            try:
                w.tasks.send(None)  # finish what you hold, shut the kernel down, exit
            except OSError:
                pass
        for w in pool:
            w.proc.join(timeout=60)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.tasks.close()
            w.results.close()


def _run_dask(jobs: list[Job], address: str, on_result: Callable[[Job, dict], None]) -> None:
    try:
        from distributed import Client, as_completed
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
            for future in as_completed(futures, loop=client.loop):
                on_result(by_key[future.key], _result_of(future))
        finally:
            # Workers outlive the batch; their kernels should not.
            try:
                client.run(close_kernels)
            except Exception:
                pass


def _result_of(future) -> dict:
    try:
        return future.result()
    except Exception as exc:  # the worker died (out of memory, killed): the case is not done
        return {"status": "error", "error": f"the worker running this case failed: {_message(exc)}",
                "seconds": None}
