"""The determination report: sections built from a Review, rendered as escaped HTML or text.

One structure (sections of cited items) serves both the HTML shown in the notebook and report,
and the plain text used by golden tests, so the two never disagree. Every item ends with
citation markers; case text is escaped wherever it is shown.

>>> rep = build(casekit.review(casekit.load_case("cases/hip-seed.yaml")))   # doctest: +SKIP
>>> print(rep.to_text()[:60])                                              # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import html
import os
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ._version import __version__
from .citations import Citations

E = html.escape
DECISION_TITLES = {"approve": "APPROVED", "partial": "PARTIALLY APPROVED", "pend": "PENDED",
                   "deny": "DENIED"}
# Inline styles so the badge reads the same in Jupyter, in the HTML report and in print.
_BADGE = {"approve": "#1b7f3b", "partial": "#9a5b00", "pend": "#7a6200", "deny": "#b00020"}
_STATUS_WORD = {"pass": "found", "fail": "missing", "not-applicable": "not required",
                "insufficient-data": "cannot tell"}


@dataclass(frozen=True)
class Item:
    text: str
    cites: tuple[str, ...] = ()
    quotes: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    cite_column: Optional[int] = None  # a column holding citation keys (tuples), shown as markers


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    level: int = 2
    items: tuple[Item, ...] = ()
    table: Optional[Table] = None
    children: tuple["Section", ...] = ()


@dataclass(frozen=True)
class Report:
    """A determination report: an immutable list of sections plus its citations."""

    review: object
    title: str
    sections: tuple[Section, ...]
    cites: Citations
    audit: dict = field(default_factory=dict)

    def section(self, key: str) -> Optional[Section]:
        return next((s for s in self.sections if s.key == key), None)

    # --- HTML --------------------------------------------------------------------------------
    def banner_html(self) -> str:
        r = self.review
        d = r.decision
        rows = [("Case", r.case.id), ("Review", f"{r.case.review.type}, {r.case.review.line_of_business}"),
                ("Dates under review", f"{r.figures['window_from']} to {r.figures['window_to']}"),
                ("Patient", f"{r.case.patient.age}-year-old {r.case.patient.sex}"),
                ("Diagnosis", f"{r.figures['code']} ({r.figures['code_description']})"),
                ("Guideline pack", f"{r.pack.id} {r.pack.version} ({' + '.join(r.pack.layers)})")]
        if r.determination.approved_visits is not None:
            rows.append(("Approved visits", str(r.determination.approved_visits)))
        cells = "".join(f"<tr><th>{E(k)}</th><td>{E(v)}</td></tr>" for k, v in rows)
        return (f"<div class='ck-banner ck-{E(d)}'><h1>{E(self.title)}</h1>"
                f"<p class='ck-decision'>Determination: <strong style='background:{_BADGE[d]};color:#fff;"
                f"padding:2px 10px;border-radius:3px;-webkit-print-color-adjust:exact;"
                f"print-color-adjust:exact'>{E(DECISION_TITLES[d])}</strong></p>"
                f"<table class='ck-facts'>{cells}</table></div>")

    def section_html(self, *keys: str) -> str:
        """HTML of the named sections (missing ones are skipped: a notice exists only for denials)."""
        return "".join(self._section_html(s) for k in keys if (s := self.section(k)))

    @property
    def part_keys(self) -> tuple[str, ...]:
        """Keys of the sections laid out by the pack (between the summary and the recommendation)."""
        fixed = {"summary", "recommendation", "notice", "criteria"}
        return tuple(s.key for s in self.sections if s.key not in fixed)

    def _section_html(self, sec: Section) -> str:
        out = [f"<section class='ck-section ck-{E(sec.key)}'>"
               + (f"<h{sec.level}>{E(sec.title)}</h{sec.level}>" if sec.title else "")]
        if sec.items:
            out.append("<ul class='ck-items'>")
            for it in sec.items:
                quotes = "".join(self._evidence_html(q) for q in it.quotes)
                quotes = f"<ul class='ck-quotes'>{quotes}</ul>" if quotes else ""
                out.append(f"<li>{E(it.text)} {self.cites.markers_html(it.cites)}{quotes}</li>")
            out.append("</ul>")
        if sec.table:
            out.append(self._table_html(sec.table))
        out += [self._section_html(child) for child in sec.children]
        out.append("</section>")
        return "".join(out)

    def _is_record_text(self, q: dict) -> bool:
        """Whether an evidence entry quotes a document (else it states a fact of the case file)."""
        return self.review.case.document(q["document"] or "") is not None

    def _evidence_html(self, q: dict) -> str:
        if self._is_record_text(q):
            return (f"<li><q>{E(q['quote'])}</q> <span class='ck-src'>({E(q['document'])}, "
                    f"{E(q['date'])})</span></li>")
        return (f"<li><span class='ck-src'>Case file, {E(q['document'] or '')}:</span> "
                f"{E(q['quote'])}</li>")

    def _table_html(self, t: Table) -> str:
        head = "".join(f"<th>{E(c)}</th>" for c in t.columns)
        body = []
        for row in t.rows:
            cells = [self.cites.markers_html(v) if i == t.cite_column else E(str(v))
                     for i, v in enumerate(row)]
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        return f"<table class='ck-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"

    def references_html(self) -> str:
        return f"<section class='ck-section ck-references'><h2>References</h2>{self.cites.html()}</section>"

    def audit_html(self) -> str:
        rows = "".join(f"<tr><th>{E(k)}</th><td>{E(str(v))}</td></tr>" for k, v in self.audit.items())
        return (f"<section class='ck-section ck-audit'><h2>Audit</h2><table class='ck-facts'>{rows}"
                "</table></section>")

    def to_html(self) -> str:
        """The whole report as one HTML fragment (without figures)."""
        return (self.banner_html() + "".join(self._section_html(s) for s in self.sections)
                + self.references_html() + self.audit_html())

    def _repr_html_(self) -> str:
        return self.to_html()

    # --- text --------------------------------------------------------------------------------
    def to_text(self) -> str:
        """Plain text of every section (for golden tests and terminals)."""
        r = self.review
        lines = [self.title, f"Determination: {DECISION_TITLES[r.decision]}", ""]
        for sec in self.sections:
            lines += _section_text(sec, self.cites, self._is_record_text)
        lines += ["References"] + [f"  {line}" for line in self.cites.text().splitlines()] + [""]
        lines += ["Audit"] + [f"  {k}: {v}" for k, v in self.audit.items()]
        return "\n".join(lines) + "\n"


def _section_text(sec: Section, cites: Citations, is_record) -> list[str]:
    lines = [("#" * sec.level) + " " + sec.title] if sec.title else []
    for it in sec.items:
        lines.append(f"- {it.text} {cites.markers(it.cites)}".rstrip())
        lines += [f"    > \"{q['quote']}\" ({q['document']}, {q['date']})" if is_record(q) else
                  f"    > case file, {q['document']}: {q['quote']}" for q in it.quotes]
    if sec.table:
        lines.append("  | " + " | ".join(sec.table.columns) + " |")
        for row in sec.table.rows:
            cells = [cites.markers(v) if i == sec.table.cite_column else str(v) for i, v in enumerate(row)]
            lines.append("  | " + " | ".join(cells) + " |")
    for child in sec.children:
        lines += _section_text(child, cites, is_record)
    return lines + [""]


# --- building ----------------------------------------------------------------------------------

class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


def _fill(text: str, figures: dict) -> str:
    return string.Formatter().vformat(text, (), _Blank(figures))


def _generated_at() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc) if epoch and epoch.isdigit()
            else dt.datetime.now(tz=dt.timezone.utc))
    return when.replace(microsecond=0).isoformat()


def _title(review) -> str:
    body = "Hip Pain" if review.pack.id == "hip-pain" else review.pack.title.split(" - ")[0]
    f = review.figures
    return (f"Medical Necessity Determination: Physical Therapy for {body} "
            f"(DOS {f['window_from']} to {f['window_to']})")


def _check_item(check, quotes: bool = True) -> Item:
    return Item(check.statement, check.citations, check.evidence[:3] if quotes else ())


def _parts(review) -> list[Section]:
    figures = {**review.figures, "course_months": round(review.figures["course_days"] / 30.44, 1)}
    if review.pack.imaging:
        figures.update(imaging_first=review.pack.imaging.first,
                       imaging_after_negative=review.pack.imaging.after_negative)
    # An info-level failure (e.g. no improvement under Jimmo) decides nothing: it stays in the
    # criteria table and the recommendation, not among the issues.
    failed = [c for c in review.checks if c.failed and c.severity != "info"]
    out = []
    for part in review.pack.report.parts:
        children = []
        for title in part.sections:
            items = [_check_item(c) for c in failed if c.section == title]
            # a standard is shown where a finding needs it, or always when the pack says so
            items += [Item(_fill(s.text, figures), tuple(s.cite)) for s in review.pack.report.standards
                      if s.section == title and (items or s.show == "always" or
                                                 (s.show == "with-findings" and failed))]
            items += [Item(c.pitfall, c.citations) for c in failed
                      if c.pitfall and review.pack.rules[c.rule].pitfall.section == title]
            if items:
                # a section named like its part would repeat the heading
                children.append(Section(_slug(title), "" if title == part.title else title, 3, tuple(items)))
        table = _documentation_table(review) if part.documentation_table else None
        if children or (table and table.rows):
            out.append(Section(_slug(part.title), part.title, 2, (), table, tuple(children)))
    return out


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def _documentation_table(review) -> Table:
    rows = []
    for c in review.checks:
        cfg = review.pack.rules.get(c.rule)
        if not cfg or not cfg.element:
            continue
        quote = c.evidence[0]["quote"] if c.evidence else ""
        required_by = [k for k in c.citations if not k.startswith("record:")]
        ref = review.pack.references.get(required_by[0]) if required_by else None
        rows.append((cfg.element, (ref.short or ref.citation.split(".")[0]) if ref else f"pack {review.pack.id}",
                     _STATUS_WORD[c.status], quote, tuple(c.citations)))
    return Table(("Element", "Required by", "Status", "Quoted evidence", "Source"), tuple(rows), 4)


def build(review, case_path: Optional[str] = None) -> Report:
    """Build the report of one review. ``case_path`` adds the case file's hash to the audit."""
    d = review.determination
    decisive = [c for c in review.checks if c.rule in d.decisive_rules]
    summary_cites = tuple(k for c in decisive for k in c.citations) or tuple(
        k for c in review.checks for k in c.citations if not k.startswith("record:"))
    sections = [Section("summary", "Summary", 2, (Item(d.summary, summary_cites),))]
    sections += _parts(review)
    sections.append(_recommendation(review, decisive))
    if d.notice:
        sections.append(_notice(review))
    sections.append(Section("criteria", "Criteria Checked", 2, (), Table(
        ("Rule", "Status", "Severity", "Statement", "Source"),
        tuple((c.rule, c.status, c.severity, c.statement, tuple(c.citations)) for c in review.checks), 4)))
    extra = [k for s in review.pack.report.standards for k in s.cite]
    if d.notice:
        extra.append(review.pack.notice.get("appeal_source", ""))
    if review.pack.jimmo:
        extra.append("jimmo2013")
    cites = Citations.for_review(review, extra)
    audit = {"casekit version": __version__, "pack": f"{review.pack.id} {review.pack.version}",
             "pack layers": " + ".join(review.pack.layers), "pack hash": review.pack.hash}
    if case_path:
        from .io import file_hash
        audit["case file sha256"] = file_hash(case_path)
    audit["generated"] = _generated_at()
    return Report(review, _title(review), tuple(sections), cites, audit)


