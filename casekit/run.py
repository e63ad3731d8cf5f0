"""Running one case end to end: validate it, execute the review notebook, render the report.

The CLI's ``casekit report`` and every batch worker come through here. The notebook publishes
what the batch needs to know of its review (decision, failed rules, cohort figures) as one
``application/vnd.casekit.review+json`` output, so a worker reads the decision the report shows
instead of reviewing the case a second time.

>>> report_case("cases/hip-seed.yaml", "reports/", formats=("html",))   # doctest: +SKIP
{'ipynb': 'reports/HIP-SEED-0001.ipynb', 'html': 'reports/HIP-SEED-0001.html'}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

#: The output by which the review notebook publishes its review's outcome.
REVIEW_MIME = "application/vnd.casekit.review+json"
#: What ``casekit report`` and ``casekit batch`` write: the report (HTML, PDF) and the letter
#: (:mod:`casekit.letter`, its HTML and PDF), which needs no notebook.
FORMATS = ("html", "pdf", "letter")


def split_formats(formats) -> tuple[tuple[str, ...], bool]:
    """The report's formats and whether a letter is asked: ``("html", "letter")`` ->
    ``(("html",), True)``; an unknown format is a UsageError naming the valid ones."""
    from .errors import UsageError
    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(f"format(s) {list(formats)}: choose from {', '.join(FORMATS)}")
    return tuple(f for f in formats if f != "letter"), "letter" in formats


def notebook_path() -> Path:
    """The review notebook shipped with casekit (``notebooks/review.ipynb`` is its editable copy)."""
    from importlib import resources
    return Path(str(resources.files("casekit") / "review.ipynb"))


def outcome(review) -> dict[str, Any]:
    """What a batch records of one review: its decision, failed rules, cohort figures and the
    case's plausibility warnings ("field.path: what is odd"; never patient data)."""
    m = review.metrics
    return {"case_id": review.case.id, "decision": review.decision,
            "failed_rules": [c.rule for c in review.failed], "warnings": list(review.warnings),
            "cohort": {"code": review.facts.code, "total_visits": m["total_visits"],
                       "course_visits": m["course_visits"], "benchmark_visits": m["benchmark_visits"],
                       "projected_total": m["projected_total"], "longest_gap_days": m["longest_gap_days"],
                       "approved_visits": review.determination.approved_visits, "region": review.pack.id,
                       # a teaching case's level and topics, for the course index (never the answer)
                       **({"teaching": review.case.teaching.model_dump()} if review.case.teaching else {})}}


def publish(review) -> None:
    """In the review notebook: publish :func:`outcome` as the notebook's machine-readable record
    (it never shows in the rendered report)."""
    from IPython.display import display
    display({REVIEW_MIME: outcome(review)}, raw=True)


def outcome_from(nb) -> Optional[dict[str, Any]]:
    """The outcome an executed review notebook published, or None (a notebook of one's own that
    does not call :func:`publish`)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if REVIEW_MIME in data:
                return dict(data[REVIEW_MIME])
    return None


def report_case(case_path: str, out_dir: str, formats=("html", "pdf"), renderer: str = "auto",
                pack: Optional[str] = None, notebook: Optional[str] = None,
                overrides: Optional[str] = None, mode: str = "report") -> dict:
    """Execute the review notebook for one case and render it: ``{"ipynb": …, "html": …, "pdf": …}``;
    with ``"letter"`` among ``formats`` also the letter (``"letter-html"``, ``"letter-pdf"``),
    which is built from the review alone: ``formats=("letter",)`` starts no kernel.

    ``mode`` (:data:`casekit.worksheet.MODES`) is what the notebook shows: the report, a
    trainee's worksheet (no findings; with ``"answers-yaml"``, the blank answer file) or the
    answer key (the report with teaching notes; with ``"key-yaml"``, the key). A worksheet has
    no letter: the letter states the decision.

    The case (and the reviewer's override file, if given) is validated first, so a bad file
    stops before any kernel starts (CaseError, exit 2).
    """
    from .io import load_case
    from .overrides import kernel_path, load_overrides
    from .packs import resolve
    from . import notebook as nbexec, render
    from .worksheet import ANSWER_FILES, SUFFIXES, check_mode, write_answers
    report, letter = split_formats(formats)
    check_mode(mode, letter)
    case = load_case(case_path)
    found = load_overrides(overrides) if overrides else ()
    if pack and Path(pack).exists():
        pack = str(Path(pack).resolve())  # the kernel runs in the case's folder
    resolve(case, pack)  # an unknown pack is a usage error before any kernel starts
    written: dict = {}
    if report:
        # the kernel runs in the case's folder, so the notebook names the file alone: the same
        # case gives the same notebook bytes from whichever folder it is rendered
        params = {"case_path": Path(case_path).name, "pack": pack or "",
                  "overrides": kernel_path(overrides, case_path) if overrides else ""}
        if mode != "report":  # a report's notebook is injected exactly as before modes existed
            params["mode"] = mode
        nb = nbexec.execute(notebook or str(notebook_path()), params, cwd=str(Path(case_path).resolve().parent))
        written.update(render.render(nb, out_dir, case.id + SUFFIXES[mode], formats=report, renderer=renderer))
    if letter or mode in ANSWER_FILES:
        from .reviewing import review
        reviewed = review(case, pack or None, overrides=found)
        if mode in ANSWER_FILES:
            written[ANSWER_FILES[mode].replace(".", "-")] = str(write_answers(reviewed, out_dir, mode))
        if letter:
            from .letter import write_letter
            written.update(write_letter(reviewed, out_dir))
    return written
