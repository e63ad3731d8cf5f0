"""Many cases at once: warm kernels, a manifest, a cohort index, and a restart that resumes.

    run_batch(inputs, out)      validate every case, render the new ones, write the manifest
                                and the cohort index; returns the counts

What a batch leaves in ``out``::

    <id>.ipynb, <id>.html, <id>.pdf   each case's executed notebook and reports
    assets/plotly.min.js              plotly.js, once, loaded by every report (and the index)
    .casekit/<id>.json                a case's "done" record, written after all its outputs
    manifest.csv, manifest.json       one row per input, sorted by input path
    index.html                        the cohort page (casekit.cohort)

Cases are validated in this process first (milliseconds each), so an invalid case never reaches
a kernel. The rest run on workers (:mod:`casekit.workers`) that each keep one kernel warm for
all their cases: local processes (``jobs``) or the workers of a Dask cluster (``scheduler``),
which must see ``out`` and the inputs at the same paths. Each worker writes a case's outputs,
then its done record, each atomically: after a crash (even SIGKILL) a re-run renders only the
cases with no current record, and a case that is done is never rendered twice.

Nothing here prints note text: progress lines name case ids, input paths and casekit's own
messages, which never quote the records.

Example::

    summary = run_batch(["cases/"], "out", jobs=2, formats=("html",))
    summary["failed"]  # 0
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence, TextIO

from ._version import __version__
from .errors import CaseError, CasekitError, UsageError
# Job, close_kernels and render_job stay importable from here (they are in __all__).
from .workers import (PLOTLY_JS, STATE_DIR, Job, _message, _run_dask, _run_local, _state_path,
                      _write_json, close_kernels, render_job)

__all__ = ["CASE_SUFFIXES", "COLUMNS", "Job", "close_kernels", "find_cases", "render_job", "run_batch"]

#: The manifest's columns, in order.
COLUMNS = ("id", "input", "input_sha256", "decision", "failed_rules", "status", "error", "seconds",
           "outputs", "casekit_version", "pack_id", "pack_version", "pack_hash")
CASE_SUFFIXES = (".yaml", ".yml", ".json")
# What a done record must match for its case to be skipped.
_STATE_KEY = ("input_sha256", "pack_hash", "casekit_version", "notebook_sha256")


# --- finding and checking the inputs ----------------------------------------------------------

def find_cases(inputs: Iterable[str], exclude: Optional[Path] = None) -> list[str]:
    """Case files named by ``inputs`` (files, or folders searched recursively), sorted.

    Hidden folders and anything under ``exclude`` (the batch's output folder) are skipped.

    Example::

        find_cases(["cases/", "extra/case-9.json"])  # ['cases/hip-seed.yaml', ...]
    """
    found: set[str] = set()
    skip = exclude.resolve() if exclude else None
    for arg in inputs:
        root = Path(arg)
        if root.is_file():
            found.add(str(root))
            continue
        if not root.is_dir():
            raise UsageError(f"{arg}: no such file or folder (give case files or folders of them)")
        for dirpath, dirnames, filenames in os.walk(root):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and (skip is None or (here / d).resolve() != skip))
            found.update(str(here / f) for f in filenames
                         if f.lower().endswith(CASE_SUFFIXES) and not f.startswith("."))
    return sorted(found)


def _validate(paths: list[str], pack: Optional[str]) -> tuple[list[dict], list[tuple[Any, dict]]]:
    """(rows of invalid cases, [(case, row)] of valid ones); a duplicate id is invalid."""
    from .io import file_hash, load_case
    from .packs import resolve

    invalid, valid, seen = [], [], {}
    for path in paths:
        row = _row(input=path, input_sha256=file_hash(path))
        try:
            case = load_case(path)
        except CaseError as exc:
            invalid.append({**row, "status": "invalid", "error": " | ".join(exc.problems)})
            continue
        row["id"] = case.id
        if case.id in seen:
            invalid.append({**row, "status": "invalid",
                            "error": f"{path}: duplicate case id {case.id!r}, also in {seen[case.id]}"})
            continue
        seen[case.id] = path
        try:
            p = resolve(case, pack)
        except CasekitError as exc:  # e.g. no pack covers the primary diagnosis
            invalid.append({**row, "status": "invalid", "error": f"{path}: {_message(exc)}"})
            continue
        row.update(pack_id=p.id, pack_version=p.version, pack_hash=p.hash)
        valid.append((case, row))
    return invalid, valid


def _row(**values: Any) -> dict:
    row = {c: "" for c in COLUMNS}
    row.update(failed_rules=[], outputs=[], seconds=None, casekit_version=__version__)
    row.update(values)
    return row


# --- the done record ----------------------------------------------------------------------------

def _done(job: Job) -> Optional[dict]:
    """The case's done record if it matches this run and all its outputs exist, else None."""
    try:
        state = json.loads(_state_path(job.out_dir, job.case_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or any(state.get(k) != job.record[k] for k in _STATE_KEY):
        return None
    outputs = state.get("outputs") or []
    if not set(job.formats) <= set(state.get("formats", [])):
        return None
    if not all((Path(job.out_dir) / rel).is_file() for rel in outputs):
        return None
    return state


# --- progress ---------------------------------------------------------------------------------

class _Progress:
    """Plain log lines, or on a terminal one line rewritten in place."""

    def __init__(self, total: int, stream: TextIO):
        self.total, self.stream = total, stream
        self.tty = stream.isatty()
        self.done = self.failed = self.rendered = 0
        self.started = time.monotonic()
        self.render_started: Optional[float] = None

    def start_rendering(self, todo: int, skipped: int, invalid: int, where: str) -> None:
        self.render_started = time.monotonic()
        print(f"casekit batch: {self.total} cases: {invalid} invalid, {skipped} already done, "
              f"{todo} to render" + (f" {where}" if where else ""), file=self.stream, flush=True)
        if self.tty:
            self._line()

    def case(self, row: dict, how: str) -> None:
        self.done += 1
        self.failed += row["status"] != "ok"
        self.rendered += how == "rendered"
        if self.tty:
            self._line()
            return
        print(f"[{self.done}/{self.total}] {_describe(row, how)}", file=self.stream, flush=True)

    def _line(self) -> None:
        left = self.total - self.done
        elapsed = time.monotonic() - (self.render_started or self.started)
        rate = self.rendered / elapsed if self.rendered and elapsed > 0 else 0.0
        eta = f"ETA {left / rate:.0f} s" if rate and left else "ETA -"
        text = (f"casekit batch: {self.done}/{self.total} done, {self.failed} failed, {left} left, "
                f"{rate:.2f} cases/s, {eta}")
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()

    def finish(self, summary: dict, rows: list[dict], out: Path) -> None:
        if self.tty:
            self.stream.write("\n")
            for row in rows:
                if row["status"] != "ok":
                    print(f"  {_describe(row, '')}", file=self.stream)
        seconds = time.monotonic() - self.started
        print(f"casekit batch: {summary['total']} cases in {seconds:.1f} s: {summary['ok']} ok "
              f"({summary['skipped']} already done), {summary['invalid']} invalid, "
              f"{summary['error']} error; {out / 'manifest.csv'}, {out / 'index.html'}",
              file=self.stream, flush=True)


def _describe(row: dict, how: str) -> str:
    """``HIP-0012 ok deny 0.61 s``, ``cases/x.yaml invalid: visits[2].date: ...``."""
    if row["status"] == "ok":
        when = " (already done)" if how == "skipped" else f" {row['seconds']:.2f} s"
        return f"{row['id']} ok {row['decision']}{when}"
    error = row["error"]
    if error.startswith(row["input"] + ": "):  # the loader's lines start with the path
        error = error[len(row["input"]) + 2:]
    name = row["id"] if row["status"] == "error" else row["input"]
    return f"{name} {row['status']}: {error}"


# --- the manifest -----------------------------------------------------------------------------

def _write_manifest(out: Path, rows: list[dict]) -> None:
    from .render import atomic_write

    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "failed_rules": " ".join(row["failed_rules"]),
                         "outputs": " ".join(row["outputs"]),
                         "seconds": "" if row["seconds"] is None else f"{row['seconds']:.2f}"})
    atomic_write(out / "manifest.csv", buf.getvalue().encode("utf-8"))
    _write_json(out / "manifest.json", {"format": "casekit-batch-manifest/1", "columns": list(COLUMNS),
                                        "cases": [{c: row[c] for c in COLUMNS} for row in rows]})


def _ok_row(row: dict, record: dict) -> dict:
    return {**row, "status": "ok", "error": "", "input_sha256": record["input_sha256"],
            "decision": record["decision"], "failed_rules": list(record["failed_rules"]),
            "outputs": list(record["outputs"]), "seconds": record.get("seconds")}


# --- the batch ----------------------------------------------------------------------------------

def run_batch(
    inputs: Sequence[str],
    out: str | os.PathLike[str],
    jobs: Optional[int] = None,
    formats: Sequence[str] = ("html",),
    scheduler: Optional[str] = None,
    pack: Optional[str] = None,
    force: bool = False,
    notebook: Optional[str] = None,
    stream: Optional[TextIO] = None,
) -> dict:
    """Render every case in ``inputs`` into ``out``; write the manifest and the cohort index.

    ``inputs`` are case files or folders; ``jobs`` local worker processes (default: one per
    core, at most one per case); ``scheduler`` a Dask scheduler address instead (``out`` and
    the inputs must be on a folder every worker sees at the same path); ``pack`` a pack id or
    file for every case; ``force`` re-renders cases whose done record is current; ``notebook``
    replaces the packaged review notebook. Progress goes to ``stream`` (default stderr).

    Returns ``{"total", "ok", "invalid", "error", "failed", "skipped", "manifest", "index"}``;
    ``ok`` counts skipped cases too, ``failed`` is ``invalid + error``.

    Example::

        run_batch(["cases/"], "out", jobs=2)["failed"]  # 0
    """
    from . import cohort, packs, render
    from .io import file_hash
    from .run import notebook_path

    stream = stream or sys.stderr
    formats = tuple(dict.fromkeys(formats))
    bad = [f for f in formats if f not in render.FORMATS]
    if bad or not formats:
        raise UsageError(f"formats {list(formats)}: choose from {', '.join(render.FORMATS)}")
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs {jobs}: give 1 or more worker processes")
    out_dir = Path(out).resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {out}: is a file, not a folder")
    if pack:
        if Path(pack).is_file():
            pack = str(Path(pack).resolve())  # the kernel runs in the case's folder
        packs.load(pack)  # a wrong --pack stops the batch before any case (exit 2)
    nb_path = Path(notebook).resolve() if notebook else notebook_path()
    if not nb_path.is_file():
        raise UsageError(f"{notebook}: notebook not found")

    paths = find_cases(inputs, exclude=out_dir)
    if not paths:
        raise UsageError(f"no case files ({', '.join(CASE_SUFFIXES)}) in {', '.join(map(str, inputs))}")
    invalid, valid = _validate(paths, pack)
    (out_dir / STATE_DIR).mkdir(parents=True, exist_ok=True)
    render.write_plotly_js(out_dir / Path(PLOTLY_JS).parent)

    nb_hash = file_hash(nb_path)
    progress = _Progress(len(paths), stream)
    rows: dict[str, dict] = {row["input"]: row for row in invalid}
    records: dict[str, dict] = {}
    todo: list[Job] = []
    skipped = 0
    for case, row in valid:
        job = Job(case.id, row["input"], str(Path(row["input"]).resolve()), str(out_dir), formats,
                  pack or "", str(nb_path),
                  {"id": case.id, "input_sha256": row["input_sha256"], "pack_id": row["pack_id"],
                   "pack_version": row["pack_version"], "pack_hash": row["pack_hash"],
                   "casekit_version": __version__, "notebook_sha256": nb_hash})
        state = None if force else _done(job)
        if state is None:
            rows[row["input"]] = row
            todo.append(job)
            continue
        skipped += 1
        rows[row["input"]] = _ok_row(row, state)
        records[case.id] = state

    def on_result(job: Job, result: dict) -> None:
        row = rows[job.input]
        if result["status"] == "ok":
            rows[job.input] = _ok_row(row, result)
            records[job.case_id] = result
        else:
            row.update(status="error", error=result["error"], seconds=result["seconds"])
        progress.case(rows[job.input], "rendered")

    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    where = f"on the Dask cluster at {scheduler}" if scheduler else f"on {workers} local worker(s)"
    progress.start_rendering(len(todo), skipped, len(invalid), where if todo else "")
    for path in sorted(rows):  # what is settled before any worker starts, in input order
        if rows[path]["status"] in ("invalid", "ok"):
            progress.case(rows[path], "skipped" if rows[path]["status"] == "ok" else "invalid")
    if todo and scheduler:
        _run_dask(todo, scheduler, on_result)
    elif todo:
        _run_local(todo, workers, on_result)

    ordered = [rows[p] for p in sorted(rows)]
    _write_manifest(out_dir, ordered)
    index = cohort.write_index(out_dir, ordered, records, plotly_js=PLOTLY_JS)
    counts = {s: sum(r["status"] == s for r in ordered) for s in ("ok", "invalid", "error")}
    summary = {"total": len(ordered), **counts, "failed": counts["invalid"] + counts["error"],
               "skipped": skipped, "manifest": str(out_dir / "manifest.csv"), "index": str(index)}
    progress.finish(summary, ordered, out_dir)
    return summary
