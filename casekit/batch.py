"""Many cases at once: warm kernels, a manifest, a cohort index, and a restart that resumes.

    run_batch(inputs, out)      validate every case, render the new ones, write the manifest
                                and the cohort index; returns the counts

What a batch leaves in ``out``::

    <id>.ipynb, <id>.html, <id>.pdf   each case's executed notebook and reports
    <id>.letter.html, <id>.letter.pdf the determination letter (with ``letter`` among the formats)
    assets/plotly.min.js              plotly.js, once, loaded by every report (and the index)
    .casekit/<id>.json                a case's "done" record, written after all its outputs
    manifest.csv, manifest.json       one row per input, sorted by input path
    index.html                        the cohort page (casekit.cohort)

A reviewer's overrides of a case sit beside it as its sidecar, ``<case stem>.overrides.yaml``
(or ``.yml``, ``.json``; :func:`casekit.overrides.sidecars_of`): a sidecar is never a case, is
read when its case is validated (a bad one makes the case ``invalid``), and is applied to the
case's report and letter; one whose case is not among the inputs is an ``invalid`` row. A case's
done record keeps its sidecar's hash, so adding, changing or removing the sidecar renders the
case again.

Cases are validated in this process first (milliseconds each), so an invalid case never reaches
a kernel. The rest run on workers (:mod:`casekit.workers`) that each keep one kernel warm for
all their cases: local processes (``jobs``) or the workers of a Dask cluster (``scheduler``),
which must see ``out`` and the inputs at the same paths. Each worker writes a case's outputs,
then its done record, each atomically: after a crash (even SIGKILL) a re-run renders only the
cases with no current record, and a case that is done is never rendered twice.

Nothing can make a batch wait for ever or abort it: every input becomes a manifest row,
whatever it is (a FIFO or a device is refused unread, an unreadable, oversized or over-nested
file is ``invalid``, an id longer than ``limits.MAX_ID_CHARS`` or one of the names the batch
writes itself, ``limits.RESERVED_IDS``, is ``invalid``); a case that runs longer than
``case_timeout`` or whose kernel holds more than ``case_memory`` MB is stopped and becomes an
``error`` row; a worker that dies or stops answering fails only the cases it held. One lock
(``out/.casekit/lock``, released by the kernel when the batch dies, even by SIGKILL) keeps a
second batch out of ``out``. When ``out`` fills up or turns read-only the batch stops sending
cases, writes the manifest of what finished and ends with one error line (exit code 3).

Nothing here prints note text or patient identifiers: progress lines, the manifest and the
cohort page name case ids, input paths and casekit's own messages, and every message that
comes from a case's validation or its notebook is checked against that case's identifying
values and note text, which are replaced by ``(patient data)``.

Example::

    summary = run_batch(["cases/"], "out", jobs=2, formats=("html",))
    summary["failed"]  # 0
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import secrets
import stat
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Sequence, TextIO

from . import limits
from ._version import __version__
from .io import _PHI_FIELDS, _PRIVATE_BLOCKS
from .errors import CaseError, CasekitError, RenderError, UsageError, out_folder
from .overrides import sidecar_stem
# Job, close_kernels and render_job stay importable from here (they are in __all__).
from .workers import (PLOTLY_JS, STATE_DIR, Job, NotReadable, _message, _run_dask, _run_local,
                      _state_path, _well_formed, close_kernels, read_regular, render_job)

__all__ = ["CASE_SUFFIXES", "COLUMNS", "Job", "close_kernels", "find_cases", "render_job", "run_batch"]

#: The manifest's columns, in order.
COLUMNS = ("id", "input", "input_sha256", "decision", "failed_rules", "overrides", "status", "error", "warnings",
           "seconds", "outputs", "casekit_version", "pack_id", "pack_version", "pack_hash")
CASE_SUFFIXES = (".yaml", ".yml", ".json")
_DAY_S = 86_400  # the longest --case-timeout: a day (an infinite one would never stop a case)
# What a done record must match for its case to be skipped.
_STATE_KEY = ("input_sha256", "documents_sha256", "overrides_sha256", "pack_hash", "casekit_version",
              "notebook_sha256")


# --- finding and checking the inputs ----------------------------------------------------------

def find_cases(inputs: Iterable[str], exclude: Optional[Path] = None) -> list[str]:
    """Case files named by ``inputs`` (files, or folders searched recursively), sorted.

    Hidden folders and anything under ``exclude`` (the batch's output folder) are skipped,
    and so are the reviewer's override sidecars (``x.overrides.yaml``), which are no cases.
    Nothing is opened: a FIFO or a broken link named like a case file is listed too, and the
    batch turns it into an ``invalid`` row.

    Example::

        find_cases(["cases/", "extra/case-9.json"])  # ['cases/hip-seed.yaml', ...]
    """
    return sorted(p for p in _find_inputs(inputs, exclude) if sidecar_stem(Path(p).name) is None)


def _find_inputs(inputs: Iterable[str], exclude: Optional[Path]) -> dict[str, Optional[str]]:
    """{path: None} for each case file, plus {path: reason} for what becomes an ``invalid``
    row unread: a folder that could not be listed (its cases were not seen) and an override
    sidecar whose case is not among the inputs. Other sidecars are left to their cases."""
    found: dict[str, Optional[str]] = {}
    sidecars: list[Path] = []
    skip = exclude.resolve() if exclude else None
    for arg in inputs:
        root = Path(arg)
        if not root.is_dir():
            if not os.path.lexists(root):
                raise UsageError(f"{arg}: no such file or folder (give case files or folders of them)")
            if sidecar_stem(root.name) is not None:
                sidecars.append(root)
            else:
                found[str(root)] = None  # whatever it is: a file, a FIFO, a broken link
            continue

        def unlisted(exc: OSError) -> None:
            found[str(exc.filename)] = f"cannot be listed ({exc.strerror}); its case files were not read"

        for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted):
            here = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                                 and (skip is None or (here / d).resolve() != skip))
            for f in filenames:
                if (f.lower().endswith(CASE_SUFFIXES) and not f.startswith(".")
                        and not (f == "manifest.json" and skip is not None and here.resolve() == skip)):
                    if sidecar_stem(f) is not None:
                        sidecars.append(here / f)
                    else:
                        found[str(here / f)] = None
    cases = {(os.path.abspath(Path(p).parent), Path(p).stem) for p, why in found.items() if why is None}
    for sidecar in sidecars:
        stem = sidecar_stem(sidecar.name)
        if (os.path.abspath(sidecar.parent), stem) not in cases:
            found[str(sidecar)] = (f"an override sidecar without its case: no case file {stem}.yaml|yml|json "
                                   "beside it among the inputs (a sidecar is named <case stem>.overrides.yaml)")
    return found


def _validate(inputs: dict[str, Optional[str]], pack: Optional[str]) -> tuple[list[dict], list[tuple[Any, dict]]]:
    """(rows of invalid inputs, [(case, row)] of valid ones), in path order.

    Each input is read once here, without blocking (:func:`casekit.workers.read_regular`),
    before the loader sees it; whatever the loader raises is that input's row. A duplicate id,
    an id the batch cannot use as a file name, a case no pack covers and a case whose override
    sidecar cannot be used are invalid too. A valid case's row names its sidecar, if any, in
    ``row["sidecar"]`` (absolute path and sha256; not a manifest column) and counts its
    overrides in ``row["overrides"]``.
    """
    from .io import case_from_bytes
    from .packs import resolve

    invalid, valid, seen = [], [], {}
    listings: dict[str, list[str]] = {}  # each folder's names, listed once, for the sidecars
    for path in sorted(inputs):
        row = _row(input=path)
        if inputs[path] is not None:  # a folder that could not be listed, a sidecar without its case
            invalid.append(_invalid(row, f"{path}: {inputs[path]}"))
            continue
        try:
            data = read_regular(path)
        except NotReadable as exc:
            invalid.append(_invalid(row, f"{path}: {exc}"))
            continue
        row["input_sha256"] = hashlib.sha256(data).hexdigest()
        try:
            case = case_from_bytes(data, path)
        except CaseError as exc:
            invalid.append(_invalid(row, _redact(" | ".join(exc.problems), _patient_data(data, path))))
            continue
        except Exception as exc:  # RecursionError (deep nesting), MemoryError, a loader bug
            invalid.append(_invalid(row, f"{path}: {_unreadable(exc)}"))
            continue
        # a note read from a PDF beside the case is part of the input: a changed PDF re-renders
        # (input_sha256 stays the case file's own hash, as the manifest says)
        pdfs = [d.extraction.sha256 for d in case.documents if d.file and d.extraction]
        row["documents_sha256"] = hashlib.sha256(" ".join(pdfs).encode()).hexdigest() if pdfs else ""
        # the id's length, characters and the names the batch writes are the model's rule (model.Case)
        row["id"] = case.id
        # plausibility warnings name a field and what is odd about it, never its value
        row["warnings"] = [f"{path}: {where}: {what}" for where, what in case.warnings()]
        if case.id.lower() in seen:  # DUP-1.html and dup-1.html are one file on SMB or macOS
            invalid.append(_invalid(row, f"{path}: duplicate case id {case.id!r}, also in "
                                         f"{seen[case.id.lower()]} (ids are compared ignoring letter case)"))
            continue
        seen[case.id.lower()] = path
        try:
            p = resolve(case, pack)
        except CasekitError as exc:  # e.g. no pack covers the primary diagnosis
            invalid.append(_invalid(row, _redact(f"{path}: {_message(exc)}", _patient_data(data, path))))
            continue
        row.update(pack_id=p.id, pack_version=p.version, pack_hash=p.hash)
        try:
            row["sidecar"], row["overrides"] = _sidecar(path, listings)
        except CaseError as exc:
            invalid.append(_invalid(row, _redact(" | ".join(exc.problems), _patient_data(data, path))))
            continue
        valid.append((case, row))
    return invalid, valid


def _sidecar(path: str, listings: dict[str, list[str]]) -> tuple[Optional[tuple[str, str]], int]:
    """A case's override sidecar as (its absolute path, its sha256), and the number of overrides
    it holds; ``(None, 0)`` without one. CaseError when it cannot be used: two sidecars, or one
    that cannot be read or breaks the override format (the loader's lines, which never quote a
    reason or a reviewer; whatever of them a message still holds is redacted here)."""
    from .overrides import load_overrides, sidecars_of

    folder = os.path.dirname(path) or "."
    if folder not in listings:
        try:
            listings[folder] = os.listdir(folder)
        except OSError:  # the case was read, its folder cannot be listed: no sidecar can be seen
            listings[folder] = []
    beside = sidecars_of(path, listings[folder])
    if not beside:
        return None, 0
    if len(beside) > 1:
        raise CaseError(path, [f"{path}: {len(beside)} override sidecars beside it "
                               f"({', '.join(p.name for p in beside)}); keep one"])
    name = str(beside[0])
    try:
        data = read_regular(name)
        overrides = load_overrides(name)
    except NotReadable as exc:
        raise CaseError(name, [f"{name}: {exc}"]) from None
    except CaseError as exc:
        raise CaseError(name, [_redact(line, _patient_data(data, name)) for line in exc.problems]) from None
    except Exception as exc:  # RecursionError (deep nesting), MemoryError
        raise CaseError(name, [f"{name}: {_unreadable(exc)}"]) from None
    return (str(Path(name).resolve()), hashlib.sha256(data).hexdigest()), len(overrides)


def _invalid(row: dict, error: str) -> dict:
    return {**row, "status": "invalid", "error": error}


def _unreadable(exc: BaseException) -> str:
    """Why a loader failed in a way it does not describe; its own text is not shown (it may
    quote the file)."""
    if isinstance(exc, RecursionError):
        return "nests lists or mappings too deeply to be read"
    if isinstance(exc, MemoryError):
        return "is too large to be read into memory"
    return f"could not be read ({type(exc).__name__})"


# --- keeping patient data out of messages ----------------------------------------------------------

# Every value inside these blocks identifies someone; these keys hold identifiers or note text
# wherever they are (the casekit/1 fields that io.py never echoes).
# the identifying fields are the loader's (io): one list of what is never echoed. "name" is left to
# the blocks: a measure's name is the instrument's, which the batch's messages may quote.
_PHI_BLOCKS = frozenset(path[-1] for path in _PRIVATE_BLOCKS)
_PHI_KEYS = frozenset(_PHI_FIELDS - {"name"})
_KEY_LIKE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,40}")
_NOTE_RUN = 3  # words in a row that, found in a note, are the note's text
_REDACTED = "(patient data)"


def _patient_data(data: bytes, path: str) -> list[str]:
    """The identifying values and note texts of a case file, as far as it parses; [] if not."""
    from .io import parse_text

    try:
        parsed = parse_text(data.decode("utf-8"), path, Path(path).suffix)
    except Exception:  # a file that does not parse yields only the parser's own words
        return []
    if isinstance(parsed, dict) and "resourceType" in parsed:  # a FHIR bundle names people its own way
        from .fhir import identifiers
        return list(identifiers(parsed)) + list(_phi_values(parsed))
    return list(_phi_values(parsed))


def _phi_values(parsed: Any) -> Iterator[str]:
    """Values under identifying keys or blocks, and keys that are not field names (a line of a
    note indented by mistake becomes a key); iterative, as the data may nest deeply."""
    stack = [(parsed, False)]
    while stack:
        node, phi = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if not (isinstance(key, str) and _KEY_LIKE.fullmatch(key)):
                    yield str(key)
                named = isinstance(key, str) and (key in _PHI_BLOCKS or key in _PHI_KEYS)
                stack.append((value, phi or named))
        elif isinstance(node, list):
            stack.extend((value, phi) for value in node)
        elif phi and node is not None and not isinstance(node, bool):
            yield str(node)


def _redact(message: str, values: Iterable[str]) -> str:
    """``message`` with patient data replaced by ``(patient data)``: any of ``values`` quoted
    whole (an identifier, a key that is a line of text), and any run of three or more words
    that also occurs in one of them (a fragment of a note).

    Short values are left alone (two characters, or numbers under five digits: ages and counts
    that also occur in casekit's own words).
    """
    values = [v.strip() for v in values]
    whole = sorted({v for v in values if 3 <= len(v) <= 200 and not (v.isdigit() and len(v) < 5)},
                   key=len, reverse=True)
    for value in whole:
        message = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", _REDACTED, message, flags=re.IGNORECASE)
    texts = " " + " ".join(" ".join(re.findall(r"\w+", v.lower())) for v in values if len(v.split()) >= _NOTE_RUN) + " "
    if len(texts) < 3:
        return message
    words = list(re.finditer(r"\w+", message))
    spans, i = [], 0
    while i + _NOTE_RUN <= len(words):
        j = i + _NOTE_RUN
        if _phrase(words, i, j) not in texts:
            i += 1
            continue
        while j < len(words) and _phrase(words, i, j + 1) in texts:
            j += 1
        spans.append((words[i].start(), words[j - 1].end()))
        i = j
    for start, end in reversed(spans):
        message = message[:start] + _REDACTED + message[end:]
    return message


def _phrase(words: list, i: int, j: int) -> str:
    return " " + " ".join(w.group().lower() for w in words[i:j]) + " "


def _row(**values: Any) -> dict:
    row = {c: "" for c in COLUMNS}
    row.update(failed_rules=[], outputs=[], warnings=[], seconds=None, casekit_version=__version__, sidecar=None)
    row.update(values)
    return row


# --- the done record ----------------------------------------------------------------------------

def _done(job: Job) -> Optional[dict]:
    """The case's done record if it matches this run and all its outputs exist, else None."""
    try:
        state = json.loads(read_regular(_state_path(job.out_dir, job.case_id)))
    except (NotReadable, ValueError):
        return None
    if not isinstance(state, dict) or not _well_formed({**state, "status": "ok"}):
        return None
    # a key a record lacks reads as empty (a record written before documents_sha256 existed matches
    # a case that reads no PDF)
    if any(state.get(k, "") != job.record.get(k, "") for k in _STATE_KEY) or state.get("mode", "report") != job.mode:
        return None
    outputs = state.get("outputs") or []
    if not set(job.formats) <= set(state.get("formats", [])):
        return None
    if not all((Path(job.out_dir) / rel).is_file() for rel in outputs):
        return None
    return state


# --- progress ---------------------------------------------------------------------------------

# Without a terminal, a batch whose cases take long still says it is alive this often (s).
_QUIET_S = 60.0


class _Progress:
    """Plain log lines, or on a terminal one line rewritten in place."""

    def __init__(self, total: int, stream: TextIO):
        self.total, self.stream = total, stream
        self.tty = stream.isatty()
        self.done = self.failed = self.rendered = 0
        self.started = self.said = time.monotonic()
        self.render_started: Optional[float] = None

    def start_rendering(self, todo: int, skipped: int, invalid: int, where: str) -> None:
        self.render_started = time.monotonic()
        self._print(f"casekit batch: {self.total} cases: {invalid} invalid, {skipped} already done, "
                    f"{todo} to render" + (f" {where}" if where else ""))
        if self.tty:
            self._line()

    def case(self, row: dict, how: str) -> None:
        self.done += 1
        self.failed += row["status"] != "ok"
        self.rendered += how == "rendered"
        if self.tty:
            self._line()
            return
        self._print(f"[{self.done}/{self.total}] {_describe(row, how)}")

    def tick(self) -> None:
        """Called while cases run: keeps the terminal line's clock moving, and in a log says
        every minute without news that the batch is still at work."""
        if self.tty:
            self._line()
        elif time.monotonic() - self.said >= _QUIET_S:
            minutes, seconds = divmod(int(time.monotonic() - self.started), 60)
            self._print(f"casekit batch: still working after {minutes} min {seconds} s: {self.done}/"
                        f"{self.total} done, {self.failed} failed, {self.total - self.done} left")

    def _print(self, text: str) -> None:
        print(text, file=self.stream, flush=True)
        self.said = time.monotonic()

    def _line(self) -> None:
        left = self.total - self.done
        elapsed = time.monotonic() - (self.render_started or self.started)
        rate = self.rendered / elapsed if self.rendered and elapsed > 0 else 0.0
        eta = f"ETA {left / rate:.0f} s" if rate and left else "ETA -"
        text = (f"casekit batch: {self.done}/{self.total} done, {self.failed} failed, {left} left, "
                f"{rate:.2f} cases/s, {eta}")
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()

    def finish(self, summary: dict, rows: list[dict], written: Sequence[Path]) -> None:
        """The failures again (on a terminal, where the log lines were not printed), then one
        summary line with every count and the files written."""
        if self.tty:
            self.stream.write("\n")
            for row in rows:
                if row["status"] != "ok":
                    print(f"  {_describe(row, '')}", file=self.stream)
        seconds = time.monotonic() - self.started
        self._print(f"casekit batch: {summary['total']} cases in {seconds:.1f} s: {summary['ok']} ok "
                    f"({summary['skipped']} already done), {summary['invalid']} invalid, "
                    f"{summary['error']} error" + (f"; {', '.join(map(str, written))}" if written else ""))


def _describe(row: dict, how: str) -> str:
    """``HIP-0012 ok deny 0.61 s``, ``cases/x.yaml invalid: visits[2].date: ...``."""
    if row["status"] == "ok":
        when = " (already done)" if how == "skipped" or row["seconds"] is None else f" {row['seconds']:.2f} s"
        decision = f" {row['decision']}" if row["decision"] else ""  # a worksheet records none
        return f"{row['id']} ok{decision}{when}"
    error = row["error"]
    if error.startswith(row["input"] + ": "):  # the loader's lines start with the path
        error = error[len(row["input"]) + 2:]
    name = row["id"] if row["status"] == "error" else row["input"]
    return f"{name} {row['status']}: {error}"


# --- the manifest, the lock and the output folder ----------------------------------------------

def _write_manifest(out: Path, rows: list[dict]) -> None:
    """Write manifest.csv and manifest.json together: each to a temporary name first, renamed
    only once both are whole, so a full disk leaves the previous pair as it was."""
    buf = io.StringIO(newline="")
    # extrasaction: a row also names its case's sidecar for the batch, which is no column
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "failed_rules": " ".join(row["failed_rules"]),
                         "outputs": " ".join(row["outputs"]), "warnings": " | ".join(row["warnings"]),
                         "seconds": "" if row["seconds"] is None else f"{row['seconds']:.2f}"})
    data = {"format": "casekit-batch-manifest/1", "columns": list(COLUMNS),
            "cases": [{c: row[c] for c in COLUMNS} for row in rows]}
    _write_together({out / "manifest.csv": buf.getvalue().encode("utf-8"),
                     out / "manifest.json": (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")})


def _write_together(files: dict[Path, bytes]) -> None:
    temps: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            temps[path] = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
            with open(temps[path], "xb") as f:  # open() applies the umask, as render.atomic_write does
                f.write(data)
        for path, tmp in temps.items():
            os.replace(tmp, path)
    finally:
        for tmp in temps.values():
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold ``out/.casekit/lock`` (``flock``) for the batch's life, or refuse (UsageError).

    The kernel drops the lock when the process ends, however it ends, so a batch killed with
    SIGKILL never blocks the next. Where there is no ``flock`` (Windows) there is no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    path = out_dir / STATE_DIR / "lock"
    flags = os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UsageError(f"--out {out_dir}: {path} is not a lock file casekit made; remove it")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            raise UsageError(f"--out {out_dir}: another casekit batch{who} is writing there; wait for "
                             "it to finish or choose another --out") from None
        with contextlib.suppress(OSError):  # the pid only names the holder in the message above
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)


def _cannot_write(out_dir: Path, exc: OSError) -> RenderError:
    return RenderError(f"--out {out_dir}: cannot write there ({exc.strerror or type(exc).__name__})")


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
    case_timeout: float = limits.CASE_TIMEOUT_S,
    case_memory: float = limits.CASE_MEMORY_MB,
    mode: str = "report",
) -> dict:
    """Render every case in ``inputs`` into ``out``; write the manifest and the cohort index.

    ``inputs`` are case files or folders; ``jobs`` local worker processes (default: one per
    core, at most one per case); ``scheduler`` a Dask scheduler address instead (``out`` and
    the inputs must be on a folder every worker sees at the same path); ``pack`` a pack id or
    file for every case; ``force`` re-renders cases whose done record is current; ``notebook``
    replaces the packaged review notebook; ``case_timeout`` (seconds) and ``case_memory`` (MiB
    of the kernel's resident memory) bound each case's notebook; ``mode`` renders each case's
    worksheet or answer key instead of its report (:mod:`casekit.worksheet`: a worksheet batch
    records no decision and its index lists the worksheets only). Progress goes to ``stream``
    (default stderr).

    Returns ``{"total", "ok", "invalid", "error", "failed", "skipped", "manifest", "index"}``;
    ``ok`` counts skipped cases too, ``failed`` is ``invalid + error``. Raises UsageError
    (exit 2) before any case runs for wrong options or when another batch holds ``out``, and
    RenderError (exit 3) when ``out`` cannot be written: after the manifest of what finished,
    if that could still be written.

    Example::

        run_batch(["cases/"], "out", jobs=2)["failed"]  # 0
    """
    from . import packs
    from .run import notebook_path, split_formats

    stream = stream or sys.stderr
    formats = tuple(dict.fromkeys(formats))
    from .worksheet import check_mode
    check_mode(mode, split_formats(formats)[1])  # an unknown format stops the batch before any case (exit 2)
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs {jobs}: give 1 or more worker processes")
    if not 0 < case_timeout <= _DAY_S:
        raise UsageError(f"--case-timeout {case_timeout}: give a number of seconds above 0 and at most {_DAY_S}")
    if not 0 < case_memory < float("inf"):
        raise UsageError(f"--case-memory {case_memory}: give a finite number of MB above 0")
    out_dir = out_folder(out).resolve()
    if pack:
        if Path(pack).is_file():
            pack = str(Path(pack).resolve())  # the kernel runs in the case's folder
        packs.load(pack)  # a wrong --pack stops the batch before any case (exit 2)
    nb_path = Path(notebook).resolve() if notebook else notebook_path()
    if not nb_path.is_file():
        raise UsageError(f"{notebook}: notebook not found")

    found = _find_inputs(inputs, exclude=out_dir)
    if not found:
        raise UsageError(f"no case files ({', '.join(CASE_SUFFIXES)}) in {', '.join(map(str, inputs))}")
    try:
        (out_dir / STATE_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None
    with _locked(out_dir):
        return _run_locked(found, out_dir, formats, jobs, scheduler, pack, force, nb_path, stream,
                           case_timeout, case_memory, mode)


def _run_locked(found: dict, out_dir: Path, formats: tuple, jobs: Optional[int], scheduler: Optional[str],
                pack: Optional[str], force: bool, nb_path: Path, stream: TextIO, case_timeout: float,
                case_memory: float, mode: str = "report") -> dict:
    """The batch once it holds ``out``: validate, render what is not done, write the results."""
    from . import render

    invalid, valid = _validate(found, pack)
    try:
        render.write_plotly_js(out_dir / Path(PLOTLY_JS).parent)
    except OSError as exc:
        raise _cannot_write(out_dir, exc) from None

    nb_hash = hashlib.sha256(read_regular(nb_path)).hexdigest()
    progress = _Progress(len(found), stream)
    rows: dict[str, dict] = {row["input"]: row for row in invalid}
    records: dict[str, dict] = {}
    todo: list[Job] = []
    skipped = 0
    for case, row in valid:
        sidecar, sidecar_sha256 = row["sidecar"] or ("", "")
        job = Job(case.id, row["input"], str(Path(row["input"]).resolve()), str(out_dir), formats,
                  pack or "", str(nb_path),
                  {"id": case.id, "input_sha256": row["input_sha256"], "documents_sha256": row["documents_sha256"],
                   "overrides_sha256": sidecar_sha256,
                   "pack_id": row["pack_id"], "pack_version": row["pack_version"], "pack_hash": row["pack_hash"],
                   "casekit_version": __version__, "notebook_sha256": nb_hash,
                   **({"mode": mode} if mode != "report" else {})},
                  timeout_s=case_timeout, memory_mb=case_memory, overrides=sidecar, mode=mode)
        state = None if force else _done(job)
        if state is None:
            rows[row["input"]] = row
            todo.append(job)
            continue
        skipped += 1
        rows[row["input"]] = _ok_row(row, state)
        records[case.id] = state
    full: list[str] = []  # why ``out`` can take no more, once a case says so

    def on_result(job: Job, result: dict) -> bool:
        row = rows[job.input]
        if result["status"] == "ok":
            rows[job.input] = _ok_row(row, result)
            records[job.case_id] = result
        else:
            phi = _patient_data(_read_or_empty(job.case_path), job.input)
            if job.overrides:  # a reason or a reviewer's name a message may quote
                phi += _patient_data(_read_or_empty(job.overrides), job.overrides)
            row.update(status="error", error=_redact(result["error"], phi), seconds=result.get("seconds"))
            if result.get("out_error") and not full:
                full.append(str(result["out_error"]))
        progress.case(rows[job.input], "rendered")
        return bool(full)  # stop sending cases

    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    where = f"on the Dask cluster at {scheduler}" if scheduler else f"on {workers} local worker(s)"
    progress.start_rendering(len(todo), skipped, len(invalid), where if todo else "")
    for path in sorted(rows):  # what is settled before any worker starts, in input order
        if rows[path]["status"] in ("invalid", "ok"):
            progress.case(rows[path], "skipped" if rows[path]["status"] == "ok" else "invalid")
    # a worker that holds cases and says nothing for this long is stopped
    silence = case_timeout + limits.WORKER_GRACE_S
    unsent: list[Job] = []
    if todo and scheduler:
        unsent = _run_dask(todo, scheduler, on_result, silence, progress.tick)
    elif todo:
        unsent = _run_local(todo, workers, on_result, silence, progress.tick)
    for job in unsent:  # after ``out`` filled up, or when no worker could be kept running
        why = (f"the batch stopped when --out could take no more ({full[0]})" if full
               else "no worker could be kept running (see the errors of the cases before it)")
        rows[job.input].update(status="error", error=f"not rendered: {why}")
        progress.case(rows[job.input], "not rendered")
    return _conclude(out_dir, [rows[p] for p in sorted(rows)], records, skipped, progress, full, mode)


def _read_or_empty(path: str) -> bytes:
    try:
        return read_regular(path)
    except NotReadable:
        return b""


def _conclude(out_dir: Path, ordered: list[dict], records: dict, skipped: int, progress: _Progress,
              full: list[str], mode: str = "report") -> dict:
    """Write the manifest, then the cohort page, print the summary; raise RenderError (after
    the summary) if ``out`` filled up or either file could not be written."""
    from . import cohort

    counts = {s: sum(r["status"] == s for r in ordered) for s in ("ok", "invalid", "error")}
    summary = {"total": len(ordered), **counts, "failed": counts["invalid"] + counts["error"],
               "skipped": skipped, "manifest": str(out_dir / "manifest.csv"),
               "index": str(out_dir / "index.html")}
    written: list[Path] = []
    failure = None  # why the manifest or the page could not be written
    try:
        _write_manifest(out_dir, ordered)
        written.append(out_dir / "manifest.csv")
        if mode == "worksheet":  # the trainees' page: the cases and their worksheets, no decision
            from .worksheet import write_index
            write_index(out_dir, ordered)
        else:
            cohort.write_index(out_dir, ordered, records, plotly_js=PLOTLY_JS)
        written.append(out_dir / "index.html")
    except OSError as exc:
        failure = exc.strerror or type(exc).__name__
    progress.finish(summary, ordered, written)
    if full or failure:
        raise RenderError(_problem(out_dir, full[0] if full else None, failure, bool(written), counts["ok"],
                                   len(ordered)))
    return summary


def _problem(out_dir: Path, full: Optional[str], failure: Optional[str], manifest: bool, ok: int,
             total: int) -> str:
    """The one line a batch ends with when ``out`` filled up (``full``) or its manifest or page
    could not be written (``failure``): what happened, what is safe, what to do."""
    if not manifest:
        what = f"{full}: the batch stopped with {ok} of {total} cases done; the manifest" if full else "the manifest"
        return (f"--out {out_dir}: {what} could not be written ({failure}); the {ok} cases done are recorded "
                f"in {out_dir / STATE_DIR}, so the next run resumes them")
    index = f" (index.html could not be written: {failure})" if failure else ""
    if not full:
        return f"--out {out_dir}: could not write index.html ({failure}); manifest.csv is complete"
    return (f"--out {out_dir}: {full}: the batch stopped with {ok} of {total} cases done; manifest.csv "
            f"lists them{index}; make room and run the batch again to render the rest")