def _recommendation(review, decisive) -> Section:
    d, f = review.determination, review.figures
    n = f["visits_under_review"]
    window = f"{f['window_from']} to {f['window_to']}"
    cites = tuple(k for c in decisive for k in c.citations)
    what = f"These {n} visits ({window})" if n else f"The therapy requested for {window}"
    first = {
        "deny": f"{what} should be denied as not medically necessary.",
        "partial": (f"Approve {d.approved_visits} visit{'s' if d.approved_visits != 1 else ''}, the visits "
                    f"the benchmark of {f['benchmark_visits']} leaves; the remainder of the plan is not approved."),
        "pend": f"{what}: pend the determination until the documentation below is received.",
        "approve": f"{what} meet the criteria and should be approved.",
    }[d.decision]
    reasons = "; ".join(c.reason for c in decisive if c.reason)
    reasons = f"In short: {reasons}." if reasons else ""
    items = [Item(f"{first} {reasons}".strip(), cites or tuple(
        k for c in review.checks for k in c.citations if not k.startswith("record:"))[:3])]
    if d.documentation_needed:
        docs = "; ".join(f"({i}) {t}" for i, t in enumerate(d.documentation_needed, 1))
        doc_cites = tuple(k for c in review.checks if c.failed and c.rule in review.pack.rules
                          and review.pack.rules[c.rule].document for k in c.citations)
        items.append(Item(f"If therapy is to continue, the following must be documented: {docs}.", doc_cites))
    if d.skilled_care:
        items.append(Item(f"Skilled care: {d.skilled_care}. Under Jimmo v. Sebelius coverage turns on the "
                          "need for skilled care, not on the potential for improvement.", ("jimmo2013",)))
    return Section("recommendation", "Recommendation", 2, tuple(items))


def _notice(review) -> Section:
    n = review.determination.notice
    src = (review.pack.notice.get("appeal_source", ""),)
    decisive = tuple(k for c in review.checks if c.rule in review.determination.decisive_rules
                     for k in c.citations if not k.startswith("record:"))
    items = (Item(f"Specific reason: {n['specific_reason']}", src),
             Item(f"Guideline relied on: {n['guideline']}. A copy of the criteria is free on request.",
                  src + decisive),
             Item(f"What would perfect the claim: {n['perfect_claim']}", src),
             Item(f"How to appeal: {n['appeal']}", src))
    title = review.pack.notice.get("title", "Notice of Adverse Determination")
    return Section("notice", title, 2, items)


# --- rendering one case -----------------------------------------------------------------------

def notebook_path() -> Path:
    """The review notebook shipped with casekit (``notebooks/review.ipynb`` is its editable copy)."""
    from importlib import resources
    return Path(str(resources.files("casekit") / "review.ipynb"))


def report_case(case_path: str, out_dir: str, formats=("html", "pdf"), renderer: str = "auto",
                pack: Optional[str] = None, notebook: Optional[str] = None) -> dict:
    """Execute the review notebook for one case and render it: ``{"ipynb": …, "html": …, "pdf": …}``.

    The case is validated first, so a bad case stops before any kernel starts (CaseError, exit 2).
    """
    from .io import load_case
    from .packs import resolve
    from . import notebook as nbexec, render
    case = load_case(case_path)
    if pack and Path(pack).exists():
        pack = str(Path(pack).resolve())  # the kernel runs in the case's folder
    resolve(case, pack)  # an unknown pack is a usage error before any kernel starts
    params = {"case_path": str(Path(case_path).resolve()), "pack": pack or ""}
    nb = nbexec.execute(notebook or str(notebook_path()), params, cwd=str(Path(case_path).resolve().parent))
    return render.render(nb, out_dir, case.id, formats=tuple(formats), renderer=renderer)
